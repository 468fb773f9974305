/**
 * The one grouped sandwich of the project: c · A·B·A with the meat B = Σ_g u_g u_gᵀ over per-cluster
 * score sums u_g, for a symmetric p×p bread A (row-major). Used by the DiD's CR1 and CR2 (src/did/
 * variance-cr.ts: A = (X'X)⁻¹, u_g = X_g'e_g, c the CR1 factor or 1) and by the Cox model's
 * cluster-robust variance (src/survival/cox/robust.ts: A = the inverse information, u_g the summed
 * score residuals of R's coxph(..., cluster =), c = 1). The meat alone (`meat`) is the B of Cox's
 * robust score test uᵀB⁻¹u.
 *
 * Sums run in a fixed order (groups, then k ascending in each product: `matMul` of ./linalg.ts), so
 * a result does not depend on the caller. Hazard: B is a sum of G rank-one terms, so with G ≤ p it
 * is singular and the variance has rank ≤ G; callers that test several coefficients must use a
 * rank-aware test.
 */
import { matMul } from "./linalg.js";

export function sandwich(bread: ArrayLike<number>, scores: readonly ArrayLike<number>[], p: number, c = 1): Float64Array {
  const out = matMul(matMul(bread, meat(scores, p), p), bread, p);
  if (c !== 1)
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < out.length; i++)
      out[i] *= c;
  return out;
}

/** The meat B = Σ_g u_g u_gᵀ (p×p, row-major), summed over groups in order. */
export function meat(scores: readonly ArrayLike<number>[], p: number): Float64Array {
  const B = new Float64Array(p * p);
  for (const u of scores) {
    for (let i = 0; i < p; i++) {
      const ui = u[i];
      for (let j = 0; j < p; j++) B[i * p + j] += ui * u[j];
    }
  }
  return B;
}
