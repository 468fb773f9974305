/**
 * Per distinct event time (within stratum) sums that score residuals and baseline hazards need,
 * from the shared backward walk (walk.ts) with S0 = Σ w·e^η and S1 = Σ w·e^η·x over the risk set.
 * With d tied deaths of total weight W and, for Efron, k = 0..d−1, f_k = k/d
 * (Breslow: one term, f = 0): S0k = S0 − f_k·S0_deaths, x̄k = (S1 − f_k·S1_deaths)/S0k, hk = (W/d)/S0k.
 *   H  = Σ hk                 (baseline hazard increment; R's survfit.coxph ctype 1/2)
 *   HX = Σ hk·x̄k
 *   Hd = Σ hk·(1 − f_k),  HXd = Σ hk·(1 − f_k)·x̄k   (what a death at this time is exposed to)
 *   XM = (1/d') Σ x̄k  (d' = number of terms)       (the mean a death is compared with)
 * as in R's coxscore2.c / agscore3.c. Times are stored ascending within stratum, strata in order.
 */
import type { CoxData } from "./risk-sets.js";
import { type DeathTimeSums, efronTerms, walkRiskSets } from "./walk.js";

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

/** Empty per-event-time arrays for the data's death times (walk.ts's schedule). */
export function newEventTimeSums(d: CoxData): EventTimeSums {
  const { p } = d;
  const m = d.schedule.m;
  return {
    m,
    time: new Float64Array(m),
    stratum: new Int32Array(m),
    bounds: d.schedule.strata,
    H: new Float64Array(m),
    Hd: new Float64Array(m),
    HX: new Float64Array(m * p),
    HXd: new Float64Array(m * p),
    XM: new Float64Array(m * p),
    nrisk: new Float64Array(m),
    ndead: new Float64Array(m),
  };
}

/**
 * Store the sums of one death time, from the walk's state S and its Efron terms T (efronTerms,
 * nk terms). The walk visits death times from the last to the first within each stratum; `e` is
 * the time's index in ascending order (e = bounds[stratum + 1] − 1 at the first visit of a stratum).
 * Used by eventTimeSums and, to save a walk, by the Newton pass of a robust fit (loglik.ts).
 */
export function storeEventTime(out: EventTimeSums, e: number, S: DeathTimeSums, T: Float64Array, nk: number): void {
  const p = S.a.length;
  const { a, a2 } = S;
  const wk = S.deadwt / nk;
  const S1 = T[0], Sg = T[1], Q0 = T[2], Q1 = T[3], Q2 = T[4];
  const o = e * p;
  for (let i = 0; i < p; i++) {
    out.HX[o + i] = wk * (a[i] * Q0 + a2[i] * Q1);
    out.HXd[o + i] = wk * (a[i] * Q1 + a2[i] * Q2);
    out.XM[o + i] = (a[i] * S1 + a2[i] * Sg) / nk;
  }
  out.time[e] = S.time;
  out.stratum[e] = S.stratum;
  out.H[e] = wk * S1;
  out.Hd[e] = wk * Sg;
  out.nrisk[e] = S.nrisk;
  out.ndead[e] = S.ndead;
}

/** `cols` < p: HX, HXd and XM of the leading `cols` terms only (the others 0; see walk.ts). */
export function eventTimeSums(d: CoxData, eta: Float64Array, cols = d.p): EventTimeSums {
  const out = newEventTimeSums(d);
  const eb = out.bounds;
  // the walk visits event times from the last to the first within each stratum
  // Stryker disable next-line UnaryOperator: equivalent — e is set from the bounds at the first event time (cur starts at −1, no stratum), before it is read
  let e = -1;
  let cur = -1;
  const T = new Float64Array(6);
  walkRiskSets(d, eta, false, (S) => {
    if (S.stratum !== cur) {
      cur = S.stratum;
      e = eb[cur + 1] - 1;
    }
    storeEventTime(out, e, S, T, efronTerms(S, d.efron, T));
    e--;
  }, cols);
  return out;
}
