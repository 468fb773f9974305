/**
 * Parallel-trend checks on ../shared/reference/did/did_panel.csv (10 offices × 2010–2015, pilot
 * from 2013). Expected numbers from R 4.2.2 / clubSandwich 0.5.8 (CR2, Satterthwaite):
 *   s <- subset(d, office != "office_01")                              # leave one out
 *   coef_test(lm(job ~ treat_post + factor(office) + factor(year), s), vcov = "CR2",
 *             cluster = s$office, test = "Satterthwaite", coefs = "treat_post")
 *     → 0.112166666667, SE 0.0174023731885, df 6.56756756757, p 0.000458062361053
 *   c <- subset(d, pilot == 0); c$fake <- as.numeric(c$office == "office_02" & c$year >= 2013)
 *   coef_test(lm(job ~ fake + factor(office) + factor(year), c), ...)   # control office as pilot
 *     → −0.0108333333333, df 3, p 0.504133671108
 *   p <- subset(d, year < 2013); p$fake <- as.numeric(p$pilot == 1 & p$year >= 2012)
 *   coef_test(lm(job ~ fake + factor(office) + factor(year), p), ...)   # false start 2012
 *     → −0.015, df 8, p 0.70469994351
 * Relative magnitudes: hand-computed on a made-up event study (see the test).
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { parallelTrendChecks, quickDid, relativeMagnitudes } from "../../src/did/robustness.js";
import { refPath } from "../helpers/reference.js";

const rel = (a: number, b: number, tol = 1e-8) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);

describe("parallel-trend checks", () => {
  it("placebo start, control office as pilot and leave-one-out match clubSandwich", async () => {
    const d = await readTable(refPath("did", "did_panel.csv"));
    const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013 };
    const main = quickDid(d, spec);
    const r = parallelTrendChecks(d, d, spec, main.estimate);
    const loo = r.leave_one_out.find((e) => e.label === "without office_01")!;
    rel(loo.estimate, 0.112166666667, 1e-10);
    rel(loo.df, 6.56756756757, 1e-8);
    rel(loo.p, 0.000458062361053, 1e-6);
    const pl = r.placebo_units.estimates.find((e) => e.label === "office_02")!;
    rel(pl.estimate, -0.0108333333333, 1e-10);
    rel(pl.p, 0.504133671108, 1e-6);
    expect(r.placebo_units.estimates).toHaveLength(5);
    expect(r.placebo_start!.false_start).toBe(2012);
    rel(r.placebo_start!.estimate, -0.015, 1e-10);
    rel(r.placebo_start!.p, 0.70469994351, 1e-6);
    expect(r.leave_one_out).toHaveLength(10);
  });

  it("relative magnitudes: bias bound, interval and breakdown value by hand", () => {
    // pre: 2010 −0.02, 2011 −0.05, reference 2012 = 0 → changes 0.03, 0.05 → Δ_pre = 0.05.
    // post 2014 (2 steps after 2012) 0.10 se 0.02, 2015 (3 steps) 0.12 se 0.03; 2013 0.01 not used.
    // θ = 0.11, se = 0.025, horizon = 2.5, t_{0.975, 9} = 2.262157163; slack = 0.11 − 0.0565539 = 0.0534461
    // M̄* = 0.0534461 / (0.05 · 2.5) = 0.427569
    const es = {
      reference_period: 2012,
      pretrend_wald_chisq: 0,
      pretrend_df: 2,
      pretrend_p: 1,
      coefficients: [
        [2010, -0.02, 0.01],
        [2011, -0.05, 0.01],
        [2013, 0.01, 0.02],
        [2014, 0.1, 0.02],
        [2015, 0.12, 0.03],
      ].map(([period, estimate, se]) => ({ period, relative: 0, estimate, se_cr1: se, se_cr2: se, ci_cr1_t: [0, 0] as [number, number] })),
    };
    const r = relativeMagnitudes(es, [2014, 2015], 10);
    expect(r.delta_pre).toBeCloseTo(0.05, 12);
    expect(r.theta).toBeCloseTo(0.11, 12);
    expect(r.horizon).toBe(2.5);
    expect(r.breakdown).toBeCloseTo((0.11 - 2.262157162798205 * 0.025) / 0.125, 8);
    const m1 = r.grid.find((g) => g.mbar === 1)!;
    expect(m1.lower).toBeCloseTo(0.11 - 0.125 - 2.262157162798205 * 0.025, 8);
  });
});
