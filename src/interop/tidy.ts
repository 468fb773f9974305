/**
 * Results as rows, as R's broom does: `tidy(result)` gives one row per term, curve point, cause or
 * inference method; `glance(result)` one row that summarises the fit. Plain objects with fixed keys,
 * so they go straight into `console.table`, a CSV writer, Arrow's `tableFromJSON` or `toDataFrame`.
 *
 * The estimators return nested values (a Cox fit holds arrays per term, a Kaplan–Meier result a list
 * of curves of typed arrays, a DiD result one block per inference method). These functions only
 * reshape: no number is recomputed, so a row shows exactly what the result holds.
 *
 * Naming follows the results (snake_case) and broom where broom has a name (`term`, `estimate`,
 * `std_error`, `statistic`, `p_value`, `conf_low`, `conf_high`).
 */
import type { CoxFit } from "../survival/cox/fit.js";
import type { KaplanMeierResult } from "../survival/kaplan-meier.js";
import type { LogrankResult } from "../survival/logrank.js";
import type { AalenJohansenResult } from "../survival/cumulative-incidence.js";
import type { DidResult } from "../did/from-table.js";
import { type Table as ArrowTable, tableFromJSON } from "apache-arrow";
import { UsageError } from "../errors.js";

export interface CoxTermRow {
  term: string;
  estimate: number;
  std_error: number;
  robust_std_error: number | null;
  statistic: number;
  p_value: number;
  hazard_ratio: number;
  conf_low: number;
  conf_high: number;
}

export interface CurvePointRow {
  group: string;
  time: number;
  n_risk: number;
  n_event: number;
  n_censor: number;
  estimate: number;
  /** R's survfit std.err: the standard error of the cumulative hazard. */
  std_err: number;
  conf_low: number;
  conf_high: number;
}

export interface CausePointRow {
  group: string;
  cause: string;
  time: number;
  n_risk: number;
  n_event: number;
  estimate: number;
  std_error: number;
  conf_low: number;
  conf_high: number;
}

export interface LogrankGroupRow {
  group: string;
  n: number;
  observed: number;
  expected: number;
}

export interface DidMethodRow {
  method: string;
  estimate: number;
  std_error: number | null;
  df: number | null;
  p_value: number | null;
  conf_low: number | null;
  conf_high: number | null;
  clusters: number | null;
}

export interface CoxGlance {
  n: number;
  nevent: number;
  nstrata: number;
  loglik_null: number;
  loglik: number;
  lr_statistic: number;
  lr_df: number;
  lr_p_value: number;
  wald_statistic: number;
  wald_p_value: number;
  score_statistic: number;
  score_p_value: number;
  iter: number;
  converged: boolean;
  ties: string;
}

export interface KaplanMeierGlance {
  group: string;
  n: number;
  events: number;
  median: number;
  median_conf_low: number;
  median_conf_high: number;
  conf_type: string;
  conf_level: number;
}

export interface LogrankGlance {
  statistic: number;
  df: number;
  p_value: number;
  rho: number;
}

export interface DidGlance {
  estimate_2x2: number;
  estimate: number;
  n: number;
  clusters: number;
  treated_clusters: number;
  pretrend_statistic: number;
  pretrend_df: number;
  rows_dropped: number;
}

const orNull = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);

function isCox(r: object): r is CoxFit {
  return "terms" in r && "coef" in r && "hazard_ratio" in r;
}
function isKm(r: object): r is KaplanMeierResult {
  const c = (r as KaplanMeierResult).curves;
  return "curves" in r && Array.isArray(c) && !(c.length > 0 && "causes" in c[0]);
}
function isAj(r: object): r is AalenJohansenResult {
  const c = (r as AalenJohansenResult).curves;
  return "curves" in r && Array.isArray(c) && c.length > 0 && "causes" in c[0];
}
function isLogrank(r: object): r is LogrankResult {
  return "chisq" in r && "observed" in r && "expected" in r;
}
function isDid(r: object): r is DidResult {
  return "did_2x2" in r && "twfe" in r;
}

export function tidy(result: CoxFit): CoxTermRow[];
export function tidy(result: KaplanMeierResult): CurvePointRow[];
export function tidy(result: AalenJohansenResult): CausePointRow[];
export function tidy(result: LogrankResult): LogrankGroupRow[];
export function tidy(result: DidResult): DidMethodRow[];
export function tidy(result: CoxFit | KaplanMeierResult | AalenJohansenResult | LogrankResult | DidResult): object[];
export function tidy(result: object): object[] {
  if (result === null || typeof result !== "object") throw new UsageError("tidy: expected a result object from an effekt estimator");
  if (isCox(result)) {
    return result.terms.map((term, j) => ({
      term,
      estimate: result.coef[j],
      std_error: result.se[j],
      robust_std_error: result.robust_se ? result.robust_se[j] : null,
      statistic: result.z[j],
      p_value: result.p[j],
      hazard_ratio: result.hazard_ratio[j],
      conf_low: result.hr_lower[j],
      conf_high: result.hr_upper[j],
    }));
  }
  if (isAj(result)) {
    const rows: CausePointRow[] = [];
    for (const c of result.curves) {
      for (const cause of c.causes) {
        for (let i = 0; i < c.time.length; i++) {
          rows.push({
            group: c.group, cause: cause.cause, time: c.time[i], n_risk: c.n_risk[i], n_event: cause.n_event[i],
            estimate: cause.cuminc[i], std_error: cause.std_err_cuminc[i], conf_low: cause.lower[i], conf_high: cause.upper[i],
          });
        }
      }
    }
    return rows;
  }
  if (isKm(result)) {
    const rows: CurvePointRow[] = [];
    for (const c of result.curves) {
      for (let i = 0; i < c.time.length; i++) {
        rows.push({
          group: c.group, time: c.time[i], n_risk: c.n_risk[i], n_event: c.n_event[i], n_censor: c.n_censor[i],
          estimate: c.surv[i], std_err: c.std_err[i], conf_low: c.lower[i], conf_high: c.upper[i],
        });
      }
    }
    return rows;
  }
  if (isLogrank(result)) {
    return result.groups.map((group, g) => ({ group, n: result.n[g], observed: result.observed[g], expected: result.expected[g] }));
  }
  if (isDid(result)) return tidyDid(result);
  throw new UsageError("tidy: not a result of coxph, kaplanMeier, aalenJohansen, logrank or did");
}

function tidyDid(r: DidResult): DidMethodRow[] {
  const t = r.twfe;
  const rows: DidMethodRow[] = [
    { method: "2x2 (cell means)", estimate: r.did_2x2.estimate, std_error: null, df: null, p_value: null, conf_low: null, conf_high: null, clusters: null },
    { method: "TWFE, iid", estimate: t.estimate, std_error: t.se_iid, df: null, p_value: t.p_iid, conf_low: t.ci.iid[0], conf_high: t.ci.iid[1], clusters: null },
    { method: "TWFE, CR1, t(G-1)", estimate: t.estimate, std_error: t.se_cr1, df: t.df_cr1, p_value: t.p_cr1_t, conf_low: t.ci.cr1_t[0], conf_high: t.ci.cr1_t[1], clusters: t.n_clusters },
    {
      method: "TWFE, CR2, Satterthwaite", estimate: t.estimate, std_error: t.se_cr2, df: t.df_satterthwaite, p_value: t.p_cr2_satterthwaite,
      conf_low: t.ci.cr2_satterthwaite[0], conf_high: t.ci.cr2_satterthwaite[1], clusters: t.n_clusters,
    },
  ];
  const b = r.wild_cluster_bootstrap;
  if (b) {
    rows.push({ method: `wild cluster bootstrap (${b.weights})`, estimate: t.estimate, std_error: null, df: null, p_value: orNull(b.p_value), conf_low: b.ci ? b.ci[0] : null, conf_high: b.ci ? b.ci[1] : null, clusters: t.n_clusters });
  }
  const ri = r.randomization_inference;
  if (ri) {
    rows.push({ method: "randomization inference", estimate: t.estimate, std_error: null, df: null, p_value: orNull(ri.p_value), conf_low: ri.ci ? ri.ci[0] : null, conf_high: ri.ci ? ri.ci[1] : null, clusters: t.n_clusters });
  }
  return rows;
}

export function glance(result: CoxFit): CoxGlance;
export function glance(result: KaplanMeierResult): KaplanMeierGlance[];
export function glance(result: LogrankResult): LogrankGlance;
export function glance(result: DidResult): DidGlance;
export function glance(result: object): object {
  if (result === null || typeof result !== "object") throw new UsageError("glance: expected a result object from an effekt estimator");
  if (isCox(result)) {
    const { lr, wald, score } = result.tests;
    return {
      n: result.n, nevent: result.nevent, nstrata: result.nstrata, loglik_null: result.loglik[0], loglik: result.loglik[1],
      lr_statistic: lr.stat, lr_df: lr.df, lr_p_value: lr.p, wald_statistic: wald.stat, wald_p_value: wald.p,
      score_statistic: score.stat, score_p_value: score.p, iter: result.iter, converged: result.converged, ties: result.ties,
    } satisfies CoxGlance;
  }
  if (isKm(result)) {
    return result.curves.map((c) => ({
      group: c.group, n: c.n, events: c.events, median: c.median, median_conf_low: c.median_lower, median_conf_high: c.median_upper,
      conf_type: result.conf_type, conf_level: result.conf_level,
    }) satisfies KaplanMeierGlance);
  }
  if (isLogrank(result)) return { statistic: result.chisq, df: result.df, p_value: result.p, rho: result.rho } satisfies LogrankGlance;
  if (isDid(result)) {
    return {
      estimate_2x2: result.did_2x2.estimate, estimate: result.twfe.estimate, n: result.n, clusters: result.twfe.n_clusters,
      treated_clusters: result.twfe.n_treated_clusters, pretrend_statistic: result.event_study.pretrend_wald_chisq,
      pretrend_df: result.event_study.pretrend_df, rows_dropped: result.dropped.total,
    } satisfies DidGlance;
  }
  throw new UsageError("glance: not a result of coxph, kaplanMeier, logrank or did");
}

/**
 * A result (or any rows) as an apache-arrow Table — the zero-dependency path to DataFrame libraries,
 * DuckDB, Parquet and Arrow IPC files: `toArrow(fit)` is `tableFromJSON(tidy(fit))`.
 */
export function toArrow(result: CoxFit | KaplanMeierResult | AalenJohansenResult | LogrankResult | DidResult | readonly object[]): ArrowTable {
  const rows = Array.isArray(result) ? (result as object[]) : tidy(result as CoxFit);
  if (rows.length === 0) throw new UsageError("toArrow: no rows");
  return tableFromJSON(rows as Record<string, unknown>[]);
}
