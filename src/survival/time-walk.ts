/**
 * The one backward walk over distinct times that Kaplan–Meier, log-rank and Aalen–Johansen read (and
 * cox.zph's pooled Kaplan–Meier through KM): rows belong to strata (KM: one per curve; log-rank: its strata)
 * and, within a stratum, to groups (log-rank's groups; KM: one). At each distinct time t of a
 * stratum at which some of its rows end, from the last time to the first, the visitor receives per
 * group the weighted number at risk (rows with start < t ≤ stop: R's Surv(start, stop) risk set), and
 * the weighted events and exits (events + censorings) at t.
 *
 * Walking backward, the rows ending at t enter the risk set and then the rows whose start ≥ t leave
 * it (they are not at risk at t or before). Times are used as given: the caller applies timefix first.
 * Two ways to the same counts, chosen by size:
 *  - dense (few distinct times, e.g. days): counts per (stratum × group, time slot) in one pass over
 *    the rows, no sort (risk-table.ts);
 *  - sorted: rows ordered by (stratum, time) — the one radix sort (cox/sort.ts) numbers the distinct
 *    times, counting sorts do the rest (time-slots.ts) — and walked.
 * Both give the same numbers (test/survival/km-paths.test.ts forces each on the same data).
 *
 * Visits are numbered forward, strata in order (`index`: visits of stratum st are
 * offset[st] .. offset[st+1]−1, earliest time first), so an estimator that runs forward in time
 * (Kaplan–Meier's product, Aalen–Johansen) stores what it needs per visit and reads it in that order.
 * `rowVisits()` places every row on the same numbering — the visit of its stop time, and the last
 * visit of its stratum at or before its entry time (−1: none) — so that per-row terms (the
 * Aalen–Johansen infinitesimal jackknife) are summed per visit without a second sort. A row is at
 * risk at the visits entry+1 .. exit.
 * Numerical note: weighted counts are running sums; with whole-number weights they are exact.
 * Cox has its own walk over death times (cox/walk.ts; its header says why the two are not one).
 */
import { riskTable, type RiskTable } from "./risk-table.js";
import type { TimeOrder } from "./timefix.js";
import { type GroupOrder, orderByGroupKey, orderByGroupTime, slotTimes, type TimeSlots } from "./time-slots.js";

export interface TimeWalkSpec {
  time: Float64Array;
  event: ArrayLike<number>;
  start?: Float64Array;
  /** Stratum codes 0..NS−1 (absent: one stratum). */
  strata?: Int32Array;
  NS: number;
  /** Group codes 0..G−1 within strata (absent: one group). */
  group?: Int32Array;
  G: number;
  weight?: Float64Array;
  /** timefix's sort of these times, when it made one (saves the second sort). */
  order?: TimeOrder;
}

export interface TimeVisit {
  stratum: number;
  /** Forward number of this visit over all strata (see TimeWalk.offset). */
  index: number;
  time: number;
  /** Per group: weighted number at risk, events and exits at `time` (arrays are reused). */
  risk: Float64Array;
  event: Float64Array;
  exit: Float64Array;
  riskTotal: number;
  eventTotal: number;
}

export interface TimeWalk {
  /** Number of visits (distinct times with rows ending there) per stratum. */
  visits: Int32Array;
  /** Visits of stratum st are numbered offset[st] .. offset[st+1]−1, forward in time. */
  offset: Int32Array;
  walk(visit: (v: TimeVisit) => void): void;
  /** Per row: the visit of its stop time and (delayed entry) the last visit of its stratum at or before its entry (−1: none). */
  rowVisits(): RowVisits;
}

export interface RowVisits {
  /** The order in which to visit the rows: by stratum and stop time on the sorted path (where there
   * are about as many visits as rows, so per-visit arrays are then read in order); absent: row order. */
  order?: Int32Array;
  /** Per position k (row order[k], or k): the visit of its stop time. */
  exit: Int32Array;
  /** Per position k, with entry times: the last visit of its stratum at or before its entry (−1: none). */
  entry?: Int32Array;
  /** Per position k: the row's group code and weight (the spec's arrays when there is no `order`). */
  group?: Int32Array;
  weight?: Float64Array;
}

function offsets(visits: Int32Array): Int32Array {
  const o = new Int32Array(visits.length + 1);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let st = 0; st < visits.length; st++) o[st + 1] = o[st] + visits[st];
  return o;
}

/** Prepare the walk (the dense table or the sorted orders) and count its visits. */
export function timeWalk(spec: TimeWalkSpec): TimeWalk {
  const { time, event, start, strata, NS, group, G, weight, order } = spec;
  const n = time.length;
  let cell = group;
  if (strata) {
    cell = new Int32Array(n);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < n; i++) cell[i] = strata[i] * G + (group ? group[i] : 0);
  }
  const { table, slots } = n === 0 ? {} : riskTable(time, event, start, cell, NS * G, weight, order);
  if (table) return denseWalk(table, spec);
  return sortedWalk(slots ?? slotTimes(time, start, order), spec);
}

function newVisit(G: number): TimeVisit {
  return { stratum: 0, index: 0, time: 0, risk: new Float64Array(G), event: new Float64Array(G), exit: new Float64Array(G), riskTotal: 0, eventTotal: 0 };
}

function denseWalk(rt: RiskTable, spec: TimeWalkSpec): TimeWalk {
  const { NS, G } = spec;
  const { U, utime, exits, events, entries } = rt;
  const visits = new Int32Array(NS);
  for (let st = 0; st < NS; st++) {
    for (let s = 0; s < U; s++) {
      for (let g = 0; g < G; g++) {
        if (exits[(st * G + g) * U + s] > 0) {
          visits[st]++;
          break;
        }
      }
    }
  }
  const offset = offsets(visits);
  const walk = (visit: (v: TimeVisit) => void) => {
    const v = newVisit(G);
    for (let st = 0; st < NS; st++) {
      v.stratum = st;
      v.risk.fill(0);
      let tot = 0;
      let index = offset[st + 1];
      for (let s = U - 1; s >= 0; s--) {
        let x = 0;
        let d = 0;
        for (let g = 0; g < G; g++) {
          const k = (st * G + g) * U + s;
          const change = exits[k] - (entries ? entries[k] : 0);
          v.risk[g] += change;
          tot += change;
          v.exit[g] = exits[k];
          v.event[g] = events[k];
          x += exits[k];
          d += events[k];
        }
        if (x === 0) continue;
        v.index = --index;
        v.time = utime[s];
        v.riskTotal = tot;
        v.eventTotal = d;
        visit(v);
      }
    }
  };
  const rowVisits = (): RowVisits => {
    // last[st·U + s]: the last visit of stratum st at or before slot s (−1: none)
    const last = new Int32Array(NS * U);
    for (let st = 0; st < NS; st++) {
      let idx = offset[st] - 1;
      let cur = -1;
      // Stryker disable next-line EqualityOperator: equivalent — s = U writes last[st·U + U], the next stratum's first slot, which that stratum's pass overwrites (past the last stratum the write is dropped); idx and cur are local to the stratum
      for (let s = 0; s < U; s++) {
        for (let g = 0; g < G; g++) {
          if (exits[(st * G + g) * U + s] > 0) {
            cur = ++idx;
            break;
          }
        }
        last[st * U + s] = cur;
      }
    }
    const { time, start, strata } = spec;
    const n = time.length;
    const exit = new Int32Array(n);
    const entry = start ? new Int32Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const o = strata ? strata[i] * U : 0;
      exit[i] = last[o + rt.rowSlot(i)];
      if (entry) {
        const q = rt.entrySlot(i);
        entry[i] = q < 0 ? -1 : last[o + q];
      }
    }
    return { exit, entry, group: spec.group, weight: spec.weight };
  };
  return { visits, offset, walk, rowVisits };
}

function sortedWalk(sl: TimeSlots, spec: TimeWalkSpec): TimeWalk {
  const { event, strata, NS, group, G, weight } = spec;
  const { utime, slot, startSlot } = sl;
  const U = utime.length;
  const byStop: GroupOrder = orderByGroupTime(sl, strata, NS);
  const byStart = startSlot ? orderByGroupKey(startSlot, U + 1, -1, strata, NS) : undefined;
  const order = byStop.order;
  // the rows' slot, group, weight and event in walk order, gathered once: the walks below then read
  // memory in order (a read through `order` per row and walk costs a cache miss at millions of rows)
  const n = order.length;
  const slotAt = new Int32Array(n);
  const eventAt = new Uint8Array(n);
  const groupAt = group ? new Int32Array(n) : undefined;
  const weightAt = weight ? new Float64Array(n) : undefined;
  for (let k = 0; k < n; k++) {
    const r = order[k];
    slotAt[k] = slot[r];
    eventAt[k] = event[r] === 1 ? 1 : 0;
    if (groupAt) groupAt[k] = group![r];
    if (weightAt) weightAt[k] = weight![r];
  }
  const visits = new Int32Array(NS);
  for (let st = 0; st < NS; st++) {
    const a = byStop.groupStart[st];
    for (let k = a; k < byStop.groupStart[st + 1]; k++) if (k === a || slotAt[k] !== slotAt[k - 1]) visits[st]++;
  }
  const offset = offsets(visits);
  const walk = (visit: (v: TimeVisit) => void) => {
    const v = newVisit(G);
    const so = byStart?.order;
    for (let st = 0; st < NS; st++) {
      const a = byStop.groupStart[st];
      let index = offset[st + 1];
      v.stratum = st;
      v.risk.fill(0);
      let tot = 0;
      let j = byStop.groupStart[st + 1] - 1;
      for (let k = j; k >= a; ) {
        const s = slotAt[k];
        for (let g = 0; g < G; g++) {
          v.exit[g] = 0;
          v.event[g] = 0;
        }
        let d = 0;
        for (; k >= a && slotAt[k] === s; k--) {
          const w = weightAt ? weightAt[k] : 1;
          const g = groupAt ? groupAt[k] : 0;
          v.risk[g] += w;
          v.exit[g] += w;
          tot += w;
          if (eventAt[k] === 1) {
            v.event[g] += w;
            d += w;
          }
        }
        if (so) {
          for (; j >= a && startSlot![so[j]] >= s; j--) {
            const r = so[j];
            const w = weight ? weight[r] : 1;
            v.risk[group ? group[r] : 0] -= w;
            tot -= w;
          }
        }
        v.index = --index;
        v.time = utime[s];
        v.riskTotal = tot;
        v.eventTotal = d;
        visit(v);
      }
    }
  };
  // the walk's own loops, placing rows instead of summing them: a row leaves (walking backward) at
  // the last visit at or before its entry
  const rowVisits = (): RowVisits => {
    const n = spec.time.length;
    const exit = new Int32Array(n);
    const entry = startSlot ? new Int32Array(n).fill(-1) : undefined;
    const pos = startSlot ? new Int32Array(n) : undefined; // row → position in `order`
    const so = byStart?.order;
    for (let st = 0; st < NS; st++) {
      const a = byStop.groupStart[st];
      let index = offset[st + 1];
      let j = byStop.groupStart[st + 1] - 1;
      for (let k = j; k >= a; ) {
        const s = slotAt[k];
        index--;
        for (; k >= a && slotAt[k] === s; k--) {
          exit[k] = index;
          if (pos) pos[order[k]] = k;
        }
        if (so) for (; j >= a && startSlot![so[j]] >= s; j--) entry![pos![so[j]]] = index;
      }
    }
    return { order, exit, entry, group: groupAt, weight: weightAt };
  };
  return { visits, offset, walk, rowVisits };
}
