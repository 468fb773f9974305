/**
 * Size under the null on simulated 10-office panels (5 pilot) with office×year shocks: the honest
 * methods (CR2-Satterthwaite, wild cluster bootstrap, randomization inference) must reject about 5%.
 */
import { describe, expect, it } from "vitest";
import { fitFromGrams, inferenceFromFit, randomizationInference, twfe, twfeDesign, wildClusterBootstrap } from "../../src/index.js";
import { simulatePanel } from "./simulate.js";

describe("rejection rates at 5% with no effect (10 offices)", () => {
  it("CR2-Satterthwaite, wild bootstrap and randomization stay near 5%", () => {
    // 400 replications: Monte-Carlo SD of a 5% rate is sqrt(.05·.95/400) = 0.011; band = 5% ± 3.3 SD.
    const R = 400;
    const band: [number, number] = [0.05 - 0.033, 0.05 + 0.033];
    const rej = { cr1_normal: 0, cr1_t: 0, cr2_satterthwaite: 0, wild_bootstrap: 0, randomization: 0 };
    for (let r = 0; r < R; r++) {
      const s = simulatePanel({ seed: 1000 + r, perCell: 10 });
      const des = twfeDesign({ y: s.y, d: s.d, unit: s.unit, time: s.time, cluster: s.unit });
      const fit = fitFromGrams(des.grams, des.yIndex, des.regressors);
      const res = inferenceFromFit(fit, 5);
      if (res.p_cr1_normal < 0.05) rej.cr1_normal++;
      if (res.p_cr1_t < 0.05) rej.cr1_t++;
      if (res.p_cr2_satterthwaite < 0.05) rej.cr2_satterthwaite++;
      if (wildClusterBootstrap(des, fit, { draws: 1024, ci: false }).p_value < 0.05) rej.wild_bootstrap++;
      const tu = new Uint8Array(10).map((_, u) => (u < 5 ? 1 : 0));
      if (randomizationInference({ y: s.y, post: s.post, unit: s.unit, time: s.time, cluster: s.unit, treatedUnits: tu, ci: false }).p_value < 0.05) rej.randomization++;
    }
    const rates = Object.fromEntries(Object.entries(rej).map(([k, v]) => [k, v / R]));
    console.table(rates);
    for (const k of ["cr2_satterthwaite", "wild_bootstrap", "randomization"] as const) {
      expect(rates[k], k).toBeGreaterThanOrEqual(band[0]);
      expect(rates[k], k).toBeLessThanOrEqual(band[1]);
    }
    // CR1 with normal critical values over-rejects with 10 clusters (the reason for this module)
    expect(rates.cr1_normal).toBeGreaterThan(rates.cr2_satterthwaite);
  });

  it("recovers a known effect (truth 0.4) with covariate slope 0.5", () => {
    const s = simulatePanel({ seed: 7, perCell: 200, effect: 0.4, cellSd: 0.05 });
    const r = twfe({ y: s.y, d: s.d, unit: s.unit, time: s.time, cluster: s.unit, x: [s.x] });
    // truth from simulatePanel: effect 0.4, x slope 0.5; tolerance ≈ 4 SE
    expect(Math.abs(r.estimate - 0.4)).toBeLessThan(4 * r.se_cr2);
    expect(Math.abs(r.covariates!.estimate[0] - 0.5)).toBeLessThan(0.02);
  });
});
