/**
 * Table front ends for Kaplan–Meier and the log-rank test: named columns → model frame (rows with a
 * missing value dropped and counted) → estimator; the result carries `dropped`.
 */
import { asDataTable, type TableLike } from "../api/as-table.js";
import { checkOptions } from "../api/check-options.js";
import { KaplanMeierOptions, LogrankOptions } from "../api/option-schemas.js";
import { InputError } from "../errors.js";
import { buildFrame, type Dropped, type LabelColumn } from "../frame/model-frame.js";
import type { DataTable } from "../io/table.js";
import type { ConfType } from "./confidence.js";
import { kaplanMeier, type KaplanMeierResult } from "./kaplan-meier.js";
import { logrank, type LogrankResult } from "./logrank.js";

export interface KaplanMeierSpec {
  time: string;
  event: string;
  start?: string;
  group?: string;
  /** Order of the group levels (as an R factor's levels); default sorted. */
  groupLevels?: string[];
  confType?: ConfType;
  confLevel?: number;
  times?: number[];
  /** Case weights column (see KaplanMeierInput.weights). */
  weights?: string;
  /** Robust (infinitesimal-jackknife) SE; default as R: with fractional weights. */
  robust?: boolean;
}

export interface LogrankSpec {
  time: string;
  event: string;
  start?: string;
  group: string;
  /** Order of the group levels (as an R factor's levels); default sorted. */
  groupLevels?: string[];
  strata?: string;
  rho?: number;
}

function frameFor(table: DataTable, time: string, event: string, start: string | undefined, labels: string[], weights?: string) {
  const numeric = [...(start ? [start] : []), time, event, ...(weights ? [weights] : [])];
  const frame = buildFrame(table, { numeric, labels });
  const where = { file: table.source, names: { time, event, start, group: labels[0], weights }, rows: frame.rows };
  return { frame, where };
}

/** Recode a label column to a given level order (levels not present in the data are dropped). */
export function reorderLevels(col: LabelColumn, order: string[] | undefined, file: string, column: string): LabelColumn {
  if (!order) return col;
  for (const lv of col.levels) {
    if (!order.includes(lv)) {
      throw new InputError(`value "${lv}" is not among the levels given (${order.join(", ")})`, { file, column });
    }
  }
  const levels = order.filter((l) => col.levels.includes(l));
  const map = Int32Array.from(col.levels, (l) => levels.indexOf(l));
  const codes = new Int32Array(col.codes.length);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let i = 0; i < codes.length; i++) codes[i] = map[col.codes[i]];
  return { codes, levels };
}

export function kaplanMeierFromTable(tableLike: TableLike, options: KaplanMeierSpec): KaplanMeierResult & { dropped: Dropped } {
  const spec = checkOptions<KaplanMeierSpec>("kaplanMeierFromTable", KaplanMeierOptions, options);
  const table = asDataTable(tableLike, "kaplanMeierFromTable");
  const { frame, where } = frameFor(table, spec.time, spec.event, spec.start, spec.group ? [spec.group] : [], spec.weights);
  const g = spec.group ? reorderLevels(frame.labels[spec.group], spec.groupLevels, table.source, spec.group) : undefined;
  const result = kaplanMeier({
    time: frame.numeric[spec.time],
    event: frame.numeric[spec.event],
    start: spec.start ? frame.numeric[spec.start] : undefined,
    group: g?.codes,
    groupLevels: g?.levels,
    groupLabel: spec.group,
    confType: spec.confType,
    confLevel: spec.confLevel,
    times: spec.times,
    weights: spec.weights ? frame.numeric[spec.weights] : undefined,
    robust: spec.robust,
    where,
  });
  return { ...result, dropped: frame.dropped };
}

export function logrankFromTable(tableLike: TableLike, options: LogrankSpec): LogrankResult & { dropped: Dropped } {
  const spec = checkOptions<LogrankSpec>("logrankFromTable", LogrankOptions, options);
  const table = asDataTable(tableLike, "logrankFromTable");
  const labels = spec.strata ? [spec.group, spec.strata] : [spec.group];
  const { frame, where } = frameFor(table, spec.time, spec.event, spec.start, labels);
  const g = reorderLevels(frame.labels[spec.group], spec.groupLevels, table.source, spec.group);
  const result = logrank({
    time: frame.numeric[spec.time],
    event: frame.numeric[spec.event],
    start: spec.start ? frame.numeric[spec.start] : undefined,
    group: g.codes,
    groupLevels: g.levels,
    groupLabel: spec.group,
    strata: spec.strata ? frame.labels[spec.strata].codes : undefined,
    rho: spec.rho,
    where,
  });
  return { ...result, dropped: frame.dropped };
}
