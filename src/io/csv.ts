import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import type { InputLog } from "./input-log.js";
import { type Column, type DataTable, makeTable } from "./table.js";

/** Cells read as missing: empty (the project's convention) and R's `NA`. */
const MISSING = new Set(["", "NA"]);

/**
 * Read a CSV file with a header row. A column whose every non-missing cell is a number becomes
 * numeric; any other column is text (the model frame names the first non-numeric row if a numeric
 * column was needed).
 */
export function readCsv(file: string, log?: InputLog): DataTable {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  log?.record(file, buf);
  return parseCsv(buf.toString("utf8"), file);
}

export function parseCsv(text: string, source = "<csv>"): DataTable {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true, trim: false });
  } catch (e) {
    const err = e as Error & { lines?: number; record?: number };
    const row = err.lines !== undefined ? Math.max(1, err.lines - 1) : undefined;
    throw new InputError(`not valid CSV: ${err.message.split("\n")[0]}`, { file: source, row });
  }
  if (rows.length === 0) throw new InputError("file is empty (no header row)", { file: source });
  const header = rows[0].map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === "") throw new InputError(`header cell ${j + 1} is empty`, { file: source });
    if (seen.has(h)) throw new InputError("column name appears twice in the header", { file: source, column: h });
    seen.add(h);
  });
  const n = rows.length - 1;
  const cols: Column[] = header.map((name, j) => {
    const num = new Float64Array(n);
    let numeric = true;
    for (let i = 0; i < n; i++) {
      const cell = rows[i + 1][j];
      if (MISSING.has(cell)) {
        num[i] = NaN;
        continue;
      }
      const v = parseNumber(cell);
      if (Number.isNaN(v)) {
        numeric = false;
        break;
      }
      num[i] = v;
    }
    if (numeric) return { name, type: "number", values: num };
    const str: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const cell = rows[i + 1][j];
      str[i] = MISSING.has(cell) ? null : cell;
    }
    return { name, type: "string", values: str };
  });
  return makeTable(source, cols);
}

/** Strict number parse: the whole cell must be a finite decimal number (TRUE/FALSE read as 1/0, as R). */
export function parseNumber(cell: string): number {
  const s = cell.trim();
  if (s === "") return NaN;
  if (s === "TRUE") return 1;
  if (s === "FALSE") return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}
