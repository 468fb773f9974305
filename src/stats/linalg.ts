/**
 * The project's one dense linear-algebra module. Matrices are row-major `Float64Array`s (p×p unless
 * a shape is given); p is the number of model terms or coefficients, so plain loops are fine. Every
 * estimator (Cox, log-rank, DiD OLS and its variances, Wald tests, bootstrap and randomization
 * refits) and the one grouped sandwich (`./sandwich.ts`) take their algebra from here.
 *
 * On ml-matrix (no convention of R to reproduce, a general algorithm is right):
 * - `symEigen` / `symFunction` / `eigenQuadForm`: symmetric eigendecomposition S = V diag(λ) Vᵀ,
 *   f(S) = V diag(f(λ)) Vᵀ (CR2's (I − H_gg)^{-1/2}, HTZ's Ω^{-1/2}) and bᵀS⁺b = Σ_{λ_i > τ} (v_iᵀb)²/λ_i
 *   (the rank-aware Wald test's Moore–Penrose quadratic form; df = number of λ_i kept).
 * - `solveSpd`: x = A⁻¹b by Cholesky (ml-matrix's JAMA algorithm) — survdiff's χ² = (O−E)ᵀV⁻¹(O−E),
 *   where R calls the general `solve()`; null when A is not positive definite.
 *
 * Hand-written, because R's conventions need what ml-matrix does not offer (it has neither a
 * Cholesky with a relative pivot tolerance that reports the failing column nor any pivoting):
 * - `cholesky` / `cholSolve` / `cholInverse` / `quadSolve` (Cox): A = LLᵀ with R's cholesky2.c
 *   tolerance — column j is singular when its pivot A_jj − Σ_k L_jk² ≤ eps^0.75 · max_i |A_ii|
 *   (`CHOL_TOLERANCE`, coxph.control's toler.chol) — stopping at the first such column so that the
 *   Cox fit names the collinear term; solves as chsolve2.c (forward, then back substitution); the
 *   inverse column by column from those solves (chinv2.c's role), symmetrised.
 * - `cholInverseDropping` (DiD OLS): (XᵀX)⁻¹ with aliased columns dropped as lm's pivoting QR drops
 *   them (dqrdc2: a column that is a combination of earlier ones, to a relative tolerance, is left
 *   out and the others keep their order): a column whose pivot is ≤ tol × its own diagonal is
 *   dropped and the factorisation goes on; the inverse on the kept columns is L⁻ᵀL⁻¹.
 * Both factorisations compute L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj with the sum subtracted term
 * by term in k order, so they agree to the bit on a matrix without aliased columns.
 *
 * Numerical hazards: near-singular A (the reason for the relative tolerances; a covariate on a huge
 * scale beside a tiny one defeats a single tolerance, so the Cox fit scales columns first);
 * round-off asymmetry (inverses are symmetrised, eigen input is taken as symmetric); eigenvalues of a
 * positive semi-definite matrix that come out slightly negative (callers threshold relative to the
 * largest). Products sum in a fixed order (k ascending), so results do not depend on the caller.
 */
import { createRequire } from "node:module";
import type * as MlMatrix from "ml-matrix";

// ml-matrix loaded with require (its CommonJS build): the ES build's import costs about 25 ms more per process
const { CholeskyDecomposition, EigenvalueDecomposition, Matrix } = createRequire(import.meta.url)("ml-matrix") as typeof MlMatrix;
type Matrix = MlMatrix.Matrix;

// ── shapes and products ──────────────────────────────────────────────────────────────────────

/** Submatrix of a row-major matrix with p columns on the index sets rows × cols. */
export function sub(a: ArrayLike<number>, p: number, rows: readonly number[], cols: readonly number[] = rows): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  // Stryker disable next-line EqualityOperator: equivalent — the inner loop's pass one past the end (`<=`) writes the next row's first element, which the next row's pass then overwrites (past the last row the write is dropped); the outer loop's extra pass only writes past the end
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = a[rows[i] * p + cols[j]];
  return out;
}

/** The leading q×q block of a p×p matrix (the matrix itself when q = p). */
export function leading(a: Float64Array, p: number, q: number): Float64Array {
  if (q === p) return a;
  const out = new Float64Array(q * q);
  // Stryker disable next-line EqualityOperator: equivalent — the inner loop's pass one past the end (`<=`) writes the next row's first element, which the next row's pass then overwrites (past the last row the write is dropped); the outer loop's extra pass only writes past the end
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) out[i * q + j] = a[i * p + j];
  return out;
}

/** a·v for a p×p matrix a (into `out` when given: hot loops reuse one buffer). */
export function matVec(a: ArrayLike<number>, p: number, v: ArrayLike<number>, out = new Float64Array(p)): Float64Array {
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += a[i * p + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** a (n×p) · b (p×m), row-major; square p×p by default. Each entry summed over l ascending. */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, p = n, m = p): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < p; l++) {
      const x = a[i * p + l];
      if (x === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += x * b[l * m + j];
    }
  return out;
}

/** Transpose of an n×m matrix (m×n); square by default. */
export function transpose(a: ArrayLike<number>, n: number, m = n): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a[i * m + j];
  return out;
}

/** Row-major p×p matrix → number[][] (for JSON results). */
export function toRows(m: ArrayLike<number>, p: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < p; i++) out.push(Array.from({ length: p }, (_, j) => m[i * p + j]));
  return out;
}

// ── Cholesky with R's cholesky2 tolerance (Cox) ──────────────────────────────────────────────

/** R's coxph.control(toler.chol = .Machine$double.eps^0.75). */
export const CHOL_TOLERANCE = Math.pow(2.220446049250313e-16, 0.75);

export interface Cholesky {
  /** Lower triangle, row-major p×p; valid only when `singular` is -1. */
  L: Float64Array;
  /** Index of the first column that is (numerically) a combination of earlier ones, or -1. */
  singular: number;
}

/** A = LLᵀ, stopping at the first column whose pivot is ≤ toler · max_i |A_ii| (or not finite). */
export function cholesky(A: ArrayLike<number>, p: number, toler = CHOL_TOLERANCE): Cholesky {
  const L = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * p + i]));
  const eps = maxDiag * toler;
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j];
    // Stryker disable next-line EqualityOperator: equivalent — k = j subtracts L[j][j]², and L[j][j] is still 0 here (L is a fresh Float64Array; column j is written below)
    for (let k = 0; k < j; k++) s -= L[j * p + k] * L[j * p + k];
    if (!(s > eps) || !Number.isFinite(s)) return { L, singular: j };
    const ljj = Math.sqrt(s);
    L[j * p + j] = ljj;
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j];
      // Stryker disable next-line EqualityOperator: equivalent — k = j subtracts L[i][j]·L[j][j], and L[i][j] is still 0 here (L is a fresh Float64Array; it is written on the next line)
      for (let k = 0; k < j; k++) t -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = t / ljj;
    }
  }
  return { L, singular: -1 };
}

/** Solve (L Lᵀ) x = b. */
export function cholSolve(L: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * y[k];
    y[i] = s / L[i * p + i];
  }
  return y;
}

/** (L Lᵀ)⁻¹ as a row-major p×p matrix, column by column from `cholSolve`, symmetrised. */
export function cholInverse(L: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = cholSolve(L, p, e);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) inv[i * p + j] = inv[j * p + i] = (inv[i * p + j] + inv[j * p + i]) / 2;
  return inv;
}

/** bᵀA⁻¹b for symmetric positive-definite A (NaN when A is singular to `CHOL_TOLERANCE`). */
export function quadSolve(A: ArrayLike<number>, p: number, b: ArrayLike<number>): number {
  const c = cholesky(A, p);
  if (c.singular >= 0) return NaN;
  const x = cholSolve(c.L, p, b);
  let s = 0;
  for (let i = 0; i < p; i++) s += b[i] * x[i];
  return s;
}

// ── Cholesky inverse dropping aliased columns (DiD OLS, as lm) ───────────────────────────────

/**
 * Inverse of a symmetric positive semi-definite matrix on its non-aliased columns: column j is
 * dropped when its pivot is ≤ tol × A_jj (or A_jj ≤ 0). Returns the kept positions (ascending) and
 * the inverse on them (keep.length² entries).
 */
export function cholInverseDropping(a: ArrayLike<number>, p: number, tol = 1e-9): { keep: number[]; inv: Float64Array } {
  const keep: number[] = [];
  const L: number[][] = [];
  for (let j = 0; j < p; j++) {
    const row: number[] = [];
    for (let k = 0; k < keep.length; k++) {
      let s = a[j * p + keep[k]];
      for (let m = 0; m < k; m++) s -= row[m] * L[k][m];
      row.push(s / L[k][k]);
    }
    let d = a[j * p + j];
    for (let m = 0; m < row.length; m++) d -= row[m] * row[m];
    if (!(d > tol * Math.max(a[j * p + j], 1e-300)) || a[j * p + j] <= 0) continue;
    row.push(Math.sqrt(d));
    L.push(row);
    keep.push(j);
  }
  const k = keep.length;
  // L⁻¹ (lower triangular), then inv = L⁻ᵀ L⁻¹
  const Li = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    Li[i * k + i] = 1 / L[i][i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s += L[i][m] * Li[m * k + j];
      Li[i * k + j] = -s / L[i][i];
    }
  }
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += Li[m * k + i] * Li[m * k + j];
      inv[i * k + j] = s;
      inv[j * k + i] = s;
    }
  return { keep, inv };
}

// ── on ml-matrix ─────────────────────────────────────────────────────────────────────────────

export interface SymEigen {
  /** Eigenvalues λ_0 … λ_{p−1} (ml-matrix's order). */
  values: Float64Array;
  /** Eigenvectors as columns: vectors[i·p + k] is component i of the k-th eigenvector. */
  vectors: Float64Array;
}

/** Eigendecomposition of a symmetric p×p matrix (ml-matrix, tridiagonal QL). */
export function symEigen(s: ArrayLike<number>, p: number): SymEigen {
  const e = new EigenvalueDecomposition(Matrix.from1DArray(p, p, Array.from(s)), { assumeSymmetric: true });
  return { values: Float64Array.from(e.realEigenvalues), vectors: Float64Array.from(e.eigenvectorMatrix.to1DArray()) };
}

/** f(S) = V diag(f(λ)) Vᵀ for symmetric S (terms with f(λ) = 0 skipped). */
export function symFunction(s: ArrayLike<number>, p: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors: V } = symEigen(s, p);
  const out = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const fk = f(values[k]);
    if (fk === 0) continue;
    for (let i = 0; i < p; i++) {
      const vik = V[i * p + k] * fk;
      for (let j = 0; j < p; j++) out[i * p + j] += vik * V[j * p + k];
    }
  }
  return out;
}

/**
 * bᵀS⁺b = Σ (v_iᵀb)²/λ_i from an eigendecomposition of S, over the eigenvalues λ_i > `threshold`
 * (all of them when no threshold is given); `rank` counts the terms.
 */
export function eigenQuadForm(e: SymEigen, b: ArrayLike<number>, threshold?: number): { stat: number; rank: number } {
  const q = e.values.length;
  let stat = 0;
  let rank = 0;
  for (let i = 0; i < q; i++) {
    if (threshold !== undefined && !(e.values[i] > threshold)) continue;
    rank++;
    let u = 0;
    for (let a = 0; a < q; a++) u += e.vectors[a * q + i] * b[a];
    stat += (u * u) / e.values[i];
  }
  return { stat, rank };
}

/** x = A⁻¹b for symmetric positive-definite A by ml-matrix's Cholesky; null when A is not positive definite. */
export function solveSpd(A: ArrayLike<number>, p: number, b: ArrayLike<number>): Float64Array | null {
  const chol = new CholeskyDecomposition(Matrix.from1DArray(p, p, Array.from(A)));
  if (!chol.isPositiveDefinite()) return null;
  return Float64Array.from(chol.solve(Matrix.columnVector(Array.from(b))).to1DArray());
}
