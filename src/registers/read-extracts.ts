/**
 * Reading the extracts: Arrow IPC is streamed record batch by record batch (national-scale files
 * never sit in memory as Arrow objects); Parquet and CSV are read through the same input layer as
 * every other file (DuckDB, --encoding/--delimiter/--decimal), streamed in batches of about a million
 * rows: numbers as typed arrays, text and dates ("YYYY-MM-DD") as per-batch dictionary codes, so no
 * JS value per row. Every column is checked against its schema on each batch.
 */
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { type DataType, RecordBatchReader, type Vector } from "apache-arrow";
import { InputError } from "../errors.js";
import type { ReadOptions } from "../io/read-options.js";
import { readTableBatches } from "../io/read-table.js";
import { sqlString, withDuckDB } from "../io/duckdb.js";
import { type ColView, viewArrow, viewBatchColumn } from "./columns.js";
import { EXTRACT_EXTENSIONS, type ExtractSchema } from "./schema.js";

export interface Batch {
  n: number;
  /** 0-based data row of the batch's first row in the file. */
  rowBase: number;
  names: string[];
  col(name: string): ColView | undefined;
}

/** The file of an extract in a folder (first of .arrow, .feather, .ipc, .parquet, .csv), or undefined. */
export function findExtract(dir: string, name: string): string | undefined {
  for (const ext of EXTRACT_EXTENSIONS) {
    const f = join(dir, name + ext);
    if (existsSync(f)) return f;
  }
  return undefined;
}

export function requireExtract(dir: string, schema: ExtractSchema): string {
  const f = findExtract(dir, schema.name);
  if (!f) {
    throw new InputError(`extract "${schema.name}" not found (looked for ${schema.name}{${EXTRACT_EXTENSIONS.join(",")}})`, {
      file: dir,
    });
  }
  return f;
}

/** Rows per batch of a streamed CSV or Parquet extract (memory: about 40 bytes per row and column). */
const BATCH_ROWS = 1 << 20;

function isArrow(file: string): boolean {
  return /\.(arrow|feather|ipc)$/i.test(file);
}

/**
 * Batches of a file; Arrow streamed, others whole. `read.log` records size and SHA-256 of exactly the
 * bytes parsed (an Arrow stream is hashed chunk by chunk as it is read, through to the end of the file).
 */
export async function* readBatches(file: string, read: ReadOptions = {}): AsyncGenerator<Batch> {
  const log = read.log;
  if (!isArrow(file)) {
    const opts = { encoding: read.encoding, delimiter: read.delimiter, decimal: read.decimal, log, dates: "text" as const };
    for await (const t of readTableBatches(file, opts, read.batchRows ?? BATCH_ROWS)) {
      yield { n: t.n, rowBase: t.rowBase, names: t.names, col: (name) => (t.columns.has(name) ? viewBatchColumn(t.columns.get(name)!) : undefined) };
    }
    return;
  }
  let reader: AsyncIterable<import("apache-arrow").RecordBatch>;
  const hash = log?.stream(file);
  const chunks = createReadStream(file)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const pull = async (): Promise<IteratorResult<Buffer>> => {
    const r = await chunks.next();
    if (!r.done) hash?.update(r.value);
    return r;
  };
  // Arrow stops at the end-of-stream marker; `return` is a no-op so the rest can be hashed below.
  const source: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => ({ next: pull, return: () => Promise.resolve({ done: true as const, value: undefined }) }),
  };
  try {
    reader = await RecordBatchReader.from(source);
  } catch (e) {
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
  let rowBase = 0;
  try {
    for await (const b of reader) {
      const names = b.schema.fields.map((f) => f.name);
      yield {
        n: b.numRows,
        rowBase,
        names,
        col: (name) => {
          const v = b.getChild(name);
          return v ? viewArrow(v as Vector<DataType>) : undefined;
        },
      };
      rowBase += b.numRows;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
  if (hash) {
    while (!(await pull()).done);
    hash.done();
  }
}

/**
 * The number of data rows of an extract when it is known without reading it (Parquet: from the
 * file's metadata), else undefined. The loaders size their columns with it (a national-scale
 * extract grown by doubling holds up to twice its size, then copies itself once more).
 */
export async function knownRowCount(file: string | undefined): Promise<number | undefined> {
  if (!file || !/\.parquet$/i.test(file)) return undefined;
  try {
    return await withDuckDB(async (con) => {
      const r = await con.runAndReadAll(`SELECT sum(num_rows) FROM parquet_file_metadata(${sqlString(file)})`);
      const n = Number(r.getRows()[0]?.[0]);
      return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
    });
  } catch {
    return undefined; // reading the file reports what is wrong with it
  }
}

/** Check a batch's columns against the schema: required columns present (cell types are checked row by row). */
export function checkColumns(batch: Batch, schema: ExtractSchema, file: string): void {
  for (const f of schema.fields) {
    const v = batch.col(f.name);
    if (!v) {
      if (f.required) {
        throw new InputError(`missing required column of the ${schema.name} extract (columns are: ${batch.names.join(", ")})`, {
          file,
          column: f.name,
        });
      }
      continue;
    }
  }
}
