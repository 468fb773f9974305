/**
 * Sorting person-month rows by (person, month) once, with an LSD radix sort on the integer keys:
 * 8-bit digits (256 buckets keep the scatter cache-friendly), month offset first, then the person
 * id byte by byte; passes whose digit is the same for every row are skipped. The ids travel with
 * the row numbers so the id passes read sequentially. O(n), stable, no comparisons, typed arrays
 * only, 16 bytes per row.
 *
 * Extracts often arrive in order already: written person by person (a data warehouse's
 * `ORDER BY person, month`, effekt's own simulate), or month by month (monthly stock files
 * appended). The pass that finds the key ranges also checks both orders, and
 *  - ids never decrease: the rows are grouped by person already, so only the months within each
 *    person need ordering — a stable insertion sort per person, O(n) when they are in order too
 *    (it gives up, and the radix sort runs, if it would move more than 4 rows per row);
 *  - months never decrease: the month passes would leave the order as it is (stable), so they
 *    are skipped.
 * Both give the very permutation the full radix sort gives: a stable sort by (person, month) is
 * unique.
 */

/** Permutation that sorts rows by (pid, month). Months must lie in [minMonth, minMonth + 65535]. */
export function sortPersonMonth(pid: Int32Array, month: Int32Array, minMonth: number): Int32Array {
  return sortByPersonMonth(pid, month, minMonth).perm;
}

/**
 * The permutation that sorts rows by (pid, month), and the person ids in that order. Memory: four
 * Int32 arrays of n (permutation and ids, each double-buffered); the month keys are read through
 * the permutation (the first, usually only, month pass reads them in file order).
 */
export function sortByPersonMonth(pid: Int32Array, month: Int32Array, minMonth: number): { perm: Int32Array; pid: Int32Array } {
  const n = pid.length;
  let maxOff = 0;
  let maxPid = 0;
  let pidInOrder = true;
  let monthInOrder = true;
  for (let i = 0; i < n; i++) {
    const d = month[i] - minMonth;
    if (d < 0 || d > 65535) throw new RangeError(`month offset ${d} outside 0..65535`);
    if (d > maxOff) maxOff = d;
    if (pid[i] > maxPid) maxPid = pid[i];
    if (i > 0) {
      if (pid[i] < pid[i - 1]) pidInOrder = false;
      if (month[i] < month[i - 1]) monthInOrder = false;
    }
  }
  if (pidInOrder) {
    const perm = monthsWithinPersons(pid, month);
    if (perm) return { perm, pid: Int32Array.from(pid) };
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

/**
 * Rows already grouped by person (ids non-decreasing): the stable order by month within each person,
 * by insertion sort on the row numbers; null when that would move more than 4 rows per row (a
 * person's months far out of order), so that the caller's O(n) radix sort takes over.
 */
function monthsWithinPersons(pid: Int32Array, month: Int32Array): Int32Array | null {
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

/** Gather `src` in the order of `perm` into a new array of the same type. */
export function gather<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(src: T, perm: Int32Array): T {
  const out = new (src.constructor as new (n: number) => T)(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = src[perm[i]];
  return out;
}
