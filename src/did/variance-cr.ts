/**
 * Variances of OLS coefficients from per-cluster Gram matrices: iid, CR1 and CR2 (Bell–McCaffrey).
 *
 * CR1: V = c · M (Σ_g s_g s_gᵀ) M,  c = G/(G−1) · (n−1)/(n−k)  (Stata; sandwich::vcovCL type "HC1"),
 * k counting every lm coefficient, absorbed unit effects included.
 *
 * CR2 (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018, JBES 36(4), "Small-sample methods for
 * cluster-robust variance estimation and hypothesis testing in fixed effects models"):
 * V = M (Σ_g X_gᵀ A_g e_g e_gᵀ A_g X_g) M with A_g = (I − X_g M X_gᵀ)^{-1/2} (working model I, as
 * clubSandwich for an unweighted lm; a symmetric square root, pseudo-inverse on null eigenvalues).
 * Absorbing the unit FE: with T the unit dummies (nested in clusters) and Ẍ the other columns
 * demeaned within unit, the hat matrix splits, X_g M X_gᵀ = P_{T_g} + Ẍ_g M_Ẍ Ẍ_gᵀ, and Ẍ_g, e_g lie
 * in the orthogonal complement of span(T_g). There B_g = I − Ẍ_g M Ẍ_gᵀ, while on span(T_g) B_g is 0
 * and its pseudo-inverse root is 0 — which never touches Ẍ_g or e_g. Hence clubSandwich's CR2 on the
 * lm with office dummies equals the CR2 computed from the absorbed regressors alone (P&T 2018, §3.2).
 * Period dummies are not nested in clusters and so stay in Ẍ.
 * No n_g×n_g matrix is formed: with M = L Lᵀ, S_g = Lᵀ G_g L (G_g = Ẍ_gᵀẌ_g) and the push-through
 * identity Ẍ_gᵀ h(Ẍ_g M Ẍ_gᵀ) = h(G_g M) Ẍ_gᵀ,
 *   Ẍ_gᵀ A_g v = (I + G_g L k(S_g) Lᵀ) Ẍ_gᵀ v,   k(λ) = ((1−λ)^{-1/2} − 1)/λ.
 */
import type { GramFit } from "./ols.js";
import { cholLower, matMul, symFunction, transpose } from "./linalg.js";

export function varianceIid(fit: GramFit): Float64Array {
  const s2 = fit.rss / (fit.n - fit.k);
  return fit.M.map((v) => v * s2);
}

/** Σ_g u_g u_gᵀ sandwiched by M. */
function sandwich(M: Float64Array, u: Float64Array[], k: number, c = 1): Float64Array {
  const meat = new Float64Array(k * k);
  for (const s of u) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a * k + b] += s[a] * s[b];
  const V = matMul(matMul(M, meat, k), M, k);
  return V.map((v) => v * c);
}

export function cr1Factor(nClusters: number, n: number, k: number): number {
  return (nClusters / (nClusters - 1)) * ((n - 1) / (n - k));
}

export function varianceCR1(fit: GramFit): Float64Array {
  const G = fit.scores.length;
  return sandwich(fit.M, fit.scores, fit.keep.length, cr1Factor(G, fit.n, fit.k));
}

/** k(λ) and j(λ) = ((1−λ)^{-1} − 1)/λ with clubSandwich's pseudo-inverse (eigenvalues of B ≤ 1e-12 → 0). */
function kFun(l: number): number {
  const b = 1 - l;
  if (b <= 1e-12) return -1 / l;
  if (Math.abs(l) < 1e-8) return 0.5 + 0.375 * l;
  return (1 / Math.sqrt(b) - 1) / l;
}
function jFun(l: number): number {
  const b = 1 - l;
  if (b <= 1e-12) return -1 / l;
  return 1 / b;
}

export interface CR2Parts {
  V: Float64Array;
  /** T_g = I + G_g L k(S_g) Lᵀ per cluster: Ẍ_gᵀA_g v = T_g Ẍ_gᵀ v. */
  Tg: Float64Array[];
  /** J_g = L j(S_g) Lᵀ: Ẍ_gᵀA_g²Ẍ_g = G_g + G_g J_g G_g. */
  Jg: Float64Array[];
}

export function varianceCR2(fit: GramFit): CR2Parts {
  const k = fit.keep.length;
  const L = cholLower(fit.M, k);
  const Lt = transpose(L, k);
  const Tg: Float64Array[] = [];
  const Jg: Float64Array[] = [];
  const u: Float64Array[] = [];
  for (let g = 0; g < fit.G.length; g++) {
    const Gg = fit.G[g];
    const S = matMul(matMul(Lt, Gg, k), L, k);
    const K = matMul(matMul(L, symFunction(S, k, kFun), k), Lt, k);
    const J = matMul(matMul(L, symFunction(S, k, jFun), k), Lt, k);
    const T = matMul(Gg, K, k);
    for (let a = 0; a < k; a++) T[a * k + a] += 1;
    Tg.push(T);
    Jg.push(J);
    const s = fit.scores[g];
    const ug = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      let v = 0;
      for (let b = 0; b < k; b++) v += T[a * k + b] * s[b];
      ug[a] = v;
    }
    u.push(ug);
  }
  return { V: sandwich(fit.M, u, k), Tg, Jg };
}
