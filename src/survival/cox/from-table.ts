/** coxph on a DataTable: column names → model frame (rows with missing values dropped and counted) → fit. */
import { asDataTable, type TableLike } from "../../api/as-table.js";
import { checkOptions } from "../../api/check-options.js";
import { CoxOptions } from "../../api/option-schemas.js";
import { InputError } from "../../errors.js";
import { type Dropped, buildFrame, requireBinary } from "../../frame/model-frame.js";
import type { DataTable } from "../../io/table.js";
import { type CoxFit, coxph } from "./fit.js";
import { type ZphResult, coxZph } from "./zph.js";

export interface CoxTableSpec {
  time: string;
  start?: string;
  event: string;
  covariates: string[];
  /** Factor covariates and their reference level. */
  factors?: Record<string, string>;
  /** Level order of factor covariates. */
  levels?: Record<string, string[]>;
  strata?: string;
  cluster?: string;
  weights?: string;
  ties?: "efron" | "breslow";
  maxIter?: number;
  eps?: number;
  /** Also run cox.zph (transform "km"). */
  zph?: boolean;
}

export interface CoxTableFit extends CoxFit {
  dropped: Dropped;
  zph?: ZphResult;
}

export function coxphFromTable(tableLike: TableLike, options: CoxTableSpec): CoxTableFit {
  const spec = checkOptions<CoxTableSpec>("coxphFromTable", CoxOptions, options);
  const table = asDataTable(tableLike, "coxphFromTable");
  const numeric = [spec.time, spec.event, ...(spec.start ? [spec.start] : []), ...(spec.weights ? [spec.weights] : [])];
  const labels = [...(spec.strata ? [spec.strata] : []), ...(spec.cluster ? [spec.cluster] : [])];
  if (spec.covariates.length === 0) throw new InputError("no covariates given", { file: table.source });
  const frame = buildFrame(table, {
    numeric,
    covariates: spec.covariates,
    factors: spec.factors,
    levels: spec.levels,
    labels,
  });
  if (frame.n === 0) throw new InputError("no rows left after dropping rows with missing values", { file: table.source });
  requireBinary(frame, spec.event);
  const where = (column: string, k: number) => ({ file: frame.source, column, row: frame.rows[k] + 1 });
  const time = frame.numeric[spec.time];
  const start = spec.start ? frame.numeric[spec.start] : undefined;
  for (let k = 0; k < frame.n; k++) {
    if (!Number.isFinite(time[k])) throw new InputError(`time ${time[k]} is not finite`, where(spec.time, k));
    if (start) {
      if (!Number.isFinite(start[k])) throw new InputError(`start ${start[k]} is not finite`, where(spec.start!, k));
      if (!(time[k] > start[k])) {
        throw new InputError(`stop time ${time[k]} is not after start time ${start[k]}`, where(spec.time, k));
      }
    } else if (time[k] < 0) {
      throw new InputError(`time ${time[k]} is negative`, where(spec.time, k));
    }
  }
  if (spec.weights) {
    const w = frame.numeric[spec.weights];
    for (let k = 0; k < frame.n; k++) {
      if (!(w[k] > 0) || !Number.isFinite(w[k])) throw new InputError(`weight ${w[k]} is not positive`, where(spec.weights, k));
    }
  }
  const names = frame.design.names;
  for (let j = 0; j < names.length; j++) {
    const c = frame.design.columns[j];
    for (let k = 0; k < frame.n; k++) {
      if (!Number.isFinite(c[k])) throw new InputError(`value ${c[k]} is not finite`, where(frame.design.from[j], k));
    }
  }
  const fit = coxph({
    time,
    start,
    event: frame.numeric[spec.event],
    x: frame.design.columns,
    names,
    strata: spec.strata ? frame.labels[spec.strata].codes : undefined,
    cluster: spec.cluster ? frame.labels[spec.cluster].codes : undefined,
    weights: spec.weights ? frame.numeric[spec.weights] : undefined,
    ties: spec.ties,
    maxIter: spec.maxIter,
    eps: spec.eps,
  });
  const out: CoxTableFit = Object.assign(fit, { dropped: frame.dropped });
  if (spec.zph) out.zph = coxZph(fit, { transform: "km" });
  return out;
}
