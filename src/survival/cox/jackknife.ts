/**
 * Cluster jackknife variance of Cox coefficients (CV3), with a t(G−1) reference: the small-sample
 * alternative to the grouped sandwich for few clusters.
 *
 *   β̂_(g) = the Cox fit with cluster g left out (same covariates, strata, weights and ties),
 *   V_CV3 = (G−1)/G · Σ_g (β̂_(g) − β̂)(β̂_(g) − β̂)ᵀ,
 *   t = β̂_j / √V_jj referred to t(G−1),   CI = exp(β̂_j ± t_{1−α/2, G−1}·√V_jj).
 * Source: MacKinnon, Nielsen & Webb (2023), "Cluster-robust inference: A guide to empirical
 * practice", J. Econometrics 232(2), 272–299 — CV3, the jackknife form of the bias-reduced CR3
 * variance, centred at the full-sample β̂ (not the mean of the β̂_(g), which would be CV3J), and
 * recommended over CV1 with few or unbalanced clusters; it is conservative rather than anti-conservative
 * in their simulations. For a linear model CV3 equals CR3; for the Cox partial likelihood the refits
 * are the definition (no closed form).
 *
 * Numerical notes: each refit starts at the full-sample β̂ (R's init=), which converges to the same
 * maximum as a start at 0 within the convergence tolerance (relative log-likelihood change 1e-9).
 * A refit that trips fit.ts's monotone-likelihood check (it also fires, as R's warning does, for a
 * coefficient of about 0) is repeated from 0 with eps 1e-12. A refit fails when leaving a cluster out removes all variation of a term (e.g. the only pilot
 * office): the jackknife then does not exist and the caller gets an EstimationError naming the cluster.
 * Cost: G refits of the model, each O(n log n + iterations·n·p²).
 */
import { EstimationError } from "../../errors.js";
import { tInference } from "./few-clusters.js";
import { coxph } from "./fit.js";
import type { CoxInput } from "./risk-sets.js";

export interface CoxJackknife {
  method: "cluster jackknife (CV3), t(G-1)";
  clusters: number;
  df: number;
  se: number[];
  t: number[];
  p: number[];
  hr_lower: number[];
  hr_upper: number[];
  level: number;
  /** β̂ with each cluster left out (row g: cluster code g, named in `left_out`). */
  leave_one_out: number[][];
  left_out: string[];
}

/** `input.cluster` holds codes 0..G−1; `coef` is the full-sample fit's β̂. */
export function coxClusterJackknife(input: CoxInput, coef: number[], level = 0.95, clusterNames?: string[]): CoxJackknife {
  const cl = input.cluster;
  if (!cl) throw new EstimationError("the cluster jackknife needs a cluster column");
  let G = 0;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let i = 0; i < cl.length; i++)
    if (cl[i] + 1 > G) G = cl[i] + 1;
  if (G < 2) throw new EstimationError(`the cluster jackknife needs at least 2 clusters, but there is ${G}`);
  const p = coef.length;
  const loo: number[][] = [];
  for (let g = 0; g < G; g++) {
    const keep: number[] = [];
    for (let i = 0; i < cl.length; i++) if (cl[i] !== g) keep.push(i);
    const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const out = new (a.constructor as new (n: number) => T)(keep.length);
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let k = 0; k < keep.length; k++) out[k] = a[keep[k]];
      return out;
    };
    const name = clusterNames?.[g] ?? String(g);
    const sub: CoxInput = {
      time: pick(input.time),
      event: pick(input.event),
      start: input.start ? pick(input.start) : undefined,
      x: input.x.map(pick),
      names: input.names,
      strata: input.strata ? pick(input.strata) : undefined,
      weights: input.weights ? pick(input.weights) : undefined,
      ties: input.ties,
      robust: false,
      concordance: false,
      init: coef,
      maxIter: input.maxIter,
      eps: input.eps,
    };
    let b: number[];
    try {
      b = coxph(sub).coef;
    } catch (e) {
      if (!(e instanceof EstimationError)) throw e;
      try {
        // R's "converged before the coefficient" check (fit.ts) also fires for a coefficient of
        // about 0 when the last Newton step is above eps but not small relative to |β|; R only warns.
        // A tighter convergence (eps 1e-12, at most 50 steps, from 0) settles it; a real failure fails again.
        b = coxph({ ...sub, init: undefined, eps: Math.min(input.eps ?? 1e-9, 1e-12), maxIter: Math.max(input.maxIter ?? 20, 50) }).coef;
      } catch (e2) {
        if (!(e2 instanceof EstimationError)) throw e2;
        throw new EstimationError(`the cluster jackknife needs a fit without each cluster, and the fit without "${name}" failed: ${e2.message}`);
      }
    }
    if (!b.every(Number.isFinite)) throw new EstimationError(`the cluster jackknife needs a fit without each cluster, and the fit without "${name}" has a term that is not estimable`);
    loo.push(b);
  }
  const df = G - 1;
  const se = new Array<number>(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let g = 0; g < G; g++) s += (loo[g][j] - coef[j]) ** 2;
    se[j] = Math.sqrt((s * (G - 1)) / G);
  }
  return {
    method: "cluster jackknife (CV3), t(G-1)",
    clusters: G,
    df,
    se,
    ...tInference(coef, se, df, level),
    level,
    leave_one_out: loo,
    left_out: Array.from({ length: G }, (_, g) => clusterNames?.[g] ?? String(g)),
  };
}
