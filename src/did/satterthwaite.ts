/**
 * Satterthwaite degrees of freedom of a CR2 t-test, exactly as clubSandwich::coef_test (R/get_arrays.R,
 * R/coef_test.R): for coefficient j, m = M e_j, q_g = A_g Ẍ_g m,
 *   P_gh = δ_gh q_gᵀq_g − (Ẍ_gᵀq_g)ᵀ M (Ẍ_hᵀq_h),   df = (Σ_g P_gg)² / Σ_{g,h} P_gh².
 * (P&T 2018 eq. for the working model Φ = I.) From the Gram matrices:
 *   Ẍ_gᵀq_g = T_g G_g m,   q_gᵀq_g = mᵀ(G_g + G_g J_g G_g)m   (T_g, J_g from variance-cr.ts).
 */
import type { GramFit } from "./ols.js";
import type { CR2Parts } from "./variance-cr.js";
import { matVec } from "../stats/linalg.js";

export function satterthwaiteDf(fit: GramFit, cr2: CR2Parts, j: number): number {
  const k = fit.keep.length;
  const m = new Float64Array(k);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let a = 0; a < k; a++) m[a] = fit.M[a * k + j];
  const G = fit.G.length;
  const A: Float64Array[] = [];
  const diag = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const Gm = matVec(fit.G[g], k, m);
    A.push(matVec(cr2.Tg[g], k, Gm));
    const JGm = matVec(cr2.Jg[g], k, Gm);
    let q = 0;
    for (let a = 0; a < k; a++) q += m[a] * Gm[a] + Gm[a] * JGm[a];
    diag[g] = q;
  }
  const MA = A.map((a) => matVec(fit.M, k, a));
  let E = 0;
  let V = 0;
  for (let g = 0; g < G; g++) {
    for (let h = 0; h < G; h++) {
      let x = 0;
      for (let a = 0; a < k; a++) x += A[g][a] * MA[h][a];
      const P = (g === h ? diag[g] : 0) - x;
      if (g === h) E += P;
      V += P * P;
    }
  }
  return (E * E) / V;
}
