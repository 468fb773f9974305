/**
 * One input layer: `readTable` reads CSV, Parquet and JSON through the embedded DuckDB engine and
 * Arrow IPC through apache-arrow, into typed columns (only the columns asked for), choosing the
 * reader by extension. Text files may be in another encoding (transcoded first, src/io/encoding.ts).
 * The readers are loaded when first used: DuckDB's bindings take about 0.15 s CPU to load, which a
 * command reading an Arrow file need not pay (docs/benchmarks.md).
 */
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../errors.js";
import type { ReadOptions } from "./read-options.js";
import type { DuckKind, TableBatch } from "./scan-duckdb.js";
import type { DataTable } from "./table.js";
import type { InputLog } from "./input-log.js";
import { createReadStream } from "node:fs";

export type { ReadOptions } from "./read-options.js";
export type { BatchColumn, TableBatch } from "./scan-duckdb.js";

const KINDS: Record<string, DuckKind | "arrow"> = {
  ".csv": "csv",
  ".txt": "csv",
  ".tsv": "csv",
  ".arrow": "arrow",
  ".feather": "arrow",
  ".ipc": "arrow",
  ".parquet": "parquet",
  ".pq": "parquet",
  ".json": "json",
  ".jsonl": "json",
  ".ndjson": "json",
};

/** Read a data file: .csv/.txt/.tsv, .arrow/.feather/.ipc, .parquet, .json/.jsonl. */
export async function readTable(file: string, opts: ReadOptions = {}): Promise<DataTable> {
  if (!existsSync(file)) throw new InputError("file not found", { file });
  const ext = extname(file).toLowerCase();
  const kind = KINDS[ext];
  if (!kind) {
    throw new InputError(`unknown file type "${ext}" (expected .csv, .arrow, .feather, .parquet or .json)`, { file });
  }
  if (kind === "arrow") return (await import("./arrow.js")).readArrow(file, opts);
  if (opts.log) await hashFile(file, opts.log);
  const { readWithDuckDB } = await import("./scan-duckdb.js");
  if (kind !== "csv") return readWithDuckDB(file, kind, opts);
  const { withUtf8 } = await import("./encoding.js");
  const t = await withUtf8(file, opts.encoding, (utf8) => readWithDuckDB(utf8, "csv", { ...opts, delimiter: opts.delimiter ?? (ext === ".tsv" ? "\t" : undefined) }));
  t.source = file;
  return t;
}

/**
 * Stream a CSV, Parquet or JSON file in batches of about `batchRows` rows (numbers as Float64Array,
 * text as per-batch dictionary codes; see streamWithDuckDB) — for files too large to hold as a
 * table (register extracts). Arrow IPC files are streamed by their record batches elsewhere. A
 * batch's arrays are reused for the next batch: copy what is kept.
 */
export async function* readTableBatches(file: string, opts: ReadOptions = {}, batchRows?: number): AsyncGenerator<TableBatch> {
  if (!existsSync(file)) throw new InputError("file not found", { file });
  const ext = extname(file).toLowerCase();
  const kind = KINDS[ext];
  if (!kind || kind === "arrow") throw new InputError(`cannot stream "${ext}" files through DuckDB (expected .csv, .parquet or .json)`, { file });
  if (opts.log) await hashFile(file, opts.log);
  const { streamWithDuckDB } = await import("./scan-duckdb.js");
  if (kind !== "csv") {
    yield* streamWithDuckDB(file, kind, opts, batchRows);
    return;
  }
  const { utf8Copy } = await import("./encoding.js");
  const copy = await utf8Copy(file, opts.encoding);
  try {
    yield* streamWithDuckDB(copy.file, "csv", { ...opts, delimiter: opts.delimiter ?? (ext === ".tsv" ? "\t" : undefined) }, batchRows);
  } catch (e) {
    throw copy.rename(e);
  } finally {
    copy.remove();
  }
}

/**
 * Record size and SHA-256 of a file DuckDB will read (DuckDB reads the file itself, so it is hashed
 * in one streaming pass just before; a file that changes between two reads of one run is an error).
 */
async function hashFile(file: string, log: InputLog): Promise<void> {
  const h = log.stream(file);
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) h.update(chunk);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  h.done();
}
