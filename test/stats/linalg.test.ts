/**
 * src/stats/linalg.ts on small matrices whose answers are worked out by hand in the comments (2×2
 * and 3×3 inverses by the adjugate, eigenvalues from the characteristic polynomial). The estimators
 * that use the module are checked against R in test/did and test/survival.
 */
import { describe, expect, it } from "vitest";
import {
  CHOL_TOLERANCE,
  cholesky,
  cholInverse,
  cholInverseDropping,
  cholSolve,
  eigenQuadForm,
  leading,
  matMul,
  matVec,
  quadSolve,
  solveSpd,
  sub,
  symEigen,
  symFunction,
  toRows,
  transpose,
} from "../../src/stats/linalg.js";
import { meat, sandwich } from "../../src/stats/sandwich.js";

const close = (got: ArrayLike<number>, want: number[], tol = 1e-14) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol);
};

// A = [[4, 2], [2, 3]]: L = [[2, 0], [1, √2]] (4 = 2², 2 = 2·1, 3 = 1² + √2²), det 8, A⁻¹ = [[3, −2], [−2, 4]]/8
const A = Float64Array.of(4, 2, 2, 3);

describe("Cholesky with R's cholesky2 tolerance", () => {
  it("factors, solves and inverts a positive-definite matrix", () => {
    const c = cholesky(A, 2);
    expect(c.singular).toBe(-1);
    close(c.L, [2, 0, 1, Math.SQRT2]);
    // A x = (2, 1): x = A⁻¹(2, 1) = (3·2 − 2·1, −2·2 + 4·1)/8 = (0.5, 0)
    close(cholSolve(c.L, 2, [2, 1]), [0.5, 0]);
    close(cholInverse(c.L, 2), [3 / 8, -2 / 8, -2 / 8, 4 / 8]);
    // bᵀA⁻¹b = (2, 1)·(0.5, 0) = 1
    expect(quadSolve(A, 2, [2, 1])).toBeCloseTo(1, 14);
  });

  it("names the first collinear column, relative to the largest diagonal at eps^0.75", () => {
    expect(CHOL_TOLERANCE).toBe(Math.pow(2 ** -52, 0.75));
    // column 2 = column 1: pivot 0
    expect(cholesky([1, 1, 1, 1], 2).singular).toBe(1);
    // pivot 1e-12 ≤ eps^0.75 · 1 ≈ 1.8e-12: singular; 1e-10 is not
    expect(cholesky([1, 1, 1, 1 + 1e-12], 2).singular).toBe(1);
    expect(cholesky([1, 1, 1, 1 + 1e-10], 2).singular).toBe(-1);
    // the same relative gap on a scale of 1e8 (tolerance relative to max |A_ii|)
    expect(cholesky([1e8, 1e8, 1e8, 1e8 * (1 + 1e-12)], 2).singular).toBe(1);
    // a zero first column is column 0; quadSolve is NaN then
    expect(cholesky([0, 0, 0, 1], 2).singular).toBe(0);
    expect(quadSolve([0, 0, 0, 1], 2, [1, 1])).toBeNaN();
    // tolerance 0 refuses only a non-positive pivot
    expect(cholesky([1, 1, 1, 1 + 1e-12], 2, 0).singular).toBe(-1);
  });
});

describe("inverse dropping aliased columns (as lm)", () => {
  it("drops a column that is the sum of two earlier ones and inverts the rest", () => {
    // X columns x1 = (1, 0, 1), x2 = (0, 1, 1), x3 = x1 + x2: XᵀX = [[2, 1, 3], [1, 2, 3], [3, 3, 6]]
    const { keep, inv } = cholInverseDropping([2, 1, 3, 1, 2, 3, 3, 3, 6], 3);
    expect(keep).toEqual([0, 1]);
    // [[2, 1], [1, 2]]⁻¹ = [[2, −1], [−1, 2]]/3
    close(inv, [2 / 3, -1 / 3, -1 / 3, 2 / 3]);
  });

  it("keeps a later column after a dropped one, and drops a zero column", () => {
    // x1 = (1, 1, 0), x2 = 0, x3 = (0, 1, 1): XᵀX = [[2, 0, 1], [0, 0, 0], [1, 0, 2]]
    const { keep, inv } = cholInverseDropping([2, 0, 1, 0, 0, 0, 1, 0, 2], 3);
    expect(keep).toEqual([0, 2]);
    close(inv, [2 / 3, -1 / 3, -1 / 3, 2 / 3]);
  });

  it("agrees with the Cholesky inverse on a full-rank matrix", () => {
    const { keep, inv } = cholInverseDropping(A, 2);
    expect(keep).toEqual([0, 1]);
    close(inv, [3 / 8, -2 / 8, -2 / 8, 4 / 8]);
  });
});

describe("eigen (ml-matrix)", () => {
  // S = [[2, 1], [1, 2]]: λ = 1, 3 with eigenvectors (1, −1)/√2, (1, 1)/√2
  const S = Float64Array.of(2, 1, 1, 2);

  it("decomposes a symmetric matrix: S = V diag(λ) Vᵀ", () => {
    const e = symEigen(S, 2);
    close(Array.from(e.values).sort((a, b) => a - b), [1, 3]);
    const back = symFunction(S, 2, (l) => l);
    close(back, [2, 1, 1, 2]);
  });

  it("applies a function to the eigenvalues: S^{-1/2} S S^{-1/2} = I", () => {
    const r = symFunction(S, 2, (l) => 1 / Math.sqrt(l));
    // S^{-1/2} = [[1/√3 + 1, 1/√3 − 1], [1/√3 − 1, 1/√3 + 1]]/2
    const a = 1 / Math.sqrt(3);
    close(r, [(a + 1) / 2, (a - 1) / 2, (a - 1) / 2, (a + 1) / 2]);
    close(matMul(matMul(r, S, 2), r, 2), [1, 0, 0, 1]);
  });

  it("quadratic form through the pseudo-inverse, with the rank", () => {
    // diag(4, 0): S⁺ = diag(1/4, 0), b = (2, 5): bᵀS⁺b = 1, rank 1
    const e = symEigen([4, 0, 0, 0], 2);
    const r = eigenQuadForm(e, [2, 5], 1e-10 * 4);
    expect(r.rank).toBe(1);
    expect(r.stat).toBeCloseTo(1, 14);
    // full rank without a threshold: (2, 1)ᵀA⁻¹(2, 1) = 1 as above
    const full = eigenQuadForm(symEigen(A, 2), [2, 1]);
    expect(full.rank).toBe(2);
    expect(full.stat).toBeCloseTo(1, 14);
  });

  it("solves a positive-definite system and refuses a singular one", () => {
    close(solveSpd(A, 2, [2, 1])!, [0.5, 0]);
    expect(solveSpd([1, 1, 1, 1], 2, [1, 1])).toBeNull();
  });
});

describe("shapes and products", () => {
  it("multiplies general shapes, transposes, slices", () => {
    // (2×3)(3×1): [[1, 2, 3], [4, 5, 6]]·(1, 0, −1) = (−2, −2)
    close(matMul([1, 2, 3, 4, 5, 6], [1, 0, -1], 2, 3, 1), [-2, -2]);
    close(matVec(A, 2, [1, 1]), [6, 5]);
    close(transpose([1, 2, 3, 4, 5, 6], 2, 3), [1, 4, 2, 5, 3, 6]);
    close(sub([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, [0, 2]), [1, 3, 7, 9]);
    close(sub([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, [2], [0, 1]), [7, 8]);
    close(leading(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 3, 2), [1, 2, 4, 5]);
    expect(toRows([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("grouped sandwich c·A·B·A with B = Σ u_g u_gᵀ", () => {
    // u_1 = (1, 0), u_2 = (1, 2): B = [[1, 0], [0, 0]] + [[1, 2], [2, 4]] = [[2, 2], [2, 4]]
    const scores = [Float64Array.of(1, 0), Float64Array.of(1, 2)];
    close(meat(scores, 2), [2, 2, 2, 4]);
    // bread I: the sandwich is c·B
    close(sandwich([1, 0, 0, 1], scores, 2, 1.5), [3, 3, 3, 6]);
    // bread diag(1, 2): [[1·2·1, 1·2·2], [2·2·1, 2·4·2]] = [[2, 4], [4, 16]]
    close(sandwich([1, 0, 0, 2], scores, 2), [2, 4, 4, 16]);
  });
});
