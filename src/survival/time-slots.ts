/**
 * Shared machinery for the survival estimators: map each row's time to the index ("slot") of its
 * distinct value, then order rows by (group, slot) with two stable counting sorts — O(n + distinct
 * times), no comparison sort when times are integers (days), one Float64Array sort otherwise.
 */
import { InputError } from "../errors.js";
import { argsortFloat64 } from "./cox/sort.js";
import type { TimeOrder } from "./timefix.js";

export interface TimeSlots {
  /** Distinct stop times, ascending. */
  utime: Float64Array;
  /** Slot of each row's stop time (index into utime). */
  slot: Int32Array;
  /** For delayed entry: largest slot with utime ≤ start, or −1. */
  startSlot?: Int32Array;
  /** Rows in ascending stop time, when the radix path computed it. */
  byTime?: Int32Array;
}

/** Row order by a double key (any sign): the one radix argsort of cox/sort.ts, as Int32 indices. */
export function radixOrder(x: Float64Array): Int32Array {
  const o = argsortFloat64(x);
  return new Int32Array(o.buffer, o.byteOffset, o.length);
}

/** Slots of the stop (and start) times; `order` (timefix's sort) saves the radix sort of general times. */
export function slotTimes(time: Float64Array, start?: Float64Array, order?: TimeOrder): TimeSlots {
  const n = time.length;
  let min = Infinity;
  let max = -Infinity;
  // Stryker disable next-line BooleanLiteral: equivalent — `false` only sends whole-number times down the general path (sort, then unique times) instead of direct addressing; both give the same slots
  let integral = true;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (t < min) min = t;
    if (t > max) max = t;
    if (integral && t !== Math.floor(t)) integral = false;
  }
  const slot = new Int32Array(n);
  let utime: Float64Array;
  if (n > 0 && integral && max - min <= 2 * n + 1_000_000) {
    // integer days: direct addressing, then compact the used values
    const range = max - min + 1;
    const map = new Int32Array(range);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
    for (let i = 0; i < n; i++) map[time[i] - min] = 1;
    let u = 0;
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let v = 0; v < range; v++) map[v] = map[v] ? u++ : -1 - (u - 1); // used: index; unused: −1−(last used before)
    utime = new Float64Array(u);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let v = 0; v < range; v++)
      if (map[v] >= 0) utime[map[v]] = v + min;
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < n; i++) slot[i] = map[time[i] - min];
    if (start) {
      const ss = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const s = start[i];
        if (s < min) ss[i] = -1;
        else if (s >= max) ss[i] = u - 1;
        else {
          const m = map[Math.floor(s) - min];
          ss[i] = m >= 0 ? m : -1 - m;
        }
      }
      return { utime, slot, startSlot: ss };
    }
    return { utime, slot };
  }
  // general times: radix order, then number the distinct values walking it
  const byTime = order?.byTime ?? radixOrder(time);
  const ut = new Float64Array(n);
  let u = 0;
  for (let k = 0; k < n; k++) {
    const t = time[byTime[k]];
    if (u === 0 || t !== ut[u - 1]) ut[u++] = t;
    slot[byTime[k]] = u - 1;
  }
  utime = ut.slice(0, u);
  if (start) {
    const ss = new Int32Array(n);
    const so = order?.byStart ?? radixOrder(start);
    let q = -1; // largest slot with utime ≤ the current start
    for (let k = 0; k < n; k++) {
      const st = start[so[k]];
      while (q + 1 < u && utime[q + 1] <= st) q++;
      ss[so[k]] = q;
    }
    return { utime, slot, startSlot: ss, byTime };
  }
  return { utime, slot, byTime };
}

export interface GroupOrder {
  /** Row indices ordered by (group, key) ascending. */
  order: Int32Array;
  /** order[groupStart[g] .. groupStart[g+1]) are the rows of group g. */
  groupStart: Int32Array;
}

/** Rows by (group, stop time): the radix order split stably by group when present, else counting sorts. */
export function orderByGroupTime(sl: TimeSlots, group: Int32Array | undefined, G: number): GroupOrder {
  if (!sl.byTime) return orderByGroupKey(sl.slot, sl.utime.length, 0, group, G);
  const n = sl.byTime.length;
  const groupStart = new Int32Array(G + 1);
  if (!group) {
    groupStart[1] = n;
    return { order: sl.byTime, groupStart };
  }
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < n; i++) groupStart[group[i] + 1]++;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let g = 0; g < G; g++) groupStart[g + 1] += groupStart[g];
  const pos = groupStart.slice(0, G);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = sl.byTime[k];
    order[pos[group[r]]++] = r;
  }
  return { order, groupStart };
}

/** Stable two-pass counting sort of rows by (group, key), key in [offset, offset + K). */
export function orderByGroupKey(key: Int32Array, K: number, offset: number, group: Int32Array | undefined, G: number): GroupOrder {
  const n = key.length;
  const cnt = new Int32Array(K + 1);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < n; i++) cnt[key[i] - offset + 1]++;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let k = 0; k < K; k++) cnt[k + 1] += cnt[k];
  const byKey = new Int32Array(n);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < n; i++) byKey[cnt[key[i] - offset]++] = i;
  const groupStart = new Int32Array(G + 1);
  if (!group) {
    groupStart[1] = n;
    return { order: byKey, groupStart };
  }
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < n; i++) groupStart[group[i] + 1]++;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let g = 0; g < G; g++) groupStart[g + 1] += groupStart[g];
  const pos = groupStart.slice(0, G);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = byKey[k];
    order[pos[group[r]]++] = r;
  }
  return { order, groupStart };
}

export interface ColumnNames {
  weights?: string;
  time?: string;
  event?: string;
  start?: string;
  group?: string;
}

export interface Where {
  file?: string;
  names?: ColumnNames;
  /** Original 0-based row of each element (model frame rows); row numbers in errors are 1-based. */
  rows?: Int32Array;
}

/** Check times, entry times, event codes and group codes; throws InputError naming column and row. */
export function validateSurvival(
  time: Float64Array,
  event: ArrayLike<number> | undefined,
  start: Float64Array | undefined,
  group: Int32Array | undefined,
  G: number,
  where: Where = {},
  maxEvent = 1,
): void {
  const n = time.length;
  const nm = { time: "time", event: "event", start: "start", group: "group", ...where.names };
  const row = (i: number) => (where.rows ? where.rows[i] : i) + 1;
  const err = (msg: string, column: string, i: number) => new InputError(msg, { file: where.file, column, row: row(i) });
  if (event && event.length !== n) throw new InputError(`${nm.event} has ${event.length} values, ${nm.time} has ${n}`);
  if (start && start.length !== n) throw new InputError(`${nm.start} has ${start.length} values, ${nm.time} has ${n}`);
  if (group && group.length !== n) throw new InputError(`${nm.group} has ${group.length} values, ${nm.time} has ${n}`);
  // fast screen; the detailed loop below runs only to name the first bad row
  // Stryker disable next-line BooleanLiteral: equivalent — `false` only skips the fast screen: the row-by-row check below then runs and finds nothing in valid input
  let ok = true;
  for (let i = 0; i < n && ok; i++) {
    const t = time[i];
    if (!(t < Infinity && (t >= 0 || (start && t > -Infinity)))) ok = false;
    else if (event && !(event[i] === 0 || event[i] === 1 || (maxEvent > 1 && event[i] >= 0 && event[i] <= maxEvent && event[i] === Math.floor(event[i])))) ok = false;
    else if (start && !(start[i] > -Infinity && start[i] < t)) ok = false;
    else if (group && !(group[i] >= 0 && group[i] < G)) ok = false;
  }
  if (ok) return;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) throw err(`time ${t} is missing or not finite`, nm.time, i);
    if (t < 0 && !start) throw err(`time ${t} is negative`, nm.time, i);
    if (event) {
      const e = event[i];
      if (!(e >= 0 && e <= maxEvent && e === Math.floor(e))) {
        throw err(maxEvent === 1 ? `value ${e} is not 0 or 1` : `value ${e} is not a cause code 0..${maxEvent}`, nm.event, i);
      }
    }
    if (start) {
      const s = start[i];
      if (!Number.isFinite(s)) throw err(`entry time ${s} is missing or not finite`, nm.start, i);
      if (!(t > s)) throw err(`stop time ${t} is not after entry time ${s} (column "${nm.start}")`, nm.time, i);
    }
    if (group) {
      const g = group[i];
      if (!(g >= 0 && g < G)) throw err(`group code ${g} is outside 0..${G - 1}`, nm.group, i);
    }
  }
}
