/**
 * The one test-inversion search (src/stats/test-inversion.ts) on acceptance sets worked out by hand:
 * an interval [−1.3, 2.7] around the estimate 0.5, an unbounded side, the distance cap, and the
 * number of points the search tests (expansion by doubling, then bisection to the tolerance).
 */
import { describe, expect, it } from "vitest";
import { inversionLimit } from "../../src/stats/test-inversion.js";

describe("inversionLimit", () => {
  it("finds each end of an interval to the tolerance, from the estimate outwards", () => {
    const tested: number[] = [];
    const inside = (b: number) => (tested.push(b), b >= -1.3 && b <= 2.7);
    // upper side: outer 1.5 (in), 2.5 (in), 4.5 (out) → bisect [2.5, 4.5] until within 1e-6: 21 halvings
    // (2 / 2^21 ≈ 9.5e-7 ≤ 1e-6 < 2 / 2^20)
    const up = inversionLimit(0.5, 1, inside, { firstStep: 1, tol: 1e-6 });
    expect(tested.slice(0, 3)).toEqual([1.5, 2.5, 4.5]);
    expect(tested.length).toBe(3 + 21);
    expect(Math.abs(up - 2.7)).toBeLessThan(1e-6);
    const lo = inversionLimit(0.5, -1, inside, { firstStep: 1, tol: 1e-6 });
    expect(Math.abs(lo + 1.3)).toBeLessThan(1e-6);
    // a cap on the number of halvings stops earlier: 3 halvings of [2.5, 4.5] → within 0.25
    const rough = inversionLimit(0.5, 1, inside, { firstStep: 1, tol: 1e-12, maxBisections: 3 });
    expect(Math.abs(rough - 2.7)).toBeLessThanOrEqual(0.125);
  });

  it("a side accepted after maxDoublings doublings, or at maxDistance, is unbounded", () => {
    const upper = (b: number) => b <= 2.7; // accepts everything below
    expect(inversionLimit(0.5, -1, upper, { firstStep: 1, tol: 1e-6, maxDoublings: 10 })).toBe(-Infinity);
    // 2^10 = 1024 > 2.2: bounded on the upper side within 10 doublings
    expect(Math.abs(inversionLimit(0.5, 1, upper, { firstStep: 1, tol: 1e-6, maxDoublings: 10 }) - 2.7)).toBeLessThan(1e-6);
    // maxDistance 5: accepted at 0.5 − 5 → unbounded; at 0.5 + 5 rejected → searched within it
    expect(inversionLimit(0.5, -1, upper, { firstStep: 1, tol: 1e-6, maxDistance: 5 })).toBe(-Infinity);
    const tested: number[] = [];
    const u = inversionLimit(0.5, 1, (b) => (tested.push(b), b <= 4.9), { firstStep: 2, tol: 1e-3, maxDistance: 5 });
    // cap checked first (5.5: out), then 2.5 (in), 4.5 (in); the next width 8 reaches the cap, which
    // is not tested again: bisection of [4.5, 5.5]
    expect(tested.slice(0, 3)).toEqual([5.5, 2.5, 4.5]);
    expect(tested[3]).toBe(5);
    expect(Math.abs(u - 4.9)).toBeLessThan(1e-3);
  });
});
