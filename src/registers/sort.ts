/**
 * Sorting person-month rows by (person, month) once, with an LSD radix sort on the integer keys:
 * 8-bit digits (256 buckets keep the scatter cache-friendly), month offset first, then the person
 * id byte by byte; passes whose digit is the same for every row are skipped. Keys travel with the
 * row numbers so every pass reads sequentially. O(n), stable, no comparisons, typed arrays only.
 */

/** Permutation that sorts rows by (pid, month). Months must lie in [minMonth, minMonth + 65535]. */
export function sortPersonMonth(pid: Int32Array, month: Int32Array, minMonth: number): Int32Array {
  const n = pid.length;
  let maxOff = 0;
  let maxPid = 0;
  for (let i = 0; i < n; i++) {
    const d = month[i] - minMonth;
    if (d < 0 || d > 65535) throw new RangeError(`month offset ${d} outside 0..65535`);
    if (d > maxOff) maxOff = d;
    if (pid[i] > maxPid) maxPid = pid[i];
  }
  // Row, pid and month move together between the two buffers.
  let rA = new Int32Array(n);
  let pA = Int32Array.from(pid);
  let mA = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rA[i] = i;
    mA[i] = month[i] - minMonth;
  }
  let rB = new Int32Array(n);
  let pB = new Int32Array(n);
  let mB = new Int32Array(n);
  const count = new Int32Array(257);
  const passes: [key: "m" | "p", shift: number][] = [];
  for (let s = 0; s === 0 || maxOff >>> s > 0; s += 8) passes.push(["m", s]);
  for (let s = 0; s === 0 || (s < 32 && maxPid >>> s > 0); s += 8) passes.push(["p", s]);
  for (const [key, shift] of passes) {
    const K = key === "m" ? mA : pA;
    count.fill(0);
    for (let i = 0; i < n; i++) count[((K[i] >>> shift) & 255) + 1]++;
    if (count[((K[0] >>> shift) & 255) + 1] === n) continue; // one bucket: nothing to do
    for (let d = 1; d < 257; d++) count[d] += count[d - 1];
    for (let i = 0; i < n; i++) {
      const j = count[(K[i] >>> shift) & 255]++;
      rB[j] = rA[i];
      pB[j] = pA[i];
      mB[j] = mA[i];
    }
    [rA, rB] = [rB, rA];
    [pA, pB] = [pB, pA];
    [mA, mB] = [mB, mA];
  }
  return rA;
}

/** Gather `src` in the order of `perm` into a new array of the same type. */
export function gather<T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(src: T, perm: Int32Array): T {
  const out = new (src.constructor as new (n: number) => T)(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = src[perm[i]];
  return out;
}
