/**
 * Printed summary of a Cox model: like R's summary(coxph), then the small-sample, jackknife and randomization
 * inference effekt adds, warnings, and (on request) cox.zph.
 * Used by the CLI's table output and by notebooks (`console.log(coxSummary(result))`).
 */
import { fmt, fmtP, textTable } from "../report/text-table.js";
import type { CoxTableFit } from "../survival/cox/from-table.js";

/** Text like R's summary(coxph). */
export function coxSummary(f: CoxTableFit, opts: { zph?: boolean } = {}): string {
  const robust = !!f.robust_se;
  const headers = ["", "coef", "exp(coef)", "se(coef)", ...(robust ? ["robust se"] : []), "z", "Pr(>|z|)"];
  const rows = f.terms.map((t, j) => [
    t,
    f.coef[j],
    f.hazard_ratio[j],
    f.se[j],
    ...(robust ? [f.robust_se![j]] : []),
    f.z[j],
    fmtP(f.p[j]),
  ]);
  // R's summary(coxph) header: "lower .95"
  const levelLabel = (level: number) => String(level).replace(/^0/, "");
  const lvl = levelLabel(f.conf_level);
  /** A t(df) inference table (small-sample CR1, jackknife): se, t, p and the hazard-ratio limits per term. */
  const tTable = (x: { se: number[]; t: number[]; p: number[]; hr_lower: number[]; hr_upper: number[]; level: number }) =>
    textTable(["", "se", "t", "Pr(>|t|)", `lower ${levelLabel(x.level)}`, `upper ${levelLabel(x.level)}`], f.terms.map((t, j) => [t, x.se[j], x.t[j], fmtP(x.p[j]), x.hr_lower[j], x.hr_upper[j]]));
  const ci = f.terms.map((t, j) => [t, f.hazard_ratio[j], 1 / f.hazard_ratio[j], f.hr_lower[j], f.hr_upper[j]]);
  const dropped = f.dropped.total
    ? `${f.dropped.total} (missing: ${Object.entries(f.dropped.missing).map(([c, k]) => `${c} ${k}`).join(", ")})`
    : "0";
  const t = f.tests;
  const out = [
    `Cox proportional hazards (${f.ties} ties${f.nstrata > 1 ? `, ${f.nstrata} strata` : ""})`,
    `  n = ${f.n}, number of events = ${f.nevent}, rows dropped = ${dropped}`,
    "",
    textTable(headers, rows),
    ...Object.entries(f.factors ?? {}).map(([c, v]) => `  reference level of ${c}: ${v.reference} (levels: ${v.levels.join(", ")})`),
    "",
    textTable(["", "exp(coef)", "exp(-coef)", `lower ${lvl}`, `upper ${lvl}`], ci),
    "",
    `Likelihood ratio test = ${fmt(t.lr.stat)}  on ${t.lr.df} df,   p = ${fmtP(t.lr.p)}`,
    `Wald test             = ${fmt(t.wald.stat)}  on ${t.wald.df} df,   p = ${fmtP(t.wald.p)}${robust ? "   (robust variance)" : ""}`,
    `Score (logrank) test  = ${fmt(t.score.stat)}  on ${t.score.df} df,   p = ${fmtP(t.score.p)}`,
    ...(t.robust_score ? [`Robust score test     = ${fmt(t.robust_score.stat)}  on ${t.robust_score.df} df,   p = ${fmtP(t.robust_score.p)}`] : []),
    ...(f.concordance ? [`Concordance = ${fmt(f.concordance.concordance)}  (se = ${fmt(f.concordance.std)})`] : []),
    `Variance: ${f.variance}${f.variance_reason ? ` (${f.variance_reason})` : ""}`,
    `Log-likelihood: ${fmt(f.loglik[0], 8)} (null), ${fmt(f.loglik[1], 8)} (model); iterations ${f.iter}`,
  ];
  const ss = f.small_sample;
  if (ss) {
    out.push(
      "",
      `Small-sample cluster-robust inference (CR1: robust variance × ${ss.clusters}/${ss.clusters - 1}, t with ${ss.df} df; ${ss.clusters} clusters):`,
      tTable(ss),
    );
  }
  const jk = f.jackknife;
  if (jk) {
    out.push(
      "",
      `Cluster jackknife (CV3: refits leaving out each of ${jk.clusters} clusters, t with ${jk.df} df):`,
      tTable(jk),
    );
  }
  const ri = f.randomization;
  if (ri) {
    out.push(
      "",
      `Randomization inference for ${ri.term} (robust z over ${ri.assignments} ${ri.exhaustive ? "assignments, all possible" : `assignments, sampled with seed ${ri.seed}`}${ri.within_pairs ? ", within pairs" : ""}):`,
      `  z = ${fmt(ri.z)}, p = ${fmtP(ri.p_value)}; ${ri.ci ? `${Math.round(ri.level * 100)}% CI for the hazard ratio ${fmt(ri.ci[0])} to ${fmt(ri.ci[1])} (test inversion)` : "no interval"}${ri.ci_note ? ` (${ri.ci_note})` : ""}`,
    );
  }
  for (const w of f.warnings ?? []) out.push("", `Warning: ${w}`);
  if (opts.zph && f.zph_error) out.push("", `Proportional hazards test (cox.zph) not available: ${f.zph_error}`);
  if (opts.zph && f.zph) {
    out.push("", "Proportional hazards test (cox.zph, transform = km):");
    out.push(textTable(["", "chisq", "df", "p"], f.zph.rows.map((r, i) => [r, f.zph!.chisq[i], f.zph!.df[i], fmtP(f.zph!.p[i])])));
  }
  return out.join("\n");
}
