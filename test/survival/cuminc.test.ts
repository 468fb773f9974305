/**
 * Aalen–Johansen cumulative incidence: against R (fixture made by test/fixtures/cuminc/gen.R with
 * R 4.x, survival 3.5-3: survfit(Surv(time, factor(cause)) ~ grp) and the (start, time] version with
 * id = 1:n), a hand-worked example, 1 − KM with one cause, and the IJ standard error against a
 * brute-force numerical derivative of a naive weighted Aalen–Johansen.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readTable } from "../../src/io/read-table.js";
import { tableFromColumns } from "../../src/io/table.js";
import { aalenJohansen } from "../../src/survival/cumulative-incidence.js";
import { aalenJohansenFromTable } from "../../src/survival/cuminc-from-table.js";
import { kaplanMeier } from "../../src/survival/kaplan-meier.js";
import { ROOT } from "../helpers/cli.js";
import { expectAllRelClose, expectRelClose, TOL } from "../helpers/reference.js";

const FIX = join(ROOT, "test", "fixtures", "cuminc");

describe("Aalen–Johansen against R's survfit with a factor status", () => {
  for (const [file, start] of [["right.csv", undefined], ["counting.csv", "start"]] as const) {
    it(`${file}`, async () => {
      const data = await readTable(join(FIX, "aj.csv"));
      const ref = await readTable(join(FIX, file));
      const R = (n: string) => (ref.columns.get(n)!.values as Float64Array);
      const r = aalenJohansenFromTable(data, { time: "time", cause: "cause", start, group: "grp" });
      expect(r.dropped.total).toBe(0);
      const cat = (f: (c: (typeof r.curves)[number]) => ArrayLike<number>) => Float64Array.from(r.curves.flatMap((c) => Array.from(f(c))));
      expect(r.curves.flatMap((c) => Array(c.time.length).fill(c.group))).toEqual(ref.columns.get("strata")!.values);
      expect(Array.from(cat((c) => c.time))).toEqual(Array.from(R("time")));
      expect(Array.from(cat((c) => c.n_risk))).toEqual(Array.from(R("nrisk")));
      const close = (a: Float64Array, e: Float64Array, tol: number, what: string) =>
        e.forEach((v, i) => (Number.isNaN(v) ? expect(Number.isNaN(a[i]), what).toBe(true) : expectRelClose(a[i], v, tol, `${what}[${i}]`)));
      close(cat((c) => c.surv), R("p0"), TOL.survival.surv, "p0");
      close(cat((c) => c.causes[0].cuminc), R("p1"), TOL.survival.surv, "p1");
      close(cat((c) => c.causes[1].cuminc), R("p2"), TOL.survival.surv, "p2");
      close(cat((c) => c.std_err_surv), R("se0"), TOL.survival.se, "se0");
      close(cat((c) => c.causes[0].std_err_cuminc), R("se1"), TOL.survival.se, "se1");
      close(cat((c) => c.causes[1].std_err_cuminc), R("se2"), TOL.survival.se, "se2");
      close(cat((c) => c.causes[0].lower), R("lo1"), TOL.survival.surv, "lower1");
      close(cat((c) => c.causes[0].upper), R("up1"), TOL.survival.surv, "upper1");
    });
  }
});

describe("Aalen–Johansen after S has reached 0", () => {
  it("rows entering once everyone at risk has exited add no variance (R)", () => {
    // R 4.2.2, survival 3.5-3:
    //   d <- data.frame(start = c(0, 0, 0, 0, 4, 5, 3.5), time = c(2, 3, 3, 1, 6, 8, 7),
    //                   cause = c(1, 2, 1, 0, 1, 0, 2), w = c(1, 2, 0.5, 1.5, 1, 0.7, 1.3))
    //   d$st <- factor(d$cause, levels = 0:2); d$id <- seq_len(nrow(d))
    //   f <- survfit(Surv(start, time, st) ~ 1, data = d, weights = w, id = id); f$pstate; f$std.err;
    //   f$n.event; f$n.censor
    // At t = 3 both rows at risk exit (S = 0); rows 5–7 enter later. Each of their derivatives is
    // multiplied by S(t−) = 0, so the SEs stay at their value at t = 3 (before the fix: 0.281 for S
    // at t = 6 and 0.349, 0.356 for F1, F2).
    const r = aalenJohansen({
      start: Float64Array.of(0, 0, 0, 0, 4, 5, 3.5),
      time: Float64Array.of(2, 3, 3, 1, 6, 8, 7),
      cause: Int32Array.of(1, 2, 1, 0, 1, 0, 2),
      weights: Float64Array.of(1, 2, 0.5, 1.5, 1, 0.7, 1.3),
    });
    const c = r.curves[0];
    expect(Array.from(c.time)).toEqual([1, 2, 3, 6, 7, 8]);
    expect(Array.from(c.n_risk)).toEqual([4, 3, 2, 3, 2, 1]);
    // counts are rows, not weights, as R's f$n.event (columns 2 and 3) and f$n.censor
    expect(c.causes.map((q) => Array.from(q.n_event))).toEqual([[0, 1, 1, 1, 0, 0], [0, 0, 1, 0, 1, 0]]);
    expect(Array.from(c.n_censor)).toEqual([1, 0, 0, 0, 0, 1]);
    expectAllRelClose(c.surv, [1, 0.714285714285714, 0, 0, 0, 0], 1e-14, "S");
    expectAllRelClose(c.causes[0].cuminc, [0, 0.285714285714286, 0.428571428571429, 0.428571428571429, 0.428571428571429, 0.428571428571429], 1e-14, "F1");
    expectAllRelClose(c.std_err_surv, [0, 0.264520028506443, 0, 0, 0, 0], 1e-13, "se S");
    const se1 = 0.305441419328485;
    expectAllRelClose(c.causes[0].std_err_cuminc, [0, 0.264520028506443, se1, se1, se1, se1], 1e-13, "se F1");
    expectAllRelClose(c.causes[1].std_err_cuminc, [0, 0, se1, se1, se1, se1], 1e-13, "se F2");
  });
});

describe("Aalen–Johansen by hand and against Kaplan–Meier", () => {
  it("hand-worked: exits at 1 (cause 1), 2 (cause 2), 3 (censored), 4 (cause 1)", () => {
    // t=1: n=4, F1 = 1/4, S = 3/4; t=2: n=3, F2 = 3/4·1/3 = 1/4, S = 1/2; t=3: censoring;
    // t=4: n=1, F1 = 1/4 + 1/2·1 = 3/4, S = 0.
    const r = aalenJohansen({ time: Float64Array.of(1, 2, 3, 4), cause: Int32Array.of(1, 2, 0, 1) });
    const c = r.curves[0];
    expectAllRelClose(c.causes[0].cuminc, [0.25, 0.25, 0.25, 0.75], 1e-15, "F1");
    expectAllRelClose(c.causes[1].cuminc, [0, 0.25, 0.25, 0.25], 1e-15, "F2");
    expectAllRelClose(c.surv, [0.75, 0.5, 0.5, 0], 1e-15, "S");
    expect(Array.from(c.n_risk)).toEqual([4, 3, 2, 1]);
  });

  it("with one cause, cumulative incidence = 1 − KM and its SE equals the SE of S", () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 300;
    const time = Float64Array.from({ length: n }, () => Math.ceil(-Math.log(rnd()) * 50));
    const event = Int32Array.from({ length: n }, () => (rnd() < 0.7 ? 1 : 0));
    const aj = aalenJohansen({ time, cause: event }).curves[0];
    const km = kaplanMeier({ time, event: Float64Array.from(event) }).curves[0];
    expect(Array.from(aj.time)).toEqual(Array.from(km.time));
    km.surv.forEach((s, i) => expect(aj.causes[0].cuminc[i]).toBeCloseTo(1 - s, 14));
    // SEs agree to ~1e-9 absolute: the running sums of squares cancel where the true SE is 0 (S = 0)
    aj.std_err_surv.forEach((s, i) => expect(Math.abs(aj.causes[0].std_err_cuminc[i] - s)).toBeLessThan(1e-7));
  });
});

/** Naive weighted Aalen–Johansen at the distinct times (O(n·times)), for the derivative check. */
function naiveAJ(time: number[], cause: number[], start: number[], w: number[], K: number): number[][] {
  const ut = [...new Set(time)].sort((a, b) => a - b);
  let S = 1;
  const F = new Array(K).fill(0);
  const out: number[][] = [];
  for (const t of ut) {
    let nr = 0;
    const d = new Array(K).fill(0);
    for (let i = 0; i < time.length; i++) {
      if (start[i] < t && time[i] >= t) nr += w[i];
      if (time[i] === t && cause[i] > 0) d[cause[i] - 1] += w[i];
    }
    const dt = d.reduce((a, b) => a + b, 0);
    for (let k = 0; k < K; k++) F[k] += (S * d[k]) / nr;
    S *= 1 - dt / nr;
    out.push([S, ...F]);
  }
  return out;
}

describe("infinitesimal-jackknife SE = sqrt(Σ_i (∂estimate/∂w_i)²)", () => {
  it("matches central finite differences, with delayed entry", () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 40;
    const time = Array.from({ length: n }, () => 1 + Math.floor(rnd() * 15));
    const start = time.map((t) => (rnd() < 0.4 ? Math.floor(rnd() * t) : 0));
    const cause = time.map(() => Math.floor(rnd() * 3));
    const r = aalenJohansen({ time: Float64Array.from(time), cause: Int32Array.from(cause), start: Float64Array.from(start), causeLevels: ["1", "2"] });
    const c = r.curves[0];
    const w = new Array(n).fill(1);
    const eps = 1e-6;
    const base = naiveAJ(time, cause, start, w, 2);
    const sumsq = base.map(() => [0, 0, 0]);
    for (let i = 0; i < n; i++) {
      w[i] = 1 + eps;
      const up = naiveAJ(time, cause, start, w, 2);
      w[i] = 1 - eps;
      const dn = naiveAJ(time, cause, start, w, 2);
      w[i] = 1;
      up.forEach((row, t) => row.forEach((v, j) => (sumsq[t][j] += ((v - dn[t][j]) / (2 * eps)) ** 2)));
    }
    base.forEach((row, t) => {
      expect(c.surv[t]).toBeCloseTo(row[0], 12);
      expect(c.causes[0].cuminc[t]).toBeCloseTo(row[1], 12);
      expect(c.std_err_surv[t]).toBeCloseTo(Math.sqrt(sumsq[t][0]), 6);
      expect(c.causes[0].std_err_cuminc[t]).toBeCloseTo(Math.sqrt(sumsq[t][1]), 6);
      expect(c.causes[1].std_err_cuminc[t]).toBeCloseTo(Math.sqrt(sumsq[t][2]), 6);
    });
  });

  it("rejects a cause code that is not a whole number ≥ 0, naming column and row", () => {
    const t = tableFromColumns({ time: [1, 2, 3], cause: [0, 1.5, 2] }, "exits.csv");
    expect(() => aalenJohansenFromTable(t, { time: "time", cause: "cause" })).toThrow(/exits\.csv, column "cause", row 2/);
  });
});
