/**
 * Sorting for the risk-set walks: a stable LSD radix argsort of Float64 keys (O(n), no comparator
 * calls, so 5 million rows sort in a fraction of a second) and a stable counting sort by stratum.
 * Keys already in order give the identity after one check. Whole-number keys within a range not
 * much larger than n (times in days) take a stable counting sort instead: one pass to check and count, one to place (5M days: about 0.05 s instead of 0.3 s
 * for three radix passes). Both are stable, so both give the same order.
 */

/** Radix digits of the high 32 bits of a key: 3 passes of 11, 11 and 10 bits (2048 buckets: the
 * scatter targets stay in cache, where 65536 buckets thrash it at millions of rows). */
const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
const PASSES = 3;

/**
 * The stable order of whole-number keys whose range max − min + 1 is at most max(2^16, 2n), by a
 * counting sort; undefined when a key is not a whole number or the range is wider.
 */
function countingArgsort(keys: Float64Array): Uint32Array | undefined {
  const n = keys.length;
  if (n === 0) return new Uint32Array(0);
  let lo = keys[0];
  let hi = keys[0];
  for (let i = 0; i < n; i++) {
    const v = keys[i];
    if (v !== Math.floor(v)) return undefined; // a fraction or NaN (±Infinity makes the range infinite or NaN below)
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  const range = hi - lo + 1;
  if (!(range <= Math.max(1 << 16, 2 * n))) return undefined;
  const count = new Uint32Array(range + 1);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < n; i++) count[keys[i] - lo + 1]++;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let b = 0; b < range; b++) count[b + 1] += count[b];
  const idx = new Uint32Array(n);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < n; i++) idx[count[keys[i] - lo]++] = i;
  return idx;
}

/**
 * Keys already in ascending order (rows a caller has sorted, e.g. a Cox model's time column): their
 * stable order is the identity, found in one read pass; undefined otherwise (or with a NaN).
 */
function identityIfSorted(keys: Float64Array, out?: Uint32Array<ArrayBufferLike>): Uint32Array | undefined {
  const n = keys.length;
  for (let i = 1; i < n; i++) if (!(keys[i] >= keys[i - 1])) return undefined;
  const idx = out?.length === n ? out : new Uint32Array(n);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx;
}

/**
 * Indices that put `keys` in ascending order (stable; NaN is not expected).
 * Each double is mapped to an unsigned 64-bit key (hi, lo) whose order is the numeric order; an LSD
 * radix sort on hi (3 passes; a pass whose digit every key shares is skipped) carries idx, hi and lo,
 * and each run of equal hi — a few rows for continuous values: hi holds sign, exponent and 20
 * mantissa bits — is then put in order of lo, stably. Half the passes of a sort on all 64 bits, and
 * the same order: ascending (hi, lo), ties in input order.
 * `scratch`: up to five arrays of n entries the radix sort may use as its working arrays (their
 * contents are overwritten), and a sixth to return the order in, so that a caller about to fill
 * large buffers anyway makes no garbage.
 */
export function argsortFloat64(keys: Float64Array, scratch: Uint32Array<ArrayBufferLike>[] = []): Uint32Array {
  const inOrder = identityIfSorted(keys, scratch[5]);
  if (inOrder) return inOrder;
  const counted = countingArgsort(keys);
  if (counted) return counted;
  const n = keys.length;
  type Words = Uint32Array<ArrayBufferLike>;
  const work = (slot: number): Words => (scratch[slot]?.length === n ? scratch[slot] : new Uint32Array(n));
  // flip all bits of negatives, flip the sign bit of non-negatives
  const lo = work(0);
  const hi = work(1);
  const bits = new Uint32Array(2);
  const f64 = new Float64Array(bits.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const H = little ? 1 : 0;
  const count = new Uint32Array(PASSES * BUCKETS);
  for (let i = 0; i < n; i++) {
    f64[0] = keys[i] === 0 ? 0 : keys[i]; // -0 → +0
    let h = bits[H];
    let l = bits[1 - H];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    count[h & MASK]++;
    count[BUCKETS + ((h >>> BITS) & MASK)]++;
    count[2 * BUCKETS + (h >>> (2 * BITS))]++;
  }
  // the keys travel with the indices, so every pass reads its input in order
  const out = work(5);
  let idx: Words = out;
  let tmp = work(2);
  let khi = hi;
  let klo = lo;
  let thi = work(3);
  let tlo = work(4);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let pass = 0; pass < PASSES; pass++) {
    const c = count.subarray(pass * BUCKETS, (pass + 1) * BUCKETS);
    let nonzero = 0;
    // Stryker disable next-line EqualityOperator: equivalent — `b <= BUCKETS` reads c[BUCKETS] (undefined, not > 0); `nonzero <= 2` counts up to 3, and the pass is skipped only for nonzero <= 1 either way
    for (let b = 0; b < BUCKETS && nonzero < 2; b++)
      if (c[b] > 0) nonzero++;
    if (nonzero <= 1) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const v = c[b];
      c[b] = sum;
      sum += v;
    }
    const shift = pass * BITS;
    for (let k = 0; k < n; k++) {
      const h = khi[k];
      const at = c[(h >>> shift) & MASK]++;
      tmp[at] = idx[k];
      thi[at] = h;
      tlo[at] = klo[k];
    }
    [idx, tmp] = [tmp, idx];
    [khi, thi] = [thi, khi];
    [klo, tlo] = [tlo, klo];
  }
  for (let a = 0; a < n; ) {
    const h = khi[a];
    let b = a + 1;
    while (b < n && khi[b] === h) b++;
    if (b - a > 1) orderRunByLo(idx, klo, a, b);
    a = b;
  }
  if (idx !== out) out.set(idx);
  return out;
}

/** Stable order of positions [a, b) (in input order now) by lo: insertion sort for short runs. */
function orderRunByLo(idx: Uint32Array<ArrayBufferLike>, lo: Uint32Array<ArrayBufferLike>, a: number, b: number): void {
  let sorted = true;
  for (let i = a + 1; i < b && sorted; i++) if (lo[i] < lo[i - 1]) sorted = false;
  if (sorted) return; // e.g. a run of equal keys
  if (b - a <= 64) {
    for (let i = a + 1; i < b; i++) {
      const l = lo[i];
      const x = idx[i];
      let j = i;
      for (; j > a && lo[j - 1] > l; j--) {
        lo[j] = lo[j - 1];
        idx[j] = idx[j - 1];
      }
      lo[j] = l;
      idx[j] = x;
    }
    return;
  }
  // a long run (many keys within 2^-20 of each other, relative): by (lo, input index)
  const at = Array.from({ length: b - a }, (_, r) => a + r);
  at.sort((u, v) => lo[u] - lo[v] || idx[u] - idx[v]);
  const l2 = at.map((u) => lo[u]);
  const i2 = at.map((u) => idx[u]);
  for (let r = 0; r < b - a; r++) {
    lo[a + r] = l2[r];
    idx[a + r] = i2[r];
  }
}

/** Stable reorder of `order` by `strata[order[k]]` (codes 0..nstrata-1). */
export function stableByStratum(order: Uint32Array, strata: Int32Array, nstrata: number): Uint32Array {
  if (nstrata <= 1) return order;
  const count = new Uint32Array(nstrata + 1);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let k = 0; k < order.length; k++) count[strata[order[k]] + 1]++;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let s = 0; s < nstrata; s++) count[s + 1] += count[s];
  const out = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out[count[strata[i]]++] = i;
  }
  return out;
}
