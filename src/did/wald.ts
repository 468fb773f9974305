/**
 * Joint Wald tests of several coefficients (the event study's pre-trend test).
 *
 * Rank-aware χ²: W = bᵀV⁺b with V⁺ the Moore–Penrose inverse of the CR1 covariance of the tested
 * coefficients (eigenvalues ≤ 1e-10·max treated as 0), df = rank(V). With G clusters the CR1 covariance
 * has rank ≤ G − 1, so testing 23 monthly pre-period coefficients with 10 offices is a test of rank ≤ 9,
 * and χ²(23) would be wrong. Small-sample versions beside it:
 * - F with G − 1 denominator df (as Stata's `test` after clustered regress): F = W/r ~ F(r, G − 1);
 * - HTZ (Pustejovsky & Tipton 2018, JBES 36(4), §3.2; clubSandwich::Wald_test(test = "HTZ")): with CR2
 *   V and Ω = E[CVCᵀ] under the working model (Φ = I), standardised contrasts R = Ω^{-1/2}C,
 *   P^{st}_gh = δ_gh q_sgᵀq_tg − (Ẍ_gᵀq_sg)ᵀM(Ẍ_hᵀq_th) (the t-test's P for pairs of contrasts),
 *   Var(S_st) = Σ_{g,h} P^{ss}_gh P^{tt}_gh + P^{st}_gh P^{ts}_gh,  η = q(q+1)/Σ_{s,t} Var(S_st),
 *   F = (η − q + 1)/(η q) · bᵀ(CVCᵀ)⁻¹b ~ F(q, η − q + 1). Only when CVCᵀ has full rank q.
 * Numerical hazards: a near-singular covariance (the reason for the rank tolerance); η < q gives no test;
 * HTZ is skipped (null) when q²G² > 2e7 (its P array would not fit comfortably in memory).
 */
import { chisqSurvival, fSurvival } from "../stats/distributions.js";
import { eigenQuadForm, matVec, sub, symEigen, symFunction } from "../stats/linalg.js";
import type { GramFit } from "./ols.js";
import type { CR2Parts } from "./variance-cr.js";

export interface FTest {
  F: number;
  df1: number;
  df2: number;
  p: number;
}

/** W = bᵀV⁺b over the coefficients idx (positions in the fit) of the k×k covariance V. */
export function rankAwareWald(beta: ArrayLike<number>, V: Float64Array, k: number, idx: number[]): { stat: number; rank: number; p: number } {
  const q = idx.length;
  const e = symEigen(sub(V, k, idx), q);
  const lmax = Math.max(...Array.from(e.values, Math.abs));
  const { stat, rank } = eigenQuadForm(e, idx.map((j) => beta[j]), 1e-10 * lmax);
  return { stat, rank, p: chisqSurvival(stat, rank) };
}

export function fTestG1(wald: { stat: number; rank: number }, G: number): FTest {
  const F = wald.stat / wald.rank;
  return { F, df1: wald.rank, df2: G - 1, p: fSurvival(F, wald.rank, G - 1) };
}

/** clubSandwich's HTZ test of the coefficients idx with the CR2 covariance (unweighted fits). */
export function htzTest(fit: GramFit, cr2: CR2Parts, idx: number[]): FTest | null {
  const k = fit.keep.length;
  const q = idx.length;
  const G = fit.G.length;
  // raw contrast vectors m_s = M e_{idx_s}, per cluster Ẍ_gᵀq_sg = T_g G_g m_s and G_g m_s, J_g G_g m_s
  const ms = idx.map((j) => {
    const m = new Float64Array(k);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let a = 0; a < k; a++) m[a] = fit.M[a * k + j];
    return m;
  });
  const Gm = ms.map((m) => fit.G.map((Gg) => matVec(Gg, k, m)));
  const A = ms.map((_, s) => fit.G.map((_, g) => matVec(cr2.Tg[g], k, Gm[s][g])));
  const MA = A.map((As) => As.map((a) => matVec(fit.M, k, a)));
  const JGm = ms.map((_, s) => fit.G.map((_, g) => matVec(cr2.Jg[g], k, Gm[s][g])));
  /** P^{st}_gh for raw contrasts. */
  const P = (s: number, t: number, g: number, h: number): number => {
    let x = 0;
    for (let a = 0; a < k; a++) x += A[s][g][a] * MA[t][h][a];
    if (g !== h) return -x;
    let d = 0;
    for (let a = 0; a < k; a++) d += ms[s][a] * Gm[t][g][a] + Gm[s][g][a] * JGm[t][g][a];
    return d - x;
  };
  if (q * q * G * G > 2e7) return null; // memory guard: the P array has q²G² entries
  const raw = new Float64Array(q * q * G * G);
  const at = (s: number, t: number, g: number, h: number) => ((s * q + t) * G + g) * G + h;
  for (let s = 0; s < q; s++) for (let t = 0; t < q; t++) for (let g = 0; g < G; g++) for (let h = 0; h < G; h++) raw[at(s, t, g, h)] = P(s, t, g, h);
  const Omega = new Float64Array(q * q);
  for (let s = 0; s < q; s++) for (let t = 0; t < q; t++) for (let g = 0; g < G; g++) Omega[s * q + t] += raw[at(s, t, g, g)];
  for (let s = 0; s < q; s++) for (let t = 0; t < s; t++) Omega[s * q + t] = Omega[t * q + s] = 0.5 * (Omega[s * q + t] + Omega[t * q + s]);
  const ev = symEigen(Omega, q).values;
  if (Math.min(...ev) <= 1e-12 * Math.max(...ev)) return null;
  const R = symFunction(Omega, q, (l) => 1 / Math.sqrt(l));
  // standardised P̃^{st}_gh = Σ_ab R_sa R_tb P^{ab}_gh
  let total = 0;
  const Pt = new Float64Array(q * q);
  for (let g = 0; g < G; g++)
    for (let h = 0; h < G; h++) {
      for (let s = 0; s < q; s++)
        for (let t = 0; t < q; t++) {
          let v = 0;
          for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) v += R[s * q + a] * R[t * q + b] * raw[at(a, b, g, h)];
          Pt[s * q + t] = v;
        }
      for (let s = 0; s < q; s++) for (let t = 0; t < q; t++) total += Pt[s * q + s] * Pt[t * q + t] + Pt[s * q + t] * Pt[t * q + s];
    }
  const eta = (q * (q + 1)) / total;
  // Q = bᵀ(CVCᵀ)⁻¹b with the CR2 V
  const Q = eigenQuadForm(symEigen(sub(cr2.V, k, idx), q), idx.map((j) => fit.beta[j])).stat;
  const df2 = eta - q + 1;
  if (!(df2 > 0)) return null;
  const F = ((eta - q + 1) / (eta * q)) * Q;
  return { F, df1: q, df2, p: fSurvival(F, q, df2) };
}
