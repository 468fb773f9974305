/**
 * Score residuals and the cluster-robust (grouped sandwich) variance of R's coxph(..., cluster=).
 * Score residual of row i (R's coxscore2.c / agscore3.c, here with running sums, O((n + d)·p)):
 *   L_i = δ_i·(x_i − XM(t_i)) − e^{η_i}·Σ_{t_k ∈ (start_i, stop_i]} (x_i·H_k − HX_k)
 * where a death's own time uses (Hd, HXd) in place of (H, HX) (Efron: tied deaths are partly
 * out of the risk set). See event-times.ts for H, HX, Hd, HXd, XM.
 * Robust variance: D = (Σ_{i∈g} w_i·L_i)_g · V;  Vrobust = D'D = V·(Σ_g U_g U_g')·V, V = I⁻¹.
 * Cost of a clustered fit beyond the plain one: one gather of the cluster codes into sorted order
 * (sortedClusters) and, per residual pass (at β̂ for the variance, at β = init for the robust score
 * test), one sequential pass over the rows. The event-time sums and η at those two β come from the
 * Newton passes that were made there (fit.ts, `record`) when death times are few (m ≤ n/8: days);
 * otherwise each residual pass walks once more (no S2). 1.2× the plain fit in CPU at 5M rows with
 * times in days (docs/benchmarks.md).
 * Numerical hazards: U_g sums residuals of both signs (Σ_g U_g = the score, 0 at β̂), so a
 * cluster's sum loses the digits its rows cancel; the accumulation order is the sorted row order,
 * the same in every run.
 */
import { eventTimeSums } from "./event-times.js";
import { quadSolve } from "../../stats/linalg.js";
import { meat, sandwich } from "../../stats/sandwich.js";
import type { WalkAt } from "./fit.js";
import { type CoxData, linearPredictor } from "./risk-sets.js";

/**
 * Score residuals (original covariate units), n×p row-major, in sorted positions (d.order maps them to
 * input rows). `beta` on the original scale. `cols` < p: the leading `cols` columns only (the others
 * left at 0; each column's residual depends on its own covariate alone, so those computed are the same).
 * `known`: a walk already made (newtonRaphson's `atBeta`); its event-time sums are used when its η is
 * element for element the η of `beta` (else the sums are walked again). `into`: an n×p array to
 * write the residuals to (zeroed first) instead of a new one, for a caller that computes many.
 */
export function scoreResiduals(d: CoxData, beta: ArrayLike<number>, opts: { cols?: number; known?: WalkAt; into?: Float64Array } = {}): Float64Array {
  return residualPass(d, beta, undefined, 0, undefined, opts);
}

/** The same η, element by element (so every sum of a walk on it is the same number). */
function sameEta(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The score residuals, either stored per row (n×p) or, with `cluster` (the cluster code of each
 * sorted position, sortedClusters), summed per cluster with the case weights as they are computed:
 * U_g = Σ_{i∈g} w_i·L_i (G×p), so the robust variance needs no n×p array.
 * Cost: one event-time walk (no S2) and one pass over the rows in sorted order (plus one over the
 * start order for counting-process data); the cluster codes are read in sorted order, not gathered
 * per row through d.order (a random read per row, which cost more than the rest of the pass at 5M rows).
 */
function residualPass(
  d: CoxData,
  beta: ArrayLike<number>,
  cluster?: Int32Array,
  G = 0,
  at?: WalkAt,
  opts: { cols?: number; known?: WalkAt; into?: Float64Array } = {},
): Float64Array {
  const { n, p, x, time, status, bounds, start, startOrder, weight } = d;
  const cols = opts.cols ?? p;
  const U = cluster ? new Float64Array(G * p) : undefined;
  // factor of row k's residual (w/scale: internal → original units, weighted when summed per
  // cluster), recomputed only when the weight changes
  const fac = new Float64Array(p);
  let facW = NaN;
  const setFac = (w: number) => {
    if (w === facW) return;
    facW = w;
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < cols; i++) fac[i] = w / d.scale[i];
  };
  // η and the event-time sums at β: kept from the Newton pass at β when the fit recorded them;
  // `known` (randomization refits) only when its η is the very η of β
  const eta = at?.eta ?? linearPredictor(d, beta);
  const known = opts.known;
  const ev = at?.ev ?? (known && sameEta(eta, known.eta) ? known.ev : eventTimeSums(d, eta, cols));
  // e^η once per row (the stop and the start pass both need it)
  const risk = new Float64Array(n);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let k = 0; k < n; k++) risk[k] = Math.exp(eta[k]);
  // cumulative sums over event times within stratum: C[e] = Σ_{e' ≤ e} (H, HX)
  const CH = new Float64Array(ev.m);
  const CHX = new Float64Array(ev.m * p);
  for (let s = 0; s < d.nstrata; s++) {
    let h = 0;
    const hx = new Float64Array(p);
    for (let e = ev.bounds[s]; e < ev.bounds[s + 1]; e++) {
      h += ev.H[e];
      CH[e] = h;
      for (let i = 0; i < cols; i++) {
        hx[i] += ev.HX[e * p + i];
        CHX[e * p + i] = hx[i];
      }
    }
  }
  const into = opts.into;
  const resid = U ?? (into && into.length === n * p ? into.fill(0) : new Float64Array(n * p));
  for (let s = 0; s < d.nstrata; s++) {
    const e0 = ev.bounds[s];
    const e1 = ev.bounds[s + 1];
    // rows ascending by stop: e = last event time ≤ stop
    let e = e0 - 1;
    for (let k = bounds[s]; k < bounds[s + 1]; k++) {
      while (e + 1 < e1 && ev.time[e + 1] <= time[k]) e++;
      if (e < e0) continue;
      const r = risk[k];
      const o = k * p;
      const oe = e * p;
      setFac(U ? weight[k] : 1);
      const tgt = U ? cluster![k] * p : o;
      const ch = CH[e];
      for (let i = 0; i < cols; i++) resid[tgt + i] -= fac[i] * r * (x[o + i] * ch - CHX[oe + i]);
      if (status[k] === 1) {
        // time[k] is the event time e itself
        const dh = ev.H[e] - ev.Hd[e];
        for (let i = 0; i < cols; i++) {
          resid[tgt + i] += fac[i] * (x[o + i] - ev.XM[oe + i] + r * (x[o + i] * dh - (ev.HX[oe + i] - ev.HXd[oe + i])));
        }
      }
    }
    if (start) {
      // add back the event times at or before the start: rows ascending by start
      let e2 = e0 - 1;
      for (let kk = bounds[s]; kk < bounds[s + 1]; kk++) {
        const k = startOrder![kk];
        while (e2 + 1 < e1 && ev.time[e2 + 1] <= start[k]) e2++;
        if (e2 < e0) continue;
        const r = risk[k];
        const o = k * p;
        setFac(U ? weight[k] : 1);
        const tgt = U ? cluster![k] * p : o;
        for (let i = 0; i < cols; i++) resid[tgt + i] += fac[i] * r * (x[o + i] * CH[e2] - CHX[e2 * p + i]);
      }
    }
  }
  return resid;
}

/** Cluster codes (by input row) → the code of each sorted position and the number of clusters G (one gather per fit). */
export function sortedClusters(d: CoxData, cluster: Int32Array): { code: Int32Array; G: number } {
  const code = new Int32Array(d.n);
  let G = 0;
  for (let k = 0; k < d.n; k++) {
    const c = cluster[d.order[k]];
    code[k] = c;
    if (c + 1 > G) G = c + 1;
  }
  return { code, G };
}

/** Weighted score residuals summed per cluster: G×p, row-major. */
function clusterScores(d: CoxData, beta: ArrayLike<number>, cl: { code: Int32Array; G: number }, at?: WalkAt): { U: Float64Array; G: number } {
  return { U: residualPass(d, beta, cl.code, cl.G, at), G: cl.G };
}

/**
 * R's robust score test (coxph's rscore, "Robust" in summary.coxph): with S the weighted score
 * residuals at β = init summed per cluster and u = Σ_g S_g, the statistic is u' (Σ_g S_g S_g')⁻¹ u.
 */
export function robustScoreTest(d: CoxData, init: ArrayLike<number>, cluster: { code: Int32Array; G: number }, at?: WalkAt): number {
  const { p } = d;
  const { U, G } = clusterScores(d, init, cluster, at);
  const u = new Float64Array(p);
  for (let g = 0; g < G; g++) for (let i = 0; i < p; i++) u[i] += U[g * p + i];
  return quadSolve(meat(perCluster(U, G, p), p), p, u);
}

/** Grouped sandwich V·B·V, B = Σ_g U_g U_g', U_g = Σ_{i∈g} w_i L_i; `cluster` from sortedClusters. */
export function clusterRobustVariance(
  d: CoxData,
  beta: ArrayLike<number>,
  V: Float64Array,
  cluster: { code: Int32Array; G: number },
  at?: WalkAt,
): Float64Array {
  const { p } = d;
  const { U, G } = clusterScores(d, beta, cluster, at);
  return sandwich(V, perCluster(U, G, p), p);
}

/** The G rows (clusters) of a G×p row-major matrix as views. */
function perCluster(U: Float64Array, G: number, p: number): Float64Array[] {
  return Array.from({ length: G }, (_, g) => U.subarray(g * p, (g + 1) * p));
}
