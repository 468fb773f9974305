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
import { EstimationError } from "../errors.js";
import { sandwich } from "../stats/sandwich.js";
import type { GramFit } from "./ols.js";
import { cholesky, cholInverseDropping, matMul, matVec, sub, symEigen, symFunction, transpose } from "../stats/linalg.js";

export function varianceIid(fit: GramFit): Float64Array {
  const s2 = fit.rss / (fit.n - fit.k);
  return fit.M.map((v) => v * s2);
}

export function cr1Factor(nClusters: number, n: number, k: number): number {
  return (nClusters / (nClusters - 1)) * ((n - 1) / (n - k));
}

/**
 * Small-sample convention of CR1: "full" counts every coefficient, absorbed unit effects included
 * (sandwich::vcovCL type "HC1", Stata, fixest with fixef.K = "full"); "nested" leaves out the unit
 * effects nested in the clusters, all but one (fixest's and pyfixest's default fixef.K = "nested":
 * k = kept regressors + 1).
 */
export type Ssc = "full" | "nested";

export function cr1K(fit: GramFit, ssc: Ssc = "full"): number {
  return ssc === "nested" ? fit.keep.length + 1 : fit.k;
}

export function varianceCR1(fit: GramFit, ssc: Ssc = "full"): Float64Array {
  const G = fit.scores.length;
  return sandwich(fit.M, fit.scores, fit.keep.length, cr1Factor(G, fit.n, cr1K(fit, ssc)));
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
  // M = (ẌᵀẌ)⁻¹ on the kept columns is positive definite; tolerance 0 only refuses a non-positive pivot
  const chol = cholesky(fit.M, k, 0);
  if (chol.singular >= 0) throw new EstimationError("the inverse of X'X is not positive definite (CR2)");
  const L = chol.L;
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
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let a = 0; a < k; a++) T[a * k + a] += 1;
    Tg.push(T);
    Jg.push(J);
    u.push(matVec(T, k, fit.scores[g]));
  }
  return { V: sandwich(fit.M, u, k), Tg, Jg };
}

/**
 * Weighted CR2 exactly as clubSandwich for a weighted lm (default inverse_var = FALSE: working model
 * Θ = I, weights W normalised to mean 1, R/CR-adjustments.R `CR2`, R/lm.R, R/clubSandwich.R `vcov_CR`).
 * With U = all lm columns (office dummies included; clubSandwich does not absorb them for lm), M = (UᵀWU)⁻¹,
 * Ω = M (Σ_h U_hᵀW_h²U_h) M:
 *   B_g = I − U_g M U_gᵀW_g − W_gU_g M U_gᵀ + U_g Ω U_gᵀ,  A_g = B_g^{-1/2} (pseudo-inverse root),
 *   V = M (Σ_g U_gᵀW_gA_g e_g e_gᵀA_gW_gU_g) M.
 * Here the absorbed-FE shortcut of varianceCR2 does not hold (B_g is no projection), so the unit dummies
 * stay explicit columns. No n_g×n_g matrix is formed: B_g = I + Z_g K Z_gᵀ with Z_g = [U_g, W_gU_g],
 * K = [[Ω, −M], [−M, 0]]. Writing Z_gᵀZ_g = C_g = R Rᵀ (R = V_r c_r^{1/2}, rank r) and Q = Z_g V_r c_r^{-1/2}
 * (orthonormal), B_g = I + Q S Qᵀ with S = RᵀKR, so φ(B_g) = I + Q (φ(I+S) − I) Qᵀ and every product needed
 * is a function of the per-cluster cross-products of [U, y] with weight powers 0, 1, 2.
 */
export interface WeightedCP {
  /** Number of U columns; y is column u. */
  u: number;
  /** Per cluster, (u+1)×(u+1) cross-products Σ w^a z zᵀ for a = 0, 1, 2 (w normalised to mean 1). */
  P0: Float64Array[];
  P1: Float64Array[];
  P2: Float64Array[];
}

function invRootB(s: number): number {
  const b = 1 + s;
  return b > 1e-12 ? 1 / Math.sqrt(b) : 0;
}

function block2(a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, k: number): Float64Array {
  const n = 2 * k;
  const out = new Float64Array(n * n);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      out[i * n + j] = a[i * k + j];
      out[i * n + k + j] = b[i * k + j];
      out[(k + i) * n + j] = c[i * k + j];
      out[(k + i) * n + k + j] = d[i * k + j];
    }
  return out;
}

export interface WeightedCR2 {
  se: number;
  df: number;
  estimate: number;
  /** The same for every requested U column (targets), in order. */
  each: { se: number; df: number; estimate: number }[];
}

/**
 * CR2 SEs and Satterthwaite df (clubSandwich coef_test) of the coefficients on U columns `targets`
 * (default: column 0, the treatment); the first target's values are also returned at the top level.
 */
export function weightedCR2(cp: WeightedCP, targets: number[] = [0]): WeightedCR2 {
  const u = cp.u;
  const G = cp.P0.length;
  const tot1 = new Float64Array((u + 1) * (u + 1));
  const tot2 = new Float64Array((u + 1) * (u + 1));
  for (let g = 0; g < G; g++)
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only adds into index (u+1)², one past the end of tot1 and tot2 (dropped)
    for (let i = 0; i < tot1.length; i++) {
      tot1[i] += cp.P1[g][i];
      tot2[i] += cp.P2[g][i];
    }
  const all: number[] = [];
  for (let i = 0; i < u; i++) all.push(i);
  const { keep, inv: M } = cholInverseDropping(sub(tot1, u + 1, all), u);
  if (keep[0] !== 0) throw new EstimationError("the treatment indicator is collinear with the fixed effects (weighted CR2)");
  const pos = targets.map((j) => keep.indexOf(j));
  if (pos.some((j) => j < 0)) throw new EstimationError("a coefficient of interest is collinear with the fixed effects (weighted CR2)");
  const k = keep.length;
  const Uy = new Float64Array(k);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let a = 0; a < k; a++) Uy[a] = tot1[keep[a] * (u + 1) + u];
  const beta = matVec(M, k, Uy);
  const Omega = matMul(matMul(M, sub(tot2, u + 1, keep), k), M, k);
  const K = block2(Omega, M.map((v) => -v), M.map((v) => -v), new Float64Array(k * k), k);
  const k2 = 2 * k;
  const meat = new Float64Array(k * k);
  const nt = pos.length;
  const ms = pos.map((j) => {
    const m = new Float64Array(k);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let a = 0; a < k; a++) m[a] = M[a * k + j];
    return m;
  });
  const aList: Float64Array[][] = pos.map(() => []);
  const bList: Float64Array[][] = pos.map(() => []);
  const qq = pos.map(() => new Float64Array(G));
  for (let g = 0; g < G; g++) {
    const U0 = sub(cp.P0[g], u + 1, keep);
    const U1 = sub(cp.P1[g], u + 1, keep);
    const U2 = sub(cp.P2[g], u + 1, keep);
    if (cp.P0[g].every((v) => v === 0)) {
      // a cluster whose weights are all 0 contributes nothing (clubSandwich drops zero-weight rows)
      for (let t = 0; t < nt; t++) {
        aList[t].push(new Float64Array(k));
        bList[t].push(new Float64Array(k));
      }
      continue;
    }
    const C = block2(U0, U1, U1, U2, k);
    const { values: lam, vectors: V } = symEigen(C, k2);
    const cmax = Math.max(...Array.from(lam, Math.abs), 0);
    const idx: number[] = [];
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let i = 0; i < k2; i++)
      if (lam[i] > 1e-12 * cmax) idx.push(i);
    const r = idx.length;
    // R (k2×r) = V_r c^{1/2};  D (r×k2) = c^{-1/2} V_rᵀ
    const R = new Float64Array(k2 * r);
    const D = new Float64Array(r * k2);
    for (let c = 0; c < r; c++) {
      const l = lam[idx[c]];
      for (let i = 0; i < k2; i++) {
        const v = V[i * k2 + idx[c]];
        R[i * r + c] = v * Math.sqrt(l);
        D[c * k2 + i] = v / Math.sqrt(l);
      }
    }
    const Rt = transpose(R, k2, r);
    const S = matMul(matMul(Rt, K, r, k2, k2), R, r, k2, r);
    for (let i = 0; i < r; i++) for (let j = 0; j < i; j++) S[i * r + j] = S[j * r + i] = 0.5 * (S[i * r + j] + S[j * r + i]);
    const F1 = symFunction(S, r, (s) => invRootB(s) - 1);
    const F2 = symFunction(S, r, (s) => invRootB(s) ** 2 - 1);
    const Dt = transpose(D, r, k2);
    const N1 = matMul(matMul(Dt, F1, k2, r, r), D, k2, r, k2);
    const N2 = matMul(matMul(Dt, F2, k2, r, r), D, k2, r, k2);
    // Zᵀe = [Uᵀe; UᵀWe], Uᵀ W^a e = P_a[U,y] − P_a[U,U] β
    const ze = new Float64Array(k2);
    const Pa = [cp.P0[g], cp.P1[g]];
    const Ua = [U0, U1];
    for (let a = 0; a < 2; a++) {
      const Ub = matVec(Ua[a], k, beta);
      // Stryker disable next-line EqualityOperator: equivalent — i = k writes ze[a·k + k]: for a = 0 that is ze[k], which the a = 1 pass then overwrites; for a = 1 it is past the end of the 2k-long array (dropped)
      for (let i = 0; i < k; i++) ze[a * k + i] = Pa[a][keep[i] * (u + 1) + u] - Ub[i];
    }
    const n1z = matMul(N1, ze, k2, k2, 1);
    // s_g = UᵀWA e = UᵀWe + [UᵀWU, UᵀW²U] N1 Zᵀe
    const s = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let v = ze[k + i];
      for (let j = 0; j < k; j++) v += U1[i * k + j] * n1z[j] + U2[i * k + j] * n1z[k + j];
      s[i] = v;
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a * k + b] += s[a] * s[b];
    // Satterthwaite pieces for q_g = A_g W_g U_g m: z = Zᵀ(WUm) = [UᵀWUm; UᵀW²Um], per target m
    for (let t = 0; t < nt; t++) {
      const m = ms[t];
      const v0 = matVec(U1, k, m);
      const v1 = matVec(U2, k, m);
      const z = new Float64Array(k2);
      z.set(v0, 0);
      z.set(v1, k);
      const n1 = matMul(N1, z, k2, k2, 1);
      const ag = new Float64Array(k);
      const bg = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        let x = v0[i];
        let y = v1[i];
        for (let j = 0; j < k; j++) {
          x += U0[i * k + j] * n1[j] + U1[i * k + j] * n1[k + j];
          y += U1[i * k + j] * n1[j] + U2[i * k + j] * n1[k + j];
        }
        ag[i] = x;
        bg[i] = y;
      }
      aList[t].push(ag);
      bList[t].push(bg);
      const n2 = matMul(N2, z, k2, k2, 1);
      let q = 0;
      for (let i = 0; i < k; i++) q += m[i] * v1[i];
      for (let i = 0; i < k2; i++) q += z[i] * n2[i];
      qq[t][g] = q;
    }
  }
  const Vv = matMul(matMul(M, meat, k), M, k);
  // P_gh = δ_gh q_gᵀq_g + a_gᵀΩa_h − a_gᵀM b_h − b_gᵀM a_h  (clubSandwich get_GH / get_P_array, Θ = I)
  const each = pos.map((j, t) => {
    const A = aList[t];
    const Bl = bList[t];
    const Oa = A.map((a) => matVec(Omega, k, a));
    const Ma = A.map((a) => matVec(M, k, a));
    let E = 0;
    let Var = 0;
    for (let g = 0; g < G; g++)
      for (let h = 0; h < G; h++) {
        let P = g === h ? qq[t][g] : 0;
        for (let i = 0; i < k; i++) P += A[g][i] * Oa[h][i] - Bl[g][i] * Ma[h][i] - Ma[g][i] * Bl[h][i];
        // Stryker disable next-line AssignmentOperator: equivalent — `E -= P` gives −E, and df = E²/Var (negation is exact in floating point, so the same bits)
        if (g === h) E += P;
        Var += P * P;
      }
    return { se: Math.sqrt(Vv[j * k + j]), df: (E * E) / Var, estimate: beta[j] };
  });
  return { ...each[0], each };
}

