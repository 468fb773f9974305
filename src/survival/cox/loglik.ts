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
 * The walk itself, with its precision guards, is walk.ts; this file holds only the per-time terms.
 */
import type { CoxData } from "./risk-sets.js";
import { type EventTimeSums, storeEventTime } from "./event-times.js";
import { efronTerms, walkRiskSets } from "./walk.js";

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

/**
 * `ev`: also store the per-death-time sums of event-times.ts (what score residuals and the baseline
 * read) into it, so that a robust fit need not walk again at the same β.
 * `cols` < p: score and information of the leading `cols` terms only (the others, held terms such as
 * an offset, are left at 0 in u, imat and ev's HX, HXd, XM); the log-likelihood and the entries
 * computed are the same numbers as with all p terms. Not with time weights.
 */
export function coxPass(d: CoxData, eta: Float64Array, gt?: Float64Array, ev?: EventTimeSums, cols = d.p): PassResult {
  const stride = d.p;
  const p = cols;
  if (gt && cols !== stride) throw new Error("coxPass: time weights need every term");
  const u = new Float64Array(stride);
  const imat = new Float64Array(stride * stride);
  const p2 = 2 * p;
  const u2 = gt ? new Float64Array(p) : undefined;
  const imat2 = gt ? new Float64Array(p2 * p2) : undefined;
  const efron = d.efron;
  let loglik = 0;
  const T = new Float64Array(6);
  let e = -1;
  let cur = -1;

  walkRiskSets(d, eta, true, (S) => {
    const { a, a2, cmat, cmat2, deadwt, xd } = S;
    // the deaths' Σ w·η and Σ w·x come from the walk (summed as it adds them); g(t) is a function of
    // the time, the same for every death at t: read it off the last death
    const g = gt ? gt[S.k1] : 0; // time weight g(t)
    let ll = S.deadEta; // local: the closure's loglik is written once per time
    for (let i = 0; i < p; i++) u[i] += xd[i];
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    if (u2) for (let i = 0; i < p; i++) u2[i] += g * xd[i];
    // Sums over the Efron terms k (walk.ts's efronTerms) so that the p×p work is done once per time:
    //   Σ x̄k = a·S1 + a2·Sf,  Σ x̄k x̄k' = aa'·Q0 + (a a2' + a2 a')·Q1 + a2 a2'·Q2
    const nk = efronTerms(S, efron, T);
    if (ev) {
      if (S.stratum !== cur) {
        cur = S.stratum;
        e = ev.bounds[cur + 1] - 1;
      }
      storeEventTime(ev, e--, S, T, nk);
    }
    const wk = deadwt / nk;
    const [S1, Sf, Q0, Q1, Q2, logInv] = T;
    ll += wk * logInv;
    loglik += ll;
    for (let i = 0; i < p; i++) {
      const m = wk * (a[i] * S1 + a2[i] * Sf);
      u[i] -= m;
      if (u2) u2[i] -= g * m;
    }
    for (let i = 0, c = 0; i < p; i++) {
      const ai = a[i];
      const bi = a2[i];
      for (let j = 0; j <= i; j++, c++) {
        const v = wk * (cmat[c] * S1 + cmat2[c] * Sf - (ai * a[j] * Q0 + (ai * a2[j] + bi * a[j]) * Q1 + bi * a2[j] * Q2));
        imat[i * stride + j] += v;
        if (imat2) {
          imat2[(i + p) * p2 + j] += g * v; // lower-left block (mirrored below)
          if (i !== j) imat2[(j + p) * p2 + i] += g * v;
          imat2[(i + p) * p2 + j + p] += g * g * v;
        }
      }
    }
  }, cols);
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * stride + i] = imat[i * stride + j];
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
