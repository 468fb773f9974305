/**
 * Per distinct event time (within stratum) sums that score residuals and baseline hazards need,
 * from one backward walk with running sums S0 = Σ w·e^η and S1 = Σ w·e^η·x over the risk set.
 * With d tied deaths of total weight W and, for Efron, k = 0..d−1, f_k = k/d
 * (Breslow: one term, f = 0): S0k = S0 − f_k·S0_deaths, x̄k = (S1 − f_k·S1_deaths)/S0k, hk = (W/d)/S0k.
 *   H  = Σ hk                 (baseline hazard increment; R's survfit.coxph ctype 1/2)
 *   HX = Σ hk·x̄k
 *   Hd = Σ hk·(1 − f_k),  HXd = Σ hk·(1 − f_k)·x̄k   (what a death at this time is exposed to)
 *   XM = (1/d') Σ x̄k  (d' = number of terms)       (the mean a death is compared with)
 * as in R's coxscore2.c / agscore3.c. Times are stored ascending within stratum, strata in order.
 */
import type { CoxData } from "./risk-sets.js";

export interface EventTimeSums {
  /** Number of distinct event times over all strata. */
  m: number;
  time: Float64Array;
  stratum: Int32Array;
  /** Event-time blocks per stratum: [bounds[s], bounds[s+1]). */
  bounds: Int32Array;
  H: Float64Array;
  Hd: Float64Array;
  /** m×p row-major. */
  HX: Float64Array;
  HXd: Float64Array;
  XM: Float64Array;
  /** Number at risk (unweighted rows), deaths and weighted deaths at each event time. */
  nrisk: Float64Array;
  ndead: Float64Array;
}

export function eventTimeSums(d: CoxData, eta: Float64Array): EventTimeSums {
  const { p, x, time, status, weight, bounds, start, startOrder, efron, nstrata } = d;
  // count distinct event times per stratum
  const eb = new Int32Array(nstrata + 1);
  for (let s = 0; s < nstrata; s++) {
    let c = 0;
    let last = NaN;
    for (let k = bounds[s]; k < bounds[s + 1]; k++) {
      if (status[k] === 1 && time[k] !== last) {
        c++;
        last = time[k];
      }
    }
    eb[s + 1] = eb[s] + c;
  }
  const m = eb[nstrata];
  const out: EventTimeSums = {
    m,
    time: new Float64Array(m),
    stratum: new Int32Array(m),
    bounds: eb,
    H: new Float64Array(m),
    Hd: new Float64Array(m),
    HX: new Float64Array(m * p),
    HXd: new Float64Array(m * p),
    XM: new Float64Array(m * p),
    nrisk: new Float64Array(m),
    ndead: new Float64Array(m),
  };
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const risk = new Float64Array(d.n);
  for (let k = 0; k < d.n; k++) risk[k] = weight[k] * Math.exp(eta[k]);
  const inRisk = start ? new Uint8Array(d.n) : undefined;

  for (let s = 0; s < nstrata; s++) {
    const lo = bounds[s];
    let ip = bounds[s + 1] - 1;
    let rp = ip;
    let e = eb[s + 1] - 1;
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    while (ip >= lo) {
      const dtime = time[ip];
      if (start) {
        for (; rp >= lo; rp--) {
          const q = startOrder![rp];
          if (start[q] < dtime) break;
          if (!inRisk![q]) continue;
          inRisk![q] = 0;
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
            continue;
          }
          denom -= risk[q];
          for (let i = 0; i < p; i++) a[i] -= risk[q] * x[q * p + i];
        }
      }
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      for (; ip >= lo && time[ip] === dtime; ip--) {
        const r = risk[ip];
        const o = ip * p;
        if (status[ip] === 1) {
          ndead++;
          deadwt += weight[ip];
          denom2 += r;
          for (let i = 0; i < p; i++) a2[i] += r * x[o + i];
        } else if (!start || start[ip] < dtime) {
          denom += r;
          for (let i = 0; i < p; i++) a[i] += r * x[o + i];
        } else continue;
        if (inRisk) inRisk[ip] = 1;
        nrisk++;
      }
      if (ndead === 0) continue;
      const nk = efron ? ndead : 1;
      const wk = deadwt / nk;
      // scalar sums over the Efron terms (g = weight of the deaths in term k), then p work once
      let S1 = 0, Sg = 0, Q0 = 0, Q1 = 0, Q2 = 0;
      for (let k = 0; k < nk; k++) {
        const g = efron ? 1 - k / ndead : 1;
        const inv = 1 / (denom + g * denom2);
        S1 += inv;
        Sg += g * inv;
        Q0 += inv * inv;
        Q1 += g * inv * inv;
        Q2 += g * g * inv * inv;
      }
      const H = wk * S1;
      const Hd = wk * Sg;
      const o = e * p;
      for (let i = 0; i < p; i++) {
        out.HX[o + i] = wk * (a[i] * Q0 + a2[i] * Q1);
        out.HXd[o + i] = wk * (a[i] * Q1 + a2[i] * Q2);
        out.XM[o + i] = (a[i] * S1 + a2[i] * Sg) / nk;
      }
      out.time[e] = dtime;
      out.stratum[e] = s;
      out.H[e] = H;
      out.Hd[e] = Hd;
      out.nrisk[e] = nrisk;
      out.ndead[e] = ndead;
      e--;
      denom += denom2;
      for (let i = 0; i < p; i++) {
        a[i] += a2[i];
        a2[i] = 0;
      }
    }
  }
  return out;
}
