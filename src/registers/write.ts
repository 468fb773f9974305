/** Writing outputs: Arrow IPC (streamed in batches, typed columns, dictionary-coded text) and CSV. */
import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import {
  Dictionary, Field, Float64, Int16, Int32, Int8, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Utf8,
  vectorFromArray, type DataType,
} from "apache-arrow";
import type { TypedOutColumn } from "../io/write-parquet.js";

/** A typed output column; text as codes into `levels`, code −1 = missing (shared with the Parquet writer). */
export type OutColumn = TypedOutColumn;

const BATCH = 1 << 20;
/** Bytes of written batches that may wait in the file stream's queue (about one part of spells-tv.arrow). */
const IN_FLIGHT = 128 << 20;

/**
 * Dictionary indices as narrow as the levels allow (Int8 up to 127 levels, Int16 up to 32 767): the
 * office, county, role, user-group, measure and sex columns take 1 byte a row instead of 4, which at
 * national scale is 2 GB less to write for spells-tv.arrow alone. Readers see the same text.
 */
function indexType(levels: number): Int8 | Int16 | Int32 {
  return levels <= 127 ? new Int8() : levels <= 32767 ? new Int16() : new Int32();
}

function typeOf(c: OutColumn): DataType {
  if (c.kind === "i32") return new Int32();
  if (c.kind === "i8") return new Int8();
  if (c.kind === "f64") return new Float64();
  return new Dictionary(new Utf8(), indexType(c.levels.length));
}

/** Codes as the index type's array (values fit: they are < the number of levels). */
function narrow(codes: Int32Array | Uint16Array | Uint8Array, type: Dictionary): Int8Array | Int16Array | Int32Array {
  const bits = (type.indices as Int8 | Int16 | Int32).bitWidth;
  if (bits === 32) return codes instanceof Int32Array ? codes : new Int32Array(codes);
  const out = bits === 8 ? new Int8Array(codes.length) : new Int16Array(codes.length);
  out.set(codes);
  return out;
}

/** Write columns (all of one length) to an Arrow IPC stream file. */
export async function writeArrow(file: string, cols: OutColumn[]): Promise<void> {
  return writeArrowParts(file, [cols]);
}

/**
 * Write a table given as consecutive parts (each a set of columns with the names, kinds and levels of
 * the first) to an Arrow IPC stream file: a table too large to hold whole (spells split by month at
 * national scale) is produced and written part by part.
 */
export async function writeArrowParts(file: string, parts: Iterable<OutColumn[]>): Promise<void> {
  const it = parts[Symbol.iterator]();
  let part = it.next();
  const first = part.done ? [] : part.value;
  const types = first.map(typeOf);
  const schema = new Schema(first.map((c, j) => new Field(c.name, types[j], true)));
  const dicts = first.map((c) => (c.kind === "dict" ? vectorFromArray(c.levels, new Utf8()) : undefined));
  const writer = new RecordBatchStreamWriter();
  const ws = createWriteStream(file);
  // A write error (disk full, read-only) is kept and thrown below, never an unhandled 'error' event.
  let failed: Error | undefined;
  ws.on("error", (e) => (failed ??= e));
  const rs = writer.toNodeStream();
  rs.pipe(ws);
  let empty = true;
  for (; !part.done; part = it.next()) {
    const cols = part.value;
    const n = cols.length ? (cols[0].kind === "dict" ? cols[0].codes.length : cols[0].values.length) : 0;
    // An empty table is still written as one empty batch (readers then see the schema and 0 rows).
    if (n === 0 && !empty) continue;
    empty = false;
    for (let s = 0; s < Math.max(n, 1); s += BATCH) {
      const e = Math.min(n, s + BATCH);
      const len = e - s;
      const children = cols.map((c, j) => {
        if (c.kind === "dict") {
          const codes = c.codes.subarray(s, e);
          let nullCount = 0;
          for (let i = 0; i < len; i++) if (codes[i] < 0) nullCount++;
          if (!nullCount) return makeData({ type: types[j] as Dictionary, length: len, nullCount: 0, data: narrow(codes, types[j] as Dictionary), dictionary: dicts[j] });
          const bitmap = new Uint8Array((len + 7) >> 3);
          const data = new Int32Array(len);
          for (let i = 0; i < len; i++) {
            if (codes[i] >= 0) {
              bitmap[i >> 3] |= 1 << (i & 7);
              data[i] = codes[i];
            }
          }
          return makeData({ type: types[j] as Dictionary, length: len, nullCount, nullBitmap: bitmap, data: narrow(data, types[j] as Dictionary), dictionary: dicts[j] });
        }
        const part = c.values.subarray(s, e);
        const values = c.kind === "i8" ? new Int8Array(part) : c.kind === "i32" && !(part instanceof Int32Array) ? new Int32Array(part) : part;
        return makeData({ type: types[j] as never, length: len, nullCount: 0, data: values as never });
      });
      writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: len, nullCount: 0, children })));
      // Let the file stream drain so a national-scale table is never buffered whole, but keep up to
      // IN_FLIGHT bytes queued: the next part is built while this one is written (the file system
      // works on a thread of its own). The Arrow stream counts chunks (object mode), the file stream bytes.
      await new Promise((r) => setImmediate(r));
      while (!failed && (rs.readableLength > 0 || ws.writableLength > IN_FLIGHT)) await new Promise((r) => setTimeout(r, 1));
      if (failed) throw failed;
    }
  }
  writer.finish();
  if (!ws.writableFinished) await Promise.race([once(ws, "finish"), once(ws, "close")]);
  if (failed) throw failed;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write rows of plain objects as CSV (header from the first row's keys, or `header`). */
export function writeCsv(file: string, rows: Record<string, unknown>[], header?: string[]): void {
  const h = header ?? (rows.length ? Object.keys(rows[0]) : []);
  const lines = [h.join(","), ...rows.map((r) => h.map((k) => csvCell(r[k])).join(","))];
  writeFileSync(file, lines.join("\n") + "\n");
}
