/**
 * Per-cluster risk tables on a common grid of event times, so that Kaplan–Meier curves, restricted
 * mean survival time (RMST) and the log-rank statistic of any grouping of whole clusters (e.g. any
 * assignment of the pilot label to offices) are sums of cluster rows — O(clusters · times) per
 * grouping instead of a pass over the persons. Used by randomization inference and the
 * leave-one-cluster-out jackknife for survival comparisons (effect-over-time.ts).
 *
 * Risk set at event time t_j: rows with start < t_j ≤ stop (R's Surv(start, stop, event)).
 *   KM:        S(t) = Π_{t_j ≤ t} (1 − d_j/n_j);  Greenwood var S(t)² Σ_{t_j ≤ t} d_j/(n_j(n_j − d_j))
 *   RMST(τ):   ∫₀^τ S(u) du (S a step function, starting at 1 at time 0);
 *              var = Σ_{t_j ≤ τ} A_j² d_j/(n_j(n_j − d_j)), A_j = ∫_{t_j}^τ S(u) du
 *              (R's survfit print(fit, rmean = τ) / survmean, and survRM2's rmst1).
 *   log-rank:  U = Σ_j (d_1j − d_j n_1j/n_j), V = Σ_j d_j (n_j − d_j)/(n_j − 1) · n_1j n_0j / n_j²
 *              (summed over strata), χ² = U²/V (R's survdiff for two groups).
 * Numerical notes: counts are exact integers in Float64. A time with n_j = d_j sets S = 0; its
 * Greenwood term d/(n(n−d)) is infinite and is skipped (the variance of S = 0 is reported as 0).
 */
import { lastAtOrBefore } from "./step-search.js";
import { InputError } from "../errors.js";

export interface ClusterTables {
  /** Distinct event times, ascending. */
  times: Float64Array;
  clusters: number;
  /** nrisk[c * m + j], nevent[c * m + j]. */
  nrisk: Float64Array;
  nevent: Float64Array;
}

export function clusterTables(time: Float64Array, event: ArrayLike<number>, cluster: Int32Array, start?: Float64Array): ClusterTables {
  const n = time.length;
  let G = 0;
  for (let i = 0; i < n; i++) {
    if (cluster[i] < 0) throw new InputError(`cluster code ${cluster[i]} is negative`, { row: i + 1 });
    G = Math.max(G, cluster[i] + 1);
  }
  const ev: number[] = [];
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let i = 0; i < n; i++)
    if (event[i] === 1) ev.push(time[i]);
  const times = Float64Array.from(new Set(ev)).sort();
  const m = times.length;
  const nrisk = new Float64Array(G * m);
  const nevent = new Float64Array(G * m);
  const diff = new Float64Array(G * (m + 1));
  // first index with times[j] > x
  const upper = (x: number) => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  for (let i = 0; i < n; i++) {
    const c = cluster[i];
    const lo = start ? upper(start[i]) : 0; // first t_j > start
    const hi = upper(time[i]); // t_j ≤ stop ⇔ j < hi
    if (hi > lo) {
      diff[c * (m + 1) + lo]++;
      diff[c * (m + 1) + hi]--;
    }
    if (event[i] === 1) nevent[c * m + hi - 1]++;
  }
  for (let c = 0; c < G; c++) {
    let r = 0;
    for (let j = 0; j < m; j++) {
      r += diff[c * (m + 1) + j];
      nrisk[c * m + j] = r;
    }
  }
  return { times, clusters: G, nrisk, nevent };
}

/** Sum the rows of the clusters with member[c] = 1 (weights allowed). */
export function groupRows(t: ClusterTables, member: ArrayLike<number>): { nrisk: Float64Array; nevent: Float64Array } {
  const m = t.times.length;
  const nrisk = new Float64Array(m);
  const nevent = new Float64Array(m);
  for (let c = 0; c < t.clusters; c++) {
    const w = member[c];
    if (!w) continue;
    for (let j = 0; j < m; j++) {
      nrisk[j] += w * t.nrisk[c * m + j];
      nevent[j] += w * t.nevent[c * m + j];
    }
  }
  return { nrisk, nevent };
}

export interface CurveSummary {
  /** S at each requested day. */
  surv: number[];
  /** Greenwood variance of S at each requested day. */
  var: number[];
  rmst: number;
  rmst_var: number;
}

/** KM at `days` and RMST up to `tau` from summed rows. */
export function curveSummary(times: Float64Array, g: { nrisk: Float64Array; nevent: Float64Array }, days: number[], tau: number): CurveSummary {
  const m = times.length;
  const S = new Float64Array(m); // S just after t_j
  const gw = new Float64Array(m); // Greenwood sum up to t_j
  let s = 1;
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const n = g.nrisk[j];
    const d = g.nevent[j];
    if (n > 0 && d > 0) {
      s *= 1 - d / n;
      if (n > d) sum += d / (n * (n - d));
    }
    S[j] = s;
    gw[j] = sum;
  }
  const at = (t: number) => lastAtOrBefore(times, t, m); // last j with t_j ≤ t, or −1
  const surv = days.map((t) => (at(t) < 0 ? 1 : S[at(t)]));
  const v = days.map((t, k) => (at(t) < 0 ? 0 : surv[k] * surv[k] * gw[at(t)]));
  // RMST: area under the step function on [0, τ]; A_j = area on [t_j, τ]
  const last = at(tau);
  let rmst = 0;
  let prevT = 0;
  let prevS = 1;
  for (let j = 0; j <= last; j++) {
    rmst += prevS * (times[j] - prevT);
    prevT = times[j];
    prevS = S[j];
  }
  rmst += prevS * (tau - prevT);
  let rv = 0;
  let A = 0; // area from t_j to τ, built backwards
  let right = tau;
  for (let j = last; j >= 0; j--) {
    A += S[j] * (right - times[j]);
    right = times[j];
    const n = g.nrisk[j];
    const d = g.nevent[j];
    if (d > 0 && n > d) rv += (A * A * d) / (n * (n - d));
  }
  return { surv, var: v, rmst, rmst_var: rv };
}

/** Two-group log-rank score U (group 1: observed − expected), variance V, summed over strata. */
export function logrankFromRows(
  strata: { g1: { nrisk: Float64Array; nevent: Float64Array }; g0: { nrisk: Float64Array; nevent: Float64Array } }[],
): { u: number; v: number; chisq: number } {
  let u = 0;
  let v = 0;
  for (const s of strata) {
    const m = s.g1.nrisk.length;
    for (let j = 0; j < m; j++) {
      const n1 = s.g1.nrisk[j];
      const n0 = s.g0.nrisk[j];
      const d1 = s.g1.nevent[j];
      const d = d1 + s.g0.nevent[j];
      const n = n1 + n0;
      if (d === 0 || n === 0) continue;
      u += d1 - (d * n1) / n;
      if (n > 1) v += ((d * (n - d)) / (n - 1)) * ((n1 * n0) / (n * n));
    }
  }
  return { u, v, chisq: v > 0 ? (u * u) / v : NaN };
}
