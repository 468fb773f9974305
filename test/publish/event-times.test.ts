/**
 * Safe time bins of person-level event times (src/publish/event-times.ts) on hand-worked step
 * tables: delayed entry, censoring, the truncation of the shown curve, the merge of an unsafe tail,
 * and the unions of bins on which a competing cause is read. Every expected bin is derived in the
 * comments from the rules in the module's header.
 */
import { describe, expect, it } from "vitest";
import { atBinEnds, binCurve, coarsenForCauses } from "../../src/publish/event-times.js";

const rows = (b: ReturnType<typeof binCurve>) => b.bins.map((x) => [x.s, x.e, x.n_risk, x.n_event, x.n_censor, x.n_enter]);

describe("binCurve", () => {
  it("counts persons entering late in the bin they enter, and lets entries mask a censoring", () => {
    // k = 2. t = 1: 6 at risk, 2 events, 1 censored → 3 left; t = 2: 5 at risk, so 2 entered
    // (a_1 = 5 − 3); 2 events → 3 left; t = 3: 3 at risk (a_2 = 0), 1 event, 2 censored.
    // [t1]: 2 events, 1 censored and 2 entered (both > 0: the net flow +1 is no count of either) → a
    // bin. [t2]: 2 events, nothing censored or entered → a bin. [t3]: 1 event → unsafe remainder,
    // merged with [t2]: 3 events, 2 censored, net −2 (a count ≥ 2) → safe.
    // After [t1]: 6 + 2 − 2 − 1 = 5 ≥ 2 remain → its S is shown; [t2, t3] is the tail.
    const b = binCurve({ time: [1, 2, 3], n_risk: [6, 5, 3], n_event: [2, 2, 1], n_censor: [1, 0, 2] }, 2);
    expect(b.withheld).toBe(false);
    expect(rows(b)).toEqual([
      [0, 0, 6, 2, 1, 2],
      [1, 2, 5, 3, 2, 0],
    ]);
    expect([b.bins[0].from, b.bins[0].to, b.bins[1].from, b.bins[1].to]).toEqual([-Infinity, 1, 1, Infinity]);
    expect(b.shown).toBe(1);
    expect(atBinEnds(b, [0.9, 0.5, 0.4])).toEqual([0.9]);
  });

  it("a censoring that only entries could mask, with none entering, makes the bin unsafe", () => {
    // k = 2. t = 1: 5 at risk, 2 events, 1 censored → 2 left; t = 2: 2 at risk, 2 events.
    // [t1]: net flow −1 with no entries → the 1 censored is a count → unsafe; [t1, t2]: 4 events,
    // 1 censored, net −1 → unsafe; nothing to merge with → withheld.
    const b = binCurve({ time: [1, 2], n_risk: [5, 2], n_event: [2, 2], n_censor: [1, 0] }, 2);
    expect(b).toEqual({ bins: [], shown: 0, withheld: true });
  });

  it("persons entering with none censored: the entries are a count of their own", () => {
    // k = 3. t = 1: 4 at risk, 3 events → 1 left; t = 2: 3 at risk (2 entered), 3 events → 0.
    // [t1]: 3 events, 2 entered, 0 censored → net +2 < 3 → unsafe; [t1, t2]: 6 events, net +2 →
    // unsafe → withheld. With 3 entering (4 at risk at t = 2, 4 events) the net +3 is safe: one bin.
    expect(binCurve({ time: [1, 2], n_risk: [4, 3], n_event: [3, 3], n_censor: [0, 0] }, 3).withheld).toBe(true);
    const b = binCurve({ time: [1, 2], n_risk: [4, 4], n_event: [3, 4], n_censor: [0, 0] }, 3);
    expect(rows(b)).toEqual([[0, 0, 4, 3, 0, 3], [1, 1, 4, 4, 0, 0]]);
    // after [t1]: 4 + 3 − 3 = 4 ≥ 3 → shown
    expect(b.shown).toBe(1);
  });

  it("the shown curve stops at the first bin after which fewer than k remain", () => {
    // No censoring, no entries: n_risk 8, 6, 4, 3, 2, events 2, 2, 1, 1, 2 (the last 2 leave 0).
    // k = 2: bins [t1] 2, [t2] 2, [t3, t4] 2, [t5] 2 (the tail, to +∞); remaining after each 6, 4,
    // 2 → the first three are shown (2 ≥ k). k = 3: bins [t1, t2] 4, [t3 … t5] 4; after the first
    // 4 ≥ 3 remain → one shown.
    const c = { time: [1, 2, 3, 4, 5], n_risk: [8, 6, 4, 3, 2], n_event: [2, 2, 1, 1, 2], n_censor: [0, 0, 0, 0, 0] };
    const b2 = binCurve(c, 2);
    expect(b2.bins.map((x) => [x.s, x.e])).toEqual([[0, 0], [1, 1], [2, 3], [4, 4]]);
    expect(b2.shown).toBe(3);
    expect(atBinEnds(b2, [0.75, 0.5, 0.375, 0.25, 0])).toEqual([0.75, 0.5, 0.25]);
    const b3 = binCurve(c, 3);
    expect(b3.bins.map((x) => [x.s, x.e])).toEqual([[0, 1], [2, 4]]);
    expect(b3.shown).toBe(1);
    // k = 5: bins [t1, t2] (4 events) is unsafe, [t1 … t3] 5 → a bin; the rest (3 events) merged
    // back: one bin [t1 … t5], nothing shown. After bin 1 of [t1..t3]: 8 − 5 = 3 < 5 anyway.
    const b5 = binCurve(c, 5);
    expect(b5.bins.map((x) => [x.s, x.e])).toEqual([[0, 4]]);
    expect(b5.shown).toBe(0);
    expect(b5.withheld).toBe(false);
  });

  it("an empty table is withheld; a first risk set below k is withheld", () => {
    expect(binCurve({ time: [], n_risk: [], n_event: [], n_censor: [] }, 3)).toEqual({ bins: [], shown: 0, withheld: true });
    expect(binCurve({ time: [1], n_risk: [2], n_event: [2], n_censor: [0] }, 3).withheld).toBe(true);
    // exactly k at risk and k events: safe (the thresholds are "at least k")
    expect(rows(binCurve({ time: [1], n_risk: [3], n_event: [3], n_censor: [0] }, 3))).toEqual([[0, 0, 3, 3, 0, 0]]);
  });
});

describe("coarsenForCauses", () => {
  // Four bins ending at t = 3, 6, 9 and +∞ (the tail); the first three shown.
  const binned = binCurve(
    { time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], n_risk: [40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29], n_event: Array(12).fill(1), n_censor: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28] },
    3,
  );
  const cause = (times: number[]) => ({ time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], n_event: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((t) => times.filter((u) => u === t).length)] });

  it("setup: bins end at 3, 6, 9 and +∞", () => {
    expect(binned.bins.map((b) => b.to)).toEqual([3, 6, 9, Infinity]);
    expect(binned.shown).toBe(3);
  });

  it("a union ends where its events reach k; ends in the tail are not shown", () => {
    // 3 events in every bin → every bin is a union; the tail's end (index 3) is not a shown step.
    expect(coarsenForCauses(binned, cause([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 3)).toEqual([0, 1, 2]);
    // 2, 1, 3, 3 events: the first union is bins 0–1 (3), then bin 2, then the tail.
    expect(coarsenForCauses(binned, cause([1, 2, 4, 7, 8, 9, 10, 11, 12]), 3)).toEqual([1, 2]);
    // a bin with none of the cause's events closes no union by itself: 0, 3, 3, 3 → ends 1, 2, 3
    expect(coarsenForCauses(binned, cause([4, 5, 6, 7, 8, 9, 10, 11, 12]), 3)).toEqual([1, 2]);
  });

  it("an unsafe remainder joins the union before it", () => {
    // 3, 3, 1, 1: unions end at 0 and 1; the remainder bins 2–3 hold 2 (unsafe) → merged into the
    // union before (bins 1–3: 5 events) → only the end 0 remains.
    expect(coarsenForCauses(binned, cause([1, 2, 3, 4, 5, 6, 7, 10]), 3)).toEqual([0]);
    // 3, 3, 1, 0 with k = 3 … the remainder holds 1: merged into bins 1–3 (4) → [0].
    expect(coarsenForCauses(binned, cause([1, 2, 3, 4, 5, 6, 7]), 3)).toEqual([0]);
    // 3, 1, 1, 0: the remainder bins 1–3 holds 2 → merged into bin 0's union: everything one union.
    expect(coarsenForCauses(binned, cause([1, 2, 3, 4, 7]), 3)).toEqual([]);
    // 3, 3, 1, 1 but the union before is also too small after merging is impossible; with k = 4:
    // 3 (no), 6 → end 1; 1 (no), 2 (no) → remainder 2 merged: bins 0–3 hold 8 → no shown end.
    expect(coarsenForCauses(binned, cause([1, 2, 3, 4, 5, 6, 7, 10]), 4)).toEqual([]);
  });

  it("several causes at once: the remainder joins as many unions as it takes", () => {
    // k = 3. Cause A: 3, 3, 3, 0 per bin; cause B: 0, 0, 0, 1. Unions end at 0, 1, 2 (A has 3, B 0);
    // the tail holds B = 1 (unsafe); joined to bin 2 (A 3, B 1: unsafe), then to bins 1–3 (A 6,
    // B 1), then to all (A 9, B 1): no union left → no step.
    const two = (a: number[], b: number[]) => ({ time: cause([]).time, n_event: [cause(a).n_event[0], cause(b).n_event[0]] });
    expect(coarsenForCauses(binned, two([1, 2, 3, 4, 5, 6, 7, 8, 9], [11]), 3)).toEqual([]);
    // B: 0, 3, 0, 1 instead: unions end at 0, 1, 2; the tail joins bin 2 (A 3, B 1: unsafe), then
    // bins 1–3 (A 6, B 4: safe) → the end 0 stays.
    expect(coarsenForCauses(binned, two([1, 2, 3, 4, 5, 6, 7, 8, 9], [4, 5, 6, 11]), 3)).toEqual([0]);
  });

  it("a cause with fewer than k events in all is left without steps", () => {
    expect(coarsenForCauses(binned, cause([5]), 3)).toEqual([]);
    expect(coarsenForCauses(binned, cause([]), 3)).toEqual([]);
  });
});
