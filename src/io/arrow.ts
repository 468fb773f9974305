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
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type * as ArrowLib from "apache-arrow";
import type { Data, DataType, DateUnit, Table as ArrowTable, TimeUnit, Type, Vector as ArrowVector } from "apache-arrow";
import { InputError } from "../errors.js";
import { isoDay, osloDay, wallClockDay } from "./oslo-day.js";
import type { ReadOptions } from "./read-options.js";
import { type Column, type DataTable, makeTable } from "./table.js";

let lib: typeof ArrowLib | undefined;
/**
 * apache-arrow, loaded when first needed and with require (its CommonJS build): a CSV or Parquet read
 * never loads it, and Node's ES loader takes about twice the CPU for its ES build's hundreds of
 * modules (measured 0.11 s against 0.06 s). Tables of either build are read: everything here goes by
 * type ids (numbers, the same in both) and by the table's own Vector class.
 */
function arrowLib(): typeof ArrowLib {
  return (lib ??= createRequire(import.meta.url)("apache-arrow") as typeof ArrowLib);
}

const TWO53 = 2 ** 53;
const TWO32 = 2 ** 32;

/**
 * apache-arrow can exhaust memory on a corrupted file (a metadata length of billions): the file is
 * first parsed once in a worker thread with a memory cap and a time limit, over the same shared
 * bytes (no copy, the column buffers are views); only when that parse ends is it parsed here.
 */
const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
const { tableFromIPC } = require(workerData.arrow);
try {
  const t = tableFromIPC(new Uint8Array(workerData.bytes));
  for (const f of t.schema.fields) for (const d of t.getChild(f.name).data) void d.length;
  parentPort.postMessage({ ok: true });
} catch (e) {
  parentPort.postMessage({ ok: false, message: String(e && e.message || e) });
}`;

async function probe(bytes: SharedArrayBuffer, file: string): Promise<void> {
  const arrow = createRequire(import.meta.url).resolve("apache-arrow");
  const worker = new Worker(PROBE, { eval: true, workerData: { bytes, arrow }, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } });
  const outcome = await new Promise<{ ok: boolean; message?: string }>((resolve) => {
    // a valid file parses in well under a second per 100 MB (column buffers are views, not copies)
    const limit = 5_000 + (bytes.byteLength / 1e8) * 2_000;
    const timer = setTimeout(() => resolve({ ok: false, message: `reading it did not finish within ${Math.round(limit / 1000)} s` }), limit);
    worker.once("message", (m: { ok: boolean; message?: string }) => {
      clearTimeout(timer);
      resolve(m);
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, message: /memory|heap/i.test(e.message) ? "its metadata ask for more memory than the file could need" : e.message });
    });
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve({ ok: false, message: "reading it stopped" });
    });
  });
  await worker.terminate();
  if (!outcome.ok) throw new InputError(`not a valid Arrow IPC file: ${outcome.message}`, { file });
}

/** Read an Arrow IPC file or stream (.arrow, .feather, .ipc). */
export async function readArrow(file: string, opts: ReadOptions = {}): Promise<DataTable> {
  let buf: Uint8Array;
  try {
    const size = statSync(file).size;
    const shared = new SharedArrayBuffer(size);
    buf = new Uint8Array(shared);
    const fd = openSync(file, "r");
    try {
      for (let off = 0; off < size; ) {
        const n = readSync(fd, buf, off, Math.min(size - off, 1 << 30), off);
        if (n === 0) break;
        off += n;
      }
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  opts.log?.record(file, buf);
  await probe(buf.buffer as SharedArrayBuffer, file);
  let t: ArrowTable;
  try {
    t = arrowLib().tableFromIPC(buf);
  } catch (e) {
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
  if (t.schema.fields.length === 0) throw new InputError("not a valid Arrow IPC file: no columns (cut short?)", { file });
  for (const field of t.schema.fields) {
    for (const d of t.getChild(field.name)!.data as Data[]) checkChunk(d, field.name, file, buf.length);
  }
  try {
    return fromArrowTable(t, file, opts);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
}

/**
 * apache-arrow trusts the lengths in the file's metadata; a corrupted length would make effekt
 * allocate billions of rows. Each chunk must have the buffers its length needs.
 */
function checkChunk(d: Data, name: string, file: string, fileBytes: number): void {
  const { Type } = arrowLib();
  const need = d.offset + d.length;
  const bad = (why: string) =>
    new InputError(`not a valid Arrow IPC file: column "${name}" ${why} (cut short or corrupted)`, { file });
  if (!(d.length >= 0) || d.length > fileBytes * 8) throw bad(`says it has ${d.length} rows`);
  if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length * 8 < need) throw bad("has a validity bitmap shorter than its rows");
  const values = d.values as ArrayLike<unknown> | undefined;
  const typeId = d.type.typeId;
  switch (typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Timestamp:
    case Type.Decimal: {
      const stride = typeId === Type.Decimal ? (d.type as unknown as { bitWidth: number }).bitWidth / 32 : 1;
      if (!values || values.length < need * stride) throw bad(`says it has ${d.length} rows but its data hold fewer`);
      return;
    }
    case Type.Bool:
      if (!values || values.length * 8 < need) throw bad(`says it has ${d.length} rows but its data hold fewer`);
      return;
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Binary:
    case Type.LargeBinary: {
      const offsets = d.valueOffsets as ArrayLike<number | bigint> | undefined;
      if (!offsets || offsets.length < need + 1) throw bad(`says it has ${d.length} rows but its offsets hold fewer`);
      if (values && Number(offsets[need]) > values.length) throw bad("has text offsets beyond its data");
      return;
    }
    case Type.Dictionary: {
      if (!values || values.length < need) throw bad(`says it has ${d.length} rows but its indices hold fewer`);
      if (d.dictionary) for (const dd of d.dictionary.data as Data[]) checkChunk(dd, name, file, fileBytes);
      return;
    }
    default:
      return;
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
    const col = convert(name, vec.data as Data[], vec.length, source, vec.constructor as VectorClass);
    if (opts.dates === "text" && col.type === "number" && isDateLike((vec.type as DataType).typeId)) {
      return { name, type: "string", values: Array.from(col.values, (d) => (Number.isNaN(d) ? null : isoDay(d))) };
    }
    return col;
  });
  const out = makeTable(source, cols);
  return cols.length ? out : { ...out, nrows: t.numRows };
}

function isDateLike(typeId: Type): boolean {
  const { Type } = arrowLib();
  return typeId === Type.Date || typeId === Type.Timestamp;
}

/** The Vector class of the table's own apache-arrow build (a notebook's ES build or effekt's CommonJS one). */
type VectorClass = new (data: Data[]) => ArrowVector;

function convert(name: string, chunks: Data[], n: number, file: string, Vector: VectorClass): Column {
  const { Type } = arrowLib();
  const type = chunks[0]?.type;
  const typeId = type?.typeId;
  const numeric =
    typeId === Type.Int || typeId === Type.Float || typeId === Type.Bool || typeId === Type.Decimal || isDateLike(typeId);
  if (!numeric) {
    const values = new Array<string | null>(n);
    let k = 0;
    for (const d of chunks) {
      for (let i = 0; i < d.length; i++) {
        const v = isValid(d, i) ? makeGetter(d, Vector)(i) : null;
        values[k++] = v === null || v === undefined ? null : String(v);
      }
    }
    return { name, type: "string", values };
  }
  // one chunk of doubles without missing cells: its storage is the column, a view and not a copy (8
  // bytes a row less at the peak) — of the bytes effekt read from a file, or of a notebook's own Arrow
  // table; no estimator writes into its input columns
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only && typeId === Type.Float && only.nullCount === 0 && only.values instanceof Float64Array && only.values.length >= only.offset + n) {
    return { name, type: "number", values: only.values.subarray(only.offset, only.offset + n) };
  }
  const values = new Float64Array(n);
  let k = 0;
  for (const d of chunks) {
    const base = k;
    fillNumbers(d, values, base, name, file, Vector);
    if (d.nullCount > 0) for (let i = 0; i < d.length; i++) if (!isValid(d, i)) values[base + i] = NaN;
    k += d.length;
  }
  return { name, type: "number", values };
}

/** Value getter of one chunk (a single-chunk Vector is the public way to decode text, dictionaries, nested types). */
const getters = new WeakMap<Data, (i: number) => unknown>();
function makeGetter(d: Data, Vector: VectorClass): (i: number) => unknown {
  let g = getters.get(d);
  if (!g) {
    const vec = new Vector([d]);
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

function fillNumbers(d: Data, out: Float64Array, base: number, name: string, file: string, Vector: VectorClass): void {
  const { Type, DateUnit, TimeUnit } = arrowLib();
  const type = d.type;
  const m = d.length;
  const off = d.offset;
  const buf = d.values as ArrayLike<number> & { buffer: ArrayBuffer; byteOffset: number; byteLength: number; length: number };
  const tooBig = (i: number) => {
    if (isValid(d, i)) throw new InputError("whole number too large to be held exactly (beyond 2^53 = 9007199254740992)", { file, column: name, row: base + i + 1 });
  };
  switch (type.typeId) {
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: number; isSigned: boolean };
      if (bitWidth < 64) {
        // typed-array set converts natively (one call, not a loop over a value of any of eight array types)
        out.set((buf as unknown as Int32Array).subarray(off, off + m), base);
        return;
      }
      const w = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength >> 2);
      for (let i = 0; i < m; i++) {
        const v = int64At(w, off + i, isSigned);
        if (Math.abs(v) >= TWO53) tooBig(i);
        out[base + i] = v;
      }
      return;
    }
    case Type.Float: {
      const { precision } = type as unknown as { precision: number };
      if (precision === 0) {
        const g = makeGetter(d, Vector);
        for (let i = 0; i < m; i++) out[base + i] = Number(g(i));
      } else out.set((buf as unknown as Float64Array).subarray(off, off + m), base);
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
        let v = (w[at + words - 1] | 0); // top word signed (two's complement)
        for (let k = words - 2; k >= 0; k--) v = v * TWO32 + w[at + k];
        out[base + i] = scale >= 0 ? v / div : v * 10 ** -scale;
      }
      return;
    }
    case Type.Date: {
      const { unit } = type as unknown as { unit: DateUnit };
      if (unit === DateUnit.DAY) {
        out.set((buf as unknown as Int32Array).subarray(off, off + m), base);
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
