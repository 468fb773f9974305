/** Writing outputs: Arrow IPC (streamed in batches, typed columns, dictionary-coded text) and CSV. */
import { writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import {
  Dictionary, Field, Float64, Int16, Int32, Int8, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Utf8,
  vectorFromArray, type DataType, type Vector,
} from "apache-arrow";
import type { TypedOutColumn } from "../io/write-parquet.js";

/** A typed output column; text as codes into `levels`, code −1 = missing (shared with the Parquet writer). */
export type OutColumn = TypedOutColumn;

const BATCH = 1 << 20;
/** What the writer's queue answers when it has nothing yet (see writeArrowParts). */
const NOT_YET = Symbol("not yet");
const NOW: Promise<typeof NOT_YET> = Promise.resolve(NOT_YET);
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

/** A new array of the dictionary's index type. */
function indexArray(type: Dictionary, n: number): Int8Array | Int16Array | Int32Array {
  const bits = (type.indices as Int8 | Int16 | Int32).bitWidth;
  return bits === 8 ? new Int8Array(n) : bits === 16 ? new Int16Array(n) : new Int32Array(n);
}

/**
 * Rows [s, e) of column c as Arrow data of type `type` (dictionary codes in the index type, −1 as
 * null; "i8" as Int8, "i32" widened to Int32 when kept narrower).
 */
function columnData(c: OutColumn, type: DataType, dict: Vector<Utf8> | undefined, s: number, e: number) {
  const len = e - s;
  if (c.kind === "dict") {
    const t = type as Dictionary;
    const codes = c.codes.subarray(s, e);
    let nullCount = 0;
    for (let i = 0; i < len; i++) if (codes[i] < 0) nullCount++;
    const wide = t.indices.bitWidth === 32 && codes instanceof Int32Array;
    if (!nullCount) {
      const data = wide ? codes : indexArray(t, len);
      if (!wide) data.set(codes); // values fit: they are < the number of levels
      return makeData({ type: t, length: len, nullCount: 0, data, dictionary: dict });
    }
    const bitmap = new Uint8Array((len + 7) >> 3);
    const data = indexArray(t, len);
    for (let i = 0; i < len; i++) {
      if (codes[i] >= 0) {
        bitmap[i >> 3] |= 1 << (i & 7);
        data[i] = codes[i];
      }
    }
    return makeData({ type: t, length: len, nullCount, nullBitmap: bitmap, data, dictionary: dict });
  }
  const slice = c.values.subarray(s, e);
  const values = c.kind === "i8" ? new Int8Array(slice) : c.kind === "i32" && !(slice instanceof Int32Array) ? new Int32Array(slice) : slice;
  return makeData({ type: type as never, length: len, nullCount: 0, data: values as never });
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
  // The IPC stream's bytes are written by a consumer of the writer's queue, concurrently with the
  // building of the next batches (the file system works on a thread of its own), at most IN_FLIGHT
  // bytes ahead. A write error (disk full, read-only) is kept and thrown from the building loop.
  const fh = await open(file, "w");
  let failed: Error | undefined;
  let queued = 0;
  let written = 0;
  const queue = (writer as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const consumer = (async () => {
    // Everything the writer has queued goes out in one writev (a batch's ~25 buffers and their
    // metadata in one call), while the next batch is being built.
    let pending = queue.next();
    for (;;) {
      const r = await pending;
      if (r.done) return;
      const chunks = [r.value];
      let bytes = r.value.byteLength;
      for (;;) {
        pending = queue.next();
        const x = await Promise.race([pending, NOW]);
        if (x === NOT_YET || x.done) break;
        chunks.push(x.value);
        bytes += x.value.byteLength;
      }
      if (!failed) await fh.writev(chunks);
      written += bytes;
    }
  })().catch((e: Error) => {
    failed ??= e;
  });
  try {
    let empty = true;
    for (; !part.done; part = it.next()) {
      const cols = part.value;
      const n = cols.length ? (cols[0].kind === "dict" ? cols[0].codes.length : cols[0].values.length) : 0;
      // An empty table is still written as one empty batch (readers then see the schema and 0 rows).
      if (n === 0 && !empty) continue;
      empty = false;
      for (let s = 0; s < Math.max(n, 1); s += BATCH) {
        const e = Math.min(n, s + BATCH);
        const children = cols.map((c, j) => columnData(c, types[j], dicts[j], s, e));
        writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: e - s, nullCount: 0, children })));
        for (const c of children) for (const b of [c.values, c.nullBitmap]) queued += b?.byteLength ?? 0;
        // The consumer takes this batch's bytes now; a national-scale table is never buffered whole:
        // wait while more than IN_FLIGHT bytes are waiting to be written (the next part is built meanwhile).
        await new Promise((r) => setImmediate(r));
        while (!failed && queued - written > IN_FLIGHT) await new Promise((r) => setTimeout(r, 1));
        if (failed) throw failed;
      }
    }
    writer.finish();
    await consumer;
  } catch (e) {
    writer.abort(e);
    await consumer;
    throw e;
  } finally {
    await fh.close();
  }
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
