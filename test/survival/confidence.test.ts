/**
 * Pointwise limits and the median (src/survival/confidence.ts) where the curve reaches 0 and where it
 * sits exactly at 0.5 — the edges the reference datasets do not reach. The curve: four subjects with
 * events at days 1, 2, 3, 4, so S = 0.75, 0.5, 0.25, 0. R 4.2.2, survival 3.5-3:
 *   f <- survfit(Surv(1:4, rep(1, 4)) ~ 1, conf.type = ct); f$lower; f$upper
 *   summary(survfit(Surv(1:4, rep(1, 4)) ~ 1))$table["median"]   # 2.5
 * (R's NA is NaN here: at S = 0 the Greenwood SE of log S is infinite.)
 */
import { describe, expect, it } from "vitest";
import { kaplanMeier } from "../../src/survival/kaplan-meier.js";
import { confLimits, medianOf } from "../../src/survival/confidence.js";
import { TOL, expectAllRelClose } from "../helpers/reference.js";

const R = {
  log: { lower: [0.425932268497982, 0.187658928706588, 0.0457907596660182, NaN], upper: [1, 1, 1, NaN] },
  "log-log": { lower: [0.127946917595146, 0.0578470829951446, 0.00894782441660317, NaN], upper: [0.960548642285078, 0.844861281190374, 0.665325342788865, NaN] },
  logit: { lower: [0.237839845778134, 0.123470945316888, 0.0335114021755667, NaN], upper: [0.966488597824433, 0.876529054683112, 0.762160154221866, NaN] },
  arcsin: { lower: [0.279647808684806, 0.0847563301771482, 0.00112905766065946, NaN], upper: [0.99887094233934, 0.915243669822852, 0.720352191315194, NaN] },
  plain: { lower: [0.325655349721436, 0.0100090038649866, 0, NaN], upper: [1, 0.989990996135013, 0.674344650278564, NaN] },
};

const close = (got: ArrayLike<number>, want: number[], what: string) => {
  expect(Array.from(got, Number.isNaN), `${what} NaN positions`).toEqual(want.map(Number.isNaN));
  const keep = want.map((w, i) => [w, i] as const).filter(([w]) => !Number.isNaN(w));
  expectAllRelClose(keep.map(([, i]) => got[i]), keep.map(([w]) => w), TOL.survival.surv, what);
};

describe("limits down to S = 0 and the median at S = 0.5 exactly", () => {
  const time = Float64Array.of(1, 2, 3, 4);
  const event = Float64Array.of(1, 1, 1, 1);
  for (const ct of ["log", "log-log", "logit", "arcsin", "plain"] as const) {
    it(`${ct}: as R, NaN where S = 0`, () => {
      const c = kaplanMeier({ time, event, confType: ct }).curves[0];
      expect(Array.from(c.surv)).toEqual([0.75, 0.5, 0.25, 0]);
      close(c.lower, R[ct].lower, `${ct} lower`);
      close(c.upper, R[ct].upper, `${ct} upper`);
      // the median: S is exactly 0.5 at day 2 and drops below at day 3 → (2 + 3)/2, as R's minmin
      expect(c.median).toBe(2.5);
    });
  }

  it("log-log is NaN at S = 1 (log(−log 1) is −∞); a zero SE on the probability scale gives the point", () => {
    const { lower, upper } = confLimits(Float64Array.of(1, 0.5), Float64Array.of(0, 0.1), "log-log", 0.95);
    expect([lower[0], upper[0]]).toEqual([NaN, NaN]);
    expect(lower[1]).toBeLessThan(0.5);
    // logse = false (Aalen–Johansen: se of p itself): se 0 stays 0 instead of 0/p, at p = 0 too
    for (const ct of ["log", "plain"] as const) {
      const r = confLimits(Float64Array.of(0.3), Float64Array.of(0), ct, 0.95, false);
      expect(r.lower[0], ct).toBeCloseTo(0.3, 15); // exp(log 0.3) to the last bit or two
      expect(r.upper[0], ct).toBeCloseTo(0.3, 15);
    }
    const z = confLimits(Float64Array.of(0), Float64Array.of(0), "plain", 0.95, false);
    expect([z.lower[0], z.upper[0]]).toEqual([0, 0]);
  });

  it("medianOf: NaN values skipped, values within √eps of 0.5 count as 0.5, a curve that stays at 0.5 gives its first time", () => {
    expect(medianOf([NaN, 0.4, 0.3], [1, 2, 3])).toBe(2);
    // 0.5 + 1e-9 is 0.5 within R's tolerance √eps ≈ 1.49e-8; it drops below at time 3 → (2 + 3)/2
    expect(medianOf([0.8, 0.5 + 1e-9, 0.2], [1, 2, 3])).toBe(2.5);
    // 0.5 + 1e-6 is above 0.5: the median is the first time below, 3
    expect(medianOf([0.8, 0.5 + 1e-6, 0.2], [1, 2, 3])).toBe(3);
    expect(medianOf([0.8, 0.5, 0.5], [1, 2, 3])).toBe(2);
    expect(medianOf([0.8, 0.5, NaN, 0.4], [1, 2, 3, 4])).toBe(3);
    expect(medianOf([0.9, 0.6], [1, 2])).toBeNaN();
  });
});
