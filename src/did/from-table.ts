/** The whole DiD design from a table (CLI and notebooks): 2×2, TWFE with all inference, bootstrap, RI, event study. */
import { asDataTable, type TableLike } from "../api/as-table.js";
import { checkOptions } from "../api/check-options.js";
import { DidOptions, StaggeredDidOptions } from "../api/option-schemas.js";
import { InputError, UsageError } from "../errors.js";
import { buildFrame, requireBinary } from "../frame/model-frame.js";
import type { Dropped } from "../frame/model-frame.js";
import type { DataTable } from "../io/table.js";
import { eventStudy, type EventStudyResult } from "./event-study.js";
import { fitFromGrams } from "./ols.js";
import { randomizationInference, type RandomizationResult } from "./randomization.js";
import { did2x2, type Did2x2Result } from "./two-by-two.js";
import { countTreatedClusters, inferenceFromFit, twfeDesign, weightedCrossProducts, type TwfeResult } from "./twfe.js";
import { weightedCR2 } from "./variance-cr.js";
import { callawaySantAnna, type StaggeredResult } from "./staggered.js";
import { wildClusterBootstrap, type BootWeights, type WildBootstrapResult } from "./wild-bootstrap.js";

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
  /** Cluster column (default: the unit). */
  cluster?: string;
  /** Pair column (e.g. county) for within-pair randomization inference. */
  pair?: string;
  /** Event-study reference period (default: the last pre-period). */
  referencePeriod?: number;
  draws?: number;
  seed?: number;
  bootWeights?: BootWeights;
  weights?: string;
  /** Require a 0/1 outcome. */
  binaryOutcome?: boolean;
  level?: number;
}

/** Staggered adoption: each unit's first treated period comes from a column; `treated` is not needed. */
export type StaggeredDidSpec = Omit<DidSpec, "treated" | "firstTreated"> & {
  treated?: string;
  firstTreated: string;
  control?: "never" | "notyet";
};

export interface DidResult {
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
  callaway_santanna: StaggeredResult;
  /** TWFE with d = 1{period ≥ unit's first treated period}: biased under heterogeneous effects, shown for comparison. */
  twfe: TwfeResult;
  wild_cluster_bootstrap: WildBootstrapResult;
  n: number;
  dropped: Dropped;
  warnings: string[];
}

/** Staggered adoption: Callaway–Sant'Anna ATT(g,t) with never- (or not-yet-) treated controls. */
export function didStaggeredFromTable(
  tableLike: TableLike,
  options: StaggeredDidSpec,
): StaggeredDidResult {
  const spec = checkOptions<StaggeredDidSpec>("didStaggeredFromTable", StaggeredDidOptions, options);
  const table = asDataTable(tableLike, "didStaggeredFromTable");
  const src = table.source;
  const cluster = spec.cluster ?? spec.unit;
  const numeric = [spec.outcome, spec.time, spec.firstTreated];
  const labels = [...new Set([spec.unit, spec.time, cluster])];
  const f = buildFrame(table, { numeric, covariates: spec.covariates ?? [], labels });
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
  const cs = callawaySantAnna({ y, time, firstTreated: ft, cluster: cl, control: spec.control, periodLabels: levels, level: spec.level });
  const des = twfeDesign({ y, d, unit, time, cluster: cl, x: f.design.columns });
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
  const tw = inferenceFromFit(fit, countTreatedClusters(d, cl), spec.level, f.design.columns.length);
  const boot = wildClusterBootstrap(des, fit, { draws: spec.draws, seed: spec.seed, weights: spec.bootWeights, level: spec.level });
  return { design: "staggered", callaway_santanna: cs, twfe: tw, wild_cluster_bootstrap: boot, n: f.n, dropped: f.dropped, warnings: [...cs.warnings, ...tw.warnings] };
}

export function didFromTable(tableLike: TableLike, options: DidSpec): DidResult {
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
  const f = buildFrame(table, { numeric, covariates: spec.covariates ?? [], labels });
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
    const des = twfeDesign({ y, d, unit, time, cluster: cl, x: xs, weights: w });
    const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
    // weighted lm: clubSandwich's weighted CR2 and Satterthwaite df (see weightedCR2)
    const weighted = w ? weightedCR2(weightedCrossProducts({ y, d, unit, time, cluster: cl, x: xs, weights: w })) : undefined;
    return { des, fit, res: inferenceFromFit(fit, countTreatedClusters(d, cl), level, xs.length, weighted) };
  };
  let main;
  try {
    main = run(x);
  } catch (e) {
    if (e instanceof InputError && !e.file) throw new InputError(e.detail, { file: src, column: cluster, row: e.row !== undefined ? f.rows[e.row - 1] + 1 : undefined });
    throw e;
  }
  warnings.push(...main.res.warnings);
  const boot = wildClusterBootstrap(main.des, main.fit, { draws: spec.draws, seed: spec.seed, weights: spec.bootWeights, level });

  const tu = new Uint8Array(U);
  for (let u = 0; u < U; u++) tu[u] = unitTreated[u] === 1 ? 1 : 0;
  let pairOfUnit: Int32Array | undefined;
  if (spec.pair) {
    pairOfUnit = new Int32Array(U);
    const pc = f.labels[spec.pair].codes;
    for (let k = 0; k < f.n; k++) pairOfUnit[unit[k]] = pc[k];
  }
  const ri = randomizationInference({ y, post, unit, time, cluster: cl, treatedUnits: tu, pairOfUnit, x, weights: w });

  const firstCode = timeLevels.findIndex((t) => t >= firstTreated);
  let refCode = firstCode - 1;
  if (spec.referencePeriod !== undefined) {
    refCode = timeLevels.indexOf(spec.referencePeriod);
    if (refCode < 0) throw new UsageError(`--reference-period ${spec.referencePeriod} is not a ${spec.time} in the data (${timeLevels.join(", ")})`);
  }
  const es = eventStudy({ y, treated, unit, time, cluster: cl, referencePeriod: refCode, firstTreatedPeriod: firstCode, periodLabels: timeLevels, x, weights: w, level });
  if (es.pretrend_p < 0.05) warnings.push(`pre-period coefficients jointly differ from 0 (Wald χ²=${es.pretrend_wald_chisq.toFixed(2)}, p=${es.pretrend_p.toFixed(3)}): parallel trends doubtful`);

  const result: DidResult = {
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
