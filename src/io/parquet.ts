import { readFileSync } from "node:fs";
import { parquetReadObjects } from "hyparquet";
import { InputError } from "../errors.js";
import type { InputLog } from "./input-log.js";
import { type DataTable, tableFromColumns } from "./table.js";

/** Read a Parquet file (pure-JS reader `hyparquet`; snappy-compressed and uncompressed pages). */
export async function readParquet(file: string, log?: InputLog): Promise<DataTable> {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  log?.record(file, buf);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: ab });
  } catch (e) {
    throw new InputError(`not a valid Parquet file: ${(e as Error).message}`, { file });
  }
  const names = rows.length ? Object.keys(rows[0]) : [];
  const data: Record<string, unknown[]> = {};
  for (const name of names) data[name] = rows.map((r) => normalise(r[name]));
  return tableFromColumns(data as Record<string, (number | string | null)[]>, file);
}

function normalise(v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return String(v);
}
