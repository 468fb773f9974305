/** The gate's two rules on hand-worked cases (expected values derived in the comments). */
import { describe, expect, it } from "vitest";
import { binCurve } from "../../src/publish/event-times.js";
import { protectLinked, type CountCell } from "../../src/publish/linked-cells.js";

describe("linked suppression", () => {
  it("a 2×2 table with all margins: one small cell hides the whole interior, margins stay", () => {
    // cells x00=3 x01=10 / x10=8 x11=9; rows 13, 17; columns 11, 19; total 30.
    // With all margins shown, any hidden set needs two cells in each row and column it touches
    // (else the line gives the cell away): the smallest is the 2×2 interior, and with it hidden the
    // four margin equations have rank 3 in 4 unknowns — no cell determined.
    const x = [3, 10, 8, 9];
    const cells: CountCell[] = [
      { id: "x00", atoms: [0], value: 3 },
      { id: "x01", atoms: [1], value: 10 },
      { id: "x10", atoms: [2], value: 8 },
      { id: "x11", atoms: [3], value: 9 },
      { id: "row0", atoms: [0, 1], value: 13 },
      { id: "row1", atoms: [2, 3], value: 17 },
      { id: "col0", atoms: [0, 2], value: 11 },
      { id: "col1", atoms: [1, 3], value: 19 },
      { id: "all", atoms: [0, 1, 2, 3], value: 30 },
    ];
    const r = protectLinked(4, x, cells, 5);
    expect([...r.hidden.keys()].sort()).toEqual(["x00", "x01", "x10", "x11"]);
    expect(r.hidden.get("x00")).toBe("primary");
    expect(r.unprotected).toEqual([]);
  });

  it("a small difference of two published counts hides the smaller one", () => {
    // B = 12 persons, A ⊂ B = 10: B − A = 2 is published implicitly unless A (or B) is hidden.
    const r = protectLinked(2, [10, 2], [
      { id: "A", atoms: [0], value: 10 },
      { id: "B", atoms: [0, 1], value: 12 },
    ], 5);
    expect(r.hidden.get("A")).toBe("primary");
    expect(r.hidden.has("B")).toBe(false);
  });

  it("a fixed cell is never chosen; what only it determines is reported", () => {
    const r = protectLinked(2, [3, 20], [
      { id: "total", atoms: [0, 1], value: 23, fixed: true },
      { id: "big", atoms: [1], value: 20, fixed: true },
    ], 5);
    expect(r.unprotected).toEqual(["atom 0"]);
  });
});

describe("binning a Kaplan–Meier step table", () => {
  // times 1..6, no entries after the start: n_risk 11, 10, 8, 7, 5, 3 = previous − events − censored.
  const curve = { time: [1, 2, 3, 4, 5, 6], n_risk: [11, 10, 8, 7, 5, 3], n_event: [1, 2, 1, 2, 1, 1], n_censor: [0, 0, 0, 0, 1, 2] };

  it("grows bins to k events, merges an unsafe remainder and shows S only where k remain", () => {
    // k = 3: [t1, t2] has 3 events → a bin; [t3, t4] has 3 → a bin; [t5, t6] has 2 events → unsafe,
    // merged: [t3 … t6] with 5 events and 3 censored (net −3, no entries: a count ≥ 3, safe).
    // After the first bin 11 − 3 = 8 ≥ 3 remain: its S is shown; the last bin is the tail.
    const b = binCurve(curve, 3);
    expect(b.withheld).toBe(false);
    expect(b.bins.map((x) => [x.s, x.e, x.n_risk, x.n_event, x.n_censor, x.n_enter])).toEqual([
      [0, 1, 11, 3, 0, 0],
      [2, 5, 8, 5, 3, 0],
    ]);
    expect(b.shown).toBe(1);
    expect(b.bins[0].to).toBe(2);
    expect(b.bins[1].to).toBe(Infinity);
  });

  it("withholds a group whose censorings can only be published as a small count", () => {
    // Same events, censored 1 and 1 at t5, t6 (n_risk 10, 9, 7, 6, 4, 2): every union of bins
    // that reaches the end holds 2 censored and no entries, so the net flow −2 is a count of 2.
    const b = binCurve({ time: [1, 2, 3, 4, 5, 6], n_risk: [10, 9, 7, 6, 4, 2], n_event: [1, 2, 1, 2, 1, 1], n_censor: [0, 0, 0, 0, 1, 1] }, 3);
    expect(b.withheld).toBe(true);
  });
});
