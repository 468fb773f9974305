/**
 * Survivors of the seed-2015 Stryker sample in code that computes an interval, a p-value or a degree of
 * freedom in src/did (issue 17): each test fails under its mutant. Expected values are derived by hand in
 * the test, with the t quantiles from R (the call is given); effekt's t quantile agrees with R's to about 1e-9
 * relative, hence 8 decimals where a quantile enters.
 */
import { describe, expect, it } from "vitest";
import { relativeMagnitudes } from "../../src/did/robustness.js";

describe("relative magnitudes with ONE pre-period coefficient (src/did/robustness.ts)", () => {
  // A made-up event study: pre 2011 −0.04 (se 0.01, CR2 df reported as 0 — no usable Satterthwaite df),
  // reference 2012 = 0; post 2013 0.10 (se 0.02, df 6), 2014 0.12 (se 0.03, df 12); 10 clusters.
  const coef = (period: number, estimate: number, se: number, df: number) => ({
    period, relative: 0, estimate, se_cr1: se, se_cr2: se, df_cr2: df, ci_cr1_t: [0, 0] as [number, number], p_cr1_t: 1,
  });
  const es = {
    reference_period: 2012,
    pretrend_wald_chisq: 0,
    pretrend_df: 1,
    pretrend_p: 1,
    pretrend_coefficients: 1,
    pretrend_f_g1: null,
    pretrend_htz: null,
    coefficients: [coef(2011, -0.04, 0.01, 0), coef(2013, 0.1, 0.02, 6), coef(2014, 0.12, 0.03, 12)],
  };

  it("one pre coefficient is enough; a df of 0 falls back to G − 1; the post df is the smallest", () => {
    // By hand: m = 1 pre + 1 = 2 intervals at 1 − 0.05/2 each.
    //   pre chain (−0.04, 0): Δ̂ = 0.04; the pre df 0 is not usable → G − 1 = 9:
    //   Δ⁺ = 0.04 + qt(1 − 0.05/4, 9)·0.01 + 0 (the reference has se 0); qt(0.9875, 9) = 2.68501084681646 (R).
    //   l = (½, ½) on (2013, 2014): θ̂ = 0.11, s_P = 0.025, tail sums (1, ½) → W = 1.5;
    //   df = min(6, 12) = 6: c = qt(0.9875, 6) = 2.96868668415346 (R: qt(1 - 0.05/4, c(9, 6, 12))).
    //   M̄ = 1: 0.11 ± (0.025c + 1.5·Δ⁺); breakdown (0.11 − 0.025c) / (1.5·Δ⁺); identified breakdown 0.11/(1.5·0.04).
    const c9 = 2.68501084681646;
    const c6 = 2.96868668415346;
    const r = relativeMagnitudes(es, [2013, 2014], 10, 0.95, [0, 1]);
    expect(r.intervals).toBe(2);
    expect(r.df).toBe(6);
    expect(r.theta).toBeCloseTo(0.11, 12);
    expect(r.se).toBeCloseTo(0.025, 12);
    expect(r.horizon).toBeCloseTo(1.5, 12);
    expect(r.delta_pre).toBeCloseTo(0.04, 12);
    const dUp = 0.04 + c9 * 0.01;
    expect(r.delta_pre_upper).toBeCloseTo(dUp, 8);
    const [g0, g1] = r.grid;
    expect(g0.lower).toBeCloseTo(0.11 - 0.025 * c6, 8);
    expect(g0.upper).toBeCloseTo(0.11 + 0.025 * c6, 8);
    expect(g1.lower).toBeCloseTo(0.11 - 0.025 * c6 - 1.5 * dUp, 8);
    expect(g1.upper).toBeCloseTo(0.11 + 0.025 * c6 + 1.5 * dUp, 8);
    expect(r.breakdown).toBeCloseTo((0.11 - 0.025 * c6) / (1.5 * dUp), 7);
    expect(r.breakdown_identified).toBeCloseTo(0.11 / 0.06, 12);
  });
});
