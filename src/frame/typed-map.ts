/**
 * Row-by-row maps into new typed arrays. `Int32Array.from(values, fn)` looks the same but V8 runs it
 * through the iterator protocol with a call per element: 615 ms for 10 million rows, against 40 ms for
 * this loop (measured, Node 20). Use these for anything with a row per person or spell.
 */
export function mapInt32<T>(values: ArrayLike<T>, f: (v: T, i: number) => number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = f(values[i], i);
  return out;
}

export function mapUint8<T>(values: ArrayLike<T>, f: (v: T, i: number) => number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = f(values[i], i);
  return out;
}

export function mapFloat64<T>(values: ArrayLike<T>, f: (v: T, i: number) => number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = f(values[i], i);
  return out;
}
