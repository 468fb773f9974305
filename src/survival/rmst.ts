/**
 * Restricted mean survival time (RMST) of Kaplan–Meier curves, as R's summary(survfit, rmean = τ)$table
 * ("rmean", "se(rmean)"; print(fit, rmean = τ)), and the difference of two curves with a normal CI, as
 * survRM2::rmst2 without covariates (independent groups):
 *   RMST = ∫_0^τ S(t) dt,   Var = Σ_{t_j ≤ τ, d_j > 0, n_j > d_j} A_j² d_j / (n_j (n_j − d_j)),
 *   A_j = ∫_{t_j}^τ S(t) dt;   difference = RMST_2 − RMST_1 ± z·sqrt(Var_1 + Var_2).
 * With case weights n_j and d_j are the weighted counts (R does the same, robust or not).
 * The area and variance sums are curveSummary's (cluster-tables.ts), shared with the effect-over-time
 * contrast. Hazards: τ beyond a curve's last time extends its last value of S (as R); the area starts at
 * time 0, so negative times are refused.
 */
import { UsageError } from "../errors.js";
import { normalQuantile, normalTwoSided } from "../stats/distributions.js";
import { curveSummary } from "./cluster-tables.js";
import type { KaplanMeierResult } from "./kaplan-meier.js";

export interface RmstCurve {
  group: string;
  rmean: number;
  se: number;
}
export interface RmstResult {
  tau: number;
  conf_level: number;
  curves: RmstCurve[];
  /** Second curve minus first (only with exactly two curves). */
  difference?: { groups: [string, string]; estimate: number; se: number; ci: [number, number]; p: number };
}

export function rmstFromKm(km: Pick<KaplanMeierResult, "curves">, tau: number, level = 0.95): RmstResult {
  if (!(tau > 0) || !Number.isFinite(tau)) throw new UsageError(`the RMST horizon tau must be a positive number, got ${tau}`);
  if (!(level > 0 && level < 1)) throw new UsageError(`confLevel must be between 0 and 1, got ${level}`);
  const curves = km.curves.map((c) => {
    if (c.time.length > 0 && c.time[0] < 0) throw new UsageError(`RMST integrates from time 0; curve ${c.group} has negative times`);
    const s = curveSummary(c.time, { nrisk: c.n_risk, nevent: c.n_event }, [], tau);
    return { group: c.group, rmean: s.rmst, se: Math.sqrt(s.rmst_var) };
  });
  const res: RmstResult = { tau, conf_level: level, curves };
  if (curves.length === 2) {
    const [a, b] = curves;
    const est = b.rmean - a.rmean;
    const se = Math.hypot(a.se, b.se);
    const z = normalQuantile(1 - (1 - level) / 2);
    res.difference = { groups: [b.group, a.group], estimate: est, se, ci: [est - z * se, est + z * se], p: normalTwoSided(est / se) };
  }
  return res;
}
