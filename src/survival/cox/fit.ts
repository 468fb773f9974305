/**
 * coxph: Newton–Raphson for the Cox partial likelihood exactly as R's coxph (coxfit6 / agfit4):
 * start at β = 0, take full Newton steps, halve the step when the log-likelihood gets worse, stop
 * when |1 − l_old/l_new| ≤ eps (the β returned is the one whose log-likelihood met the test).
 * Tests: likelihood ratio 2(l̂ − l₀), Wald β'V⁻¹β (V robust when clustered, as R), score U'I⁻¹U at β=0.
 */
import { EstimationError, UsageError } from "../../errors.js";
import { chisqSurvival, normalQuantile, normalTwoSided } from "../../stats/distributions.js";
import { type Cholesky, cholInverse, cholSolve, cholesky, leading, quadSolve, toRows } from "../../stats/linalg.js";
import { type Concordance, concordance } from "./concordance.js";
import { type EventTimeSums, newEventTimeSums } from "./event-times.js";
import { type PassResult, coxPass } from "./loglik.js";
import { type CoxData, type CoxInput, linearPredictorInternal, prepareCox, toInternal } from "./risk-sets.js";
import { clusterRobustVariance, robustScoreTest, sortedClusters } from "./robust.js";

export type VarianceKind = "model-based" | "robust" | "cluster-robust";

export interface ChisqTest {
  stat: number;
  df: number;
  p: number;
}

export interface CoxFit {
  terms: string[];
  coef: number[];
  /** Model-based standard errors. */
  se: number[];
  /** Cluster-robust (grouped sandwich) standard errors, with `cluster`. */
  robust_se?: number[];
  hazard_ratio: number[];
  /** 95% limits for the hazard ratio (robust when clustered, as R's summary). */
  hr_lower: number[];
  hr_upper: number[];
  /** Level of hr_lower/hr_upper (exp(β ± z_{1−α/2}·se), as R's summary(coxph, conf.int =)). */
  conf_level: number;
  /** coef / se (robust se when clustered). */
  z: number[];
  p: number[];
  /** [at β = 0, at β̂]. */
  loglik: [number, number];
  /** Wald uses `var`; robust_score (with a robust variance): R's robust score test at β = init. */
  tests: { lr: ChisqTest; wald: ChisqTest; score: ChisqTest; robust_score?: ChisqTest };
  /** Which variance `var`, the SEs used for z, p and limits, and the Wald test rest on. */
  variance: VarianceKind;
  /** Why the variance is robust. */
  variance_reason?: string;
  n: number;
  nevent: number;
  nstrata: number;
  iter: number;
  converged: boolean;
  ties: "efron" | "breslow";
  /** Variance used for inference (robust when clustered), p×p. */
  var: number[][];
  /** Model-based variance (inverse information) when `var` is robust. */
  naive_var?: number[][];
  /** Harrell's C with R's standard error (coxph's fit$concordance). */
  concordance?: Concordance;
  /** Covariate means (the centring constants, weighted). */
  means: number[];
  /** The fitted model (sorted data) for coxZph and coxBaseline; left out of JSON (see CoxModel). */
  model?: CoxModel;
}

/**
 * The fitted model behind a CoxFit (`fit.model`): the sorted, centred data the fit ran on, which
 * cox.zph and the baseline hazard read without refitting or re-sorting. It holds row-level data
 * (personal data in effekt's use), so it is never serialised: `toJSON` leaves it out of JSON, and
 * the `--format json` output and results files carry only the estimates. A fit read back from JSON
 * has no model; `coxZph` and `coxBaseline` then rebuild it from `{ input }`, the data it was fitted on.
 */
export class CoxModel {
  constructor(
    /** The sorted layout of prepareCox (risk-sets.ts). */
    readonly data: CoxData,
  ) {}
  toJSON(): undefined {
    return undefined;
  }
}

/** The model data of a fit: its `model`, or rebuilt from the input it was fitted on. */
export function modelData(fit: CoxFit, input?: CoxInput): CoxData | undefined {
  if (fit.model instanceof CoxModel) return fit.model.data;
  if (!input) return undefined;
  const rebuilt = prepareCox(input);
  if (rebuilt.p !== fit.coef.length) throw new UsageError(`the input has ${rebuilt.p} covariates, the fit ${fit.coef.length}`);
  return rebuilt;
}

export interface NewtonOptions {
  /** Starting values of the free coefficients, internal units (default 0). */
  init?: ArrayLike<number>;
  /** R's iter.max (0: evaluate at `init` only). */
  maxIter: number;
  eps: number;
  /**
   * Number of leading coefficients that are estimated (default all). The others are held at
   * `held` (internal units): a column held at 1 is an offset (randomization.ts's sharp null).
   */
  free?: number;
  held?: ArrayLike<number>;
  /** The error for a singular information matrix (j: first collinear free term). */
  singular: (j: number) => Error;
  /** Also keep η and the per-death-time sums (event-times.ts) at `init` and at the returned β, for
   * the score residuals of a robust fit (saves two walks). */
  record?: boolean;
}

/** η and the per-death-time sums at one β (what residualPass reads). */
export interface WalkAt {
  eta: Float64Array;
  ev: EventTimeSums;
}

export interface NewtonResult {
  /** Free coefficients at the returned log-likelihood, internal units. */
  beta: Float64Array;
  /** The walk at β: log-likelihood, score and information of the free terms (a held term's entries are 0: it needs no sums). */
  res: PassResult;
  /** Cholesky factor of the free terms' information at β. */
  chol: Cholesky;
  /** Log-likelihood at the start and the score test statistic there (free terms). */
  loglik0: number;
  scoreStat: number;
  iter: number;
  converged: boolean;
  /** With `record`: η and the event-time sums at init and at the returned β. */
  atInit?: WalkAt;
  atBeta?: WalkAt;
  /** η at the returned β (the last pass's), for the concordance. */
  eta: Float64Array;
}

/**
 * The one Newton–Raphson of the Cox partial likelihood (R's coxph: coxfit6 / agfit4): from `init`
 * take full Newton steps, halve the step when the log-likelihood gets worse, stop when
 * |1 − l_old/l_new| ≤ eps (the β returned is the one whose log-likelihood met the test). It runs in
 * prepareCox's internal units; `converged` is false when the iterations ran out (the caller words
 * the error), a singular information at an accepted step throws `singular`.
 */
export function newtonRaphson(d: CoxData, o: NewtonOptions): NewtonResult {
  const p = d.p;
  const q = o.free ?? p;
  const full = new Float64Array(p);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  if (o.held) for (let j = q; j < p; j++) full[j] = o.held[j];
  // with `record`, the first pass stores into atInit, every later one into atBeta (the last pass is
  // the one at the returned β)
  let atInit: WalkAt | undefined;
  let atBeta: WalkAt | undefined;
  // η of every pass after the first (and of the first when it is not recorded) in one reused array
  // (each pass writes all of it), so that the passes make no n-sized garbage
  let work: Float64Array | undefined;
  let eta!: Float64Array;
  const pass = (b: Float64Array) => {
    full.set(b);
    const keep = o.record && !atInit;
    if (!keep) work ??= new Float64Array(d.n);
    eta = linearPredictorInternal(d, full, keep ? undefined : work).eta;
    // the free terms' sums only: a held term enters η but needs no score or information
    if (!o.record) return coxPass(d, eta, undefined, undefined, q);
    const at: WalkAt = !atInit ? (atInit = { eta, ev: newEventTimeSums(d) }) : { eta, ev: atBeta?.ev ?? newEventTimeSums(d) };
    if (at !== atInit) atBeta = at;
    return coxPass(d, eta, undefined, at.ev, q);
  };
  let beta = new Float64Array(q);
  if (o.init) beta.set(Array.from(o.init).slice(0, q));
  let res = pass(beta);
  const loglik0 = res.loglik;
  let chol = cholesky(leading(res.imat, p, q), q);
  if (chol.singular >= 0) throw o.singular(chol.singular);
  let step = cholSolve(chol.L, q, res.u.subarray(0, q));
  let scoreStat = 0;
  for (let i = 0; i < q; i++) scoreStat += step[i] * res.u[i];
  if (o.maxIter === 0) return { beta, res, chol, loglik0, scoreStat, iter: 0, converged: Number.isFinite(res.loglik), atInit, atBeta: atInit, eta };

  let newbeta = new Float64Array(q);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let i = 0; i < q; i++) newbeta[i] = beta[i] + step[i];
  let lOld = loglik0;
  let halving = false;
  let converged = false;
  let iter: number;
  for (iter = 1; iter <= o.maxIter; iter++) {
    res = pass(newbeta);
    chol = cholesky(leading(res.imat, p, q), q);
    if (Math.abs(1 - lOld / res.loglik) <= o.eps && !halving) {
      converged = Number.isFinite(res.loglik);
      break;
    }
    if (iter === o.maxIter) break;
    if (!(res.loglik >= lOld)) {
      halving = true;
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let i = 0; i < q; i++) newbeta[i] = (newbeta[i] + beta[i]) / 2;
    } else {
      halving = false;
      lOld = res.loglik;
      if (chol.singular >= 0) throw o.singular(chol.singular);
      step = cholSolve(chol.L, q, res.u.subarray(0, q));
      beta = newbeta;
      newbeta = new Float64Array(q);
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let i = 0; i < q; i++) newbeta[i] = beta[i] + step[i];
    }
  }
  return { beta: newbeta, res, chol, loglik0, scoreStat, iter: Math.min(iter, o.maxIter), converged, atInit, atBeta, eta };
}

function singularError(names: string[], j: number): EstimationError {
  const earlier = names.slice(0, j);
  return new EstimationError(
    `information matrix is singular: term "${names[j]}" is constant or collinear with ${
      earlier.length ? earlier.map((s) => `"${s}"`).join(", ") : "the other terms"
    } (remove it or merge levels)`,
  );
}

export function coxph(input: CoxInput): CoxFit {
  const d = prepareCox(input);
  const { p, n } = d;
  const names = input.names;
  const maxIter = input.maxIter ?? 20;
  const eps = input.eps ?? 1e-9;
  if (d.nevent === 0) throw new EstimationError("no events: the Cox model cannot be fitted");
  if (p === 0) throw new EstimationError("no covariates given");

  if (input.init && input.init.length !== p) throw new UsageError(`init has ${input.init.length} values for ${p} terms`);
  const sc = d.scale;
  // R's default: robust when clustered or when case weights are not whole numbers (each row its
  // own cluster then, as coxph(..., weights = w) with fractional w)
  let fractional = false;
  if (input.weights) for (let i = 0; i < n && !fractional; i++) if (input.weights[i] !== Math.floor(input.weights[i])) fractional = true;
  const robust = input.robust ?? (!!input.cluster || fractional);
  const nr = newtonRaphson(d, {
    init: input.init ? toInternal(d, input.init) : undefined,
    maxIter,
    eps,
    singular: (j) => singularError(names, j),
    // the robust variance and score test need the event-time sums at β̂ and at init: kept from the
    // Newton passes when there are few death times (days: m ≪ n); with about as many death times as
    // rows, storing them at every pass costs more than the two walks it saves
    record: robust && d.schedule.m <= d.n / 8,
  });
  const { res, chol, loglik0, scoreStat, converged } = nr;
  const newbeta = nr.beta;
  const iter = nr.iter;
  if (!converged) {
    throw new EstimationError(
      `Newton–Raphson did not converge in ${maxIter} iterations (log-likelihood ${res.loglik}); ` +
        "check for a covariate that separates events from non-events, or raise maxIter",
    );
  }
  if (chol.singular >= 0) throw singularError(names, chol.singular);
  // back to the original scale: β = β_int·scale, U = U_int/scale, V = V_int·scale·scale'
  const beta = Float64Array.from(newbeta, (b, j) => b * sc[j]);
  const naive = cholInverse(chol.L, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) naive[i * p + j] *= sc[i] * sc[j];
  const u = Float64Array.from(res.u, (v, j) => v / sc[j]);

  // R's check for monotone likelihood: the remaining Newton step is not negligible
  const sqeps = Math.sqrt(eps);
  for (let j = 0; j < p; j++) {
    let inf = 0;
    for (let k = 0; k < p; k++) inf += u[k] * naive[k * p + j];
    inf = Math.abs(inf);
    if (maxIter > 1 && inf > eps && inf > sqeps * Math.abs(beta[j])) {
      throw new EstimationError(
        `log-likelihood converged before the coefficient of "${names[j]}" (${beta[j]}): it may be infinite ` +
          "(monotone likelihood, e.g. a level with no events)",
      );
    }
  }

  const se = Array.from({ length: p }, (_, j) => Math.sqrt(naive[j * p + j]));
  let V = naive;
  let robust_se: number[] | undefined;
  const cluster = !robust ? undefined : sortedClusters(d, input.cluster ?? Int32Array.from({ length: n }, (_, i) => i));
  // the last Newton pass was at β̂: its η is the concordance's; its standard error grouped by the
  // cluster when one is given (R's coxph passes `cluster` to concordancefit)
  const conc = !input.concordance ? undefined : concordance(d, nr.eta, !input.cluster ? undefined : (cluster ?? sortedClusters(d, input.cluster)));
  let robustScore: ChisqTest | undefined;
  const variance: VarianceKind = !robust ? "model-based" : input.cluster ? "cluster-robust" : "robust";
  if (robust) {
    V = clusterRobustVariance(d, beta, naive, cluster!, nr.atBeta);
    robust_se = Array.from({ length: p }, (_, j) => Math.sqrt(V[j * p + j]));
    const rs = robustScoreTest(d, input.init ? Float64Array.from(input.init) : new Float64Array(p), cluster!, nr.atInit);
    robustScore = { stat: rs, df: p, p: chisqSurvival(rs, p) };
  }
  const seUsed = robust_se ?? se;
  const confLevel = input.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be between 0 and 1, got ${confLevel}`);
  const zq = normalQuantile(1 - (1 - confLevel) / 2);
  const coef = Array.from(beta);
  const z = coef.map((b, j) => b / seUsed[j]);
  // Wald test in the internal (scaled) units, where it is the same number but V is well conditioned:
  // a covariate ×1e6 beside one ×1e-4 puts 1e-17 and 1e7 on V's diagonal, too far apart for one Cholesky
  const waldStat = quadSolve(Float64Array.from(V, (v, k) => v / (sc[Math.floor(k / p)] * sc[k % p])), p, Float64Array.from(beta, (b, j) => b / sc[j]));
  const lrStat = 2 * (res.loglik - loglik0);
  const test = (stat: number): ChisqTest => ({ stat, df: p, p: chisqSurvival(stat, p) });

  const fit: CoxFit = {
    terms: [...names],
    coef,
    se,
    ...(robust_se ? { robust_se } : {}),
    hazard_ratio: coef.map(Math.exp),
    hr_lower: coef.map((b, j) => Math.exp(b - zq * seUsed[j])),
    hr_upper: coef.map((b, j) => Math.exp(b + zq * seUsed[j])),
    conf_level: confLevel,
    z,
    p: z.map(normalTwoSided),
    loglik: [loglik0, res.loglik],
    tests: { lr: test(lrStat), wald: test(waldStat), score: test(scoreStat), ...(robustScore ? { robust_score: robustScore } : {}) },
    variance,
    ...(variance !== "model-based" ? { variance_reason: input.cluster ? "grouped by cluster" : input.robust ? "requested" : "case weights are not whole numbers (R's default)" } : {}),
    n: d.n,
    nevent: d.nevent,
    nstrata: d.nstrata,
    iter,
    converged,
    ties: d.efron ? "efron" : "breslow",
    var: toRows(V, p),
    ...(robust_se ? { naive_var: toRows(naive, p) } : {}),
    means: Array.from(d.means),
    ...(conc ? { concordance: conc } : {}),
    model: new CoxModel(d),
  };
  return fit;
}
