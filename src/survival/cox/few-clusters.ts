/**
 * Few-cluster inference for a Cox model fitted with a cluster-robust (grouped sandwich) variance.
 *
 * Small-sample correction, CR1 type (as Stata's and the DiD code's CR1 for G clusters, without the
 * (n−1)/(n−k) factor, which has no analogue in a partial likelihood):
 *   V_CR1 = G/(G−1) · V_robust,   t = β/se_CR1 referred to t(G−1),
 *   CI = exp(β ± t_{1−α/2, G−1}·se_CR1).
 * R's coxph(..., cluster=) reports the uncorrected sandwich with a normal reference, which is biased
 * downward with few clusters (with 10 offices it can be smaller than the model-based SE).
 * Fewer than 2 clusters: no robust variance exists (the sandwich is 0 up to rounding) — an error.
 * Fewer than FEW_CLUSTERS (30) clusters: a warning that travels with every clustered result.
 */
import { EstimationError } from "../../errors.js";
import { tQuantile, tTwoSided } from "../../stats/distributions.js";
import type { CoxFit } from "./fit.js";

/** Below this many clusters a cluster-robust result carries a warning. */
export const FEW_CLUSTERS = 30;

export interface CoxSmallSample {
  clusters: number;
  /** G/(G−1). */
  factor: number;
  df: number;
  se: number[];
  t: number[];
  p: number[];
  hr_lower: number[];
  hr_upper: number[];
  level: number;
}

export function countClusters(cluster: Int32Array): number {
  return new Set(cluster).size;
}

/** Throws when fewer than 2 clusters; returns the few-cluster warning (or undefined). */
export function checkClusters(G: number, name = "cluster"): string | undefined {
  if (G < 2) {
    throw new EstimationError(
      `cluster-robust standard errors need at least 2 clusters, but "${name}" has ${G}: the data cannot support clustered inference (drop the cluster option for model-based SEs, which ignore clustering)`,
    );
  }
  if (G < FEW_CLUSTERS) {
    return `only ${G} clusters (${name}): the robust (sandwich) standard error is biased downward with fewer than about ${FEW_CLUSTERS} clusters; use the small-sample CR1 row (t with ${G - 1} df) or randomization inference`;
  }
  return undefined;
}

/**
 * Per-term inference with a t(df) reference: t = β/se, two-sided p, and the hazard-ratio limits
 * exp(β ± q·se) with q = t_{df, 1−(1−level)/2}. Shared by the CR1-type correction and the jackknife.
 */
export function tInference(coef: readonly number[], se: readonly number[], df: number, level: number): { t: number[]; p: number[]; hr_lower: number[]; hr_upper: number[] } {
  const q = tQuantile(1 - (1 - level) / 2, df);
  const t = coef.map((b, j) => b / se[j]);
  return {
    t,
    p: t.map((v) => tTwoSided(v, df)),
    hr_lower: coef.map((b, j) => Math.exp(b - q * se[j])),
    hr_upper: coef.map((b, j) => Math.exp(b + q * se[j])),
  };
}

export function coxSmallSample(fit: CoxFit, G: number, level = 0.95): CoxSmallSample {
  if (!fit.robust_se) throw new EstimationError("small-sample correction needs a cluster-robust fit");
  const factor = G / (G - 1);
  const df = G - 1;
  const se = fit.robust_se.map((s) => s * Math.sqrt(factor));
  return { clusters: G, factor, df, se, ...tInference(fit.coef, se, df, level), level };
}
