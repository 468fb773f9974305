/**
 * Randomization inference within county pairs has 2^5 = 32 assignments, and the complementary one
 * (every pair flipped) gives t* = −t exactly, so p ≥ 2/32 = 0.0625 > 0.05: no finite 95% interval
 * exists, and effekt must say so instead of returning a bound from numerical breakdown.
 */
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { refPath } from "../helpers/reference.js";

describe("randomization inference interval", () => {
  it("is reported as unbounded, with the reason, when 2/N exceeds alpha", async () => {
    const t = await readTable(refPath("did", "did_panel.csv"));
    const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, pair: "county", draws: 1024 });
    const ri = r.randomization_inference;
    expect(ri.assignments).toBe(32);
    expect(ri.p_value).toBeGreaterThanOrEqual(2 / 32);
    expect(ri.ci).toBeNull();
    expect(ri.ci_note).toMatch(/smallest attainable p-value is 0\.0625 > 0\.05/);
  });

  it("is finite over all C(10,5) = 252 assignments and contains the estimate", async () => {
    const t = await readTable(refPath("did", "did_panel.csv"));
    const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 1024 });
    const ri = r.randomization_inference;
    expect(ri.assignments).toBe(252);
    expect(ri.ci).not.toBeNull();
    const [lo, hi] = ri.ci!;
    expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
    expect(lo).toBeLessThan(r.twfe.estimate);
    expect(hi).toBeGreaterThan(r.twfe.estimate);
  });
});
