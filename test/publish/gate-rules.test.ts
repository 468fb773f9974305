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

describe("censoring marks on the gated KM curve", () => {
  it("one mark at the end of each shown bin with at least k censorings; none for 0 < censored < k", async () => {
    const { gateSurvival } = await import("../../src/publish/survival-gate.js");
    const { makeTable } = await import("../../src/io/table.js");
    // k = 3. t1: at risk 20, 1 event, 2 censored; t2: 17, 2, 1; 5 enter before t3;
    // t3: 19, 2, 0; t4: 17, 1, 1; 3 enter before t5; t5: 18, 2, 0; t6: 16, 1, 0; t7: 15, 3, 12.
    // Bins of ≥ 3 events: [t1,t2] (3 censored, 5 entries: net +2 is not a count), [t3,t4] (1 censored,
    // 3 entries), [t5,t6] (none), tail [t7]. Marks: ≥ 3 censored → [yes, no, no]; the tail is not shown.
    const curve = {
      group: "pilot=1",
      time: [1, 2, 3, 4, 5, 6, 7],
      n_risk: [20, 17, 19, 17, 18, 16, 15],
      n_event: [1, 2, 2, 1, 2, 1, 3],
      n_censor: [2, 1, 0, 1, 0, 0, 12],
      surv: [0.95, 0.83, 0.75, 0.7, 0.62, 0.58, 0.46],
      lower: [0.9, 0.75, 0.65, 0.6, 0.5, 0.45, 0.3],
      upper: [1, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6],
      n: 28,
      events: 12,
    };
    const g = gateSurvival({ km: { curves: [curve] } } as never, undefined, makeTable("none", []), 3);
    const km = g.km[0];
    expect(km.bins.map((b) => [b.s, b.e, b.n_censor, b.n_enter])).toEqual([
      [0, 1, 3, 5],
      [2, 3, 1, 3],
      [4, 5, 0, 0],
      [6, 6, 12, 0],
    ]);
    expect(km.time).toEqual([2, 4, 6]);
    expect(km.censor_mark).toEqual([true, false, false]);
  });
});
