/** Small dense symmetric-matrix helpers (row-major Float64Array p×p) for the p×p systems of the DiD code. */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/** Submatrix of a p×p row-major matrix on index set idx. */
export function sub(a: Float64Array, p: number, rows: number[], cols: number[] = rows): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = a[rows[i] * p + cols[j]];
  return out;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky, dropping (as R's lm drops aliased
 * columns) every column whose pivot is below tol × its diagonal. Returns the kept positions and the
 * inverse on them.
 */
export function cholInverseDropping(a: Float64Array, p: number, tol = 1e-9): { keep: number[]; inv: Float64Array } {
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
  // inverse of L (lower triangular), then inv = L⁻ᵀ L⁻¹
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

export function matVec(a: Float64Array, p: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += a[i * p + j] * v[j];
    out[i] = s;
  }
  return out;
}

export function matMul(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) {
      const x = a[i * p + k];
      if (x === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] += x * b[k * p + j];
    }
  return out;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Lower Cholesky factor L of a symmetric positive-definite matrix (A = L Lᵀ). */
export function cholLower(a: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / L[j * p + j];
    }
  return L;
}

/** f(S) = V diag(f(λ)) Vᵀ for symmetric S. */
export function symFunction(s: Float64Array, p: number, f: (lambda: number) => number): Float64Array {
  const e = new EigenvalueDecomposition(Matrix.from1DArray(p, p, Array.from(s)), { assumeSymmetric: true });
  const lam = e.realEigenvalues;
  const V = e.eigenvectorMatrix;
  const out = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const fk = f(lam[k]);
    if (fk === 0) continue;
    for (let i = 0; i < p; i++) {
      const vik = V.get(i, k) * fk;
      for (let j = 0; j < p; j++) out[i * p + j] += vik * V.get(j, k);
    }
  }
  return out;
}

export function transpose(a: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[j * p + i] = a[i * p + j];
  return out;
}
