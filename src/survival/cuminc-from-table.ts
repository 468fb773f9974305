/** Table front end for the Aalen–Johansen cumulative incidence (competing risks). */
import { asDataTable, type TableLike } from "../api/as-table.js";
import { checkOptions } from "../api/check-options.js";
import { AalenJohansenOptions } from "../api/option-schemas.js";
import { buildFrame, type Dropped } from "../frame/model-frame.js";
import type { ConfType } from "./confidence.js";
import { aalenJohansen, type AalenJohansenResult } from "./cumulative-incidence.js";
import { reorderLevels } from "./km-from-table.js";

export interface AalenJohansenSpec {
  time: string;
  /** Column of exit causes: 0 = censored, 1..K = cause. */
  cause: string;
  causeLevels?: string[];
  start?: string;
  group?: string;
  groupLevels?: string[];
  confType?: ConfType;
  confLevel?: number;
  /** Case weights column. */
  weights?: string;
  /** Also report the curves at these times. */
  times?: number[];
}

export function aalenJohansenFromTable(tableLike: TableLike, options: AalenJohansenSpec): AalenJohansenResult & { dropped: Dropped } {
  const spec = checkOptions<AalenJohansenSpec>("aalenJohansenFromTable", AalenJohansenOptions, options);
  const table = asDataTable(tableLike, "aalenJohansenFromTable");
  const numeric = [...(spec.start ? [spec.start] : []), spec.time, spec.cause, ...(spec.weights ? [spec.weights] : [])];
  const frame = buildFrame(table, { numeric, labels: spec.group ? [spec.group] : [] });
  const g = spec.group ? reorderLevels(frame.labels[spec.group], spec.groupLevels, table.source, spec.group) : undefined;
  const result = aalenJohansen({
    time: frame.numeric[spec.time],
    cause: frame.numeric[spec.cause],
    causeLevels: spec.causeLevels,
    start: spec.start ? frame.numeric[spec.start] : undefined,
    group: g?.codes,
    groupLevels: g?.levels,
    groupLabel: spec.group,
    confType: spec.confType,
    confLevel: spec.confLevel,
    times: spec.times,
    weights: spec.weights ? frame.numeric[spec.weights] : undefined,
    where: { file: table.source, names: { time: spec.time, event: spec.cause, start: spec.start, group: spec.group, weights: spec.weights }, rows: frame.rows },
  });
  return { ...result, dropped: frame.dropped };
}
