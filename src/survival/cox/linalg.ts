/**
 * Small dense symmetric positive-definite algebra for p×p information matrices (p is the number of
 * model terms, so plain loops are fine). The Cholesky factorisation reports the first column whose
 * pivot is ~0 relative to the largest diagonal (R's cholesky2 uses the tolerance eps^0.75), so the
 * caller can name the collinear term.
 */

export const CHOL_TOLERANCE = Math.pow(2.220446049250313e-16, 0.75);

export interface Cholesky {
  /** Lower triangle, row-major p×p; valid only when `singular` is -1. */
  L: Float64Array;
  /** Index of the first column that is (numerically) a combination of earlier ones, or -1. */
  singular: number;
}

export function cholesky(A: ArrayLike<number>, p: number, toler = CHOL_TOLERANCE): Cholesky {
  const L = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * p + i]));
  const eps = maxDiag * toler;
  for (let j = 0; j < p; j++) {
    let s = A[j * p + j];
    for (let k = 0; k < j; k++) s -= L[j * p + k] * L[j * p + k];
    if (!(s > eps) || !Number.isFinite(s)) return { L, singular: j };
    const ljj = Math.sqrt(s);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let t = A[i * p + j];
      for (let k = 0; k < j; k++) t -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = t / ljj;
    }
  }
  return { L, singular: -1 };
}

/** Solve (L L') x = b. */
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

/** (L L')⁻¹ as a row-major p×p matrix. */
export function cholInverse(L: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = cholSolve(L, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  // symmetrise round-off
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) inv[i * p + j] = inv[j * p + i] = (inv[i * p + j] + inv[j * p + i]) / 2;
  return inv;
}

/** b' A⁻¹ b for SPD A (NaN when A is singular). */
export function quadSolve(A: ArrayLike<number>, p: number, b: ArrayLike<number>): number {
  const c = cholesky(A, p);
  if (c.singular >= 0) return NaN;
  const x = cholSolve(c.L, p, b);
  let s = 0;
  for (let i = 0; i < p; i++) s += b[i] * x[i];
  return s;
}

/** Row-major flat matrix → number[][]. */
export function toRows(m: ArrayLike<number>, p: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < p; i++) out.push(Array.from({ length: p }, (_, j) => m[i * p + j]));
  return out;
}
