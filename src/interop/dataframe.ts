/**
 * DataFrame interop for notebook users: effekt tables and result columns → danfo.js DataFrames.
 * danfojs-node (and TensorFlow.js under it) is loaded on first use only, so the CLI and the
 * estimators never pay for it; it is an optional dependency.
 */
import { createRequire } from "node:module";
import { UsageError } from "../errors.js";
import type { DataTable } from "../io/table.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Danfo = any;
let danfo: Danfo | undefined;

/** The danfojs-node module, loaded lazily. */
export function loadDanfo(): Danfo {
  if (!danfo) {
    const require = createRequire(import.meta.url);
    try {
      danfo = require("danfojs-node");
    } catch (e) {
      throw new UsageError(`danfojs-node is not installed (npm install danfojs-node): ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return danfo;
}

type Columns = Record<string, ArrayLike<unknown>>;

function isDataTable(x: unknown): x is DataTable {
  return typeof x === "object" && x !== null && (x as DataTable).columns instanceof Map;
}

/**
 * A danfo DataFrame from a DataTable, from named columns (typed arrays are fine; NaN → missing),
 * or from an array of row objects (e.g. a result table's rows).
 */
export function toDataFrame(data: DataTable | Columns | Record<string, unknown>[]): Danfo {
  const { DataFrame } = loadDanfo();
  if (Array.isArray(data)) return new DataFrame(data);
  const cols: Record<string, unknown[]> = {};
  if (isDataTable(data)) {
    for (const name of data.names) cols[name] = Array.from(data.columns.get(name)!.values as ArrayLike<unknown>, missingToNull);
  } else {
    for (const [name, v] of Object.entries(data)) cols[name] = Array.from(v, missingToNull);
  }
  return new DataFrame(cols);
}

function missingToNull(v: unknown): unknown {
  return typeof v === "number" && Number.isNaN(v) ? null : v;
}
