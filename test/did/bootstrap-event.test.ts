/** Wild bootstrap draws and the event study's reference period (algebraic checks against R's numbers). */
import { describe, expect, it } from "vitest";
import { eventStudy, fitFromGrams, readTable, buildFrame, twfeDesign, wildClusterBootstrap } from "../../src/index.js";
import { expectRelClose, loadReference, refPath, TOL } from "../helpers/reference.js";
import { simulatePanel } from "./simulate.js";

describe("wild cluster bootstrap draws", () => {
  const s = simulatePanel({ seed: 11, effect: 0.1 });
  const des = twfeDesign({ y: s.y, d: s.d, unit: s.unit, time: s.time, cluster: s.unit });
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors);
  it("enumerates all 2^G Rademacher vectors when 2^G ≤ draws, else Webb with the identity", () => {
    const e = wildClusterBootstrap(des, fit, { draws: 5000, ci: false });
    expect(e).toMatchObject({ draws: 1024, weights: "rademacher", enumerated: true });
    // ± pairs give equal |t*|, so the enumerated hit count is even
    expect((e.p_value * 1024) % 2).toBe(0);
    const w = wildClusterBootstrap(des, fit, { draws: 999, ci: false, seed: 5 });
    expect(w).toMatchObject({ draws: 1000, weights: "webb", enumerated: false, seed: 5 });
    expect(w.p_value).toBeGreaterThanOrEqual(1 / 1000); // the identity always counts
    // seeded: the same seed gives the same p
    expect(wildClusterBootstrap(des, fit, { draws: 999, ci: false, seed: 5 }).p_value).toBe(w.p_value);
  });
});

describe("event study reference period", () => {
  it("moving the reference from 2012 to 2010 shifts every coefficient by R's 2010 coefficient", async () => {
    // δ_k(ref 2010) = δ_k(ref 2012) − δ_2010(ref 2012); R values from did_panel.json
    const ref = loadReference("did", "did_panel.json").event_study.coefficients as { year: number; estimate: number }[];
    const f = buildFrame(await readTable(refPath("did", "did_panel.csv")), { numeric: ["job", "pilot"], labels: ["office", "year"] });
    const es = eventStudy({ y: f.numeric.job, treated: f.numeric.pilot, unit: f.labels.office.codes, time: f.labels.year.codes, cluster: f.labels.office.codes, referencePeriod: 0, firstTreatedPeriod: 3, periodLabels: f.labels.year.levels.map(Number) });
    const d2010 = ref.find((c) => c.year === 2010)!.estimate;
    const c2012 = es.coefficients.find((c) => c.period === 2012)!;
    expectRelClose(c2012.estimate, -d2010, TOL.did.estimate, "2012 vs ref 2010");
    for (const c of ref.filter((c) => c.year > 2012)) {
      expectRelClose(es.coefficients.find((k) => k.period === c.year)!.estimate, c.estimate - d2010, 1e-8, `${c.year}`);
    }
  });
});
