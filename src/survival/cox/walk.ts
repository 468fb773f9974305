/**
 * The backward risk-set walk every Cox computation shares (log-likelihood, score, information,
 * cox.zph, score residuals, baseline hazard), with R's numerical guards in this one place.
 *
 * Within each stratum the walk visits the distinct death times from the last to the first and
 * keeps running sums over the risk set {start < t ≤ stop}:
 *   S0 = Σ w·e^η,  S1 = Σ w·e^η·x,  S2 = Σ w·e^η·x x'  (S2 only when asked for),
 * with the rows dying at t held apart (S0d, S1d, S2d) for the Efron approximation.
 *
 * Numerical hazards and what guards them (R survival's agfit4 / agreg.Rnw):
 *  - covariates are centred per stratum and scaled (risk-sets.ts), η shifted per stratum when it
 *    would overflow exp (linearPredictorInternal);
 *  - remove early, defer additions: at a death time the rows whose start ≥ t leave first, and only
 *    then are the rows with stop ≥ t added (censored rows are not added at their own time, where
 *    a later removal of large weights would swamp them);
 *  - rebuild: a removal that leaves S0 below REBUILD × (the largest S0 since the last rebuild)
 *    has cancelled away the digits of what remains, so the sums are recomputed from the rows at
 *    risk; when no row is left they are reset to exact zeros.
 * Each row enters once and leaves once: a walk is O(n·p²) (O(n·p) without S2).
 */
import type { CoxData } from "./risk-sets.js";

/** Relative size of S0 after removals below which the running sums are rebuilt. */
export const REBUILD = 1e-4;

/** State at one death time, handed to the caller's visitor (arrays are reused: copy what you keep). */
export interface DeathTimeSums {
  stratum: number;
  time: number;
  /** Rows (sorted positions) with stop == time are (k0 − 1, k1]: deaths are those with status 1. */
  k0: number;
  k1: number;
  /** Rows at risk (unweighted), deaths (count) and their total case weight. */
  nrisk: number;
  ndead: number;
  deadwt: number;
  /** Sums over the risk set without the deaths at this time ... */
  denom: number;
  a: Float64Array;
  /** packed lower triangle (i(i+1)/2 + j), only with `second` */
  cmat: Float64Array;
  /** ... and over the deaths at this time. */
  denom2: number;
  a2: Float64Array;
  cmat2: Float64Array;
}

export function walkRiskSets(
  d: CoxData,
  eta: Float64Array,
  second: boolean,
  visit: (s: DeathTimeSums) => void,
): void {
  const { n, p, x, time, status, weight, bounds, start, startOrder, startSorted, xStart } = d;
  const tri = (p * (p + 1)) / 2;
  const risk = new Float64Array(n);
  for (let k = 0; k < n; k++) risk[k] = weight[k] * Math.exp(eta[k]);
  let riskStart: Float64Array | undefined;
  // 0 = not yet added, 1 = at risk, 2 = gone (left, or never at risk below the current time)
  let state: Uint8Array | undefined;
  if (start) {
    riskStart = new Float64Array(n);
    for (let r = 0; r < n; r++) riskStart[r] = risk[startOrder![r]];
    state = new Uint8Array(n);
  }
  const S: DeathTimeSums = {
    stratum: 0,
    time: 0,
    k0: 0,
    k1: 0,
    nrisk: 0,
    ndead: 0,
    deadwt: 0,
    denom: 0,
    a: new Float64Array(p),
    cmat: new Float64Array(second ? tri : 0),
    denom2: 0,
    a2: new Float64Array(p),
    cmat2: new Float64Array(second ? tri : 0),
  };
  const { a, a2, cmat, cmat2 } = S;

  for (let s = 0; s < d.nstrata; s++) {
    const lo = bounds[s];
    const hi = bounds[s + 1];
    let ip = hi - 1; // next row to add (rows above ip have been added or are gone)
    let rp = hi - 1; // walks startOrder downwards (largest start first)
    let denom = 0;
    let peak = 0;
    let nrisk = 0;
    a.fill(0);
    cmat.fill(0);
    S.stratum = s;
    for (;;) {
      let q = ip;
      while (q >= lo && status[q] !== 1) q--;
      if (q < lo) break;
      const dtime = time[q];
      if (start) {
        // remove early: rows whose start ≥ t are not at risk at t or any earlier time
        let removed = false;
        for (; rp >= lo && startSorted![rp] >= dtime; rp--) {
          const k = startOrder![rp];
          if (state![k] === 1) {
            nrisk--;
            removed = true;
            const r = riskStart![rp];
            denom -= r;
            const o = rp * p;
            if (second) {
              for (let i = 0, c = 0; i < p; i++) {
                const rx = r * xStart![o + i];
                a[i] -= rx;
                for (let j = 0; j <= i; j++) cmat[c++] -= rx * xStart![o + j];
              }
            } else for (let i = 0; i < p; i++) a[i] -= r * xStart![o + i];
          }
          state![k] = 2;
        }
        if (removed) {
          if (nrisk === 0) {
            denom = 0;
            peak = 0;
            a.fill(0);
            cmat.fill(0);
          } else if (!(denom > peak * REBUILD)) {
            // rebuild: the remaining sums have lost their digits to cancellation
            denom = 0;
            a.fill(0);
            cmat.fill(0);
            for (let k = ip + 1; k < hi; k++) {
              if (state![k] !== 1) continue;
              const r = risk[k];
              denom += r;
              const o = k * p;
              for (let i = 0, c = 0; i < p; i++) {
                const rx = r * x[o + i];
                a[i] += rx;
                if (second) for (let j = 0; j <= i; j++) cmat[c++] += rx * x[o + j];
              }
            }
            peak = denom;
          }
        }
      }
      // defer additions: every row with stop ≥ t not yet added enters now; deaths at t apart
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      if (second) {
        for (; ip >= lo && time[ip] >= dtime; ip--) {
          if (state) {
            if (state[ip] === 2) continue;
            state[ip] = 1;
          }
          nrisk++;
          const r = risk[ip];
          const o = ip * p;
          if (status[ip] === 1 && time[ip] === dtime) {
            ndead++;
            deadwt += weight[ip];
            denom2 += r;
            for (let i = 0, c = 0; i < p; i++) {
              const rx = r * x[o + i];
              a2[i] += rx;
              for (let j = 0; j <= i; j++) cmat2[c++] += rx * x[o + j];
            }
          } else {
            denom += r;
            for (let i = 0, c = 0; i < p; i++) {
              const rx = r * x[o + i];
              a[i] += rx;
              for (let j = 0; j <= i; j++) cmat[c++] += rx * x[o + j];
            }
          }
        }
      } else {
        for (; ip >= lo && time[ip] >= dtime; ip--) {
          if (state) {
            if (state[ip] === 2) continue;
            state[ip] = 1;
          }
          nrisk++;
          const r = risk[ip];
          const o = ip * p;
          if (status[ip] === 1 && time[ip] === dtime) {
            ndead++;
            deadwt += weight[ip];
            denom2 += r;
            for (let i = 0; i < p; i++) a2[i] += r * x[o + i];
          } else {
            denom += r;
            for (let i = 0; i < p; i++) a[i] += r * x[o + i];
          }
        }
      }
      S.time = dtime;
      S.k0 = ip + 1;
      S.k1 = q;
      S.nrisk = nrisk;
      S.ndead = ndead;
      S.deadwt = deadwt;
      S.denom = denom;
      S.denom2 = denom2;
      visit(S);
      denom += denom2;
      if (denom > peak) peak = denom;
      for (let i = 0; i < p; i++) {
        a[i] += a2[i];
        a2[i] = 0;
      }
      if (second) {
        for (let c = 0; c < tri; c++) {
          cmat[c] += cmat2[c];
          cmat2[c] = 0;
        }
      }
    }
  }
}
