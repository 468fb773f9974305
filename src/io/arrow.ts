/**
 * Arrow IPC input (apache-arrow; DuckDB's npm build cannot read IPC without downloading an
 * extension). Columns are converted from their storage buffers chunk by chunk, with the types
 * taken at their word:
 *   Int8–32, Float → numbers; Int64/Uint64 → numbers, an error at or beyond 2^53 (not exact);
 *   Bool → 1/0; Decimal(p, s) → unscaled integer / 10^s (two's complement over 32-bit words);
 *   Date32 (days) and Date64 (ms) → days since 1970-01-01;
 *   Timestamp with a zone → the day in Europe/Oslo of the instant; without a zone → the wall-clock day;
 *   Dictionary → its values (text); everything else → text.
 * Missing cells (validity bit 0) become NaN / null.
 */
import { readFileSync } from "node:fs";
import { type Data, type Table as ArrowTable, tableFromIPC, Type, DateUnit, TimeUnit, Vector as ArrowVector } from "apache-arrow";
import { InputError } from "../errors.js";
import { isoDay, osloDay, wallClockDay } from "./oslo-day.js";
import type { ReadOptions } from "./read-options.js";
import { type Column, type DataTable, makeTable } from "./table.js";

const TWO53 = 2 ** 53;
const TWO32 = 2 ** 32;

/** Read an Arrow IPC file or stream (.arrow, .feather, .ipc). */
export function readArrow(file: string, opts: ReadOptions = {}): DataTable {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  let t: ArrowTable;
  try {
    t = tableFromIPC(buf);
  } catch (e) {
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
  try {
    return fromArrowTable(t, file, opts);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
}

function isValid(d: Data, i: number): boolean {
  if (!d.nullBitmap || d.nullCount === 0) return true;
  const j = d.offset + i;
  return (d.nullBitmap[j >> 3] & (1 << (j & 7))) !== 0;
}

/** Convert an apache-arrow Table to a DataTable. */
export function fromArrowTable(t: ArrowTable, source = "<arrow>", opts: ReadOptions = {}): DataTable {
  const names = t.schema.fields.map((f) => f.name);
  const wanted = opts.columns ? [...new Set(opts.columns)] : names;
  for (const w of wanted) {
    if (!names.includes(w)) throw new InputError(`no such column (columns are: ${names.join(", ")})`, { file: source, column: w });
  }
  const cols: Column[] = wanted.map((name) => {
    const vec = t.getChild(name)!;
    const col = convert(name, vec.data as Data[], vec.length, source);
    if (opts.dates === "text" && col.type === "number" && isDateLike(vec.type.typeId)) {
      return { name, type: "string", values: Array.from(col.values, (d) => (Number.isNaN(d) ? null : isoDay(d))) };
    }
    return col;
  });
  const out = makeTable(source, cols);
  return cols.length ? out : { ...out, nrows: t.numRows };
}

function isDateLike(typeId: Type): boolean {
  return typeId === Type.Date || typeId === Type.Timestamp;
}

function convert(name: string, chunks: Data[], n: number, file: string): Column {
  const type = chunks[0]?.type;
  const typeId = type?.typeId;
  const numeric =
    typeId === Type.Int || typeId === Type.Float || typeId === Type.Bool || typeId === Type.Decimal || isDateLike(typeId);
  if (!numeric) {
    const values: (string | null)[] = new Array(n);
    let k = 0;
    for (const d of chunks) {
      for (let i = 0; i < d.length; i++) {
        const v = isValid(d, i) ? getValue(d, i) : null;
        values[k++] = v === null || v === undefined ? null : String(v);
      }
    }
    return { name, type: "string", values };
  }
  const values = new Float64Array(n);
  let k = 0;
  for (const d of chunks) {
    const base = k;
    fillNumbers(d, values, base, name, file);
    if (d.nullCount > 0) for (let i = 0; i < d.length; i++) if (!isValid(d, i)) values[base + i] = NaN;
    k += d.length;
  }
  return { name, type: "number", values };
}

function getValue(d: Data, i: number): unknown {
  return makeGetter(d)(i);
}

/** Value getter of one chunk (a single-chunk Vector is the public way to decode text, dictionaries, nested types). */
const getters = new WeakMap<Data, (i: number) => unknown>();
function makeGetter(d: Data): (i: number) => unknown {
  let g = getters.get(d);
  if (!g) {
    const vec = new ArrowVector([d]);
    g = (i: number) => vec.get(i);
    getters.set(d, g);
  }
  return g;
}

/** 64-bit integer at index i of a little-endian Int32 view (lo unsigned, hi signed or unsigned). */
function int64At(w: Int32Array, i: number, signed: boolean): number {
  const lo = w[2 * i] >>> 0;
  const hi = signed ? w[2 * i + 1] : w[2 * i + 1] >>> 0;
  return hi * TWO32 + lo;
}

function fillNumbers(d: Data, out: Float64Array, base: number, name: string, file: string): void {
  const type = d.type;
  const m = d.length;
  const off = d.offset;
  const buf = d.values as ArrayLike<number> & { buffer: ArrayBuffer; byteOffset: number; byteLength: number; length: number };
  const tooBig = (i: number, v: number) => {
    if (isValid(d, i)) throw new InputError("whole number too large to be held exactly (beyond 2^53 = 9007199254740992)", { file, column: name, row: base + i + 1 });
  };
  switch (type.typeId) {
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
      if (bitWidth < 64) {
        for (let i = 0; i < m; i++) out[base + i] = buf[off + i];
        return;
      }
      const w = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
      for (let i = 0; i < m; i++) {
        const v = int64At(w, off + i, isSigned);
        if (Math.abs(v) >= TWO53) tooBig(i, v);
        out[base + i] = v;
      }
      return;
    }
    case Type.Float: {
      const { precision } = type as unknown as { precision: number };
      if (precision === 0) {
        const g = makeGetter(d);
        for (let i = 0; i < m; i++) out[base + i] = Number(g(i));
      } else for (let i = 0; i < m; i++) out[base + i] = buf[off + i];
      return;
    }
    case Type.Bool: {
      const bits = d.values as Uint8Array;
      for (let i = 0; i < m; i++) {
        const j = off + i;
        out[base + i] = (bits[j >> 3] >> (j & 7)) & 1;
      }
      return;
    }
    case Type.Decimal: {
      const { scale, bitWidth } = type as unknown as { scale: number; bitWidth: number };
      const words = bitWidth / 32;
      const w = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
      const div = 10 ** scale;
      for (let i = 0; i < m; i++) {
        const at = (off + i) * words;
        let v = (w[at + words - 1] | 0) as number; // top word signed (two's complement)
        for (let k = words - 2; k >= 0; k--) v = v * TWO32 + w[at + k];
        out[base + i] = scale >= 0 ? v / div : v * 10 ** -scale;
      }
      return;
    }
    case Type.Date: {
      const { unit } = type as unknown as { unit: DateUnit };
      if (unit === DateUnit.DAY) {
        for (let i = 0; i < m; i++) out[base + i] = buf[off + i];
      } else {
        const w = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
        for (let i = 0; i < m; i++) out[base + i] = wallClockDay(int64At(w, off + i, true));
      }
      return;
    }
    case Type.Timestamp: {
      const { unit, timezone } = type as unknown as { unit: TimeUnit; timezone?: string | null };
      const perMs = unit === TimeUnit.SECOND ? 1e-3 : unit === TimeUnit.MILLISECOND ? 1 : unit === TimeUnit.MICROSECOND ? 1e3 : 1e6;
      const w = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
      const toDay = timezone ? osloDay : wallClockDay;
      for (let i = 0; i < m; i++) out[base + i] = toDay(Math.floor(int64At(w, off + i, true) / perMs));
      return;
    }
    default:
      throw new Error(`unexpected type ${String(type)}`);
  }
}
