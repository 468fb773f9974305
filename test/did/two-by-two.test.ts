/** 2×2 DiD on individuals and on unit-period aggregates; hand-computed cell means. */
import { describe, expect, it } from "vitest";
import { did2x2, did2x2Aggregate, twfe } from "../../src/index.js";
import { simulatePanel } from "./simulate.js";

describe("2×2 DiD", () => {
  it("hand example: (0.75 − 0.25) − (0.5 − 0.5) = 0.5", () => {
    // treated pre: 0,0,0,1 (0.25); treated post: 1,1,1,0 (0.75); control pre/post: 1,0 / 0,1 (0.5, 0.5)
    const y = Float64Array.from([0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 1]);
    const treated = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    const post = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1];
    const r = did2x2({ y, treated, post });
    expect(r.estimate).toBeCloseTo(0.5, 14);
    expect(r.cells.treated_pre).toEqual({ mean: 0.25, n: 4 });
    // the same from aggregates: shares with counts, and success counts
    const a = did2x2Aggregate({ treated: [1, 1, 0, 0], post: [0, 1, 0, 1], count: Float64Array.from([4, 4, 2, 2]), share: Float64Array.from([0.25, 0.75, 0.5, 0.5]) });
    expect(a.estimate).toBeCloseTo(0.5, 14);
    const b = did2x2Aggregate({ treated: [1, 1, 0, 0], post: [0, 1, 0, 1], count: Float64Array.from([4, 4, 2, 2]), successes: Float64Array.from([1, 3, 1, 1]) });
    expect(b.estimate).toBeCloseTo(0.5, 14);
  });
  it("on a balanced panel without covariates the TWFE estimate equals the 2×2 (algebraic identity)", () => {
    const s = simulatePanel({ seed: 3, effect: 0.2 });
    const a = did2x2({ y: s.y, treated: s.treated, post: s.post });
    const b = twfe({ y: s.y, d: s.d, unit: s.unit, time: s.time, cluster: s.unit });
    expect(Math.abs(a.estimate - b.estimate)).toBeLessThan(1e-12);
  });
  it("integer weights give the same estimates as duplicated rows", () => {
    const s = simulatePanel({ seed: 4, effect: 0.2, perCell: 5 });
    const w = Float64Array.from(s.y, (_, i) => 1 + (i % 3));
    const idx: number[] = [];
    w.forEach((k, i) => { for (let j = 0; j < k; j++) idx.push(i); });
    const pick = <T extends Float64Array | Int32Array>(a: T) => (a.constructor as any).from(idx.map((i) => a[i])) as T;
    const rw = twfe({ y: s.y, d: s.d, unit: s.unit, time: s.time, cluster: s.unit, x: [s.x], weights: w });
    const rd = twfe({ y: pick(s.y), d: pick(s.d), unit: pick(s.unit), time: pick(s.time), cluster: pick(s.unit), x: [pick(s.x)] });
    expect(Math.abs(rw.estimate - rd.estimate)).toBeLessThan(1e-12);
    // same M and cluster scores, so the CR1 SEs differ only by the (n−1)/(n−k) factor (n = rows)
    const f = (n: number, k: number) => (n - 1) / (n - k);
    const ratio = Math.sqrt(f(rw.n, rw.n_parameters) / f(rd.n, rd.n_parameters));
    expect(Math.abs(rw.se_cr1 / rd.se_cr1 - ratio)).toBeLessThan(1e-10);
  });
});
