import { extname } from "node:path";
import { existsSync } from "node:fs";
import { InputError } from "../errors.js";
import { readArrow } from "./arrow.js";
import { readCsv } from "./csv.js";
import { readParquet } from "./parquet.js";
import type { DataTable } from "./table.js";
import type { InputLog } from "./input-log.js";

/**
 * Read a data file, choosing the reader by extension: .csv, .arrow/.feather/.ipc, .parquet. `log`
 * records size and SHA-256 of the bytes parsed (for a manifest).
 */
export async function readTable(file: string, log?: InputLog): Promise<DataTable> {
  if (!existsSync(file)) throw new InputError("file not found", { file });
  const ext = extname(file).toLowerCase();
  switch (ext) {
    case ".csv":
    case ".txt":
      return readCsv(file, log);
    case ".arrow":
    case ".feather":
    case ".ipc":
      return readArrow(file, log);
    case ".parquet":
    case ".pq":
      return readParquet(file, log);
    default:
      throw new InputError(`unknown file type "${ext}" (expected .csv, .arrow, .feather or .parquet)`, { file });
  }
}
