/**
 * Event and cause codes as users have them, turned into effekt's: event 1 / censored 0 (Cox, KM,
 * log-rank), and cause 0 = censored, 1..K = competing exits (cumulative incidence).
 *
 *  - `--event-value V`: rows whose event cell is V are events, every other non-missing value is
 *    censored (R: Surv(time, status == V)). Without it the column must hold 0/1; R's 1/2 coding
 *    (1 = censored, 2 = event) is recognised and refused with a hint (requireBinary in model-frame.ts).
 *  - `--censor-value V`: rows whose cause cell is V are censored; the other values, in sorted order
 *    (numerically when they are numbers), become causes 1..K and keep their labels as cause names.
 *    Without it, a cause column holding exactly 1 and 2 is refused with a hint (it is likely R's
 *    status coding, and would otherwise count censoring as a competing exit).
 */
import { InputError } from "../errors.js";
import type { Column, DataTable } from "../io/table.js";
import { labelOf } from "./model-frame.js";

/** Both 1 and 2 occur and nothing else (missing aside). */
function onlyOneAndTwo(v: Float64Array): boolean {
  let has1 = false;
  let has2 = false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === 1) has1 = true;
    else if (x === 2) has2 = true;
    else if (!Number.isNaN(x)) return false;
  }
  return has1 && has2;
}

function column(t: DataTable, name: string): Column {
  const c = t.columns.get(name);
  if (!c) throw new InputError(`no such column (columns are: ${t.names.join(", ")})`, { file: t.source, column: name });
  return c;
}

function missing(c: Column, i: number): boolean {
  return c.type === "number" ? Number.isNaN(c.values[i]) : c.values[i] === null;
}

function withColumn(t: DataTable, name: string, values: Float64Array): DataTable {
  const columns = new Map(t.columns);
  columns.set(name, { name, type: "number", values });
  return { ...t, columns };
}

/** Same value as a cell? Numbers compare numerically ("2" = 2.0), text exactly. */
function matcher(c: Column, value: string): (i: number) => boolean {
  const asNum = Number(value);
  if (c.type === "number") return (i) => c.values[i] === asNum;
  return (i) => c.values[i] === value;
}

/** Recode an event column with `--event-value V` to 1 (event) / 0 (censored); missing stays missing. */
export function recodeEvent(t: DataTable, name: string, eventValue: string | undefined): DataTable {
  if (eventValue === undefined) {
    const c = t.columns.get(name);
    if (c?.type === "number" && onlyOneAndTwo(c.values)) {
      throw new InputError(
        "value 2 is not 0 or 1; the column holds only 1 and 2: if this is R's coding (1 = censored, 2 = event), pass --event-value 2",
        { file: t.source, column: name, row: c.values.indexOf(2) + 1 },
      );
    }
    return t;
  }
  const c = column(t, name);
  const isEvent = matcher(c, eventValue);
  const out = new Float64Array(t.nrows);
  let events = 0;
  for (let i = 0; i < t.nrows; i++) {
    if (missing(c, i)) out[i] = NaN;
    else if (isEvent(i)) {
      out[i] = 1;
      events++;
    } else out[i] = 0;
  }
  if (events === 0) throw new InputError(`no row has the event value "${eventValue}"`, { file: t.source, column: name });
  return withColumn(t, name, out);
}

/**
 * Recode a cause column with `--censor-value V`: V → 0, other values → 1..K in sorted order.
 * Returns the table and the cause names (the original labels), or, without V, checks for R's 1/2 coding.
 */
export function recodeCause(t: DataTable, name: string, censorValue: string | undefined): { table: DataTable; causes?: string[] } {
  const c = column(t, name);
  if (censorValue === undefined) {
    if (c.type === "number" && onlyOneAndTwo(c.values)) {
      throw new InputError(
        "the cause column holds only 1 and 2 and no 0 (censored): if this is R's status coding (1 = censored, 2 = event), pass --censor-value 1; if nobody is censored and 1 and 2 are two causes, pass --censor-value 0",
        { file: t.source, column: name },
      );
    }
    return { table: t };
  }
  const isCensored = matcher(c, censorValue);
  const labels = new Set<string>();
  let censored = 0;
  for (let i = 0; i < t.nrows; i++) {
    if (missing(c, i)) continue;
    if (isCensored(i)) censored++;
    else labels.add(labelOf(c, i));
  }
  if (censored === 0 && censorValue !== "0") throw new InputError(`no row has the censoring value "${censorValue}"`, { file: t.source, column: name });
  const causes = [...labels].sort(c.type === "number" ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const code = new Map(causes.map((l, k) => [l, k + 1]));
  const out = new Float64Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) {
    out[i] = missing(c, i) ? NaN : isCensored(i) ? 0 : code.get(labelOf(c, i))!;
  }
  return { table: withColumn(t, name, out), causes };
}
