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
 * Relative magnitudes: hand-computed on a made-up event study, a brute-force search over the
 * Bonferroni box and the violation paths, and a coverage simulation (see the tests). R's HonestDiD
 * is not installable here (only the Debian and npm registries are reachable).
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { filterRows } from "../../src/io/table.js";
import { parallelTrendChecks, quickDid, relativeMagnitudes } from "../../src/did/robustness.js";
import { refPath } from "../helpers/reference.js";
import { mulberry32 } from "../../src/stats/rng.js";

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

  it("with 2 pilot and 4 control offices: leave-one-out drops only controls, each control is a placebo pilot", async () => {
    // offices 01 and 03 (pilot) and 02, 04, 06, 08 (control) of the same panel. Leaving out a pilot
    // office would leave 1 (< 2): only the 4 controls are left out in turn (3 remain each time)
    const d = await readTable(refPath("did", "did_panel.csv"));
    const keepOffices = new Set(["office_01", "office_03", "office_02", "office_04", "office_06", "office_08"]);
    const office = d.columns.get("office")!.values as (string | null)[];
    const sub = filterRows(d, office.map((o) => (keepOffices.has(o!) ? 1 : 0)), "six offices");
    const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013 };
    const main = quickDid(sub, spec);
    const r = parallelTrendChecks(sub, sub, spec, main.estimate);
    expect(r.leave_one_out.map((e) => e.label)).toEqual(["without office_02", "without office_04", "without office_06", "without office_08"]);
    expect(r.placebo_units.estimates.map((e) => e.label)).toEqual(["office_02", "office_04", "office_06", "office_08"]);
    // the share of placebo estimates at least as large as the actual one, by its definition
    const est = r.placebo_units.estimates.map((e) => e.estimate);
    expect(r.placebo_units.share_as_large).toBe(est.filter((e) => Math.abs(e) >= Math.abs(main.estimate)).length / est.length);
  });

  // A made-up event study: pre 2010 −0.02 (se 0.01), 2011 −0.05 (se 0.01), reference 2012 = 0;
  // post 2013 0.01 (se 0.02, not averaged), 2014 0.10 (se 0.02), 2015 0.12 (se 0.03); CR2 df 9 each.
  const es = (df = 9) => ({
    reference_period: 2012,
    pretrend_wald_chisq: 0,
    pretrend_df: 2,
    pretrend_p: 1,
    pretrend_coefficients: 2,
    pretrend_f_g1: null,
    pretrend_htz: null,
    coefficients: [
      [2010, -0.02, 0.01],
      [2011, -0.05, 0.01],
      [2013, 0.01, 0.02],
      [2014, 0.1, 0.02],
      [2015, 0.12, 0.03],
    ].map(([period, estimate, se]) => ({ period, relative: 0, estimate, se_cr1: se, se_cr2: se, df_cr2: df, ci_cr1_t: [0, 0] as [number, number], p_cr1_t: 1 })),
  });

  it("relative magnitudes: identified set and Bonferroni-projection interval by hand", () => {
    // Identified set (LP over the violation path, Δ^RM(M̄) with Δ̂ known):
    //   pre changes |−0.05 − (−0.02)| = 0.03, |0 − (−0.05)| = 0.05 → Δ̂ = 0.05;
    //   l = (0, ½, ½) on (2013, 2014, 2015); tail sums L = (1, 1, ½) → W = 2.5; θ̂ = 0.11;
    //   M̄ = 1: 0.11 ± 0.05·2.5 = [−0.015, 0.235]; identified breakdown 0.11 / 0.125 = 0.88.
    // Interval: m = 2 pre + 1 = 3 intervals at 1 − 0.05/3 each: c = qt(1 − 0.05/6, 9) = 2.93332408837399 (R);
    //   s_P = (0.02 + 0.03)/2 = 0.025; Δ⁺ = max(0.03 + c·(0.01 + 0.01), 0.05 + c·0.01) = 0.03 + 0.02c = 0.0886664817675;
    //   M̄ = 1: 0.11 ± (0.025c + 2.5·Δ⁺); breakdown (0.11 − 0.025c) / (2.5·Δ⁺).
    const c = 2.93332408837399;
    const r = relativeMagnitudes(es(), [2014, 2015], 10);
    expect(r.delta_pre).toBeCloseTo(0.05, 12);
    expect(r.theta).toBeCloseTo(0.11, 12);
    expect(r.horizon).toBeCloseTo(2.5, 12);
    expect(r.intervals).toBe(3);
    expect(r.delta_pre_upper).toBeCloseTo(0.03 + 0.02 * c, 9);
    const m1 = r.grid.find((g) => g.mbar === 1)!;
    expect(m1.identified_lower).toBeCloseTo(-0.015, 12);
    expect(m1.identified_upper).toBeCloseTo(0.235, 12);
    expect(m1.lower).toBeCloseTo(0.11 - 0.025 * c - 2.5 * (0.03 + 0.02 * c), 9);
    expect(m1.upper).toBeCloseTo(0.11 + 0.025 * c + 2.5 * (0.03 + 0.02 * c), 9);
    expect(r.breakdown).toBeCloseTo((0.11 - 0.025 * c) / (2.5 * (0.03 + 0.02 * c)), 8);
    expect(r.breakdown_identified).toBeCloseTo(0.88, 12);
    // the breakdown value is where the interval touches 0
    const at = relativeMagnitudes(es(), [2014, 2015], 10, 0.95, [r.breakdown]).grid[0];
    expect(at.lower).toBeCloseTo(0, 12);
  });

  it("relative magnitudes: the bounds equal a brute-force search over the box and the violation paths", () => {
    // Straight from the definition: for β in the Bonferroni box (a grid that contains its corners)
    // and every violation path δ_post with steps on a grid in [−M̄·Δ(β), M̄·Δ(β)], Δ(β) = the largest
    // consecutive pre change of that β, θ = l'β_post − l'δ_post; the interval is [min θ, max θ].
    const c = 2.93332408837399; // qt(1 − 0.05/6, 9)
    const mbar = 0.7;
    const r = relativeMagnitudes(es(), [2014, 2015], 10, 0.95, [mbar]);
    const g = r.grid[0];
    const lin = (a: number, b: number, k: number) => Array.from({ length: k }, (_, i) => a + ((b - a) * i) / (k - 1));
    const steps = lin(-1, 1, 9);
    let lo = Infinity;
    let hi = -Infinity;
    let idLo = Infinity;
    let idHi = -Infinity;
    for (const b10 of lin(-0.02 - c * 0.01, -0.02 + c * 0.01, 5)) {
      for (const b11 of lin(-0.05 - c * 0.01, -0.05 + c * 0.01, 5)) {
        const D = Math.max(Math.abs(b11 - b10), Math.abs(0 - b11));
        for (const post of lin(0.11 - c * 0.025, 0.11 + c * 0.025, 3)) {
          for (const e1 of steps) for (const e2 of steps) for (const e3 of steps) {
            // δ_2013 = e1, δ_2014 = e1 + e2, δ_2015 = e1 + e2 + e3 (each step × M̄·D)
            const bias = (mbar * D * (e1 + e2 + (e1 + e2 + e3))) / 2;
            const theta = post - bias;
            lo = Math.min(lo, theta);
            hi = Math.max(hi, theta);
          }
        }
      }
    }
    for (const e1 of steps) for (const e2 of steps) for (const e3 of steps) {
      const theta = 0.11 - mbar * 0.05 * (e1 + e2 + (e1 + e2 + e3)) / 2;
      idLo = Math.min(idLo, theta);
      idHi = Math.max(idHi, theta);
    }
    // 1e-9: the code's t quantile (jStat) and R's qt agree to about 1e-10 here
    expect(g.lower).toBeCloseTo(lo, 9);
    expect(g.upper).toBeCloseTo(hi, 9);
    expect(g.identified_lower).toBeCloseTo(idLo, 12);
    expect(g.identified_upper).toBeCloseTo(idHi, 12);
  });

  it("relative magnitudes: the interval covers θ at least 95% of the time when the violation is in Δ^RM(M̄)", () => {
    // β̂ ~ N(β, diag(se²)) with a huge df (normal critical values); true δ: pre 0.01, −0.02, reference 0
    // (Δ = 0.03); post steps at the edge, +M̄·Δ each: δ = 0.03, 0.06, 0.09 (the worst case for the
    // lower limit); τ = 0 in 2013 and 0.03 in 2014–2015, so β_post = 0.03, 0.09, 0.12 and θ = 0.03.
    // 4000 draws; the 99.9% binomial lower limit of 0.95 is 0.95 − 3.29·sqrt(0.95·0.05/4000) = 0.9387.
    const rng = mulberry32(14);
    const norm = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const mbar = 1;
    const se = [0.01, 0.01, 0.02, 0.02, 0.03];
    const truth = [0.01, -0.02, 0.03, 0.06 + 0.03, 0.09 + 0.03];
    let cover = 0;
    const R = 4000;
    for (let k = 0; k < R; k++) {
      const e = es(1e7);
      e.coefficients.forEach((cf, j) => (cf.estimate = truth[j] + se[j] * norm()));
      const g = relativeMagnitudes(e, [2014, 2015], 1e7 + 1, 0.95, [mbar]).grid[0];
      if (g.lower <= 0.03 && 0.03 <= g.upper) cover++;
    }
    console.log(`relative magnitudes coverage at M̄ = 1: ${cover / R}`);
    expect(cover / R).toBeGreaterThan(0.9387);
  });
});
