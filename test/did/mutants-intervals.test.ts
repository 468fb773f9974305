/**
 * Survivors of the seed-2015 Stryker sample in code that computes an interval, a p-value or a degree of
 * freedom in src/did (issue 17): each test fails under its mutant. Expected values are derived by hand in
 * the test, with the t quantiles from R (the call is given); effekt's t quantile agrees with R's to about 1e-9
 * relative, hence 8 decimals where a quantile enters.
 */
import { describe, expect, it } from "vitest";
import { relativeMagnitudes } from "../../src/did/robustness.js";
import { randomizationInference } from "../../src/did/randomization.js";
import { eventStudy } from "../../src/did/event-study.js";
import { didPanel } from "../helpers/did-panel.js";

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

describe("randomization inference: the interval's ends are found to 1e-9·se (src/did/randomization.ts)", () => {
  // By definition the interval is {τ₀ : p(τ₀) > α}, p(τ₀) the randomization p of y − τ₀·d_obs; so just
  // inside an end p > α and just outside p ≤ α. The ends are bisected to a tolerance of 1e-9·se; checked at
  // 1e-6·(interval width / 10) either side. The outcome is scaled by 1e-4 (so se ≪ 1) so that a tolerance that does not
  // scale with se shows. 8 units, 4 pilot: C(8, 4) = 70 assignments, smallest p 2/70 < 0.10.
  function panel(treated: number[], scale: number) {
    const { d, ...inp } = didPanel(treated, { scale });
    return { inp, d };
  }


  it("p just inside each end exceeds α, p just outside does not", () => {
    const { inp, d } = panel([1, 0, 1, 0, 1, 0, 1, 0], 1e-4);
    const level = 0.9;
    const r = randomizationInference({ ...inp, level });
    expect(r.ci).not.toBeNull();
    const [lo, hi] = r.ci!;
    const se = (hi - lo) / 10; // a scale for the margins only, of the order of se
    const pAt = (tau0: number) => randomizationInference({ ...inp, y: inp.y.map((v, i) => v - tau0 * d[i]), level, ci: false }).p_value;
    const delta = 1e-6 * se;
    expect(pAt(lo + delta)).toBeGreaterThan(1 - level);
    expect(pAt(lo - delta)).toBeLessThanOrEqual(1 - level);
    expect(pAt(hi - delta)).toBeGreaterThan(1 - level);
    expect(pAt(hi + delta)).toBeLessThanOrEqual(1 - level);
  });
});

describe("event study: the HTZ pre-trend test's memory guard (src/did/wald.ts, htzTest)", () => {
  // The HTZ test builds an array of q²·G² entries (q pre-period coefficients, G clusters) and is not
  // computed (null) when q²G² > 2e7 (the guard's stated rule). Here q = 5 (periods 0..4; 5 is the reference):
  // G = 900 → 25·810000 = 2.025e7 > 2e7: null; G = 800 → 1.6e7: computed, df1 = q = 5.
  function es(U: number) {
    const T = 7;
    const n = U * T;
    const y = new Float64Array(n), treated = new Float64Array(n), unit = new Int32Array(n), time = new Int32Array(n);
    const e = [0.31, -0.52, 0.17, 0.44, -0.21, 0.08, -0.37, 0.26, 0.12, -0.45, 0.39, -0.06, 0.22];
    for (let u = 0, i = 0; u < U; u++)
      for (let t = 0; t < T; t++, i++) {
        unit[i] = u;
        time[i] = t;
        treated[i] = u % 2;
        y[i] = 0.01 * u + 0.5 * t + (u % 2 && t >= 6 ? 1 : 0) + e[(7 * u + 3 * t + ((u * u) % 11)) % e.length];
      }
    return eventStudy({ y, treated, unit, time, cluster: unit, referencePeriod: 5, firstTreatedPeriod: 6 });
  }

  it("q²G² above 2e7: no HTZ test; below: computed", () => {
    const big = es(900);
    expect(big.pretrend_coefficients).toBe(5);
    expect(big.pretrend_df).toBe(5);
    expect(big.pretrend_htz).toBeNull();
    const small = es(800);
    expect(small.pretrend_htz).not.toBeNull();
    expect(small.pretrend_htz!.df1).toBe(5);
  }, 60000);
});
