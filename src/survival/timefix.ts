/**
 * Near-equal times, as R's survival does by default (timefix = TRUE in coxph, survfit and survdiff;
 * aeqSurv in R/aeqSurv.R): the distinct finite time values y (stop and, for counting-process
 * data, start times together) are sorted; consecutive values with
 *   y[i+1] − y[i] ≤ tol   or   (y[i+1] − y[i]) / mean|y| ≤ tol,   tol = sqrt(.Machine$double.eps),
 * are tied, and every value is replaced by the first (smallest) value of its run of ties.
 * Follow-up computed in floating point (exit age − entry age, in years) thus gives the risk sets
 * the same times measured in days would give.
 *
 * Cost: one pass when all times are whole numbers below 6.7e7 (days: no two can be tied, because
 * a gap of 1 is above both tolerances); otherwise one radix sort of the values and two passes over it,
 * and the sort is handed on (`order`) so that the estimator's time slots need no second sort.
 * A (start, stop] interval that collapses to length 0 is an input error, as in R.
 */
import { InputError } from "../errors.js";
import { argsortFloat64 } from "./cox/sort.js";

export const TIMEFIX_TOLERANCE = Math.sqrt(2.220446049250313e-16);

export interface FixedTimes {
  time: Float64Array;
  start?: Float64Array;
  /** When the values had to be sorted: the rows in ascending (fixed) stop and start time, so that
   * the estimator need not sort them again (time-slots.ts's slotTimes takes it). */
  order?: TimeOrder;
}

/** Rows in ascending stop time (and start time). Ties may be in any order. */
export interface TimeOrder {
  byTime: Int32Array;
  byStart?: Int32Array;
}

export function timefix(
  time: Float64Array,
  start?: Float64Array,
  where: { file?: string; time?: string; rows?: ArrayLike<number> } = {},
): FixedTimes {
  const n = time.length;
  const tol = TIMEFIX_TOLERANCE;
  let integral = true;
  for (let i = 0; i < n && integral; i++) {
    const t = time[i];
    if (t !== Math.floor(t) && Number.isFinite(t)) integral = false;
    else if (Math.abs(t) >= 6.7e7) integral = false;
    if (start) {
      const s = start[i];
      if ((s !== Math.floor(s) && Number.isFinite(s)) || Math.abs(s) >= 6.7e7) integral = false;
    }
  }
  if (integral) return { time, start };

  // all finite stop and start values, in ascending order (the one radix sort, cox/sort.ts)
  const m = start ? 2 * n : n;
  const all = new Float64Array(m);
  all.set(time);
  if (start) all.set(start, n);
  const ord = argsortFloat64(all);
  let first = 0;
  while (first < m && !Number.isFinite(all[ord[first]])) first++;
  let last = m;
  while (last > first && !Number.isFinite(all[ord[last - 1]])) last--;
  let meanAbs = 0;
  let u = 0;
  for (let r = first; r < last; r++) {
    const v = all[ord[r]];
    if (r === first || v !== all[ord[r - 1]]) {
      meanAbs += Math.abs(v);
      u++;
    }
  }
  meanAbs /= u;
  // each value becomes the first value of its run of tied distinct values
  const snapped = all.slice();
  let merged = false;
  let cut = NaN;
  let prev = NaN; // previous distinct value
  for (let r = first; r < last; r++) {
    const i = ord[r];
    const v = all[i];
    if (v !== prev) {
      const dy = v - prev;
      if (!(r > first && (dy <= tol || dy / meanAbs <= tol))) cut = v;
      else merged = true;
      prev = v;
    }
    snapped[i] = cut;
  }
  // the sort's order split into stop and start times: snapping keeps the order (each value becomes the
  // first of its run), so it orders the fixed times too (ties of merged values by their former value)
  const order: TimeOrder = { byTime: new Int32Array(n), byStart: start ? new Int32Array(n) : undefined };
  for (let r = 0, a = 0, b = 0; r < m; r++) {
    const i = ord[r];
    if (i < n) order.byTime[a++] = i;
    else order.byStart![b++] = i - n;
  }
  if (!merged) return { time, start, order };
  const t2 = snapped.subarray(0, n);
  const s2 = start ? snapped.subarray(n) : undefined;
  if (s2) {
    for (let i = 0; i < n; i++) {
      if (s2[i] === t2[i] && start![i] < time[i]) {
        throw new InputError(
          `the interval (${start![i]}, ${time[i]}] has length 0 once times closer than ${tol.toExponential(2)} (relative) are merged, as R's aeqSurv does`,
          { file: where.file, column: where.time ?? "time", row: (where.rows ? where.rows[i] : i) + 1 },
        );
      }
    }
  }
  return { time: t2, start: s2, order };
}

/** The error location of a survival estimator's `where` (file, time column, original rows). */
export function timefixWhere(w?: { file?: string; names?: { time?: string }; rows?: ArrayLike<number> }) {
  return { file: w?.file, time: w?.names?.time, rows: w?.rows };
}
