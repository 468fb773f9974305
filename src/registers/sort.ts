/**
 * Sorting person-month rows by (person, month) once, with an LSD radix sort on the integer keys:
 * 8-bit digits (256 buckets keep the scatter cache-friendly), month offset first, then the person
 * id byte by byte; passes whose digit is the same for every row are skipped. The ids travel with
 * the row numbers so the id passes read sequentially. O(n), stable, no comparisons, typed arrays
 * only, 16 bytes per row. Extracts that are already in (person, month) order — as registers often
 * deliver them — are recognised in the pass that checks the months, and then not sorted at all (a
 * stable sort of sorted rows is the identity).
 */

/** Permutation that sorts rows by (pid, month). Months must lie in [minMonth, minMonth + 65535]. */
export function sortPersonMonth(pid: Int32Array, month: Int32Array, minMonth: number): Int32Array {
  return sortByPersonMonth(pid, month, minMonth).perm;
}

/**
 * The permutation that sorts rows by (pid, month), and the person ids in that order. Memory: four
 * Int32 arrays of n (permutation and ids, each double-buffered); the month keys are read through
 * the permutation (the first, usually only, month pass reads them in file order). Rows already in
 * order give the identity and the input ids themselves.
 */
export function sortByPersonMonth(pid: Int32Array, month: Int32Array, minMonth: number): { perm: Int32Array; pid: Int32Array } {
  const n = pid.length;
  let maxOff = 0;
  let maxPid = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const d = month[i] - minMonth;
    if (d < 0 || d > 65535) throw new RangeError(`month offset ${d} outside 0..65535`);
    if (d > maxOff) maxOff = d;
    if (pid[i] > maxPid) maxPid = pid[i];
    if (sorted && i > 0 && (pid[i] < pid[i - 1] || (pid[i] === pid[i - 1] && month[i] < month[i - 1]))) sorted = false;
  }
  let rA = new Int32Array(n);
  for (let i = 0; i < n; i++) rA[i] = i;
  if (sorted) return { perm: rA, pid };
  let rB = new Int32Array(n);
  const count = new Int32Array(257);
  // Month digits: keys looked up through the current order.
  for (let s = 0; s === 0 || maxOff >>> s > 0; s += 8) {
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

/** Gather `src` in the order of `perm` into a new array of the same type. */
export function gather<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(src: T, perm: Int32Array): T {
  const out = new (src.constructor as new (n: number) => T)(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = src[perm[i]];
  return out;
}
