import { extname } from "node:path";
import { existsSync } from "node:fs";
import { InputError } from "../errors.js";
import { readArrow } from "./arrow.js";
import { readCsv } from "./csv.js";
import { readParquet } from "./parquet.js";
import type { DataTable } from "./table.js";

/** Read a data file, choosing the reader by extension: .csv, .arrow/.feather/.ipc, .parquet. */
export async function readTable(file: string): Promise<DataTable> {
  if (!existsSync(file)) throw new InputError("file not found", { file });
  const ext = extname(file).toLowerCase();
  switch (ext) {
    case ".csv":
    case ".txt":
      return readCsv(file);
    case ".arrow":
    case ".feather":
    case ".ipc":
      return readArrow(file);
    case ".parquet":
    case ".pq":
      return readParquet(file);
    default:
      throw new InputError(`unknown file type "${ext}" (expected .csv, .arrow, .feather or .parquet)`, { file });
  }
}
