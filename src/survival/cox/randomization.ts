/**
 * Randomization inference for a cluster-level label in a Cox model (few-cluster inference for the
 * hazard ratio of a pilot assigned to offices). No survival package offers it.
 *
 * Statistic: the robust z of the label, z = β̂_label / se_robust (grouped sandwich by cluster, as
 * R's coxph(..., cluster=)), refitted for every re-assignment of the label to clusters — all
 * C(G, G₁) assignments with the observed number of labelled clusters, one per pair with `pairs`
 * (2^pairs), or `draws` seeded random assignments when there are more than `draws`. The label is
 * refitted with the other covariates, strata and ties exactly as the observed model.
 *   p = #{a : |z_a| ≥ |z_obs|} / N   (exhaustive; the observed assignment is one of the N)
 *   p = (1 + #{sampled a : |z_a| ≥ |z_obs|}) / (1 + draws)   (sampled)
 * Ties are counted as in src/did/randomization.ts: |z_a| ≥ |z_obs|·(1 − 1e-10). The complementary
 * assignment (labels swapped when half the clusters carry the label, or every pair flipped) gives
 * exactly z = −z_obs in a Cox model (the constant is absorbed by the baseline hazard), so it always
 * ties; it is counted as a tie by construction rather than left to rounding.
 *
 * Interval by test inversion under the sharp null "the label multiplies the hazard by e^β₀":
 * each assignment a is refitted with the offset β₀·label_obs (the hypothesised effect removed), and
 * CI = {β₀ : p(β₀) > α}. For the observed assignment z_obs(β₀) = (β̂ − β₀)/se_robust exactly. The
 * bounds are found by bisection to 0.01·se_robust (a step function: the limits are exact to that).
 * The smallest attainable p is 2/N with a complement (1/N otherwise); when it exceeds α no finite
 * interval exists and `ci` is null with a note (as the DiD code). The search stops at |β₀ − β̂| = 5;
 * a limit beyond is reported as 0 or Infinity (unbounded). A refit that diverges during the search
 * (monotone likelihood far from β̂) is counted as extreme, which can only widen the interval.
 *
 * Numerical notes: each refit is Newton–Raphson from β = 0 with R's convergence rule (as fit.ts), so
 * the p-value equals a brute-force loop over R's coxph; the data are sorted once and only the label
 * and offset columns are rewritten per assignment. Fits in the interval search warm-start from the
 * previous β of the same assignment. Cost: N fits for p, about 20·N for the interval. What a refit
 * does not need it does not compute: the offset (held at 1) enters η only, so the walks keep no sums,
 * score or information for it (walk.ts, loglik.ts `cols`); the robust SE's score residuals are of the
 * free terms only and take the event-time sums of the Newton–Raphson's last walk when η is element
 * for element the same (robust.ts), into one residual array. Every such saving leaves the operations
 * on the numbers kept as they were, so z, p and the limits are the same to the bit.
 */
import { EstimationError, InputError } from "../../errors.js";
import { combinations, pairGroups } from "../../stats/assignments.js";
import { mulberry32 } from "../../stats/rng.js";
import { inversionLimit } from "../../stats/test-inversion.js";
import { newtonRaphson } from "./fit.js";
import { cholInverse } from "../../stats/linalg.js";
import { type CoxData, type CoxInput, prepareCox } from "./risk-sets.js";
import { scoreResiduals } from "./robust.js";

export interface CoxRandomizationInput extends Omit<CoxInput, "x" | "names" | "cluster"> {
  /** Covariates other than the randomized label (may be empty). */
  x: Float64Array[];
  names: string[];
  /** Cluster code per row (0..G−1); the label is assigned per cluster. */
  cluster: Int32Array;
  /** Observed label per cluster (index = cluster code). */
  treatedClusters: Uint8Array;
  /** Optional pair code per cluster: assignments flip the label within pairs. */
  pairOfCluster?: Int32Array;
  /** Enumerate when there are at most this many assignments, else sample this many (default 9999). */
  draws?: number;
  seed?: number;
  level?: number;
  /** Compute the interval by test inversion (default true). */
  ci?: boolean;
}

export interface CoxRandomizationResult {
  statistic: "robust_z";
  /** Observed robust z of the label. */
  z: number;
  p_value: number;
  /** Number of assignments the p-value is a share of (the observed one included). */
  assignments: number;
  /** True when every possible assignment was used; false when they were sampled. */
  exhaustive: boolean;
  within_pairs: boolean;
  /** Interval for the hazard ratio e^β by test inversion, or null (see ci_note). */
  ci: [number, number] | null;
  /** The same interval for the coefficient β. */
  ci_coef: [number, number] | null;
  level: number;
  seed?: number;
  ci_note?: string;
}

/** Number of ways to choose k of n (exact for the sizes used here). */
export function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/**
 * The assignments to use: all of them when there are at most `draws`, else the observed one plus
 * `draws` seeded random ones (permutations of the labels, or independent flips within pairs).
 */
export function clusterAssignments(
  treated: Uint8Array,
  opts: { pairs?: Int32Array; draws?: number; seed?: number } = {},
): { assignments: Uint8Array[]; exhaustive: boolean } {
  const draws = opts.draws ?? 9999;
  const G = treated.length;
  const nT = treated.reduce((s, v) => s + v, 0);
  if (nT === 0 || nT === G) throw new InputError("randomization inference needs clusters with and without the label");
  const nPairs = opts.pairs ? new Set(opts.pairs).size : 0;
  const total = opts.pairs ? 2 ** nPairs : choose(G, nT);
  const groups = opts.pairs ? pairGroups(treated, opts.pairs) : undefined; // validates the pairs
  if (total <= draws) {
    if (!groups) return { assignments: combinations(G, nT), exhaustive: true };
    const all: Uint8Array[] = [];
    for (let r = 0; r < 2 ** groups.length; r++) {
      const a = new Uint8Array(G);
      groups.forEach((g, j) => (a[g[(r >> j) & 1]] = 1));
      all.push(a);
    }
    return { assignments: all, exhaustive: true };
  }
  const rng = mulberry32(opts.seed ?? 1);
  const out: Uint8Array[] = [treated.slice()];
  for (let r = 0; r < draws; r++) {
    const a = new Uint8Array(G);
    if (opts.pairs) {
      const members = new Map<number, number[]>();
      opts.pairs.forEach((p, u) => members.set(p, [...(members.get(p) ?? []), u]));
      for (const g of members.values()) a[g[rng() < 0.5 ? 0 : 1]] = 1;
    } else {
      const idx = Array.from({ length: G }, (_, i) => i);
      for (let i = G - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      for (let i = 0; i < nT; i++) a[idx[i]] = 1;
    }
    out.push(a);
  }
  return { assignments: out, exhaustive: false };
}

/** Sorted Cox data with a rewritable label column (0) and offset column (last). */
class LabelFitter {
  readonly d: CoxData;
  readonly q: number;
  private readonly p: number;
  /** The score residuals of the current refit (rewritten by each). */
  private readonly resid: Float64Array;
  constructor(
    inp: CoxRandomizationInput,
    private readonly cluster: Int32Array,
    private readonly G: number,
  ) {
    const n = inp.time.length;
    this.d = prepareCox({ ...inp, x: [new Float64Array(n), ...inp.x, new Float64Array(n)], names: ["label", ...inp.names, "offset"], cluster });
    this.p = this.d.p;
    this.q = this.p - 1;
    this.resid = new Float64Array(this.d.n * this.p);
  }

  /** Write a column (values by input row) into the sorted, centred layout. */
  setColumn(j: number, value: (row: number) => number): void {
    const { n, order, weight, x, startOrder, xStart } = this.d;
    const p = this.p;
    let m = 0;
    let w = 0;
    for (let k = 0; k < n; k++) {
      m += weight[k] * value(order[k]);
      w += weight[k];
    }
    m /= w;
    for (let k = 0; k < n; k++) x[k * p + j] = value(order[k]) - m;
    if (startOrder && xStart) for (let r = 0; r < n; r++) xStart[r * p + j] = x[startOrder[r] * p + j];
  }

  /** fit.ts's Newton–Raphson (R's coxph) on the free terms, the offset held at 1; returns β and the label's robust z. */
  fit(start?: Float64Array, maxIter = 20, eps = 1e-9): { beta: Float64Array; z: number; se: number } {
    const { q, p, d } = this;
    const full = (b: Float64Array) => {
      const f = new Float64Array(p);
      f.set(b);
      f[q] = 1;
      return f;
    };
    const held = new Float64Array(p);
    held[q] = 1; // the offset column
    const singular = () => new EstimationError("information matrix is singular in a randomization refit");
    const nr = newtonRaphson(d, { init: start, maxIter, eps, free: q, held, singular, record: true });
    const { res, chol, converged } = nr;
    if (!converged || chol.singular >= 0) throw new EstimationError(`a randomization refit of the Cox model did not converge (log-likelihood ${res.loglik}, beta ${Array.from(nr.beta).join(",")}, start ${start ? Array.from(start).join(",") : "0"})`);
    const beta = nr.beta;
    const V = cholInverse(chol.L, q);
    // robust variance of the label: Σ_g (v₀ · U_g)², v₀ = first row of I⁻¹, U_g = Σ_{i∈g} w_i L_i
    // β here is in prepareCox's internal units (x scaled); scoreResiduals takes original units
    // (the free terms' residuals only: the offset's column is not needed)
    const L = scoreResiduals(d, Float64Array.from(full(beta), (b, j) => b * d.scale[j]), { cols: q, known: nr.atBeta, into: this.resid });
    const proj = new Float64Array(this.G);
    // first row of the variance in original units: V_orig = S·V_int·S, S = diag(scale) (scale of the 0/1 label is 1)
    const v0 = new Float64Array(q);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < q; i++) v0[i] = V[i] * d.scale[i];
    const { n, order, weight } = d;
    const cluster = this.cluster;
    for (let k = 0; k < n; k++) {
      let s = 0;
      const o = k * p;
      // Stryker disable next-line AssignmentOperator: equivalent — `s -= …` gives −s exactly (negation is exact), so every proj[g] changes sign and Σ proj[g]² keeps its bits
      for (let i = 0; i < q; i++) s += v0[i] * L[o + i];
      proj[cluster[order[k]]] += weight[k] * s;
    }
    let v = 0;
    for (let g = 0; g < this.G; g++) v += proj[g] * proj[g];
    const se = Math.sqrt(v);
    return { beta, z: beta[0] / se, se };
  }
}

const TIE = 1 - 1e-10;
/** The interval search stops at |β₀ − β̂| = 5 (a factor e⁵ ≈ 148 on the hazard ratio): beyond, unbounded. */
const MAX_SEARCH = 5;

export function coxRandomization(inp: CoxRandomizationInput): CoxRandomizationResult {
  const G = inp.treatedClusters.length;
  for (let i = 0; i < inp.cluster.length; i++) {
    if (!(inp.cluster[i] >= 0 && inp.cluster[i] < G)) throw new InputError(`cluster code ${inp.cluster[i]} outside 0..${G - 1}`, { row: i + 1 });
  }
  const level = inp.level ?? 0.95;
  const alpha = 1 - level;
  const { assignments, exhaustive } = clusterAssignments(inp.treatedClusters, { pairs: inp.pairOfCluster, draws: inp.draws, seed: inp.seed });
  const N = assignments.length;
  const obs = inp.treatedClusters;
  const isObs = (a: Uint8Array) => a.every((v, u) => v === obs[u]);
  const isComplement = (a: Uint8Array) => a.every((v, u) => v === 1 - obs[u]);
  const f = new LabelFitter(inp, inp.cluster, G);
  const cl = inp.cluster;
  f.setColumn(f.q, () => 0);
  f.setColumn(0, (i) => obs[cl[i]]);
  const observed = f.fit();
  const est = observed.beta[0];
  const se = observed.se;
  const zObs = observed.z;

  // per-assignment warm starts for the interval search
  const warm = new Array<Float64Array | undefined>(N);
  // how extreme each assignment was when last refitted, |z_a| / threshold (∞: always extreme)
  const lastRatio = new Float64Array(N);
  /** |z_a(β₀)| ≥ |z_obs(β₀)| for assignment r. */
  const extreme = (r: number, beta0: number, thr: number, eps: number): boolean => {
    const a = assignments[r];
    if (isObs(a) || isComplement(a)) {
      lastRatio[r] = Infinity;
      return true;
    }
    f.setColumn(0, (i) => a[cl[i]]);
    if (beta0 === 0) {
      const fit = f.fit(undefined, 20, eps);
      warm[r] = fit.beta;
      lastRatio[r] = Math.abs(fit.z) / thr;
      return Math.abs(fit.z) >= thr;
    }
    try {
      const fit = f.fit(warm[r], 20, eps);
      warm[r] = fit.beta;
      lastRatio[r] = Math.abs(fit.z) / thr;
      return Math.abs(fit.z) >= thr;
    } catch (err) {
      // far from the estimate a refit can diverge (monotone likelihood): counted as extreme,
      // which can only widen the interval
      if (!(err instanceof EstimationError)) throw err;
      warm[r] = undefined;
      lastRatio[r] = Infinity;
      return true;
    }
  };
  const setOffset = (beta0: number) => {
    f.setColumn(f.q, (i) => beta0 * obs[cl[i]]);
    return Math.abs((est - beta0) / se) * TIE;
  };
  // p at β₀ = 0: every assignment
  let hits = 0;
  const thr0 = setOffset(0);
  for (let r = 0; r < N; r++) if (extreme(r, 0, thr0, 1e-9)) hits++;
  const p0 = hits / N;
  /**
   * p(β₀) > α, stopping as soon as the answer is known. The assignments are refitted in order of
   * how extreme they were at the last β₀ that refitted them (most extreme first): near a limit, where
   * p ≈ α, the hits that decide "inside" come first, so that answer needs about `need` refits
   * instead of most of N. The answer does not depend on the order: only which refits are skipped
   * (and so where the next refit of an assignment starts from) does, and every refit converges to
   * the same β by R's rule. On the example job the results are byte-identical to the file order's
   * and the job takes 21 % less CPU.
   */
  const byRatio = Array.from({ length: N }, (_, r) => r);
  const inside = (beta0: number): boolean => {
    const thr = setOffset(beta0);
    const need = Math.floor(alpha * N) + 1; // hits/N > α ⇔ hits ≥ need
    byRatio.sort((a, b) => lastRatio[b] - lastRatio[a] || a - b);
    let h = 0;
    for (let k = 0; k < N; k++) {
      if (extreme(byRatio[k], beta0, thr, 1e-8)) h++;
      if (h >= need) return true;
      if (h + (N - k - 1) < need) return false;
    }
    return false;
  };
  let ci_coef: [number, number] | null = null;
  let ci_note: string | undefined;
  const hasComplement = assignments.some(isComplement);
  const minP = (hasComplement ? 2 : 1) / N;
  if (inp.ci !== false && minP > alpha) {
    ci_note = `no finite ${Math.round(level * 100)}% interval: with ${N} assignments the smallest attainable p-value is ${minP.toPrecision(3)} > ${Number(alpha.toPrecision(6))}`;
  }
  if (inp.ci !== false && minP <= alpha) {
    // limits to 0.01·se_robust (p is a step function), first step 2·se, searched up to MAX_SEARCH
    const bound = (dir: -1 | 1) => inversionLimit(est, dir, inside, { firstStep: 2 * se, tol: 0.01 * se, maxDistance: MAX_SEARCH });
    ci_coef = [bound(-1), bound(1)];
    if (!Number.isFinite(ci_coef[0]) || !Number.isFinite(ci_coef[1])) {
      ci_note = `the ${Math.round(level * 100)}% randomization interval is unbounded: hypothesised hazard ratios more than e^${MAX_SEARCH} times the estimate are not rejected`;
    }
  }
  return {
    statistic: "robust_z",
    z: zObs,
    p_value: p0,
    assignments: N,
    exhaustive,
    within_pairs: !!inp.pairOfCluster,
    ci: ci_coef ? [Math.exp(ci_coef[0]), Math.exp(ci_coef[1])] : null,
    ci_coef,
    level,
    ...(exhaustive ? {} : { seed: inp.seed ?? 1 }),
    ...(ci_note ? { ci_note } : {}),
  };
}
