/** coxph on a DataTable: column names → model frame (rows with missing values dropped and counted) → fit. */
import { asDataTable, type TableLike } from "../../api/as-table.js";
import { checkOptions } from "../../api/check-options.js";
import { CoxOptions } from "../../api/option-schemas.js";
import { EstimationError, InputError } from "../../errors.js";
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
  /** Harrell's concordance in the result (default true, as R's coxph). */
  concordance?: boolean;
  /** Robust (sandwich) variance; default as R: with `cluster` or fractional weights. */
  robust?: boolean;
  maxIter?: number;
  eps?: number;
  /** Also run cox.zph (transform "km"). */
  zph?: boolean;
}

export interface CoxTableFit extends CoxFit {
  dropped: Dropped;
  zph?: ZphResult;
  /** Factor covariates: levels in order and the reference level (absorbed in the baseline hazard). */
  factors: Record<string, { levels: string[]; reference: string }>;
  /** Why the proportional-hazards test could not be computed (the fit itself stands). */
  zph_error?: string;
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
  const time = frame.numeric[spec.time];
  const start = spec.start ? frame.numeric[spec.start] : undefined;
  const names = frame.design.names;
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
    robust: spec.robust,
    concordance: spec.concordance ?? true,
    maxIter: spec.maxIter,
    eps: spec.eps,
    // validated once, in prepareCox, with file, column and original row
    where: {
      file: frame.source,
      names: { time: spec.time, start: spec.start, event: spec.event, weights: spec.weights },
      rows: frame.rows,
      covariateColumns: frame.design.from,
    },
  });
  const out: CoxTableFit = Object.assign(fit, { dropped: frame.dropped, factors: frame.factors });
  if (spec.zph) {
    // a failing PH test never takes the fit down with it: its failure is reported in the result
    try {
      out.zph = coxZph(fit, { transform: "km" });
    } catch (e) {
      if (!(e instanceof EstimationError)) throw e;
      out.zph_error = e.message;
    }
  }
  return out;
}
