/**
 * DataFrame interop for notebook users: effekt tables and result columns → danfo.js DataFrames.
 * danfojs-node (and TensorFlow.js under it) is loaded on first use only, so the CLI and the
 * estimators never pay for it; it is an optional dependency.
 */
import { createRequire } from "node:module";
import { UsageError } from "../errors.js";
import type { DataTable } from "../io/table.js";
import { tidy } from "./tidy.js";
import type { CoxFit } from "../survival/cox/fit.js";
import type { KaplanMeierResult } from "../survival/kaplan-meier.js";
import type { LogrankResult } from "../survival/logrank.js";
import type { AalenJohansenResult } from "../survival/cumulative-incidence.js";
import type { DidResult } from "../did/from-table.js";

/**
 * The part of danfo.js's DataFrame that effekt relies on, typed here so that a consumer's TypeScript
 * checks calls without danfojs-node's own (optional) type declarations.
 */
export interface DataFrameLike {
  readonly shape: number[];
  readonly columns: string[];
  head(rows?: number): DataFrameLike;
  print(): void;
  toJSON(options?: unknown): unknown;
  // columns by name (danfo Series), as `df["office"]`
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [column: string]: any;
}

/** A result of an effekt estimator: turned into rows with `tidy` before it becomes a DataFrame. */
export type EstimatorResult = CoxFit | KaplanMeierResult | LogrankResult | AalenJohansenResult | DidResult;

/** danfojs-node: its DataFrame typed as effekt uses it; the rest of the module untyped (its declarations are optional). */
type Danfo = { DataFrame: new (data: unknown) => DataFrameLike } & Record<string, unknown>;
let danfo: Danfo | undefined;

/** The danfojs-node module, loaded lazily. */
export function loadDanfo(): Danfo {
  if (!danfo) {
    const require = createRequire(import.meta.url);
    try {
      danfo = require("danfojs-node") as Danfo;
    } catch (e) {
      throw new UsageError(`danfojs-node is not installed (see "DataFrames" in effekt's README: it needs npm overrides before installing): ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return danfo;
}

type Columns = Record<string, ArrayLike<unknown>>;

function isDataTable(x: unknown): x is DataTable {
  return typeof x === "object" && x !== null && (x as DataTable).columns instanceof Map;
}

function isResult(x: object): x is EstimatorResult {
  return ("terms" in x && "hazard_ratio" in x) || ("curves" in x && Array.isArray((x as KaplanMeierResult).curves)) ||
    ("chisq" in x && "observed" in x) || ("did_2x2" in x && "twfe" in x);
}

/**
 * A danfo DataFrame from a DataTable, from named columns (typed arrays are fine; NaN → missing),
 * from an array of row objects (e.g. `tidy(result)`), or from an estimator's result (its `tidy` rows).
 */
export function toDataFrame(data: DataTable | EstimatorResult | Columns | Record<string, unknown>[]): DataFrameLike {
  const { DataFrame } = loadDanfo();
  if (Array.isArray(data)) return new DataFrame(data);
  if (!isDataTable(data) && isResult(data)) return new DataFrame(tidy(data));
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
