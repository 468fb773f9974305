/**
 * cox.zph: the score test of proportional hazards of R survival 3.x (cox.zph(fit, transform="km",
 * terms=FALSE)). With g(t) the transformed time centred over the deaths, the model is extended by
 * the terms x·g(t) and the score test of their coefficients being 0 is computed at (β̂, 0):
 *   U = (0, U2),  U2 = Σ_deaths g(t)·(x_i − x̄(t)),  I = [[Σ Iₜ, Σ g·Iₜ], [Σ g·Iₜ, Σ g²·Iₜ]]
 *   test for term j: U[kk]' I[kk,kk]⁻¹ U[kk] with kk = (1..p, p+j); GLOBAL: all 2p (df p).
 * transform "km": g(t) = 1 − S(t−), S the Kaplan–Meier of all rows ignoring strata and weights
 * (left-continuous), as R's cox.zph (R/cox.zph.R, src/zph1.c, src/zph2.c).
 */
import { EstimationError, UsageError } from "../../errors.js";
import { chisqSurvival } from "../../stats/distributions.js";
import { kaplanMeier } from "../kaplan-meier.js";
import { type CoxFit, modelData, coxph } from "./fit.js";
import { quadSolve } from "../../stats/linalg.js";
import { coxPass } from "./loglik.js";
import { type CoxData, type CoxInput, linearPredictor } from "./risk-sets.js";

export type ZphTransform = "km" | "identity" | "rank" | "log";

export interface ZphResult {
  rows: string[];
  chisq: number[];
  df: number[];
  p: number[];
  transform: ZphTransform;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * 1 − S(t−) at each event row (sorted positions), S the pooled unweighted Kaplan–Meier (kaplan-meier.ts;
 * without strata or start times the rows are in time order already, and its sort sees that in one pass).
 */
function kmTransform(d: CoxData): Float64Array {
  const c = kaplanMeier({ time: d.time, event: d.status, start: d.start, timefix: false }).curves[0];
  const g = new Float64Array(d.n);
  for (let k = 0; k < d.n; k++) {
    if (d.status[k] !== 1) continue;
    const r = lowerBound(c.time, d.time[k]); // c.time[r] === d.time[k]: an event time is a curve time
    g[k] = 1 - (r > 0 ? c.surv[r - 1] : 1);
  }
  return g;
}

function transformTimes(d: CoxData, transform: ZphTransform): Float64Array {
  if (transform === "km") return kmTransform(d);
  const g = new Float64Array(d.n);
  if (transform === "identity") g.set(d.time);
  else if (transform === "log")
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let k = 0; k < d.n; k++)
      g[k] = Math.log(d.time[k]);
  else {
    // rank of the stop time among all rows (average ranks for ties, as R's rank)
    const sorted = Float64Array.from(d.time).sort();
    for (let k = 0; k < d.n; k++) {
      const lo = lowerBound(sorted, d.time[k]);
      let hi = lo;
      while (hi < d.n && sorted[hi] === d.time[k]) hi++;
      g[k] = (lo + 1 + hi) / 2;
    }
  }
  return g;
}

/**
 * Proportional-hazards test. Pass a fit from `coxph` (its `model` is reused), a fit read back
 * from JSON with `{ input }` (the data are re-sorted, not refitted), or the model input (refitted).
 */
export function coxZph(fitOrInput: CoxFit | CoxInput, opts: { transform?: ZphTransform; input?: CoxInput } = {}): ZphResult {
  const transform = opts.transform ?? "km";
  let fit: CoxFit;
  if ("coef" in fitOrInput) fit = fitOrInput;
  else fit = coxph(fitOrInput);
  const d = modelData(fit, opts.input);
  if (!d) throw new UsageError("coxZph needs a fit returned by coxph, or { input } with the data it was fitted on (a fit read back from JSON)");
  const { p } = d;
  const g = transformTimes(d, transform);
  let mean = 0;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let k = 0; k < d.n; k++)
    if (d.status[k] === 1) mean += g[k];
  mean /= d.nevent;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let k = 0; k < d.n; k++) g[k] -= mean;

  const res = coxPass(d, linearPredictor(d, fit.coef), g);
  const I = res.imat2!;
  const p2 = 2 * p;
  const rows = [...fit.terms, "GLOBAL"];
  const chisq: number[] = [];
  const df: number[] = [];
  for (let j = 0; j < p; j++) {
    const kk = [...Array(p).keys(), p + j];
    const q = kk.length;
    const sub = new Float64Array(q * q);
    // Stryker disable next-line EqualityOperator: equivalent — the inner loop's pass one past the end (`<=`) writes the next row's first element, which the next row's pass then overwrites (past the last row the write is dropped); the outer loop's extra pass only writes past the end
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) sub[a * q + b] = I[kk[a] * p2 + kk[b]];
    const u = new Float64Array(q);
    u[p] = res.u2![j];
    chisq.push(quadSolve(sub, q, u));
    df.push(1);
  }
  const uAll = new Float64Array(p2);
  uAll.set(res.u2!, p);
  chisq.push(quadSolve(I, p2, uAll));
  df.push(p);
  if (chisq.some((c) => Number.isNaN(c))) {
    throw new EstimationError("cox.zph: the extended information matrix is singular (a covariate may be constant over time)");
  }
  return { rows, chisq, df, p: chisq.map((c, i) => chisqSurvival(c, df[i])), transform };
}
