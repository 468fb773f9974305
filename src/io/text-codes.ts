/**
 * Dictionary coding of DuckDB text vectors without a JS string per row.
 *
 * A DuckDB VARCHAR vector is an array of 16-byte `duckdb_string_t`: a little-endian uint32 length,
 * then either the bytes themselves (length ≤ 12, "inlined", zero-padded) or a 4-byte prefix and a
 * pointer. Inlined strings — codes, months, flags: nearly every categorical column of a register
 * extract — are looked up by their four 32-bit words in an open-addressing hash table of typed
 * arrays; only a value not seen before in the batch is decoded to a JS string (once). Longer strings
 * are decoded and looked up in a Map. Codes are per batch: 0..levels.length−1, −1 for a missing cell.
 *
 * Hazard: the padding bytes of an inlined string are masked by its length, so a producer that
 * leaves garbage after the string cannot split one value into two codes.
 */
import bindings from "@duckdb/node-bindings";

const decoder = new TextDecoder("utf-8", { fatal: false });
/** Masks of the bytes of word w (0..2) that belong to a string of length len ≤ 12. */
function wordMask(len: number, w: number): number {
  const k = Math.max(0, Math.min(4, len - 4 * w));
  return k === 4 ? -1 : (1 << (8 * k)) - 1;
}
const MASKS = Int32Array.from({ length: 13 * 3 }, (_, i) => wordMask(Math.floor(i / 3), i % 3));

/** Codes and levels of one batch of a text column. */
export class TextCoder {
  levels: string[] = [];
  private cap = 0;
  private keyLen = new Int32Array(0);
  private k1 = new Int32Array(0);
  private k2 = new Int32Array(0);
  private k3 = new Int32Array(0);
  private code = new Int32Array(0);
  private long = new Map<string, number>();

  constructor() {
    this.reset();
  }

  /** Start a new batch (levels and table emptied). */
  reset(): void {
    this.levels = [];
    this.long.clear();
    this.alloc(1024);
  }

  private alloc(cap: number): void {
    this.cap = cap;
    this.keyLen = new Int32Array(cap).fill(-1);
    this.k1 = new Int32Array(cap);
    this.k2 = new Int32Array(cap);
    this.k3 = new Int32Array(cap);
    this.code = new Int32Array(cap);
  }

  private grow(): void {
    const { keyLen, k1, k2, k3, code, cap } = this;
    this.alloc(cap * 2);
    for (let s = 0; s < cap; s++) if (keyLen[s] >= 0) this.insert(keyLen[s], k1[s], k2[s], k3[s], code[s]);
  }

  private insert(len: number, a: number, b: number, c: number, v: number): void {
    const mask = this.cap - 1;
    let s = hash(len, a, b, c) & mask;
    while (this.keyLen[s] >= 0) s = (s + 1) & mask;
    this.keyLen[s] = len;
    this.k1[s] = a;
    this.k2[s] = b;
    this.k3[s] = c;
    this.code[s] = v;
  }

  /**
   * Code rows [0, m) of VARCHAR vector `vec` into out[offset…] (−1 = missing).
   * `vec` is a raw vector of @duckdb/node-bindings.
   */
  codeVector(vec: ReturnType<typeof bindings.data_chunk_get_vector>, m: number, out: Int32Array, offset: number): void {
    const bytes = bindings.vector_get_data(vec, m * 16);
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const words = new Int32Array(aligned.buffer, aligned.byteOffset, m * 4);
    const validity = bindings.vector_get_validity(vec, Math.ceil(m / 64) * 8);
    for (let i = 0; i < m; i++) {
      if (validity && !(validity[i >> 3] & (1 << (i & 7)))) {
        out[offset + i] = -1;
        continue;
      }
      const len = words[4 * i];
      if (len > 12) {
        const s = decoder.decode(bindings.get_data_from_pointer(bytes.buffer as ArrayBuffer, bytes.byteOffset + 16 * i + 8, len));
        let c = this.long.get(s);
        if (c === undefined) {
          c = this.levels.length;
          this.levels.push(s);
          this.long.set(s, c);
        }
        out[offset + i] = c;
        continue;
      }
      const a = words[4 * i + 1] & MASKS[3 * len];
      const b = words[4 * i + 2] & MASKS[3 * len + 1];
      const c = words[4 * i + 3] & MASKS[3 * len + 2];
      const mask = this.cap - 1;
      let s = hash(len, a, b, c) & mask;
      let found = -1;
      for (;;) {
        const l = this.keyLen[s];
        if (l < 0) break;
        if (l === len && this.k1[s] === a && this.k2[s] === b && this.k3[s] === c) {
          found = this.code[s];
          break;
        }
        s = (s + 1) & mask;
      }
      if (found < 0) {
        found = this.levels.length;
        this.levels.push(decoder.decode(bytes.subarray(16 * i + 4, 16 * i + 4 + len)));
        if (2 * (found + 1) > this.cap) this.grow();
        this.insert(len, a, b, c, found);
      }
      out[offset + i] = found;
    }
  }
}

function hash(len: number, a: number, b: number, c: number): number {
  let h = Math.imul(len ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ a, 0xcc9e2d51);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x1b873593);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
