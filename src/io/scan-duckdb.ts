/**
 * CSV, Parquet and JSON through DuckDB, chunk by chunk into typed columns.
 *
 * Only the requested columns are selected (DuckDB then skips decoding the others). Each column is
 * cast in SQL to what the model frame needs: numbers (all integer, decimal, float and boolean types)
 * to DOUBLE — CSV integers come back from the sniffer as BIGINT, so the cast is explicit —, dates to
 * days since 1970-01-01, timestamps with a zone to the day in Europe/Oslo, everything else to text.
 * Each result chunk's DOUBLE vector buffer is copied straight into a preallocated Float64Array and
 * its validity bitmap turned into NaN: no per-row objects. Text columns are read value by value
 * into a table (`readWithDuckDB`), or, when a file is streamed in batches (`streamWithDuckDB`,
 * register extracts), coded per batch from DuckDB's string bytes (src/io/text-codes.ts).
 *
 * Hazards: 64-bit integers beyond 2^53 are not exact as doubles (an error, naming the row); the CSV
 * sniffer guesses column types from a sample, so a non-number beyond the sample fails the cast — the
 * column is then re-read as text and the model frame names the first bad row and value.
 */
import { openSync, readSync, closeSync, statSync } from "node:fs";
import bindings from "@duckdb/node-bindings";
import { InputError } from "../errors.js";
import { locateCsvProblem } from "./csv-check.js";
import type { DuckDBConnection, DuckDBDataChunk } from "@duckdb/node-api";
import { createDuckDB, sqlIdent, sqlString, withDuckDB } from "./duckdb.js";
import { TextCoder } from "./text-codes.js";
import { isoDay } from "./oslo-day.js";
import type { ReadOptions } from "./read-options.js";
import { type Column, type DataTable, makeTable } from "./table.js";

export type DuckKind = "csv" | "parquet" | "json";

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|BOOLEAN|DECIMAL\(\d+,\d+\))$/;
const WIDE_INT = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/;
const TIMESTAMP = /^TIMESTAMP(_S|_MS|_NS)?$/;
const TWO53 = 2 ** 53;

interface Plan {
  name: string;
  /** SQL expression giving the column as DOUBLE or VARCHAR. */
  expr: string;
  kind: "number" | "string";
  /** Source is a 64-bit integer: values at or beyond 2^53 are an error. */
  wide: boolean;
  /** Days to be turned into "YYYY-MM-DD" (dates: "text"). */
  isoDays: boolean;
}

/** The table function that reads the file. */
function source(file: string, kind: DuckKind, opts: ReadOptions, asText: Set<string>): string {
  const f = sqlString(file);
  if (kind === "parquet") return `read_parquet(${f})`;
  if (kind === "json") return `read_json(${f})`;
  const args = [f, "header = true", "nullstr = ['NA', '']", "strict_mode = true", `quote = '"'`, `escape = '"'`, "comment = ''"];
  const delim = opts.delimiter ?? (opts.decimal === "," ? ";" : undefined);
  if (delim !== undefined) args.push(`delim = ${sqlString(delim)}`);
  if (opts.decimal === ",") args.push("decimal_separator = ','");
  if (asText.size) args.push(`types = {${[...asText].map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ")}}`);
  return `read_csv(${args.join(", ")})`;
}

function plan(name: string, type: string, dates: "days" | "text"): Plan {
  const c = sqlIdent(name);
  if (NUMERIC.test(type)) return { name, expr: `CAST(${c} AS DOUBLE)`, kind: "number", wide: WIDE_INT.test(type), isoDays: false };
  let day: string | undefined;
  if (type === "DATE") day = c;
  else if (TIMESTAMP.test(type)) day = `CAST(${c} AS DATE)`;
  else if (type === "TIMESTAMP WITH TIME ZONE") day = `CAST(timezone('Europe/Oslo', ${c}) AS DATE)`;
  if (day) {
    return { name, expr: `CAST(date_diff('day', DATE '1970-01-01', ${day}) AS DOUBLE)`, kind: "number", wide: false, isoDays: dates === "text" };
  }
  return { name, expr: `CAST(${c} AS VARCHAR)`, kind: "string", wide: false, isoDays: false };
}

/** First bytes of a file, for the checks DuckDB does not make (empty file, R's row-name column). */
function head(file: string, bytes = 65536): string {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

/**
 * The delimiter, from the header line (more reliable than guessing from data rows, which lets a
 * ragged file pass as one text column): the most frequent of , ; tab | outside quotes; "," if none.
 */
export function sniffDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0], ["|", 0]]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ",";
  let most = 0;
  for (const [d, k] of counts) if (k > most) [best, most] = [d, k];
  return best;
}

/** R's write.csv writes row names as a first column with an empty header cell: "","a","b". */
export function hasRowNameColumn(firstLine: string, delimiter?: string): boolean {
  const m = /^(""|)[ \t]*(.)/.exec(firstLine);
  if (!m) return false;
  const sep = m[2];
  return delimiter ? sep === delimiter : sep === "," || sep === ";" || sep === "\t" || sep === "|";
}

/** Translate a DuckDB error into one line naming file and row. */
function inputError(e: unknown, file: string, kind: DuckKind): InputError {
  const msg = (e as Error).message ?? String(e);
  const first = msg.split("\n").find((l) => l.trim() !== "") ?? msg;
  const line = /CSV Error on Line: (\d+)/.exec(msg);
  const row = line ? Math.max(1, Number(line[1]) - 1) : undefined;
  if (/Invalid unicode|not utf-8 encoded/i.test(msg)) {
    return new InputError(
      "not valid UTF-8 text; pass --encoding latin-1 or --encoding windows-1252 if the file was saved by Excel or an older system",
      { file, row },
    );
  }
  if (kind === "csv" && /Error when sniffing file/.test(msg)) {
    return new InputError("not valid CSV: its layout could not be recognised (check the header line, the delimiter and the line endings)", { file });
  }
  if (kind === "csv") {
    const detail = msg.split("\n").map((l) => l.trim()).find((l) => /Expected Number of Columns|Value with unterminated quote|maximum line size|Could not convert|columns/i.test(l));
    return new InputError(`not valid CSV: ${(detail ?? first).replace(/^(Invalid Input|Conversion|IO) Error: /, "")}`, { file, row });
  }
  return new InputError(`not a valid ${kind === "parquet" ? "Parquet" : "JSON"} file: ${first.replace(/^(Invalid Input|Conversion|IO) Error: /, "")}`, { file });
}

/** Checks of a CSV's first bytes DuckDB does not make; the options with the delimiter settled. */
function csvHead(file: string, opts: ReadOptions): { opts: ReadOptions; dropFirst: boolean } {
  const text = head(file).replace(/^\xEF\xBB\xBF/, "");
  if (text.trim() === "") throw new InputError("file is empty (no header row)", { file });
  const firstLine = text.split(/\r?\n/, 1)[0];
  const delimiter = opts.delimiter ?? (opts.decimal === "," ? ";" : sniffDelimiter(firstLine));
  return { opts: { ...opts, delimiter }, dropFirst: hasRowNameColumn(firstLine, delimiter) };
}

/** Read a CSV, Parquet or JSON file into a DataTable through DuckDB. */
export async function readWithDuckDB(file: string, kind: DuckKind, opts: ReadOptions = {}): Promise<DataTable> {
  let dropFirst = false;
  if (kind === "csv") ({ opts, dropFirst } = csvHead(file, opts));
  return withDuckDB((con) => readWith(con, file, kind, opts, dropFirst));
}

async function readWith(con: DuckDBConnection, file: string, kind: DuckKind, opts: ReadOptions, dropFirst: boolean): Promise<DataTable> {
  const asText = new Set<string>();
  // A CSV column the sniffer typed as a number but holding a non-number beyond its sample is re-read as text.
  for (;;) {
    try {
      return await scan(con, file, kind, opts, asText, dropFirst);
    } catch (e) {
      await retryOrThrow(e, file, kind, opts, asText);
    }
  }
}

/**
 * After a failed read: a CSV conversion error in a sniffed number column puts the column in
 * `asText` (return: read again); anything else is thrown as one InputError naming file and row.
 */
async function retryOrThrow(e: unknown, file: string, kind: DuckKind, opts: ReadOptions, asText: Set<string>): Promise<void> {
  if (e instanceof InputError) throw e;
  const msg = (e as Error).message ?? "";
  const conv = /Error when converting column "([^"]+)"/.exec(msg) ?? /column "?([^"\n]+?)"? .*Could not convert/.exec(msg);
  if (kind === "csv" && conv && !asText.has(conv[1]) && asText.size < 64) {
    asText.add(conv[1]);
    return;
  }
  if (kind === "csv") {
    const p = await locateCsvProblem(file, opts.delimiter ?? ",").catch(() => undefined);
    if (p) {
      const utf8 = p.detail.startsWith("not valid UTF-8");
      const detail = utf8
        ? `${p.detail}${p.row === 0 ? " in the header row" : ""}; pass --encoding latin-1 or --encoding windows-1252 if the file was saved by Excel or an older system`
        : `not valid CSV: ${p.detail}${p.row === 0 ? " (header row)" : ""}`;
      throw new InputError(detail, p.row > 0 ? { file, row: p.row } : { file });
    }
  }
  throw inputError(e, file, kind);
}

/** A column of one streamed batch: numbers (NaN = missing) or text as per-batch dictionary codes. */
export type BatchColumn =
  | { name: string; type: "number"; values: Float64Array }
  | { name: string; type: "codes"; codes: Int32Array; levels: string[] };

/** Rows [rowBase, rowBase + n) of a file. */
export interface TableBatch {
  rowBase: number;
  n: number;
  names: string[];
  columns: Map<string, BatchColumn>;
}

/**
 * Stream a CSV, Parquet or JSON file in batches of about `batchRows` rows: numbers as Float64Array,
 * text (and, with `dates: "text"`, dates) as dictionary codes per batch — no per-row JS values.
 * A batch's arrays are refilled with the next batch's rows: copy what is kept before asking for more.
 * Memory is one batch plus DuckDB's read buffers, whatever the file's size. A CSV number column
 * whose sniffed type fails beyond the sniffer's sample is re-read as text from the first row not
 * yet delivered (DuckDB keeps file order), so the caller sees it change type from one batch to the
 * next. A header-only CSV is an error.
 */
export async function* streamWithDuckDB(file: string, kind: DuckKind, opts: ReadOptions = {}, batchRows = 1 << 20): AsyncGenerator<TableBatch> {
  let dropFirst = false;
  if (kind === "csv") ({ opts, dropFirst } = csvHead(file, opts));
  const db = await createDuckDB();
  const con = await db.connect();
  try {
    await con.run("SET TimeZone = 'Europe/Oslo'");
    const asText = new Set<string>();
    let done = 0;
    for (;;) {
      try {
        const { src, plans, select } = await planScan(con, file, kind, opts, asText, dropFirst);
        const start = done;
        const result = await con.stream(`SELECT ${select} FROM ${src}${start ? ` OFFSET ${start}` : ""}`);
        let read = 0;
        for await (const b of batchesOf(result, plans, file, done, batchRows)) {
          done += b.n;
          read += b.n;
          yield b;
        }
        if (!(kind === "csv" && csvDataLines(file) === done)) await checkComplete(con, `(SELECT * FROM ${src}${start ? ` OFFSET ${start}` : ""})`, plans, read);
        if (kind === "csv" && done === 0) throw new InputError("no data rows (the file has a header only)", { file });
        return;
      } catch (e) {
        await retryOrThrow(e, file, kind, opts, asText);
      }
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

async function* batchesOf(
  result: Awaited<ReturnType<DuckDBConnection["stream"]>>,
  plans: Plan[],
  file: string,
  rowBase: number,
  batchRows: number,
): AsyncGenerator<TableBatch> {
  const coders = plans.map((p) => (p.kind === "string" ? new TextCoder() : undefined));
  const dayCodes = plans.map((p) => (p.isoDays ? new Map<number, number>() : undefined));
  let cap = 0;
  let num: (Float64Array | undefined)[] = [];
  let codes: (Int32Array | undefined)[] = [];
  let n = 0;
  const start = () => {
    // The arrays are allocated once and refilled for every batch (the consumer copies what it keeps
    // before it asks for the next batch): a national-scale extract would otherwise allocate, and
    // leave to the garbage collector, 8 bytes per row and number column.
    if (!cap) {
      cap = batchRows + 2048;
      num = plans.map((p) => (p.kind === "number" ? new Float64Array(cap) : undefined));
      codes = plans.map((p) => (p.kind === "string" ? new Int32Array(cap) : undefined));
    }
    coders.forEach((c) => c?.reset());
    dayCodes.forEach((d) => d?.clear());
    n = 0;
  };
  const finish = (): TableBatch => {
    const columns = new Map<string, BatchColumn>();
    plans.forEach((p, j) => {
      if (p.kind === "string") {
        columns.set(p.name, { name: p.name, type: "codes", codes: codes[j]!.subarray(0, n), levels: coders[j]!.levels });
        return;
      }
      const values = num[j]!.subarray(0, n);
      if (p.wide) checkWide(values, n, rowBase, file, p.name);
      if (!p.isoDays) {
        columns.set(p.name, { name: p.name, type: "number", values });
        return;
      }
      const map = dayCodes[j]!;
      const levels: string[] = [];
      const c = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const d = values[i];
        if (Number.isNaN(d)) {
          c[i] = -1;
          continue;
        }
        let k = map.get(d);
        if (k === undefined) {
          k = levels.length;
          levels.push(isoDay(d));
          map.set(d, k);
        }
        c[i] = k;
      }
      columns.set(p.name, { name: p.name, type: "codes", codes: c, levels });
    });
    const b: TableBatch = { rowBase, n, names: plans.map((p) => p.name), columns };
    rowBase += n;
    return b;
  };
  start();
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const m = chunk.rowCount;
    if (n + m > cap) {
      yield finish();
      start();
    }
    for (let j = 0; j < plans.length; j++) {
      if (plans[j].kind === "number") copyDoubles(chunk, j, m, num[j]!, n);
      else coders[j]!.codeVector(bindings.data_chunk_get_vector(chunk.chunk, j), m, codes[j]!, n);
    }
    n += m;
  }
  if (n > 0) yield finish();
}

/** The table function, the column plans and the SELECT list of one read. */
async function planScan(
  con: DuckDBConnection,
  file: string,
  kind: DuckKind,
  opts: ReadOptions,
  asText: Set<string>,
  dropFirst: boolean,
): Promise<{ src: string; plans: Plan[]; select: string }> {
  const src = source(file, kind, opts, asText);
  const described = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRows() as unknown as [string, string][];
  let names = described.map((r) => r[0]);
  const types = new Map(described.map((r) => [r[0], r[1]]));
  if (dropFirst && names.length > 1) names = names.slice(1);
  const seen = new Set<string>();
  for (const nm of names) {
    if (seen.has(nm)) throw new InputError("column name appears twice in the header", { file, column: nm });
    seen.add(nm);
  }
  if (kind === "csv" && names.length === 1 && names[0] === "column0") throw new InputError("file has no header row", { file });
  const wanted = opts.columns ? [...new Set(opts.columns)] : names;
  for (const w of wanted) {
    if (!seen.has(w)) throw new InputError(`no such column (columns are: ${names.join(", ")})`, { file, column: w });
  }
  const plans = wanted.map((nm) => plan(nm, types.get(nm)!, opts.dates ?? "days"));
  const select = plans.length ? plans.map((p) => `${p.expr} AS ${sqlIdent(p.name)}`).join(", ") : "1";
  return { src, plans, select };
}

async function scan(
  con: DuckDBConnection,
  file: string,
  kind: DuckKind,
  opts: ReadOptions,
  asText: Set<string>,
  dropFirst: boolean,
): Promise<DataTable> {
  const { src, plans, select } = await planScan(con, file, kind, opts, asText, dropFirst);

  // Preallocate: exact for Parquet (row count from the metadata), estimated from the file size otherwise.
  let capacity: number;
  let parquetRows: number | undefined;
  if (kind === "parquet") {
    const r = await con.runAndReadAll(`SELECT count(*) FROM ${src}`);
    capacity = parquetRows = Number(r.getRows()[0][0]);
  } else {
    const size = statSync(file).size;
    const h = head(file, 16384);
    const lines = Math.max(1, h.split("\n").length - 1);
    capacity = Math.ceil((size / Math.max(1, h.length / lines)) * 1.05) + 16;
  }
  const num: (Float64Array | undefined)[] = plans.map((p) => (p.kind === "number" ? new Float64Array(capacity) : undefined));
  const str: ((string | null)[] | undefined)[] = plans.map((p) => (p.kind === "string" ? [] : undefined));

  const result = await con.stream(`SELECT ${select} FROM ${src}`);
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const m = chunk.rowCount;
    if (n + m > capacity) {
      capacity = Math.max(capacity * 2, n + m);
      for (let j = 0; j < plans.length; j++) {
        const old = num[j];
        if (old) {
          const grown = new Float64Array(capacity);
          grown.set(old.subarray(0, n));
          num[j] = grown;
        }
      }
    }
    for (let j = 0; j < plans.length; j++) {
      if (plans[j].kind === "number") copyDoubles(chunk, j, m, num[j]!, n);
      else {
        const v = chunk.getColumnVector(j);
        const out = str[j]!;
        for (let i = 0; i < m; i++) out.push(v.getItem(i) as string | null);
      }
    }
    n += m;
  }
  if (!(kind === "csv" && csvDataLines(file) === n)) await checkComplete(con, src, plans, n, kind === "parquet" ? parquetRows : undefined);
  if (kind === "csv" && n === 0) throw new InputError("no data rows (the file has a header only)", { file });

  const cols: Column[] = plans.map((p, j) => {
    if (p.kind === "string") return { name: p.name, type: "string", values: str[j]! };
    const full = num[j]!;
    const values = full.length === n ? full : full.length - n > n / 5 ? full.slice(0, n) : full.subarray(0, n);
    if (p.wide) checkWide(values, n, 0, file, p.name);
    if (p.isoDays) {
      const text = new Array<string | null>(n);
      for (let i = 0; i < n; i++) text[i] = Number.isNaN(values[i]) ? null : isoDay(values[i]);
      return { name: p.name, type: "string", values: text };
    }
    return { name: p.name, type: "number", values };
  });
  const t = makeTable(file, cols);
  return cols.length ? t : { ...t, nrows: n };
}

/**
 * DuckDB's streaming result can end early WITHOUT an error when a conversion fails in a worker
 * thread (a non-number far beyond the CSV sniffer's sample): fetchChunk then returns an empty chunk,
 * as at the end, and the rows after it are silently missing (seen with @duckdb/node-api 1.5: 2 982 616
 * of 3 000 000 rows). So every streamed read is checked against count(*) — from the metadata for
 * Parquet, one pass without conversions for CSV — and when rows are missing, a query that converts
 * every selected column brings the real error to the surface (then handled as any read error).
 */
async function checkComplete(con: DuckDBConnection, src: string, plans: Plan[], delivered: number, known?: number): Promise<void> {
  const total = known ?? Number((await con.runAndReadAll(`SELECT count(*) FROM ${src}`)).getRows()[0][0]);
  if (total === delivered) return;
  const all = plans.map((p) => `count(${p.expr})`).join(", ");
  await con.runAndReadAll(`SELECT count(*)${all ? ", " + all : ""} FROM ${src}`);
  throw new Error(`DuckDB delivered ${delivered} of ${total} rows without reporting why`);
}

/**
 * The number of lines after the header line of a text file (a last line without a line end
 * counts): an upper bound on its CSV rows (a row ends at a line end or the end of the file). When
 * DuckDB delivered exactly this many rows, none can be missing, and checkComplete's count(*) — a
 * second parse of the file, about half the CPU of the read itself — is not needed; blank lines or
 * line ends inside quotes make the bound larger than the rows, and the count is made.
 */
function csvDataLines(file: string): number {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    let lines = 0;
    let last = -1;
    for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      for (let at = buf.indexOf(10); at !== -1 && at < got; at = buf.indexOf(10, at + 1)) lines++;
      last = buf[got - 1];
    }
    return lines - 1 + (last !== 10 && last !== -1 ? 1 : 0);
  } finally {
    closeSync(fd);
  }
}

/** 64-bit integers must stay below 2^53 to be exact as doubles. */
function checkWide(values: Float64Array, n: number, rowBase: number, file: string, column: string): void {
  for (let i = 0; i < n; i++) {
    if (Math.abs(values[i]) >= TWO53) {
      throw new InputError("whole number too large to be held exactly (beyond 2^53 = 9007199254740992)", { file, column, row: rowBase + i + 1 });
    }
  }
}

/** Copy the DOUBLE vector of column j of a chunk into out[offset…], missing cells as NaN. */
function copyDoubles(chunk: DuckDBDataChunk, j: number, m: number, out: Float64Array, offset: number): void {
  const vec = bindings.data_chunk_get_vector(chunk.chunk, j);
  const bytes = bindings.vector_get_data(vec, m * 8);
  if (bytes.byteOffset % 8 === 0) out.set(new Float64Array(bytes.buffer, bytes.byteOffset, m), offset);
  else out.set(new Float64Array(bytes.slice().buffer, 0, m), offset);
  const validity = bindings.vector_get_validity(vec, Math.ceil(m / 64) * 8);
  if (!validity) return;
  for (let b = 0, nb = Math.ceil(m / 8); b < nb; b++) {
    const byte = validity[b];
    if (byte === 0xff) continue;
    for (let k = 0; k < 8; k++) {
      const i = b * 8 + k;
      if (i < m && !(byte & (1 << k))) out[offset + i] = NaN;
    }
  }
}
