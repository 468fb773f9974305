/**
 * The published tables of an evaluation job, as rows for `writeTable` and the HTML report:
 * effect estimates with CIs and the inference method, hazard ratios, survival at given days, and
 * baseline tables with small cells suppressed.
 */
import type { BaselineRow } from "../registers/baseline-tables.js";
import { applySuppression, suppressSmallCells } from "../report/suppress.js";
import type { ColumnSpec, TableRow } from "../report/write-table.js";
import { fixed } from "../report/format-estimate.js";
import { mdeFromSe } from "../power/did-power.js";
import { FEW_CLUSTERS } from "../survival/cox/few-clusters.js";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "./analyses.js";
import { GROUP_LABELS } from "./analyses.js";

export interface JobTable {
  name: string;
  caption: string;
  columns: (string | ColumnSpec)[];
  rows: TableRow[];
  note?: string;
}

/** Fixed decimals for tables (true minus sign; empty for missing or unbounded). */
const dec = (d: number) => (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? fixed(v, d) : v === null || v === undefined ? "" : typeof v === "number" ? "" : String(v));
/** One p-value format in every table: 3 decimals, "< 0.001" below. */
export const pCol = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? (v < 0.001 ? "< 0.001" : v.toFixed(3)) : "");
const pct = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? (100 * v).toFixed(1) : String(v ?? ""));

/** One row per inference method for the DiD effect on the transition to work. */
export function didEffectTable(did: DidAnalysis): JobTable {
  const c = did.comparison;
  const tw = c.twfe;
  const G = tw.n_clusters;
  const rows: TableRow[] = [
    { method: "iid (ignores clustering)", estimate: tw.estimate, lower: tw.ci.iid[0], upper: tw.ci.iid[1], se: tw.se_iid, df: null, p: tw.p_iid, clusters: G },
    { method: `CR1, t(${tw.df_cr1})`, estimate: tw.estimate, lower: tw.ci.cr1_t[0], upper: tw.ci.cr1_t[1], se: tw.se_cr1, df: tw.df_cr1, p: tw.p_cr1_t, clusters: G },
    { method: "CR2, Satterthwaite df (recommended)", estimate: tw.estimate, lower: tw.ci.cr2_satterthwaite[0], upper: tw.ci.cr2_satterthwaite[1], se: tw.se_cr2, df: tw.df_satterthwaite, p: tw.p_cr2_satterthwaite, clusters: G },
    {
      method: `Wild cluster bootstrap (${c.wild_cluster_bootstrap.weights}, ${c.wild_cluster_bootstrap.draws} draws)`,
      estimate: tw.estimate,
      lower: c.wild_cluster_bootstrap.ci?.[0] ?? null,
      upper: c.wild_cluster_bootstrap.ci?.[1] ?? null,
      se: null,
      df: null,
      p: c.wild_cluster_bootstrap.p_value,
      clusters: G,
    },
    {
      method: `Randomization inference (${c.randomization_inference.assignments} assignments${c.randomization_inference.within_pairs ? ", within pairs" : ""}${c.randomization_inference.ci_note ? `; ${c.randomization_inference.ci_note}` : ""})`,
      estimate: tw.estimate,
      lower: c.randomization_inference.ci?.[0] ?? null,
      upper: c.randomization_inference.ci?.[1] ?? null,
      se: null,
      df: null,
      p: c.randomization_inference.p_value,
      clusters: G,
    },
  ];
  return {
    name: "did-effect",
    caption: `Effect on the share of exits to work, ${c.post.join("–")} against ${c.pre.join("–")}: change at pilot offices minus change at control offices (percentage points)`,
    columns: [
      "method",
      { key: "estimate", label: "estimate (pp)", format: pct },
      { key: "lower", label: "95% CI lower (pp)", format: pct },
      { key: "upper", label: "95% CI upper (pp)", format: pct },
      { key: "se", label: "SE (pp)", format: pct },
      { key: "df", format: dec(1) },
      { key: "p", format: pCol },
      "clusters",
    ],
    rows,
    note: `Two-way fixed effects (office and year) on ${c.rows} exits${c.twfe.covariates ? " with covariates" : ""}; ${tw.n_treated_clusters} of ${G} offices are pilots. Minimum detectable effect (80% power, CR2 SE and Satterthwaite df): ${pct(mdeFromSe(tw.se_cr2, tw.df_satterthwaite))} pp.${G < FEW_CLUSTERS ? ` Only ${G} clusters: p-values and intervals rest on small-sample corrections; compare the methods.` : ""}`,
  };
}

export function didCellsTable(did: DidAnalysis): JobTable {
  const cells = did.comparison.did_2x2.cells;
  const row = (who: string, pre: { mean: number; n: number }, post: { mean: number; n: number }): TableRow => ({
    offices: who,
    pre_share: pre.mean,
    pre_n: pre.n,
    post_share: post.mean,
    post_n: post.n,
    change: post.mean - pre.mean,
  });
  return {
    name: "did-cells",
    caption: "Share of exits to work before and after, by office type (2×2)",
    columns: [
      "offices",
      { key: "pre_share", label: "before (%)", format: pct },
      { key: "pre_n", label: "exits before" },
      { key: "post_share", label: "after (%)", format: pct },
      { key: "post_n", label: "exits after" },
      { key: "change", label: "change (pp)", format: pct },
    ],
    rows: [row("Pilot", cells.treated_pre, cells.treated_post), row("Control", cells.control_pre, cells.control_post)],
    note: `Difference in differences: ${pct(did.comparison.did_2x2.estimate)} percentage points.`,
  };
}

export function eventStudyTable(did: DidAnalysis): JobTable {
  const es = did.all_years.event_study;
  return {
    name: "event-study",
    caption: `Event study: pilot − control difference in the share of exits to work by year, relative to ${es.reference_period}`,
    columns: ["period", { key: "estimate", label: "estimate (pp)", format: pct }, { key: "lower", label: "lower (pp)", format: pct }, { key: "upper", label: "upper (pp)", format: pct }, { key: "se_cr1", label: "SE CR1 (pp)", format: pct }, { key: "se_cr2", label: "SE CR2 (pp)", format: pct }],
    rows: es.coefficients.map((c) => ({ period: c.period, estimate: c.estimate, lower: c.ci_cr1_t[0], upper: c.ci_cr1_t[1], se_cr1: c.se_cr1, se_cr2: c.se_cr2 })),
    note: `Parallel pre-trends: Wald χ² = ${es.pretrend_wald_chisq.toFixed(2)} on ${es.pretrend_df} df, p = ${es.pretrend_p.toFixed(3)} (CR1). CIs: CR1 with t(G−1).`,
  };
}

export function hazardRatioTable(cox: CoxAnalysis, origin?: string): JobTable {
  const rows: TableRow[] = [];
  const add = (model: string, fit: CoxAnalysis["pooled"]) => {
    if (!fit) return;
    fit.terms.forEach((term, j) => {
      rows.push({
        model,
        term,
        hazard_ratio: fit.hazard_ratio[j],
        lower: fit.hr_lower[j],
        upper: fit.hr_upper[j],
        se: fit.robust_se ? fit.robust_se[j] : fit.se[j],
        p: fit.p[j],
        n: fit.n,
        events: fit.nevent,
      });
    });
  };
  add("Pooled (strata: county pair; robust SE by office)", cox.pooled);
  for (const p of cox.per_pair) add(`${p.pilot_office} vs ${p.control_office}`, p.fit);
  return {
    name: "hazard-ratios",
    caption: `Cox proportional hazards: time to work from ${origin ?? "the start of the spell"} (delayed entry), hazard ratios with 95% CI (robust by office for the pooled model; the per-pair models compare two offices and their CIs ignore office-level variation)`,
    columns: ["model", "term", { key: "hazard_ratio", label: "hazard ratio", format: dec(3) }, { key: "lower", label: "95% CI lower", format: dec(3) }, { key: "upper", label: "95% CI upper", format: dec(3) }, { key: "se", label: "SE (log HR)", format: dec(4) }, { key: "p", format: pCol }, "n", "events"],
    rows,
    note: "Hazard ratio > 1 for `pilot`: among people still without work, the rate of getting work was higher at pilot offices. Small-sample and randomization inference for the pooled pilot term: see the inference table.",
  };
}

/** Placebo tests, leave-one-office-out and the relative-magnitudes sensitivity of the DiD estimate. */
export function parallelTrendsTable(did: DidAnalysis): JobTable {
  const r = did.robustness;
  const rows: TableRow[] = [];
  const add = (check: string, e: { estimate: number; lower: number; upper: number; p: number }) => rows.push({ check, estimate: e.estimate, lower: e.lower, upper: e.upper, p: e.p });
  if (r.placebo_start) add(`Placebo: false pilot start ${r.placebo_start.false_start} (${r.placebo_start.periods.join("–")} only)`, r.placebo_start);
  for (const e of r.placebo_units.estimates) add(`Placebo: control office ${e.label} as pilot`, e);
  for (const e of r.leave_one_out) add(`Leave one out: ${e.label}`, e);
  const s = did.sensitivity;
  if (s) for (const g of s.grid) rows.push({ check: `Relative magnitudes M̄ = ${g.mbar}: post-period average ${s.post_periods.join("–")}`, estimate: s.theta, lower: g.lower, upper: g.upper, p: null });
  return {
    name: "parallel-trends",
    caption: "Parallel trends: placebo tests, leave-one-office-out estimates and sensitivity to violations (percentage points, 95% CI)",
    columns: ["check", { key: "estimate", label: "estimate (pp)", format: pct }, { key: "lower", label: "95% CI lower (pp)", format: pct }, { key: "upper", label: "95% CI upper (pp)", format: pct }, { key: "p", format: pCol }],
    rows,
    note: [
      `Placebo and leave-one-out rows: TWFE with CR2 and Satterthwaite df. ${r.placebo_units.estimates.length ? `${Math.round(100 * r.placebo_units.share_as_large)}% of the control-office placebo estimates are at least as large as the actual estimate (${pct(r.placebo_units.actual)} pp).` : ""}`,
      s
        ? `Relative magnitudes (Rambachan & Roth 2023, plug-in version): post-period violations may change per year by up to M̄ times the largest pre-period change (${pct(s.delta_pre)} pp); the interval includes 0 from M̄ = ${s.breakdown.toFixed(2)} on (breakdown value).`
        : "",
    ].join(" "),
  };
}

/** The pooled pilot hazard ratio by inference method: the few-cluster rows beside R's robust z. */
export function hazardRatioInferenceTable(cox: CoxAnalysis): JobTable | undefined {
  const f = cox.pooled;
  const j = f?.terms.indexOf("pilot") ?? -1;
  if (!f || j < 0 || !f.robust_se) return undefined;
  const G = f.clusters ?? null;
  const rows: TableRow[] = [
    { method: "model-based (ignores clustering)", hazard_ratio: f.hazard_ratio[j], lower: Math.exp(f.coef[j] - 1.959963984540054 * f.se[j]), upper: Math.exp(f.coef[j] + 1.959963984540054 * f.se[j]), p: null, clusters: null },
    { method: "robust z (sandwich, normal; as R's coxph cluster=)", hazard_ratio: f.hazard_ratio[j], lower: f.hr_lower[j], upper: f.hr_upper[j], p: f.p[j], clusters: G },
  ];
  const ss = f.small_sample;
  if (ss) rows.push({ method: `CR1-type small-sample, t(${ss.df}) (recommended)`, hazard_ratio: f.hazard_ratio[j], lower: ss.hr_lower[j], upper: ss.hr_upper[j], p: ss.p[j], clusters: G });
  const mde = ss && ss.df > 0 ? Math.exp(mdeFromSe(ss.se[j], ss.df)) : undefined;
  const ri = f.randomization;
  if (ri) {
    rows.push({
      method: `Randomization inference on robust z (${ri.assignments} assignments${ri.within_pairs ? ", within pairs" : ""}${ri.exhaustive ? "" : ", sampled"})`,
      hazard_ratio: f.hazard_ratio[j],
      lower: ri.ci && Number.isFinite(ri.ci[0]) ? ri.ci[0] : null,
      upper: ri.ci && Number.isFinite(ri.ci[1]) ? ri.ci[1] : null,
      p: ri.p_value,
      clusters: G,
    });
  }
  return {
    name: "hazard-ratio-inference",
    caption: "Hazard ratio of work for pilot offices (pooled Cox model) by inference method, 95% CI",
    columns: ["method", { key: "hazard_ratio", label: "hazard ratio", format: dec(3) }, { key: "lower", label: "95% CI lower", format: dec(3) }, { key: "upper", label: "95% CI upper", format: dec(3) }, { key: "p", format: pCol }, "clusters"],
    rows,
    note: [
      ...f.warnings,
      ...(ri?.ci_note ? [`Randomization interval: ${ri.ci_note}; an empty limit means unbounded.`] : []),
      "The model-based SE treats persons as independent; the robust z is R's default with clusters but is biased downward with few clusters.",
      ...(mde !== undefined ? [`Minimum detectable hazard ratio (80% power, CR1-type SE, t(${ss!.df})): ${mde.toFixed(2)}.`] : []),
    ].join(" "),
  };
}

/** Hazard ratio of pilot per period (spells split), when proportional hazards are rejected. */
export function hazardRatioByPeriodTable(cox: CoxAnalysis): JobTable | undefined {
  const f = cox.by_period;
  if (!f || !f.small_sample) return undefined;
  const rows: TableRow[] = f.periods.map((p, k) => ({
    period: `days ${p}`,
    hazard_ratio: f.hazard_ratio[k],
    lower: f.small_sample!.hr_lower[k],
    upper: f.small_sample!.hr_upper[k],
    p: f.small_sample!.p[k],
  }));
  return {
    name: "hazard-ratio-by-period",
    caption: "Hazard ratio of work for pilot offices by period since the start of the spell (proportional hazards rejected for pilot)",
    columns: ["period", { key: "hazard_ratio", label: "hazard ratio", format: dec(3) }, { key: "lower", label: "95% CI lower", format: dec(3) }, { key: "upper", label: "95% CI upper", format: dec(3) }, { key: "p", format: pCol }],
    rows,
    note: `Spells split at ${f.periods.slice(0, -1).map((p) => p.replace(/^\[\d+,(\d+)\)$/, "$1")).join(", ")} days; one coefficient of pilot per period, same covariates and strata as the pooled model; CIs and p: CR1-type small-sample correction, t(${f.small_sample.df}), ${f.small_sample.clusters} offices.`,
  };
}

/** Share in work by day and restricted mean time to work: pilot − control, with few-cluster inference. */
export function effectOverTimeTable(s: SurvivalAnalysis): JobTable {
  const e = s.effect_over_time;
  const rows: TableRow[] = e.share_by_day.map((d) => ({
    measure: `in work by day ${d.day} (pp)`,
    pilot: 100 * d.pilot,
    control: 100 * d.control,
    difference: 100 * d.difference,
    lower: 100 * d.ci_cluster[0],
    upper: 100 * d.ci_cluster[1],
    p_randomization: d.p_randomization,
  }));
  const r = e.rmst;
  rows.push({ measure: `mean days to work within ${r.tau} days (RMST)`, pilot: r.pilot, control: r.control, difference: r.difference, lower: r.ci_cluster[0], upper: r.ci_cluster[1], p_randomization: r.p_randomization });
  return {
    name: "effect-over-time",
    caption: "Effect over time: share in work by day (%) and restricted mean days to work, pilot − control",
    columns: ["measure", { key: "pilot", format: dec(1) }, { key: "control", format: dec(1) }, { key: "difference", format: dec(1) }, { key: "lower", label: "95% CI lower", format: dec(1) }, { key: "upper", label: "95% CI upper", format: dec(1) }, { key: "p_randomization", label: "p (randomization)", format: pCol }],
    rows,
    note: `CIs: leave-one-office-out jackknife with t(${e.clusters - 1}) (${e.clusters} offices); p: randomization inference over ${e.assignments} assignments of the pilot label${e.within_pairs ? " within county pairs" : ""}. Log-rank test: χ² = ${e.logrank.chisq.toFixed(2)}, p (persons independent) = ${fmtP(e.logrank.p_iid)}, p (randomization over offices) = ${fmtP(e.logrank.p_randomization)}.`,
  };
}

const fmtP = (p: number) => (p < 0.001 ? "< 0.001" : p.toFixed(3));

export function zphTable(cox: CoxAnalysis): JobTable | undefined {
  const z = cox.pooled?.zph;
  if (!z) return undefined;
  return {
    name: "proportional-hazards",
    caption: "Test of proportional hazards for the pooled model (cox.zph, Kaplan–Meier time transform)",
    columns: ["term", { key: "chisq", label: "χ²", format: dec(2) }, "df", { key: "p", format: pCol }],
    rows: z.rows.map((r, i) => ({ term: r, chisq: z.chisq[i], df: z.df[i], p: z.p[i] })),
  };
}

export function survivalTable(s: SurvivalAnalysis): JobTable {
  const rows: TableRow[] = [];
  for (const c of s.km.curves) {
    const at = c.at_times;
    if (!at) continue;
    at.time.forEach((t, i) => {
      rows.push({
        group: GROUP_LABELS[c.group] ?? c.group,
        day: t,
        at_risk: at.n_risk[i],
        in_work: 1 - at.surv[i],
        lower: 1 - at.upper[i],
        upper: 1 - at.lower[i],
      });
    });
  }
  const lr = s.logrank;
  return {
    name: "share-in-work",
    caption: "Share in work by day t (1 − Kaplan–Meier), pilot and control offices",
    columns: ["group", "day", { key: "at_risk", label: "at risk" }, { key: "in_work", label: "in work (%)", format: pct }, { key: "lower", label: "lower (%)", format: pct }, { key: "upper", label: "upper (%)", format: pct }],
    rows,
    note: `Log-rank test treating persons as independent (ignores clustering in ${s.effect_over_time.clusters} offices): χ² = ${lr.chisq.toFixed(2)} on ${lr.df} df, p ${fmtP(lr.p).startsWith("<") ? fmtP(lr.p) : `= ${fmtP(lr.p)}`}; stratified by county pair: χ² = ${s.logrank_by_pair.chisq.toFixed(2)}, p ${fmtP(s.logrank_by_pair.p).startsWith("<") ? fmtP(s.logrank_by_pair.p) : `= ${fmtP(s.logrank_by_pair.p)}`}. Randomization over offices: p = ${fmtP(s.effect_over_time.logrank.p_randomization)} (see the effect-over-time table).`,
  };
}

/**
 * Baseline: exits and exits to work per office × year (all user groups), with small cells
 * suppressed so that no hidden count can be derived from the totals shown.
 */
export function baselineTables(rows: BaselineRow[], k: number): { tables: JobTable[]; suppressed: number } {
  const offices = [...new Map(rows.map((r) => [r.office, r.pilot])).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const tables: JobTable[] = [];
  let suppressed = 0;
  for (const [key, label] of [
    ["exits", "Exits from measures"],
    ["job", "Exits to work (status two months after the exit)"],
  ] as const) {
    const counts = offices.map(([o]) => years.map((y) => rows.filter((r) => r.office === o && r.year === y).reduce((s, r) => s + r[key], 0)));
    const sup = suppressSmallCells(counts, { k, rowTotals: true, colTotals: true });
    suppressed += sup.primary + sup.secondary;
    const shown = applySuppression(sup);
    const out: TableRow[] = offices.map(([o, pilot], i) => {
      const r: TableRow = { office: o, role: pilot ? "pilot" : "control" };
      years.forEach((y, j) => (r[String(y)] = shown[i][j]));
      r.total = shown[i][years.length];
      return r;
    });
    const tot: TableRow = { office: "All offices", role: "" };
    years.forEach((y, j) => (tot[String(y)] = shown[offices.length][j]));
    tot.total = shown[offices.length][years.length];
    out.push(tot);
    tables.push({
      name: `baseline-${key}`,
      caption: `${label}, per office and year`,
      columns: ["office", "role", ...years.map(String), "total"],
      rows: out,
      note: `":" = suppressed (fewer than ${k} persons, or hidden so that a small cell cannot be derived from the totals).`,
    });
  }
  return { tables, suppressed };
}

/** Full baseline per office, user group and year (counts suppressed below k, shares blanked with them). */
export function baselineDetailTable(rows: BaselineRow[], k: number): JobTable {
  const out: TableRow[] = rows.map((r) => {
    const small = r.exits < k;
    return {
      office: r.office,
      user_group: r.user_group,
      year: r.year,
      avg_stock: r.avg_stock,
      share_sheltered: r.share_sheltered,
      job_share: small ? ":" : r.job_share,
    };
  });
  return {
    name: "baseline-detail",
    caption: "Stock on measures, setting and transition to work per office, user group and year",
    columns: ["office", "user_group", "year", { key: "avg_stock", label: "avg monthly stock", format: dec(1) }, { key: "share_sheltered", label: "sheltered (%)", format: pct }, { key: "job_share", label: "to work (%)", format: (v) => (typeof v === "number" ? pct(v) : String(v)) }],
    rows: out,
    note: `Shares of exits to work from fewer than ${k} exits are suppressed (":"). Exit counts are shown only in the suppressed office × year tables, so that no small cell can be derived by subtraction.`,
  };
}
