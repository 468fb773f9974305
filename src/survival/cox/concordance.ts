/**
 * Harrell's concordance of a Cox fit with R's standard error (survival::concordance, as coxph stores
 * it in fit$concordance: timewt "n", reverse = TRUE so a higher risk score predicts a shorter time).
 *
 * A pair (i, j) is comparable when i has an event at t and j is at risk at t (start_j < t ≤ stop_j,
 * same stratum) without an event at t; it is concordant when η_i > η_j, discordant when η_i < η_j,
 * tied.x when equal; tied.y counts pairs of events at the same time. With case weights a pair counts
 * w_i·w_j. C = (concordant + tied.x/2) / (concordant + discordant + tied.x).
 * Standard error (R's concordancefit, infinitesimal jackknife): with I_i = the weighted counts of
 * concordant, discordant and tied.x pairs observation i takes part in, N = the number of comparable
 * pairs and Somers' d = (C − D)/N,
 *   dfbeta_i = w_i·[(I_i1 − I_i2)/N − d/N·(I_i1 + I_i2 + I_i3)],  var(C) = Σ dfbeta_i² / 4.
 *
 * Computation: the backward walk over death times of walk.ts (remove early, defer additions), with
 * two Fenwick trees over the ranks of η: the risk set (counts for each death) and the deaths seen so
 * far (a row's count as the longer-lived member is the difference of the death tree between when it
 * entered and when it leaves the risk set). O(n log n).
 */
import type { CoxData } from "./risk-sets.js";
import { argsortFloat64 } from "./sort.js";

export interface Concordance {
  concordance: number;
  std: number;
  concordant: number;
  discordant: number;
  tied_x: number;
  tied_y: number;
}

class Fenwick {
  readonly t: Float64Array;
  total = 0;
  constructor(readonly K: number) {
    this.t = new Float64Array(K + 1);
  }
  add(r: number, w: number): void {
    this.total += w;
    for (let i = r + 1; i <= this.K; i += i & -i) this.t[i] += w;
  }
  /** Σ over ranks < r. */
  below(r: number): number {
    let s = 0;
    for (let i = r; i > 0; i -= i & -i) s += this.t[i];
    return s;
  }
}

export function concordance(d: CoxData, eta: Float64Array): Concordance {
  const { n, time, status, weight, bounds, start, startOrder, startSorted } = d;
  // dense ranks of η (equal values share a rank)
  const order = argsortFloat64(eta);
  const rank = new Int32Array(n);
  let K = 0;
  for (let r = 0; r < n; r++) {
    if (r > 0 && eta[order[r]] !== eta[order[r - 1]]) K++;
    rank[order[r]] = K;
  }
  K++;
  const risk = new Fenwick(K);
  const dead = new Fenwick(K);
  const imat = new Float64Array(n * 3);
  const q0 = new Float64Array(n * 3);
  const state = new Uint8Array(n);
  let C = 0, D = 0, T = 0, TY = 0;
  const enter = (k: number) => {
    const r = rank[k];
    const lo = dead.below(r);
    const eq = dead.below(r + 1) - lo;
    q0[k * 3] = dead.total - lo - eq; // deaths with larger η: concordant with k as the longer-lived
    q0[k * 3 + 1] = lo;
    q0[k * 3 + 2] = eq;
    risk.add(r, weight[k]);
    state[k] = 1;
  };
  const leave = (k: number) => {
    const r = rank[k];
    const lo = dead.below(r);
    const eq = dead.below(r + 1) - lo;
    imat[k * 3] += dead.total - lo - eq - q0[k * 3];
    imat[k * 3 + 1] += lo - q0[k * 3 + 1];
    imat[k * 3 + 2] += eq - q0[k * 3 + 2];
    risk.add(r, -weight[k]);
    state[k] = 2;
  };

  for (let s = 0; s < d.nstrata; s++) {
    const lo = bounds[s];
    const hi = bounds[s + 1];
    let ip = hi - 1;
    let rp = hi - 1;
    const deaths: number[] = [];
    for (;;) {
      let q = ip;
      while (q >= lo && status[q] !== 1) q--;
      if (q < lo) break;
      const dtime = time[q];
      if (start) {
        for (; rp >= lo && startSorted![rp] >= dtime; rp--) {
          const k = startOrder![rp];
          if (state[k] === 1) leave(k);
          state[k] = 2;
        }
      }
      deaths.length = 0;
      for (; ip >= lo && time[ip] >= dtime; ip--) {
        if (state[ip] === 2) continue;
        if (status[ip] === 1 && time[ip] === dtime) deaths.push(ip);
        else enter(ip);
      }
      let sw = 0, sw2 = 0;
      for (const i of deaths) {
        const r = rank[i];
        const w = weight[i];
        const below = risk.below(r);
        const eq = risk.below(r + 1) - below;
        const above = risk.total - below - eq;
        C += w * below;
        D += w * above;
        T += w * eq;
        imat[i * 3] += below;
        imat[i * 3 + 1] += above;
        imat[i * 3 + 2] += eq;
        sw += w;
        sw2 += w * w;
      }
      TY += (sw * sw - sw2) / 2;
      for (const i of deaths) dead.add(rank[i], weight[i]);
      for (const i of deaths) enter(i);
    }
    for (let k = lo; k < hi; k++) if (state[k] === 1) leave(k);
    // empty the death tree for the next stratum
    for (let k = lo; k < hi; k++) if (status[k] === 1 && state[k] !== 0) dead.add(rank[k], -weight[k]);
    dead.total = 0;
  }
  const N = C + D + T;
  const somer = (C - D) / N;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const a = imat[k * 3], b = imat[k * 3 + 1], c = imat[k * 3 + 2];
    const df = weight[k] * ((a - b) / N - (somer / N) * (a + b + c));
    v += df * df;
  }
  return { concordance: (somer + 1) / 2, std: Math.sqrt(v / 4), concordant: C, discordant: D, tied_x: T, tied_y: TY };
}
