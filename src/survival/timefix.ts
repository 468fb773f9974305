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
 * a gap of 1 is above both tolerances); otherwise one sort of the values and a binary search per row.
 * A (start, stop] interval that collapses to length 0 is an input error, as in R.
 */
import { InputError } from "../errors.js";

export const TIMEFIX_TOLERANCE = Math.sqrt(2.220446049250313e-16);

export interface FixedTimes {
  time: Float64Array;
  start?: Float64Array;
  /** Number of rows whose stop or start time was moved. */
  changed: number;
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
  if (integral) return { time, start, changed: 0 };

  const all = new Float64Array(start ? 2 * n : n);
  let m = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(time[i])) all[m++] = time[i];
  if (start) for (let i = 0; i < n; i++) if (Number.isFinite(start[i])) all[m++] = start[i];
  const y = all.subarray(0, m).sort();
  let u = 0;
  for (let i = 0; i < m; i++) if (u === 0 || y[i] !== y[u - 1]) y[u++] = y[i];
  let meanAbs = 0;
  for (let i = 0; i < u; i++) meanAbs += Math.abs(y[i]);
  meanAbs /= u;
  // cuts: the first value of each run of tied values
  const cuts: number[] = [];
  for (let i = 0; i < u; i++) {
    if (i > 0) {
      const dy = y[i] - y[i - 1];
      if (dy <= tol || dy / meanAbs <= tol) continue;
    }
    cuts.push(y[i]);
  }
  if (cuts.length === u) return { time, start, changed: 0 };
  const c = Float64Array.from(cuts);
  const snap = (v: number): number => {
    if (!Number.isFinite(v)) return v;
    let lo = 0;
    let hi = c.length; // largest cut ≤ v
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] <= v) lo = mid;
      else hi = mid;
    }
    return c[lo];
  };
  const t2 = new Float64Array(n);
  const s2 = start ? new Float64Array(n) : undefined;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    t2[i] = snap(time[i]);
    let moved = t2[i] !== time[i];
    if (s2) {
      s2[i] = snap(start![i]);
      if (s2[i] !== start![i]) moved = true;
      if (s2[i] === t2[i] && start![i] < time[i]) {
        throw new InputError(
          `the interval (${start![i]}, ${time[i]}] has length 0 once times closer than ${tol.toExponential(2)} (relative) are merged, as R's aeqSurv does`,
          { file: where.file, column: where.time ?? "time", row: (where.rows ? where.rows[i] : i) + 1 },
        );
      }
    }
    if (moved) changed++;
  }
  return { time: t2, start: s2, changed };
}

/** The error location of a survival estimator's `where` (file, time column, original rows). */
export function timefixWhere(w?: { file?: string; names?: { time?: string }; rows?: ArrayLike<number> }) {
  return { file: w?.file, time: w?.names?.time, rows: w?.rows };
}
