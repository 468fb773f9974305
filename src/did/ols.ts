/** OLS from per-cluster Gram matrices (see absorb.ts): coefficients, residual SS, cluster scores. */
import { EstimationError } from "../errors.js";
import type { Grams } from "./absorb.js";
import { cholInverseDropping, matVec, sub } from "../stats/linalg.js";

export interface GramFit {
  /** Positions (in the Gram's column order) of the regressors kept (aliased ones dropped, as lm). */
  keep: number[];
  /** Coefficients on `keep`. */
  beta: Float64Array;
  /** (XᵀWX)⁻¹ on `keep`. */
  M: Float64Array;
  rss: number;
  /** Per cluster score s_g = X̃_gᵀ W_g e_g. */
  scores: Float64Array[];
  /** Per cluster X̃_gᵀ W_g X̃_g on `keep`. */
  G: Float64Array[];
  /** Number of parameters as lm counts them: kept regressors + one per absorbed unit. */
  k: number;
  n: number;
}

/**
 * Regress column `yIndex` on the columns `regressors` (Gram positions). The first `required` of the
 * regressors must not be aliased (they are the coefficients of interest).
 */
export function fitFromGrams(gr: Grams, yIndex: number, regressors: number[], required = 1, per = gr.per): GramFit {
  const p = gr.p;
  const total = new Float64Array(p * p);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (const m of per) for (let k = 0; k < p * p; k++) total[k] += m[k];
  const XtX = sub(total, p, regressors);
  const { keep: keepLocal, inv: M } = cholInverseDropping(XtX, regressors.length);
  for (let j = 0; j < required; j++) {
    if (!keepLocal.includes(j)) {
      throw new EstimationError("the treatment indicator is collinear with the unit and period fixed effects (no variation left to estimate it)");
    }
  }
  const keep = keepLocal.map((j) => regressors[j]);
  const k = keep.length;
  const Xty = new Float64Array(k);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let a = 0; a < k; a++) Xty[a] = total[keep[a] * p + yIndex];
  const beta = matVec(M, k, Xty);
  let rss = total[yIndex * p + yIndex];
  for (let a = 0; a < k; a++) rss -= beta[a] * Xty[a];
  const scores: Float64Array[] = [];
  const G: Float64Array[] = [];
  for (const m of per) {
    const Gg = sub(m, p, keep);
    const s = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      let v = m[keep[a] * p + yIndex];
      for (let b = 0; b < k; b++) v -= Gg[a * k + b] * beta[b];
      s[a] = v;
    }
    scores.push(s);
    G.push(Gg);
  }
  return { keep, beta, M, rss: Math.max(rss, 0), scores, G, k: k + gr.nUnits, n: gr.n };
}
