/** The whole DiD design from a table (CLI and notebooks): 2×2, TWFE with all inference, bootstrap, RI, event study. */
import { asDataTable, type TableLike } from "../api/as-table.js";
import { checkOptions } from "../api/check-options.js";
import { DidOptions, StaggeredDidOptions } from "../api/option-schemas.js";
import { InputError, UsageError } from "../errors.js";
import { buildFrame, requireBinary } from "../frame/model-frame.js";
import type { Dropped } from "../frame/model-frame.js";
import { filterRows, type DataTable } from "../io/table.js";
import type { ModelFrame } from "../frame/model-frame.js";
import { eventStudy, type EventStudyResult } from "./event-study.js";
import { fitFromGrams } from "./ols.js";
import { randomizationInference, type RandomizationResult } from "./randomization.js";
import { did2x2, type Did2x2Result } from "./two-by-two.js";
import { countTreatedClusters, inferenceFromFit, twfeDesign, weightedCrossProducts, type TwfeResult } from "./twfe.js";
import { weightedCR2, type Ssc } from "./variance-cr.js";
import { callawaySantAnna, type StaggeredResult } from "./staggered.js";
import { wildClusterBootstrap, type BootWeights, type WildBootstrapResult } from "./wild-bootstrap.js";
import { mapInt32 } from "../frame/typed-map.js";

export interface DidSpec {
  outcome: string;
  unit: string;
  time: string;
  /** 0/1 column: the unit is a pilot (treated) unit. */
  treated: string;
  /**
   * First treated period (a value of the time column) — or the name of a column holding each unit's
   * first treated period (staggered adoption; 0, or a period after the last one, = never treated).
   */
  firstTreated: number | string;
  covariates?: string[];
  /** Covariates treated as factors, with their reference level (a numeric-looking column too). */
  factors?: Record<string, string>;
  /** Explicit level order of a factor covariate (the first is the reference unless `factors` names one). */
  levels?: Record<string, string[]>;
  /** Cluster column (default: the unit). */
  cluster?: string;
  /** Pair column (e.g. county) for within-pair randomization inference. */
  pair?: string;
  /** Event-study reference period (default: the last pre-period). */
  referencePeriod?: number;
  draws?: number;
  seed?: number;
  /** Randomization inference: sampled assignments when there are more than `riMaxAssignments` (default 9999). */
  riDraws?: number;
  /** Enumerate every assignment up to this many (default 100000). */
  riMaxAssignments?: number;
  bootWeights?: BootWeights;
  weights?: string;
  /**
   * What the weights are: "analytic" (default; lm(weights =), clubSandwich's weighted CR2), "frequency"
   * (each row stands for w identical individuals, as Stata's fweights) or "shares" (the outcome is the
   * share of a 0/1 outcome among the row's w individuals, e.g. office × period aggregates). With
   * "frequency" and "shares" every result equals the individual-level run.
   */
  weightType?: "analytic" | "frequency" | "shares";
  /** Require a 0/1 outcome. */
  binaryOutcome?: boolean;
  level?: number;
  /** CR1 small-sample factor: "full" (default; sandwich HC1, Stata) or "nested" (fixest, pyfixest default). */
  ssc?: Ssc;
  /** Staggered: multiply Callaway–Sant'Anna SEs by sqrt(G/(G−1)) (default false, as R's did and csdid). */
  csSmallSample?: boolean;
}

/** Staggered adoption: each unit's first treated period comes from a column; `treated` is not needed. */
export type StaggeredDidSpec = Omit<DidSpec, "treated" | "firstTreated"> & {
  treated?: string;
  firstTreated: string;
  control?: "never" | "notyet";
};

export interface DidResult {
  /** Level of every interval in the result. */
  conf_level: number;
  did_2x2: Did2x2Result;
  twfe: TwfeResult;
  twfe_no_covariates?: TwfeResult;
  wild_cluster_bootstrap: WildBootstrapResult;
  randomization_inference: RandomizationResult;
  event_study: EventStudyResult;
  n: number;
  dropped: Dropped;
  warnings: string[];
}

export interface StaggeredDidResult {
  design: "staggered";
  /** Level of every interval in the result. */
  conf_level: number;
  callaway_santanna: StaggeredResult;
  /** TWFE with d = 1{period ≥ unit's first treated period}: biased under heterogeneous effects, shown for comparison. */
  twfe: TwfeResult;
  wild_cluster_bootstrap: WildBootstrapResult;
  n: number;
  dropped: Dropped;
  warnings: string[];
}

/**
 * Staggered adoption: Callaway–Sant'Anna ATT(g,t) with never- (or not-yet-) treated controls, and the
 * (biased) TWFE with d = 1{period ≥ first treated period} for comparison. Options that the staggered
 * design does not support (pairs, an event-study reference period, covariates) are refused with one
 * line; weights (per unit, as R's did) weight both the TWFE (as lm(weights =)) and ATT(g,t).
 */
export function didStaggeredFromTable(tableLike: TableLike, options: StaggeredDidSpec): StaggeredDidResult {
  const spec = checkOptions<StaggeredDidSpec>("didStaggeredFromTable", StaggeredDidOptions, options);
  const table = asDataTable(tableLike, "didStaggeredFromTable");
  const src = table.source;
  const refuse = (what: string) => {
    throw new UsageError(`${what} is not supported with staggered adoption (--first-treated names a column): Callaway–Sant'Anna here is unconditional, with a varying base period`);
  };
  if (spec.pair) refuse("--pair (within-pair randomization inference)");
  if (spec.referencePeriod !== undefined) refuse("--reference-period");
  if (spec.covariates && spec.covariates.length > 0) refuse("--covariates");
  if (Object.keys(spec.factors ?? {}).length || Object.keys(spec.levels ?? {}).length) refuse("--factor/--levels (they apply to covariates)");
  const cluster = spec.cluster ?? spec.unit;
  const numeric = [spec.outcome, spec.time, spec.firstTreated];
  if (spec.weights) numeric.push(spec.weights);
  const labels = [...new Set([spec.unit, spec.time, cluster])];
  const f = frameWithoutZeroWeights(table, spec.weights, (t) => buildFrame(t, { numeric, labels }));
  if (f.n === 0) throw new InputError("no complete rows", { file: src });
  if (spec.binaryOutcome) requireBinary(f, spec.outcome);
  const y = f.numeric[spec.outcome];
  const ftv = f.numeric[spec.firstTreated];
  const tv = f.numeric[spec.time];
  const unit = f.labels[spec.unit].codes;
  const time = f.labels[spec.time].codes;
  const levels = f.labels[spec.time].levels.map(Number);
  const cl = f.labels[cluster].codes;
  const U = f.labels[spec.unit].levels.length;
  const w = spec.weights ? f.numeric[spec.weights] : undefined;
  if (w) for (let k = 0; k < f.n; k++) if (!(w[k] >= 0)) throw new InputError(`weight ${w[k]} is negative`, { file: src, column: spec.weights, row: f.rows[k] + 1 });
  const firstOfUnit = new Float64Array(U).fill(NaN);
  const ft = new Int32Array(f.n);
  const d = new Float64Array(f.n);
  for (let k = 0; k < f.n; k++) {
    const u = unit[k];
    if (Number.isNaN(firstOfUnit[u])) firstOfUnit[u] = ftv[k];
    else if (firstOfUnit[u] !== ftv[k]) {
      throw new InputError(`${spec.unit} "${f.labels[spec.unit].levels[u]}" has more than one first treated period (${firstOfUnit[u]} and ${ftv[k]})`, { file: src, column: spec.firstTreated, row: f.rows[k] + 1 });
    }
    const never = ftv[k] === 0 || ftv[k] > levels[levels.length - 1];
    const code = never ? -1 : levels.findIndex((t) => t >= ftv[k]);
    ft[k] = code;
    d[k] = !never && tv[k] >= ftv[k] ? 1 : 0;
  }
  const nNever = [...firstOfUnit].filter((v) => v === 0 || v > levels[levels.length - 1]).length;
  if (nNever === 0 && (spec.control ?? "never") === "never") throw new InputError("no never-treated (control) units; use not-yet-treated controls", { file: src, column: spec.firstTreated });
  if ([...firstOfUnit].every((v) => !(v === 0 || v > levels[levels.length - 1]) && v <= levels[0])) {
    throw new InputError("no pre-period: every unit is treated from the first period", { file: src, column: spec.firstTreated });
  }
  const nClusters = f.labels[cluster].levels.length;
  if (nClusters < 2) throw new InputError(`fewer than 2 clusters (${nClusters})`, { file: src, column: cluster });
  const warnings: string[] = [];
  if (w) {
    // did's weights are per unit: they must not vary within a unit
    const wu = new Float64Array(U).fill(NaN);
    for (let k = 0; k < f.n; k++) {
      const u = unit[k];
      if (Number.isNaN(wu[u])) wu[u] = w[k];
      else if (wu[u] !== w[k]) throw new InputError(`${spec.unit} "${f.labels[spec.unit].levels[u]}" has more than one weight (${wu[u]} and ${w[k]}); Callaway–Sant'Anna weights are per unit, as in R's did`, { file: src, column: spec.weights, row: f.rows[k] + 1 });
    }
  }
  let cs: StaggeredResult;
  try {
    cs = callawaySantAnna({ y, time, firstTreated: ft, cluster: cl, control: spec.control, periodLabels: levels, level: spec.level, smallSample: spec.csSmallSample, weights: w });
  } catch (e) {
    if (e instanceof InputError && !e.file) throw new InputError(e.detail, { file: src, column: spec.firstTreated });
    throw e;
  }
  warnings.push(...cs.warnings);
  const frequency = checkWeightType(spec, f, y);
  const des = twfeDesign({ y, d, unit, time, cluster: cl, weights: w, frequency });
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
  if (spec.weightType === "shares") for (let k = 0; k < f.n; k++) fit.rss += w![k] * y[k] * (1 - y[k]);
  const weighted = w && !frequency ? weightedCR2(weightedCrossProducts({ y, d, unit, time, cluster: cl, weights: w })) : undefined;
  const tw = inferenceFromFit(fit, countTreatedClusters(d, cl), spec.level, 0, weighted, spec.ssc);
  warnings.push(...tw.warnings);
  const boot = wildClusterBootstrap(des, fit, { draws: spec.draws, seed: spec.seed, weights: spec.bootWeights, level: spec.level });
  return { design: "staggered", conf_level: spec.level ?? 0.95, callaway_santanna: cs, twfe: tw, wild_cluster_bootstrap: boot, n: f.n, dropped: f.dropped, warnings };
}

/** Whether the weights count individuals; checks that the weight type fits the data. */
function checkWeightType(spec: Pick<DidSpec, "weightType" | "weights" | "outcome">, f: ModelFrame, y: Float64Array): boolean {
  const type = spec.weightType ?? "analytic";
  if (type === "analytic") return false;
  if (!spec.weights) throw new UsageError(`--weight-type ${type} needs --weights (the column with the number of individuals per row)`);
  if (type === "shares") {
    for (let k = 0; k < f.n; k++) {
      if (!(y[k] >= 0 && y[k] <= 1)) throw new InputError(`with --weight-type shares the outcome must be a share between 0 and 1, got ${y[k]}`, { file: f.source, column: spec.outcome, row: f.rows[k] + 1 });
    }
  }
  return true;
}

/**
 * Rows whose weight is exactly 0 are left out before the frame is built (R's lm gives them no
 * residual df and no cluster; an office whose weights are all 0 is then no office at all), and
 * counted in `dropped.zero_weight`. Row numbers in later messages still refer to the original file.
 */
export function frameWithoutZeroWeights(table: DataTable, weights: string | undefined, build: (t: DataTable) => ModelFrame): ModelFrame {
  const wc = weights ? table.columns.get(weights) : undefined;
  if (!wc || wc.type !== "number") return build(table);
  const keep = new Uint8Array(table.nrows);
  let zeros = 0;
  for (let i = 0; i < table.nrows; i++) {
    keep[i] = wc.values[i] === 0 ? 0 : 1;
    zeros += 1 - keep[i];
  }
  if (zeros === 0) return build(table);
  const orig = new Int32Array(table.nrows - zeros);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let i = 0, k = 0; i < table.nrows; i++) if (keep[i]) orig[k++] = i;
  const f = build(filterRows(table, keep));
  const rows = mapInt32(f.rows, (r) => orig[r]);
  return { ...f, rows, dropped: { ...f.dropped, total: f.dropped.total + zeros, zero_weight: zeros } };
}

export function didFromTable(tableLike: TableLike, options: DidSpec): DidResult {
  if (typeof options?.firstTreated === "number" && !options.treated) {
    throw new UsageError("--treated is required when --first-treated is a period (it names the 0/1 pilot column)");
  }
  const spec = checkOptions<DidSpec>("didFromTable", DidOptions, options);
  if (typeof spec.firstTreated !== "number") {
    throw new UsageError(`didFromTable: firstTreated is the column name ${JSON.stringify(spec.firstTreated)}; for staggered adoption use didStaggeredFromTable, for one start give the period (e.g. firstTreated: 2013)`);
  }
  const table = asDataTable(tableLike, "didFromTable");
  const firstTreated = spec.firstTreated;
  const src = table.source;
  const cluster = spec.cluster ?? spec.unit;
  const numeric = [spec.outcome, spec.treated, spec.time];
  if (spec.weights) numeric.push(spec.weights);
  const labels = [...new Set([spec.unit, spec.time, cluster, ...(spec.pair ? [spec.pair] : [])])];
  const f = frameWithoutZeroWeights(table, spec.weights, (t) => buildFrame(t, { numeric, covariates: spec.covariates ?? [], factors: spec.factors, levels: spec.levels, labels }));
  if (f.n === 0) throw new InputError("no complete rows", { file: src });
  requireBinary(f, spec.treated);
  if (spec.binaryOutcome) requireBinary(f, spec.outcome);
  const y = f.numeric[spec.outcome];
  const treated = f.numeric[spec.treated];
  const timeValue = f.numeric[spec.time];
  const unit = f.labels[spec.unit].codes;
  const time = f.labels[spec.time].codes;
  const timeLevels = f.labels[spec.time].levels.map(Number);
  const cl = f.labels[cluster].codes;
  const U = f.labels[spec.unit].levels.length;
  const w = spec.weights ? f.numeric[spec.weights] : undefined;
  if (w) for (let k = 0; k < f.n; k++) if (!(w[k] >= 0)) throw new InputError(`weight ${w[k]} is negative`, { file: src, column: spec.weights, row: f.rows[k] + 1 });
  const frequency = checkWeightType(spec, f, y);

  // the pilot label is a property of the unit: it may not change within a unit (hence not within a unit-period)
  const unitTreated = new Int8Array(U).fill(-1);
  for (let k = 0; k < f.n; k++) {
    const u = unit[k];
    const v = treated[k];
    if (unitTreated[u] === -1) unitTreated[u] = v;
    else if (unitTreated[u] !== v) {
      throw new InputError(`${spec.unit} "${f.labels[spec.unit].levels[u]}" is both treated and untreated (in ${spec.time} ${timeValue[k]})`, {
        file: src,
        column: spec.treated,
        row: f.rows[k] + 1,
      });
    }
  }
  const nTreatedUnits = [...unitTreated].filter((v) => v === 1).length;
  if (nTreatedUnits === 0) throw new InputError("no treated units", { file: src, column: spec.treated });
  if (nTreatedUnits === U) throw new InputError("no control units (every unit is treated)", { file: src, column: spec.treated });
  const post = new Float64Array(f.n);
  const d = new Float64Array(f.n);
  let nPre = 0;
  for (let k = 0; k < f.n; k++) {
    post[k] = timeValue[k] >= firstTreated ? 1 : 0;
    d[k] = post[k] * treated[k];
    nPre += 1 - post[k];
  }
  if (nPre === 0) throw new InputError(`no pre-period: every ${spec.time} is ≥ the first treated period ${firstTreated}`, { file: src, column: spec.time });
  if (nPre === f.n) throw new InputError(`no post-period: no ${spec.time} is ≥ the first treated period ${firstTreated}`, { file: src, column: spec.time });
  const nClusters = f.labels[cluster].levels.length;
  if (nClusters < 2) throw new InputError(`fewer than 2 clusters (${nClusters})`, { file: src, column: cluster });

  const warnings: string[] = [];
  const x = f.design.columns;
  const level = spec.level ?? 0.95;
  const run = (xs: Float64Array[]) => {
    const des = twfeDesign({ y, d, unit, time, cluster: cl, x: xs, weights: w, frequency });
    const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
    if (spec.weightType === "shares") {
      // within-row residual sum of squares of the individual 0/1 outcomes: Σ w p(1 − p)
      for (let k = 0; k < f.n; k++) fit.rss += w![k] * y[k] * (1 - y[k]);
    }
    // weighted lm: clubSandwich's weighted CR2 and Satterthwaite df (see weightedCR2)
    // (covariates the fit left out — aliased by the unit FE or collinear with other regressors — are left
    // out here too: the same column space as R's lm, which gives NA or drops a unit dummy instead)
    const keptX = xs.filter((_, j) => fit.keep.includes(1 + j));
    const weighted = w && !frequency ? weightedCR2(weightedCrossProducts({ y, d, unit, time, cluster: cl, x: keptX, weights: w }), [...Array(1 + keptX.length).keys()]) : undefined;
    return { des, fit, res: inferenceFromFit(fit, countTreatedClusters(d, cl), level, xs.length, weighted, spec.ssc) };
  };
  let main;
  try {
    main = run(x);
  } catch (e) {
    if (e instanceof InputError && !e.file) throw new InputError(e.detail, { file: src, column: cluster, row: e.row !== undefined ? f.rows[e.row - 1] + 1 : undefined });
    throw e;
  }
  warnings.push(...main.res.warnings);
  f.design.names.forEach((nm, j) => {
    if (main.des.grams.aliased[1 + j]) warnings.push(`covariate ${nm} is constant within every ${spec.unit} (absorbed by the ${spec.unit} fixed effects): left out, its coefficient is NaN`);
    else if (!main.fit.keep.includes(1 + j)) warnings.push(`covariate ${nm} is collinear with the other covariates or the period effects: left out, its coefficient is NaN (R's lm: NA)`);
  });
  const boot = wildClusterBootstrap(main.des, main.fit, { draws: spec.draws, seed: spec.seed, weights: spec.bootWeights, level });

  const tu = new Uint8Array(U);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let u = 0; u < U; u++)
    tu[u] = unitTreated[u] === 1 ? 1 : 0;
  let pairOfUnit: Int32Array | undefined;
  if (spec.pair) {
    pairOfUnit = new Int32Array(U);
    const pc = f.labels[spec.pair].codes;
    for (let k = 0; k < f.n; k++) pairOfUnit[unit[k]] = pc[k];
  }
  const ri = randomizationInference({ y, post, unit, time, cluster: cl, treatedUnits: tu, pairOfUnit, x, weights: w, frequency, draws: spec.riDraws, maxAssignments: spec.riMaxAssignments, seed: spec.seed, level });
  if (ri.note) warnings.push(`randomization inference: ${ri.note}`);

  const firstCode = timeLevels.findIndex((t) => t >= firstTreated);
  let refCode = firstCode - 1;
  if (spec.referencePeriod !== undefined) {
    refCode = timeLevels.indexOf(spec.referencePeriod);
    if (refCode < 0) throw new UsageError(`--reference-period ${spec.referencePeriod} is not a ${spec.time} in the data (${timeLevels.join(", ")})`);
  }
  const es = eventStudy({ y, treated, unit, time, cluster: cl, referencePeriod: refCode, firstTreatedPeriod: firstCode, periodLabels: timeLevels, x, weights: w, level, ssc: spec.ssc, frequency });
  if (es.pretrend_note) warnings.push(es.pretrend_note);
  if (es.pretrend_p < 0.05) warnings.push(`pre-period coefficients jointly differ from 0 (Wald χ²=${es.pretrend_wald_chisq.toFixed(2)}, p=${es.pretrend_p.toFixed(3)}): parallel trends doubtful`);

  const result: DidResult = {
    conf_level: level,
    did_2x2: did2x2({ y, treated, post, weights: w }),
    twfe: main.res,
    wild_cluster_bootstrap: boot,
    randomization_inference: ri,
    event_study: es,
    n: f.n,
    dropped: f.dropped,
    warnings,
  };
  if (x.length > 0) result.twfe_no_covariates = run([]).res;
  return result;
}
