/** coxph on a DataTable: column names → model frame (rows with missing values dropped and counted) → fit. */
import { asDataTable, type TableLike } from "../../api/as-table.js";
import { checkOptions } from "../../api/check-options.js";
import { CoxOptions } from "../../api/option-schemas.js";
import { EstimationError, InputError } from "../../errors.js";
import { type Dropped, buildFrame, requireBinary } from "../../frame/model-frame.js";
import { type CoxFit, coxph } from "./fit.js";
import type { CoxInput } from "./risk-sets.js";
import { type ZphResult, coxZph } from "./zph.js";
import { type CoxSmallSample, FEW_CLUSTERS, checkClusters, countClusters, coxSmallSample } from "./few-clusters.js";
import { type CoxRandomizationResult, coxRandomization } from "./randomization.js";
import { type CoxJackknife, coxClusterJackknife } from "./jackknife.js";

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
  /** Level of the hazard-ratio limits (default 0.95). */
  confLevel?: number;
  /** Harrell's concordance in the result (default true, as R's coxph). */
  concordance?: boolean;
  /** Robust (sandwich) variance; default as R: with `cluster` or fractional weights. */
  robust?: boolean;
  maxIter?: number;
  eps?: number;
  /** Also run cox.zph (transform "km"). */
  zph?: boolean;
  /**
   * Randomization inference for this 0/1 covariate, constant within clusters (e.g. "pilot"):
   * needs `cluster`. See randomization.ts.
   */
  randomization?: string;
  /** Column constant within clusters pairing them (e.g. "county"): assignments flip within pairs. */
  pair?: string;
  /** Enumerate up to this many assignments, else sample this many (default 9999). */
  draws?: number;
  seed?: number;
  /** Interval by test inversion for the randomization test (default true). */
  randomizationCi?: boolean;
  /** Cluster jackknife (CV3) SEs with t(G−1), G refits (default: with `cluster` and fewer than 30 clusters). */
  jackknife?: boolean;
}

export interface CoxTableFit extends CoxFit {
  dropped: Dropped;
  zph?: ZphResult;
  /** Factor covariates: levels in order and the reference level (absorbed in the baseline hazard). */
  factors: Record<string, { levels: string[]; reference: string }>;
  /** Why the proportional-hazards test could not be computed (the fit itself stands). */
  zph_error?: string;
  /** Number of clusters the robust variance rests on (with `cluster`). */
  clusters?: number;
  /** CR1-type small-sample correction G/(G−1) with t(G−1) (with `cluster`). */
  small_sample?: CoxSmallSample;
  /** Cluster jackknife (CV3) SEs with t(G−1) (with `cluster`, below 30 clusters by default; see jackknife.ts). */
  jackknife?: CoxJackknife;
  /** Why the jackknife could not be computed (e.g. a term is constant without one cluster). */
  jackknife_error?: string;
  randomization?: CoxRandomizationResult & { term: string };
  /** Few clusters and similar qualifications of the result. */
  warnings: string[];
}

export function coxphFromTable(tableLike: TableLike, options: CoxTableSpec): CoxTableFit {
  const spec = checkOptions<CoxTableSpec>("coxphFromTable", CoxOptions, options);
  const table = asDataTable(tableLike, "coxphFromTable");
  const numeric = [spec.time, spec.event, ...(spec.start ? [spec.start] : []), ...(spec.weights ? [spec.weights] : [])];
  const labels = [...new Set([...(spec.strata ? [spec.strata] : []), ...(spec.cluster ? [spec.cluster] : []), ...(spec.pair ? [spec.pair] : [])])];
  if (spec.randomization && !spec.cluster) throw new InputError("randomization inference needs a cluster column (the label is assigned to clusters)", { file: table.source });
  if (spec.randomization && !spec.covariates.includes(spec.randomization)) {
    throw new InputError(`randomization column "${spec.randomization}" must be one of the covariates`, { file: table.source });
  }
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
  const where = (column: string, k: number) => ({ file: frame.source, column, row: frame.rows[k] + 1 });
  const warnings: string[] = [];
  const clusterCodes = spec.cluster ? frame.labels[spec.cluster].codes : undefined;
  const G = clusterCodes ? countClusters(clusterCodes) : undefined;
  if (G !== undefined) {
    const w = checkClusters(G, spec.cluster);
    if (w) warnings.push(w);
  }
  const input: CoxInput = {
    time,
    start,
    event: frame.numeric[spec.event],
    x: frame.design.columns,
    names,
    strata: spec.strata ? frame.labels[spec.strata].codes : undefined,
    cluster: clusterCodes,
    weights: spec.weights ? frame.numeric[spec.weights] : undefined,
    confLevel: spec.confLevel,
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
  };
  const fit = coxph(input);
  const out: CoxTableFit = Object.assign(fit, { dropped: frame.dropped, factors: frame.factors, warnings });
  if (spec.zph) {
    // a failing PH test never takes the fit down with it: its failure is reported in the result
    try {
      out.zph = coxZph(fit, { transform: "km" });
    } catch (e) {
      if (!(e instanceof EstimationError)) throw e;
      out.zph_error = e.message;
    }
  }
  if (G !== undefined) {
    out.clusters = G;
    out.small_sample = coxSmallSample(fit, G, spec.confLevel ?? 0.95);
    if (spec.jackknife ?? G < FEW_CLUSTERS) {
      try {
        out.jackknife = coxClusterJackknife(input, fit.coef, spec.confLevel ?? 0.95, frame.labels[spec.cluster!].levels);
      } catch (e) {
        if (!(e instanceof EstimationError)) throw e;
        out.jackknife_error = e.message;
        warnings.push(e.message);
      }
    }
  }
  if (spec.randomization) {
    const j = names.indexOf(spec.randomization);
    if (j < 0) throw new InputError(`randomization column "${spec.randomization}" must be a numeric 0/1 covariate`, { file: table.source });
    const cl = clusterCodes!;
    const label = frame.design.columns[j];
    const treated = new Int8Array(G!).fill(-1);
    const pairCodes = spec.pair ? frame.labels[spec.pair].codes : undefined;
    const pairOf = pairCodes ? new Int32Array(G!).fill(-1) : undefined;
    for (let k = 0; k < frame.n; k++) {
      const v = label[k];
      if (v !== 0 && v !== 1) throw new InputError(`value ${v} is not 0 or 1`, where(spec.randomization, k));
      const c = cl[k];
      if (treated[c] >= 0 && treated[c] !== v) {
        throw new InputError(`${spec.randomization} is not constant within ${spec.cluster} "${frame.labels[spec.cluster!].levels[c]}"`, where(spec.randomization, k));
      }
      treated[c] = v;
      if (pairOf && pairCodes) {
        if (pairOf[c] >= 0 && pairOf[c] !== pairCodes[k]) {
          throw new InputError(`${spec.pair} is not constant within ${spec.cluster} "${frame.labels[spec.cluster!].levels[c]}"`, where(spec.pair!, k));
        }
        pairOf[c] = pairCodes[k];
      }
    }
    const x = frame.design.columns.filter((_, i) => i !== j);
    const ri = coxRandomization({
      time,
      start,
      event: frame.numeric[spec.event],
      x,
      names: names.filter((_, i) => i !== j),
      strata: spec.strata ? frame.labels[spec.strata].codes : undefined,
      weights: spec.weights ? frame.numeric[spec.weights] : undefined,
      ties: spec.ties,
      cluster: cl,
      treatedClusters: Uint8Array.from(treated),
      pairOfCluster: pairOf,
      draws: spec.draws,
      seed: spec.seed,
      ci: spec.randomizationCi,
    });
    out.randomization = { term: spec.randomization, ...ri };
  }
  return out;
}
