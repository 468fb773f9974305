/**
 * Confidence limits by test inversion: the set {b₀ : p(b₀) > α} of hypothesised values a test does
 * not reject, found from the estimate outwards on each side. The one search behind the wild cluster
 * bootstrap interval, the DiD randomization interval and the Cox randomization interval.
 *
 *   1. expansion: outer = est ± w with w = firstStep, 2·firstStep, 4·firstStep, …, moving the inner
 *      point out while outer is still accepted (`inside`); a side still accepted after
 *      `maxDoublings` doublings, or at `maxDistance` (checked first, once), is unbounded (±∞);
 *   2. bisection between the last accepted (inner) and the first rejected (outer) point until they
 *      are within `tol` (or after `maxBisections` halvings); the limit is their midpoint.
 *
 * The p-value of a resampling test is a step function of b₀, so the limit is exact to `tol`; the
 * callers choose `tol` relative to the standard error. Numerical hazard: p need not be monotone in
 * b₀ far from the estimate (a refit can diverge, draws can tie); the search finds one crossing on
 * each side, the one nearest the estimate along the doubling grid.
 */
export interface InversionOptions {
  /** Distance of the first outer point from the estimate. */
  firstStep: number;
  /** Stop bisecting when the accepted and rejected points are this close. */
  tol: number;
  /** Doublings of the step before a side counts as unbounded (default 60). */
  maxDoublings?: number;
  /** Cap on the number of bisection steps (default: until `tol`). */
  maxBisections?: number;
  /** Largest distance searched: a side accepted there is unbounded (default: none). */
  maxDistance?: number;
}

/** The limit on side `dir` (−1 lower, +1 upper) of {b : inside(b)} around est, or ±Infinity. */
export function inversionLimit(est: number, dir: -1 | 1, inside: (b: number) => boolean, o: InversionOptions): number {
  const maxDistance = o.maxDistance ?? Infinity;
  const capped = Number.isFinite(maxDistance);
  if (capped && inside(est + dir * maxDistance)) return dir * Infinity;
  const maxDoublings = o.maxDoublings ?? 60;
  let inner = est;
  let width = o.firstStep;
  let outer = est + dir * Math.min(width, maxDistance);
  // at the cap, outer is known to be rejected (checked above): no need to test it again
  for (let d = 0; !(capped && width >= maxDistance) && inside(outer); d++) {
    if (d === maxDoublings) return dir * Infinity;
    inner = outer;
    width *= 2;
    outer = est + dir * Math.min(width, maxDistance);
  }
  const maxBisections = o.maxBisections ?? Infinity;
  for (let i = 0; i < maxBisections && Math.abs(outer - inner) > o.tol; i++) {
    const mid = (inner + outer) / 2;
    if (inside(mid)) inner = mid;
    else outer = mid;
  }
  return (inner + outer) / 2;
}
