/**
 * What the API accepts as a table: an effekt `DataTable` (from `readTable`), an apache-arrow `Table`,
 * an array of row objects (as from JSON or `tidy`), or an object of named columns. Everything else is
 * one UsageError naming the function — not a TypeError from inside a reader.
 */
import type { Table as ArrowTable } from "apache-arrow";
import { UsageError } from "../errors.js";
import { fromArrowTable } from "../io/arrow.js";
import { type DataTable, tableFromColumns } from "../io/table.js";

type Cell = number | string | null | undefined | boolean | bigint;
export type TableLike = DataTable | ArrowTable | Record<string, Cell>[] | Record<string, ArrayLike<Cell>>;

export function isDataTable(x: unknown): x is DataTable {
  return typeof x === "object" && x !== null && (x as DataTable).columns instanceof Map && Array.isArray((x as DataTable).names);
}

/**
 * An apache-arrow Table, recognised by its shape rather than `instanceof`: the caller's apache-arrow
 * may be another copy or build (ES or CommonJS) than effekt's, and a CSV read need not load apache-arrow.
 */
function isArrowTable(x: unknown): x is ArrowTable {
  const t = x as ArrowTable;
  return typeof x === "object" && x !== null && typeof t.getChild === "function" && typeof t.numRows === "number" && Array.isArray(t.schema?.fields);
}

export function asDataTable(table: unknown, fn: string): DataTable {
  if (isDataTable(table)) return table;
  if (isArrowTable(table)) return fromArrowTable(table);
  if (Array.isArray(table)) {
    if (table.length === 0) throw new UsageError(`${fn}: the table has no rows`);
    const names: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < table.length; i++) {
      const row: unknown = table[i];
      if (row === null || typeof row !== "object" || Array.isArray(row)) {
        throw new UsageError(`${fn}: row ${i + 1} of the table is not an object of column values`);
      }
      for (const k of Object.keys(row)) {
        if (seen.has(k)) continue;
        seen.add(k);
        names.push(k);
      }
    }
    const cols: Record<string, Cell[]> = {};
    for (const k of names) cols[k] = table.map((r) => (r as Record<string, Cell>)[k] ?? null);
    return tableFromColumns(cols, "<rows>");
  }
  if (table !== null && typeof table === "object") {
    const entries = Object.entries(table as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v) || ArrayBuffer.isView(v))) {
      return tableFromColumns(table as Record<string, ArrayLike<Cell>>, "<columns>");
    }
  }
  throw new UsageError(
    `${fn}: expected a table — from readTable(), an Arrow Table, an array of row objects or an object of columns — not ${table === null ? "null" : typeof table}`,
  );
}
