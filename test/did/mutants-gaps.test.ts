/**
 * Gaps that the mutation sample of src/did found (docs/testing.md, "Mutation testing"): rules of the
 * randomization inference, the wild bootstrap's note and the few-cluster warnings that no in-process test
 * pinned. Each expected value is derived by hand in its test (the rule it checks is stated in the code's
 * header and in docs/did.md); none is read off the code's output.
 */
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { fitFromGrams } from "../../src/did/ols.js";
import { countTreatedClusters, inferenceFromFit, twfeDesign } from "../../src/did/twfe.js";
import { randomizationInference } from "../../src/did/randomization.js";
import { wildClusterBootstrap } from "../../src/did/wild-bootstrap.js";
import { did2x2Aggregate } from "../../src/did/two-by-two.js";
import { callawaySantAnna } from "../../src/did/staggered.js";
import { EstimationError, InputError } from "../../src/errors.js";
import { refPath } from "../helpers/reference.js";
import { didPanel, mpdtaTwfe } from "../helpers/did-panel.js";

const panel = (treated: number[]) => didPanel(treated);

describe("randomization inference (did)", () => {
  it("refuses an assignment with no control (or no treated) unit", () => {
    const p = panel([1, 1, 1, 1]);
    expect(() => randomizationInference(p)).toThrow(InputError);
    expect(() => randomizationInference(p)).toThrow("randomization inference needs treated and control units");
    const q = panel([0, 0, 0, 0]);
    expect(() => randomizationInference(q)).toThrow("randomization inference needs treated and control units");
  });

  it("samples `draws` assignments besides the observed one when there are too many to enumerate", () => {
    // C(6, 3) = 20 possible assignments > maxAssignments 10: sampled, N = 49 + 1 = 50
    const r = randomizationInference({ ...panel([1, 1, 1, 0, 0, 0]), maxAssignments: 10, draws: 49, seed: 3 });
    expect(r.method).toBe("sampled");
    expect(r.possible_assignments).toBe(20);
    expect(r.assignments).toBe(50);
    expect(r.note).toMatch(/p is estimated from 49 seeded random assignments \(seed 3\) plus the observed one/);
  });

  it("gives an interval, and no note, when the smallest attainable p equals alpha exactly", () => {
    // 1 treated of 4 units: C(4, 1) = 4 assignments, the complement (3 treated) is not one of them, so the
    // smallest attainable p is 1/4; at level 0.75, alpha = 1 − 0.75 = 0.25 exactly (both are binary
    // fractions). The rule: an interval exists when min p ≤ alpha (a null value is rejected when p ≤ alpha).
    const r = randomizationInference({ ...panel([1, 0, 0, 0]), level: 0.75 });
    expect(r.method).toBe("exhaustive");
    expect(r.assignments).toBe(4);
    expect(r.ci).not.toBeNull();
    expect(r.ci_note).toBeUndefined();
    // one step above: at level 0.76, alpha = 0.24 < 1/4, so no null value can be rejected
    const s = randomizationInference({ ...panel([1, 0, 0, 0]), level: 0.76 });
    expect(s.ci).toBeNull();
    expect(s.ci_note).toBe("no finite 76% interval: with 4 assignments the smallest attainable p-value is 0.250 > 0.24");
  });

  it("carries no note with a finite interval", async () => {
    // did_panel: 10 offices, 5 treated: C(10, 5) = 252 assignments, the complement ties, min p = 2/252 < 0.05
    const t = await readTable(refPath("did", "did_panel.csv"));
    const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 1024 });
    expect(r.randomization_inference.ci).not.toBeNull();
    expect(r.randomization_inference.ci_note).toBeUndefined();
  });
});

describe("two-way fixed effects: clusters and warnings", () => {
  function fit(p: ReturnType<typeof panel>) {
    const des = twfeDesign({ y: p.y, d: p.d, unit: p.unit, time: p.time, cluster: p.cluster });
    return { des, fit: fitFromGrams(des.grams, des.yIndex, des.regressors, 1) };
  }

  it("with 5 of 10 clusters treated warns only that the clusters are few", async () => {
    const t = await readTable(refPath("did", "did_panel.csv"));
    const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013 });
    const few = r.twfe.warnings.filter((w) => /cluster/.test(w));
    expect(few).toEqual(["only 10 clusters (5 treated): use CR2-Satterthwaite, wild cluster bootstrap or randomization inference, not CR1-normal"]);
  });

  it("accepts 2 clusters (the least cluster-robust inference needs), warning of the lone treated one", () => {
    const { fit: f } = fit(panel([1, 0]));
    const r = inferenceFromFit(f, 1);
    expect(Number.isFinite(r.se_cr1)).toBe(true);
    expect(r.warnings.some((w) => w.startsWith("only 1 treated cluster of 2:"))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith("only 2 clusters"))).toBe(false);
  });

  it("gives no few-cluster warning with 42 clusters or more (mpdta: 500 counties)", async () => {
    const { fit: f, d, unit } = await mpdtaTwfe();
    const r = inferenceFromFit(f, countTreatedClusters(d, unit));
    expect(f.scores.length).toBe(500);
    expect(r.warnings.filter((w) => /clusters?\b/.test(w))).toEqual([]);
  });

  it("refuses a treatment indicator collinear with the fixed effects", () => {
    // d = the treated unit's indicator in every period: absorbed by the unit effects
    const p = panel([1, 0, 0, 1]);
    const d = Float64Array.from(p.unit, (u) => (u === 0 || u === 3 ? 1 : 0));
    const des = twfeDesign({ y: p.y, d, unit: p.unit, time: p.time, cluster: p.cluster });
    expect(() => fitFromGrams(des.grams, des.yIndex, des.regressors, 1)).toThrow(EstimationError);
    expect(() => fitFromGrams(des.grams, des.yIndex, des.regressors, 1)).toThrow(/treatment indicator is collinear with the unit and period fixed effects/);
  });
});

describe("wild cluster bootstrap: the note names the level", () => {
  it("says 'no finite 90% interval' with 3 clusters at level 0.9", () => {
    // 3 clusters: all 2^3 = 8 Rademacher vectors are enumerated; two of them (all +1, all −1) are constant
    // across clusters and tie with the observed t at every null value, so p(±∞) ≥ 2/8 = 0.25 > alpha = 0.10.
    const p = panel([1, 0, 0]);
    const des = twfeDesign({ y: p.y, d: p.d, unit: p.unit, time: p.time, cluster: p.cluster });
    const f = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
    const b = wildClusterBootstrap(des, f, { level: 0.9 });
    expect(b.enumerated).toBe(true);
    expect(b.draws).toBe(8);
    expect(b.ci).toEqual([-Infinity, Infinity]);
    expect(b.ci_note).toBe("no finite 90% interval: too many draws have weights constant across clusters (they tie with the observed t at every null value); use more clusters or other weights");
  });
});

describe("gaps of the did sample of seed 2015 (written after that run)", () => {
  it("warns when the Satterthwaite degrees of freedom are below 5", () => {
    // 2 clusters: the CR2 Satterthwaite df cannot exceed G − 1 = 1
    const p = panel([1, 0]);
    const des = twfeDesign({ y: p.y, d: p.d, unit: p.unit, time: p.time, cluster: p.cluster });
    const r = inferenceFromFit(fitFromGrams(des.grams, des.yIndex, des.regressors, 1), 1);
    expect(r.df_satterthwaite).toBeLessThan(5);
    expect(r.warnings).toContain(`CR2 Satterthwaite degrees of freedom are ${r.df_satterthwaite.toFixed(2)} (< 5): few effective clusters, p-values and intervals are approximate`);
    // 10 clusters, 5 treated (did_panel in the tests above) has df ≈ 8: no such warning there
  });

  it("the 2×2 from aggregates needs either shares or success counts, not both or neither", () => {
    const a = { treated: [1, 1, 0, 0], post: [0, 1, 0, 1], count: Float64Array.from([10, 10, 10, 10]) };
    expect(() => did2x2Aggregate(a)).toThrow("give either shares or success counts per unit-period");
    expect(() => did2x2Aggregate({ ...a, share: Float64Array.from([0.1, 0.5, 0.2, 0.3]), successes: Float64Array.from([1, 5, 2, 3]) })).toThrow("give either shares or success counts per unit-period");
    // (0.5 − 0.1) − (0.3 − 0.2) = 0.3 from shares, the same from counts 1, 5, 2, 3 of 10
    expect(did2x2Aggregate({ ...a, share: Float64Array.from([0.1, 0.5, 0.2, 0.3]) }).estimate).toBeCloseTo(0.3, 12);
    expect(did2x2Aggregate({ ...a, successes: Float64Array.from([1, 5, 2, 3]) }).estimate).toBeCloseTo(0.3, 12);
  });

  it("Callaway–Sant'Anna: no never-treated units with never-treated controls; a cohort treated from the first period is left out with a warning", () => {
    // 4 units × 4 periods; cohorts: unit 0 from period 2, unit 1 from period 3, units 2, 3 from period 0 or never
    const mk = (first: number[]) => {
      const y: number[] = [], time: number[] = [], ft: number[] = [], cl: number[] = [];
      for (let u = 0; u < 4; u++)
        for (let t = 0; t < 4; t++) {
          y.push(1 + 0.2 * t + 0.1 * u + (first[u] >= 0 && t >= first[u] ? 0.5 : 0) + ((u * 5 + t * 3) % 4) * 0.03);
          time.push(t);
          ft.push(first[u]);
          cl.push(u);
        }
      return { y: Float64Array.from(y), time: Int32Array.from(time), firstTreated: Int32Array.from(ft), cluster: Int32Array.from(cl) };
    };
    expect(() => callawaySantAnna(mk([2, 3, 2, 3]))).toThrow("no never-treated units to compare with (use not-yet-treated controls)");
    const r = callawaySantAnna({ ...mk([2, 0, -1, -1]), periodLabels: [2011, 2012, 2013, 2014] });
    expect(r.warnings).toContain("units first treated in 2011 are left out: they have no pre-period (R's did drops them too)");
  });
});
