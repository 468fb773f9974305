/**
 * One walk over the risk sets, backwards in time within each stratum, giving the partial
 * log-likelihood, score U and information I together (R's coxfit6 / agfit4), Breslow or Efron ties.
 *
 * At a time t with d deaths (weights w_i, total W), S0 = Σ_risk w·e^η, S1 = Σ w·e^η·x, S2 = Σ w·e^η·xx':
 *   Breslow: ll += Σ_death w·η − W·log S0;  U += Σ_death w·x − W·S1/S0;  I += W·(S2/S0 − x̄x̄')
 *   Efron:   for k = 0..d−1, f = k/d, the deaths count with weight (1−f) in the sums:
 *            S0k = S0 − f·S0_d, x̄k = (S1 − f·S1_d)/S0k; ll −= (W/d)·log S0k; U −= (W/d)·x̄k;
 *            I += (W/d)·((S2 − f·S2_d)/S0k − x̄k x̄k').
 * With time weights g(t) (cox.zph's score test, R's zph1/zph2) it also accumulates
 *   U2 = Σ_t g(t)·(Σ_death w·x − Σ_k (W/d)·x̄k) and the 2p×2p information [[I, Σg·Iₜ],[Σg·Iₜ, Σg²·Iₜ]].
 * Rows enter the running sums once (at their stop time) and, for counting-process data, leave
 * once (when the walk passes their start time), so a walk is O(n·p²).
 */
import type { CoxData } from "./risk-sets.js";

export interface PassResult {
  loglik: number;
  u: Float64Array;
  /** p×p information, row-major. */
  imat: Float64Array;
  /** With time weights: the time-weighted score, p values. */
  u2?: Float64Array;
  /** With time weights: the 2p×2p information, row-major. */
  imat2?: Float64Array;
}

export function coxPass(d: CoxData, eta: Float64Array, gt?: Float64Array): PassResult {
  const { p, x, time, status, weight, bounds, start, startOrder, startSorted, xStart, efron } = d;
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const p2 = 2 * p;
  const u2 = gt ? new Float64Array(p) : undefined;
  const imat2 = gt ? new Float64Array(p2 * p2) : undefined;
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  // running sums of w·e^η·x x' as packed lower triangles (index i(i+1)/2 + j, j ≤ i)
  const tri = (p * (p + 1)) / 2;
  const cmat = new Float64Array(tri);
  const cmat2 = new Float64Array(tri);
  const risk = new Float64Array(d.n);
  for (let k = 0; k < d.n; k++) risk[k] = weight[k] * Math.exp(eta[k]);
  const inRisk = start ? new Uint8Array(d.n) : undefined;
  let riskStart: Float64Array | undefined;
  if (start) {
    riskStart = new Float64Array(d.n);
    for (let r = 0; r < d.n; r++) riskStart[r] = risk[startOrder![r]];
  }
  let loglik = 0;

  for (let s = 0; s < d.nstrata; s++) {
    const lo = bounds[s];
    let ip = bounds[s + 1] - 1;
    let rp = ip; // walks startOrder downwards (largest start first)
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    cmat.fill(0);
    while (ip >= lo) {
      const dtime = time[ip];
      // counting-process data: drop rows whose start ≥ t (no longer at risk at t or earlier)
      if (start) {
        for (; rp >= lo; rp--) {
          if (startSorted![rp] < dtime) break;
          const q = startOrder![rp];
          if (!inRisk![q]) continue;
          inRisk![q] = 0;
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
            cmat.fill(0);
            continue;
          }
          const r = riskStart![rp];
          denom -= r;
          const o = rp * p;
          for (let i = 0, c = 0; i < p; i++) {
            const rx = r * xStart![o + i];
            a[i] -= rx;
            for (let j = 0; j <= i; j++) cmat[c++] -= rx * xStart![o + j];
          }
        }
      }
      // add every row with stop == t; deaths go to the separate death sums
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      let g = 0; // time weight g(t), taken from a death at t
      for (; ip >= lo && time[ip] === dtime; ip--) {
        const r = risk[ip];
        const o = ip * p;
        if (status[ip] === 1) {
          ndead++;
          const w = weight[ip];
          deadwt += w;
          denom2 += r;
          loglik += w * eta[ip];
          for (let i = 0, c = 0; i < p; i++) {
            const xi = x[o + i];
            u[i] += w * xi;
            const rx = r * xi;
            a2[i] += rx;
            for (let j = 0; j <= i; j++) cmat2[c++] += rx * x[o + j];
          }
          if (u2) {
            g = gt![ip];
            for (let i = 0; i < p; i++) u2[i] += g * w * x[o + i];
          }
          if (inRisk) inRisk[ip] = 1;
          nrisk++;
        } else if (!start || start[ip] < dtime) {
          denom += r;
          for (let i = 0, c = 0; i < p; i++) {
            const rx = r * x[o + i];
            a[i] += rx;
            for (let j = 0; j <= i; j++) cmat[c++] += rx * x[o + j];
          }
          if (inRisk) inRisk[ip] = 1;
          nrisk++;
        }
      }
      if (ndead === 0) continue;
      // Sums over the Efron terms k (f = weight of the tied deaths, 1 − k/d; Breslow: one term,
      // f = 1) so that the p×p work is done once per time, not once per death:
      //   Σ x̄k = a·S1 + a2·Sf,  Σ x̄k x̄k' = aa'·Q0 + (a a2' + a2 a')·Q1 + a2 a2'·Q2
      const nk = efron ? ndead : 1;
      const wk = deadwt / nk;
      let S1 = 0, Sf = 0, Q0 = 0, Q1 = 0, Q2 = 0;
      for (let k = 0; k < nk; k++) {
        const f = efron ? 1 - k / ndead : 1;
        const inv = 1 / (denom + f * denom2);
        loglik += wk * Math.log(inv);
        S1 += inv;
        Sf += f * inv;
        const inv2 = inv * inv;
        Q0 += inv2;
        Q1 += f * inv2;
        Q2 += f * f * inv2;
      }
      for (let i = 0; i < p; i++) {
        const m = wk * (a[i] * S1 + a2[i] * Sf);
        u[i] -= m;
        if (u2) u2[i] -= g * m;
      }
      for (let i = 0, c = 0; i < p; i++) {
        const ai = a[i];
        const bi = a2[i];
        for (let j = 0; j <= i; j++, c++) {
          const v =
            wk * (cmat[c] * S1 + cmat2[c] * Sf - (ai * a[j] * Q0 + (ai * a2[j] + bi * a[j]) * Q1 + bi * a2[j] * Q2));
          imat[i * p + j] += v;
          if (imat2) {
            imat2[(i + p) * p2 + j] += g * v; // lower-left block (mirrored below)
            if (i !== j) imat2[(j + p) * p2 + i] += g * v;
            imat2[(i + p) * p2 + j + p] += g * g * v;
          }
        }
      }
      denom += denom2;
      for (let i = 0; i < p; i++) {
        a[i] += a2[i];
        a2[i] = 0;
      }
      for (let c = 0; c < tri; c++) {
        cmat[c] += cmat2[c];
        cmat2[c] = 0;
      }
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j];
  if (imat2) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        imat2[i * p2 + j] = imat[i * p + j];
        imat2[j * p2 + i + p] = imat2[(i + p) * p2 + j]; // upper-right = lower-left'
      }
      for (let j = 0; j < i; j++) imat2[(j + p) * p2 + i + p] = imat2[(i + p) * p2 + j + p];
    }
  }
  return { loglik, u, imat, u2, imat2 };
}
