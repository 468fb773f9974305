/**
 * Score residuals and the cluster-robust (grouped sandwich) variance of R's coxph(..., cluster=).
 * Score residual of row i (R's coxscore2.c / agscore3.c, here with running sums, O((n + d)·p)):
 *   L_i = δ_i·(x_i − XM(t_i)) − e^{η_i}·Σ_{t_k ∈ (start_i, stop_i]} (x_i·H_k − HX_k)
 * where a death's own time uses (Hd, HXd) in place of (H, HX) (Efron: tied deaths are partly
 * out of the risk set). See event-times.ts for H, HX, Hd, HXd, XM.
 * Robust variance: D = (Σ_{i∈g} w_i·L_i)_g · V;  Vrobust = D'D = V·(Σ_g U_g U_g')·V, V = I⁻¹.
 */
import { eventTimeSums } from "./event-times.js";
import type { WalkAt } from "./fit.js";
import { quadSolve } from "./linalg.js";
import { type CoxData, linearPredictor } from "./risk-sets.js";

/**
 * Score residuals (original covariate units), n×p row-major, in sorted positions (d.order maps them to
 * input rows). `beta` on the original scale. `cols` < p: the leading `cols` columns only (the others
 * left at 0; each column's residual depends on its own covariate alone, so those computed are the same).
 * `known`: a walk already made (newtonRaphson's `walk`); its event-time sums are used when its η is
 * element for element the η of `beta` (else the sums are walked again). `into`: an n×p array to
 * write the residuals to (zeroed first) instead of a new one, for a caller that computes many.
 */
export function scoreResiduals(d: CoxData, beta: ArrayLike<number>, opts: { cols?: number; known?: WalkAt; into?: Float64Array } = {}): Float64Array {
  return residualPass(d, beta, undefined, 0, opts.cols, opts.known, opts.into);
}

/** The same η, element by element (so every sum of a walk on it is the same number). */
function sameEta(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The score residuals, either stored per row (n×p) or, with `cluster` (by input row), summed per
 * cluster with the case weights as they are computed: U_g = Σ_{i∈g} w_i·L_i (G×p), so the robust
 * variance needs no n×p array.
 */
function residualPass(d: CoxData, beta: ArrayLike<number>, cluster?: Int32Array, G = 0, cols = d.p, known?: WalkAt, into?: Float64Array): Float64Array {
  const { n, p, x, time, status, bounds, start, startOrder, order, weight } = d;
  const U = cluster ? new Float64Array(G * p) : undefined;
  // where row k's residual goes and with which factor (1/scale: internal → original units);
  // without clusters the factor is the same for every row, worked out once
  // (worked out inline at each row, not in a closure: a variable a closure writes lives on the heap)
  const fac = new Float64Array(p);
  const scale = d.scale;
  for (let i = 0; i < cols; i++) fac[i] = 1 / scale[i];
  const eta = linearPredictor(d, beta);
  // a walk already made at this very η (a Newton–Raphson's last) has the event-time sums
  const ev = known && known.cols === cols && sameEta(eta, known.eta) ? known.events : eventTimeSums(d, eta, cols);
  // e^η once per row (the stop and the start pass both need it)
  const risk = new Float64Array(n);
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
  const resid = U ?? (into && into.length === n * p ? into.fill(0) : new Float64Array(n * p));
  const { H, Hd, HX, HXd, XM } = ev;
  const evTime = ev.time;
  for (let s = 0; s < d.nstrata; s++) {
    const e0 = ev.bounds[s];
    const e1 = ev.bounds[s + 1];
    // rows ascending by stop: e = last event time ≤ stop
    let e = e0 - 1;
    for (let k = bounds[s]; k < bounds[s + 1]; k++) {
      while (e + 1 < e1 && evTime[e + 1] <= time[k]) e++;
      if (e < e0) continue;
      const r = risk[k];
      const o = k * p;
      const oe = e * p;
      let tgt = k * p;
      if (U) {
        const w = weight[k];
        for (let i = 0; i < cols; i++) fac[i] = w / scale[i];
        tgt = cluster![order[k]] * p;
      }
      const ch = CH[e];
      for (let i = 0; i < cols; i++) resid[tgt + i] -= fac[i] * r * (x[o + i] * ch - CHX[oe + i]);
      if (status[k] === 1) {
        // time[k] is the event time e itself
        const dh = H[e] - Hd[e];
        for (let i = 0; i < cols; i++) {
          resid[tgt + i] += fac[i] * (x[o + i] - XM[oe + i] + r * (x[o + i] * dh - (HX[oe + i] - HXd[oe + i])));
        }
      }
    }
    if (start) {
      // add back the event times at or before the start: rows ascending by start
      let e2 = e0 - 1;
      for (let kk = bounds[s]; kk < bounds[s + 1]; kk++) {
        const k = startOrder![kk];
        while (e2 + 1 < e1 && evTime[e2 + 1] <= start[k]) e2++;
        if (e2 < e0) continue;
        const r = risk[k];
        const o = k * p;
        const oe = e2 * p;
        let tgt = k * p;
        if (U) {
          const w = weight[k];
          for (let i = 0; i < cols; i++) fac[i] = w / scale[i];
          tgt = cluster![order[k]] * p;
        }
        const ch = CH[e2];
        for (let i = 0; i < cols; i++) resid[tgt + i] += fac[i] * r * (x[o + i] * ch - CHX[oe + i]);
      }
    }
  }
  return resid;
}

/** Weighted score residuals summed per cluster: G×p, row-major. */
function clusterScores(d: CoxData, beta: ArrayLike<number>, cluster: Int32Array): { U: Float64Array; G: number } {
  let G = 0;
  for (let i = 0; i < cluster.length; i++) if (cluster[i] + 1 > G) G = cluster[i] + 1;
  return { U: residualPass(d, beta, cluster, G), G };
}

/**
 * R's robust score test (coxph's rscore, "Robust" in summary.coxph): with S the weighted score
 * residuals at β = init summed per cluster and u = Σ_g S_g, the statistic is u' (Σ_g S_g S_g')⁻¹ u.
 */
export function robustScoreTest(d: CoxData, init: ArrayLike<number>, cluster: Int32Array): number {
  const { p } = d;
  const { U, G } = clusterScores(d, init, cluster);
  const B = new Float64Array(p * p);
  const u = new Float64Array(p);
  for (let g = 0; g < G; g++) {
    for (let i = 0; i < p; i++) {
      const ui = U[g * p + i];
      u[i] += ui;
      for (let j = 0; j < p; j++) B[i * p + j] += ui * U[g * p + j];
    }
  }
  return quadSolve(B, p, u);
}

/** Grouped sandwich V·B·V, B = Σ_g U_g U_g', U_g = Σ_{i∈g} w_i L_i. `cluster` is by input row. */
export function clusterRobustVariance(
  d: CoxData,
  beta: ArrayLike<number>,
  V: Float64Array,
  cluster: Int32Array,
): Float64Array {
  const { p } = d;
  const { U, G } = clusterScores(d, beta, cluster);
  const B = new Float64Array(p * p);
  for (let g = 0; g < G; g++) {
    for (let i = 0; i < p; i++) {
      const ui = U[g * p + i];
      for (let j = 0; j < p; j++) B[i * p + j] += ui * U[g * p + j];
    }
  }
  const VB = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += V[i * p + k] * B[k * p + j];
      VB[i * p + j] = s;
    }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += VB[i * p + k] * V[k * p + j];
      out[i * p + j] = s;
    }
  return out;
}
