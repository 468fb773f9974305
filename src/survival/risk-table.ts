/**
 * Dense counts per (cell, time slot) for the common case of few distinct times (integer days):
 * one sequential pass over the rows, no sorting. A cell is a group (KM) or stratum × group
 * (log-rank). When cells × distinct times would be too large it returns only the slots and the
 * estimators fall back to the sort-based walk (time-slots.ts).
 */
import { slotTimes, type TimeSlots } from "./time-slots.js";
import type { TimeOrder } from "./timefix.js";

export interface RiskTable {
  /** Time of each slot (slots without rows may exist on the integer path; they have exits = 0). */
  utime: Float64Array;
  U: number;
  /** events[cell·U + s]: rows with an event at slot s. */
  events: Float64Array;
  /** exits[cell·U + s]: rows whose stop time is slot s (events + censored). */
  exits: Float64Array;
  /** entries[cell·U + q]: rows whose entry time lies in [utime[q], utime[q+1]) (they leave the
   * risk set, walking backward, at slot q); rows entering before the first time are not counted. */
  entries?: Float64Array;
  /** Slot of row i's stop time, and of its entry time (the slot its entry is counted at; −1: before the first time). */
  rowSlot(i: number): number;
  entrySlot(i: number): number;
}

/** Cells × slots above which the sort-based walk is used: 4n + 4e6 (tests set it to 0 to force it). */
export const RISK_TABLE_LIMIT = { extra: 4_000_000, perRow: 4 };

export function riskTable(
  time: Float64Array,
  event: ArrayLike<number>,
  start: Float64Array | undefined,
  cell: Int32Array | undefined,
  cells: number,
  weight?: Float64Array,
  order?: TimeOrder,
): { table?: RiskTable; slots?: TimeSlots } {
  const n = time.length;
  const limit = RISK_TABLE_LIMIT.perRow * n + RISK_TABLE_LIMIT.extra;
  let min = Infinity;
  let max = -Infinity;
  // Stryker disable next-line BooleanLiteral: equivalent — `false` only sends whole-number times down the general path (sorted unique times) instead of the dense table; both give the same numbers (checked: byte-identical job output, tests)
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (t < min) min = t;
    if (t > max) max = t;
    if (t !== Math.floor(t)) integral = false;
  }
  if (n === 0) return {};
  if (integral && (max - min + 1) * cells <= limit) {
    const U = max - min + 1;
    const events = new Float64Array(cells * U);
    const exits = new Float64Array(cells * U);
    for (let i = 0; i < n; i++) {
      const k = (cell ? cell[i] * U : 0) + (time[i] - min);
      const w = weight ? weight[i] : 1;
      exits[k] += w;
      events[k] += w * event[i];
    }
    const utime = new Float64Array(U);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let s = 0; s < U; s++) utime[s] = min + s;
    const entrySlot = (i: number) => {
      const st = start![i];
      return st < min ? -1 : st >= max ? U - 1 : Math.floor(st) - min;
    };
    let entries: Float64Array | undefined;
    if (start) {
      entries = new Float64Array(cells * U);
      for (let i = 0; i < n; i++) {
        const q = entrySlot(i);
        if (q >= 0) entries[(cell ? cell[i] * U : 0) + q] += weight ? weight[i] : 1;
      }
    }
    return { table: { utime, U, events, exits, entries, rowSlot: (i) => time[i] - min, entrySlot } };
  }
  const sl = slotTimes(time, start, order);
  const U = sl.utime.length;
  if (U * cells > limit) return { slots: sl };
  const events = new Float64Array(cells * U);
  const exits = new Float64Array(cells * U);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) has k = NaN (cell and slot undefined), and adds at index NaN change no element of the Float64Arrays
  for (let i = 0; i < n; i++) {
    const k = (cell ? cell[i] * U : 0) + sl.slot[i];
    const w = weight ? weight[i] : 1;
    exits[k] += w;
    events[k] += w * event[i];
  }
  let entries: Float64Array | undefined;
  if (start) {
    entries = new Float64Array(cells * U);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let i = 0; i < n; i++)
      if (sl.startSlot![i] >= 0) entries[(cell ? cell[i] * U : 0) + sl.startSlot![i]] += weight ? weight[i] : 1;
  }
  return { table: { utime: sl.utime, U, events, exits, entries, rowSlot: (i) => sl.slot[i], entrySlot: (i) => sl.startSlot![i] } };
}
