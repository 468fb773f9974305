/**
 * Sorting person-month rows by (person, month) once, with an LSD radix sort on the integer keys:
 * 8-bit digits (256 buckets keep the scatter cache-friendly), month offset first, then the person
 * id byte by byte; passes whose digit is the same for every row are skipped. The ids travel with
 * the row numbers so the id passes read sequentially. O(n), stable, no comparisons, typed arrays
 * only, 16 bytes per row.
 *
 * Extracts often arrive in order already: written person by person (a data warehouse's
 * `ORDER BY person, month`, effekt's own simulate), as a few such files one after the other (the
 * employment rows, then the benefit rows), or month by month (monthly stock files appended). The
 * pass that finds the key ranges also checks these orders, and
 *  - at most 16 runs of non-decreasing ids (one when the rows are grouped by person): the months
 *    within each person are put in order by a stable insertion sort, O(n) when they are in order
 *    already (it gives up, and the radix sort runs, if it would move more than 4 rows per row), and
 *    the runs are merged pairwise (a stable merge, ties from the earlier run first), O(n) per level;
 *  - months never decrease: the month passes would leave the order as it is (stable), so they
 *    are skipped.
 * Both give the very permutation the full radix sort gives: a stable sort by (person, month) is
 * unique.
 */

/** Permutation that sorts rows by (pid, month). Months must lie in [minMonth, minMonth + 65535]. */
export function sortPersonMonth(pid: Int32Array, month: Int32Array | Uint16Array, minMonth: number): Int32Array {
  return sortByPersonMonth(pid, month, minMonth).perm;
}

/**
 * The permutation that sorts rows by (pid, month), and the person ids in that order (`pid` itself
 * when the rows are grouped by person already). Memory: rows grouped by person, one Int32 array of
 * n (the permutation); a few runs of ids, two; otherwise four (permutation and ids, each
 * double-buffered), the month keys read through the permutation (the first, usually only, month
 * pass reads them in file order).
 */
export function sortByPersonMonth(pid: Int32Array, month: Int32Array | Uint16Array, minMonth: number): { perm: Int32Array; pid: Int32Array } {
  const n = pid.length;
  let maxOff = 0;
  let maxPid = 0;
  let monthInOrder = true;
  const runs = [0];
  for (let i = 0; i < n; i++) {
    const d = month[i] - minMonth;
    if (d < 0 || d > 65535) throw new RangeError(`month offset ${d} outside 0..65535`);
    if (d > maxOff) maxOff = d;
    if (pid[i] > maxPid) maxPid = pid[i];
    if (i > 0) {
      if (month[i] < month[i - 1]) monthInOrder = false;
      if (pid[i] < pid[i - 1] && runs.length <= MAX_RUNS) runs.push(i);
    }
  }
  if (runs.length <= MAX_RUNS) {
    const within = monthsWithinPersons(pid, month);
    if (within) {
      // One run: the rows are grouped by person already, so the ids in sorted order are the ids as
      // they are (the permutation only moves rows within a person): `pid` itself is returned. Several
      // runs: the merge's spare buffer takes the gathered ids (no third array of n at the peak).
      if (runs.length === 1) return { perm: within, pid };
      const { perm, spare } = mergeRuns(pid, month, runs, within);
      for (let i = 0; i < n; i++) spare[i] = pid[perm[i]];
      return { perm, pid: spare };
    }
  }
  let rA = new Int32Array(n);
  for (let i = 0; i < n; i++) rA[i] = i;
  let rB = new Int32Array(n);
  const count = new Int32Array(257);
  // Month digits: keys looked up through the current order (none when the rows are in month order).
  for (let s = 0; !monthInOrder && (s === 0 || maxOff >>> s > 0); s += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(((month[rA[i]] - minMonth) >>> s) & 255) + 1]++;
    if (n === 0 || count[(((month[rA[0]] - minMonth) >>> s) & 255) + 1] === n) continue; // one bucket: nothing to do
    for (let d = 1; d < 257; d++) count[d] += count[d - 1];
    for (let i = 0; i < n; i++) {
      const r = rA[i];
      rB[count[((month[r] - minMonth) >>> s) & 255]++] = r;
    }
    [rA, rB] = [rB, rA];
  }
  // Person-id digits: the ids travel with the rows so that every pass reads sequentially.
  let pA = new Int32Array(n);
  for (let i = 0; i < n; i++) pA[i] = pid[rA[i]];
  let pB = new Int32Array(n);
  for (let s = 0; s === 0 || (s < 32 && maxPid >>> s > 0); s += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((pA[i] >>> s) & 255) + 1]++;
    if (n === 0 || count[((pA[0] >>> s) & 255) + 1] === n) continue;
    for (let d = 1; d < 257; d++) count[d] += count[d - 1];
    for (let i = 0; i < n; i++) {
      const j = count[(pA[i] >>> s) & 255]++;
      rB[j] = rA[i];
      pB[j] = pA[i];
    }
    [rA, rB] = [rB, rA];
    [pA, pB] = [pB, pA];
  }
  return { perm: rA, pid: pA };
}

/** Runs of non-decreasing person ids that are merged rather than radix-sorted. */
const MAX_RUNS = 16;

/**
 * Bottom-up stable merge of the runs of `order` starting at `starts` (each run's rows in (person,
 * month) order) into one permutation; ties are taken from the earlier run, so the result is the
 * stable sort. Also returns the other buffer of the ping-pong (free for the caller to reuse).
 */
function mergeRuns(pid: Int32Array, month: Int32Array | Uint16Array, starts: number[], order: Int32Array): { perm: Int32Array; spare: Int32Array } {
  const n = pid.length;
  let a: Int32Array = order;
  let b: Int32Array = new Int32Array(n);
  let bounds = [...starts, n];
  while (bounds.length > 2) {
    const next: number[] = [];
    for (let r = 0; r < bounds.length - 1; r += 2) {
      const lo = bounds[r];
      next.push(lo);
      if (r + 2 >= bounds.length) {
        b.set(a.subarray(lo, n), lo);
        continue;
      }
      const mid = bounds[r + 1];
      const hi = bounds[r + 2];
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const x = a[i];
        const y = a[j];
        if (pid[y] < pid[x] || (pid[y] === pid[x] && month[y] < month[x])) {
          b[k++] = y;
          j++;
        } else {
          b[k++] = x;
          i++;
        }
      }
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    next.push(n);
    bounds = next;
    [a, b] = [b, a];
  }
  return { perm: a, spare: b };
}

/**
 * The stable order by month within each stretch of rows of one person (consecutive equal ids), by
 * insertion sort on the row numbers; null when that would move more than 4 rows per row (a person's
 * months far out of order), so that the caller's O(n) radix sort takes over.
 */
function monthsWithinPersons(pid: Int32Array, month: Int32Array | Uint16Array): Int32Array | null {
  const n = pid.length;
  const perm = new Int32Array(n);
  let budget = 4 * n;
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && pid[i] !== pid[i - 1]) start = i;
    const m = month[i];
    let j = i;
    // shift the rows of this person with a later month one place up (strictly later: stable)
    while (j > start && month[perm[j - 1]] > m) {
      perm[j] = perm[j - 1];
      j--;
      if (--budget < 0) return null;
    }
    perm[j] = i;
  }
  return perm;
}

/**
 * Put the rows of `columns` (all of length n) in the order of `perm` in place: afterwards
 * column[i] holds what column[perm[i]] held. Cycle by cycle (one pass over perm, a bit per row to
 * mark the rows done), so sorting a national-scale extract allocates n/8 bytes instead of a second
 * copy of every column; every column moves in the same walk.
 */
export function permuteInPlace(perm: Int32Array, columns: (Int32Array | Uint16Array | Uint8Array)[]): void {
  const n = perm.length;
  const done = new Uint8Array((n >> 3) + 1);
  const m = columns.length;
  const tmp = new Float64Array(m);
  for (let start = 0; start < n; start++) {
    if (done[start >> 3] & (1 << (start & 7))) continue;
    let j = start;
    let k = perm[j];
    done[j >> 3] |= 1 << (j & 7);
    if (k === start) continue;
    for (let c = 0; c < m; c++) tmp[c] = columns[c][start];
    while (k !== start) {
      for (let c = 0; c < m; c++) columns[c][j] = columns[c][k];
      j = k;
      done[j >> 3] |= 1 << (j & 7);
      k = perm[j];
    }
    for (let c = 0; c < m; c++) columns[c][j] = tmp[c];
  }
}

/** Gather `src` in the order of `perm` into a new array of the same type. */
export function gather<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(src: T, perm: Int32Array): T {
  const out = new (src.constructor as new (n: number) => T)(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = src[perm[i]];
  return out;
}
