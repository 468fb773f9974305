/**
 * Sorting for the risk-set walks: a stable LSD radix argsort of Float64 keys (O(n), no comparator
 * calls, so 5 million rows sort in a fraction of a second) and a stable counting sort by stratum.
 */

/** Indices that put `keys` in ascending order (stable; NaN is not expected). */
export function argsortFloat64(keys: Float64Array): Uint32Array {
  const n = keys.length;
  // Map each double to an unsigned 64-bit pattern whose unsigned order is the numeric order:
  // flip all bits of negatives, flip the sign bit of non-negatives.
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < n; i++) {
    view.setFloat64(0, keys[i] === 0 ? 0 : keys[i]); // -0 → +0
    let h = view.getUint32(0);
    let l = view.getUint32(4);
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  let idx = new Uint32Array(n);
  let tmp = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const count = new Uint32Array(65536);
  // four 16-bit passes: low word then high word; skip a pass when every key shares the digit
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    let nonzero = 0;
    for (let b = 0; b < 65536; b++) if (count[b] > 0) nonzero++;
    if (nonzero <= 1) continue;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      tmp[count[(word[i] >>> shift) & 0xffff]++] = i;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}

/** Stable reorder of `order` by `strata[order[k]]` (codes 0..nstrata-1). */
export function stableByStratum(order: Uint32Array, strata: Int32Array, nstrata: number): Uint32Array {
  if (nstrata <= 1) return order;
  const count = new Uint32Array(nstrata + 1);
  for (let k = 0; k < order.length; k++) count[strata[order[k]] + 1]++;
  for (let s = 0; s < nstrata; s++) count[s + 1] += count[s];
  const out = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out[count[strata[i]]++] = i;
  }
  return out;
}
