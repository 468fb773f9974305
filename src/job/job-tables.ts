/**
 * The published tables of an evaluation job, as rows for `writeTable` and the HTML report:
 * effect estimates with CIs and the inference method, hazard ratios, survival at given days, and
 * baseline tables. Every count and share comes through the disclosure gate (src/publish): the
 * linked exit counts ({@link ExitsCells}, declared on a first pass and read after solving), the
 * binned survival curves and the Cox gate; ":" marks what is not published.
 */
import type { BaselineRow } from "../registers/baseline-tables.js";
import type { ExitsCells } from "../publish/exits-cells.js";
import { didCellSpecs } from "../publish/published-results.js";
import type { SurvivalGate } from "../publish/survival-gate.js";
import { SUPPRESSED, type ColumnSpec, type TableRow } from "../report/write-table.js";
import { fixed } from "../report/format-estimate.js";
import { mdeFromSe } from "../power/did-power.js";
import { FEW_CLUSTERS } from "../survival/cox/few-clusters.js";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "./analyses.js";
import { GROUP_LABELS } from "./analyses.js";

/** The note under every table with suppressed entries. */
export const SUPPRESSION_NOTE = (k: number) =>
  `":" = not published: fewer than ${k} persons (or a share of such a count), or hidden so that such a count cannot be derived from other published figures.`;

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
export const pCol = (v: unknown) => (v === SUPPRESSED ? SUPPRESSED : typeof v === "number" && Number.isFinite(v) ? (v < 0.001 ? "< 0.001" : v.toFixed(3)) : "");
const pct = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? (100 * v).toFixed(1) : String(v ?? ""));
const pctOrMark = (v: unknown) => (v === SUPPRESSED ? SUPPRESSED : pct(v));

/** One row per inference method for the DiD effect on the transition to work. */
export function didEffectTable(did: DidAnalysis, exits: ExitsCells): JobTable {
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
    note: `Two-way fixed effects (office and year) on ${numberOr(exits.count({ measure: "exits", years: [...c.pre, ...c.post] }, c.rows), "a suppressed number of")} exits${c.twfe.covariates ? " with covariates" : ""}; ${tw.n_treated_clusters} of ${G} offices are pilots. Minimum detectable effect (80% power, CR2 SE and Satterthwaite df): ${pct(mdeFromSe(tw.se_cr2, tw.df_satterthwaite))} pp.${G < FEW_CLUSTERS ? ` Only ${G} clusters: p-values and intervals rest on small-sample corrections; compare the methods.` : ""}`,
  };
}

const numberOr = (v: number | string, text: string) => (typeof v === "number" ? String(v) : text);

export function didCellsTable(did: DidAnalysis, exits: ExitsCells): JobTable {
  const c = did.comparison;
  const specs = didCellSpecs(exits, c.pre, c.post);
  const cells = c.did_2x2.cells;
  const side = (key: keyof typeof specs) => {
    const v = cells[key];
    const s = specs[key];
    return { share: exits.share(s.job, s.exits, { num: Math.round(v.mean * v.n), den: v.n }), n: exits.count(s.exits, v.n) };
  };
  const row = (who: string, pre: ReturnType<typeof side>, post: ReturnType<typeof side>): TableRow => ({
    offices: who,
    pre_share: pre.share,
    pre_n: pre.n,
    post_share: post.share,
    post_n: post.n,
    change: typeof pre.share === "number" && typeof post.share === "number" ? post.share - pre.share : SUPPRESSED,
  });
  const tp = side("treated_pre"), tq = side("treated_post"), cp = side("control_pre"), cq = side("control_post");
  const anyHidden = [tp, tq, cp, cq].some((x) => x.share === SUPPRESSED || x.n === SUPPRESSED);
  return {
    name: "did-cells",
    caption: "Share of exits to work before and after, by office type (2×2)",
    columns: [
      "offices",
      { key: "pre_share", label: "before (%)", format: pctOrMark },
      { key: "pre_n", label: "exits before" },
      { key: "post_share", label: "after (%)", format: pctOrMark },
      { key: "post_n", label: "exits after" },
      { key: "change", label: "change (pp)", format: pctOrMark },
    ],
    rows: [row("Pilot", tp, tq), row("Control", cp, cq)],
    note: `Difference in differences: ${anyHidden ? "not shown (a cell is suppressed)" : `${pct(c.did_2x2.estimate)} percentage points`}.${anyHidden ? ` ${SUPPRESSION_NOTE(exits.k)}` : ""}`,
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

export function hazardRatioTable(cox: CoxAnalysis, gate: SurvivalGate, origin?: string): JobTable {
  const rows: TableRow[] = [];
  const k = gate.k;
  const add = (label: string, model: string, fit: CoxAnalysis["pooled"]) => {
    if (!fit) return;
    const est = gate.cox.estimates(model);
    const counts = gate.cox.counts(model);
    fit.terms.forEach((term, j) => {
      rows.push({
        model: label,
        term,
        hazard_ratio: est ? fit.hazard_ratio[j] : SUPPRESSED,
        lower: est ? fit.hr_lower[j] : SUPPRESSED,
        upper: est ? fit.hr_upper[j] : SUPPRESSED,
        se: est ? (fit.robust_se ? fit.robust_se[j] : fit.se[j]) : SUPPRESSED,
        p: est ? fit.p[j] : SUPPRESSED,
        n: counts ? fit.n : SUPPRESSED,
        events: counts ? fit.nevent : SUPPRESSED,
      });
    });
  };
  add("Pooled (strata: county pair; robust SE by office)", "pooled", cox.pooled);
  for (const p of cox.per_pair) add(`${p.pilot_office} vs ${p.control_office}`, p.county, p.fit);
  const withheld = gate.cox.withheld.length > 0;
  const hiddenCounts = rows.some((r) => r.n === SUPPRESSED);
  return {
    name: "hazard-ratios",
    caption: `Cox proportional hazards: time to work from ${origin ?? "the start of the spell"} (delayed entry), hazard ratios with 95% CI (robust by office for the pooled model; the per-pair models compare two offices and their CIs ignore office-level variation)`,
    columns: ["model", "term", { key: "hazard_ratio", label: "hazard ratio", format: dec(3) }, { key: "lower", label: "95% CI lower", format: dec(3) }, { key: "upper", label: "95% CI upper", format: dec(3) }, { key: "se", label: "SE (log HR)", format: dec(4) }, { key: "p", format: pCol }, "n", "events"],
    rows,
    note: `Hazard ratio > 1 for \`pilot\`: among people still without work, the rate of getting work was higher at pilot offices. Small-sample and randomization inference for the pooled pilot term: see the inference table.${withheld ? ` Models of county pairs where an office has fewer than ${k} persons with, or without, work are not shown (":").` : ""}${hiddenCounts ? ` ${SUPPRESSION_NOTE(k)}` : ""}`,
  };
}

/** Placebo tests, leave-one-office-out and the relative-magnitudes sensitivity of the DiD estimate. */
export function parallelTrendsTable(did: DidAnalysis): JobTable {
  const r = did.robustness;
  const rows: TableRow[] = [];
  const add = (check: string, e: { estimate: number; lower: number; upper: number; p: number; note?: string }) =>
    rows.push(e.note ? { check: `${check}: ${e.note}`, estimate: null, lower: null, upper: null, p: null } : { check, estimate: e.estimate, lower: e.lower, upper: e.upper, p: e.p });
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
      `Placebo and leave-one-out rows: TWFE with CR2 and Satterthwaite df. ${Number.isFinite(r.placebo_units.share_as_large) ? `${Math.round(100 * r.placebo_units.share_as_large)}% of the control-office placebo estimates are at least as large as the actual estimate (${pct(r.placebo_units.actual)} pp).` : ""}`,
      s
        ? `Relative magnitudes (Rambachan & Roth 2023, Δ^RM(M̄)): post-period violations may change per year by up to M̄ times the largest pre-period change (${pct(s.delta_pre)} pp); the interval is the identified set (a linear program over the violation path) widened by a Bonferroni box for the event-study coefficients (CR2, Satterthwaite df), which is conservative; it includes 0 from M̄ = ${s.breakdown.toFixed(2)} on (breakdown value; the identified set alone from M̄ = ${s.breakdown_identified.toFixed(2)}).`
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
  if (ss) rows.push({ method: `CR1-type small-sample, t(${ss.df})`, hazard_ratio: f.hazard_ratio[j], lower: ss.hr_lower[j], upper: ss.hr_upper[j], p: ss.p[j], clusters: G });
  const jk = f.jackknife;
  if (jk) rows.push({ method: `office jackknife (CV3, refits leaving out each office), t(${jk.df})`, hazard_ratio: f.hazard_ratio[j], lower: jk.hr_lower[j], upper: jk.hr_upper[j], p: jk.p[j], clusters: G });
  const mde = ss && ss.df > 0 ? Math.exp(mdeFromSe(ss.se[j], ss.df)) : undefined;
  const ri = f.randomization;
  if (ri) {
    rows.push({
      method: `Randomization inference on robust z (${ri.assignments} assignments${ri.within_pairs ? ", within pairs" : ""}${ri.exhaustive ? "" : ", sampled"}) (default)`,
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
      "The model-based SE treats persons as independent; the robust z is R's default with clusters but is biased downward with few clusters. Randomization inference is the default: it is exact when offices are exchangeable (in the simulation in the README, under no effect, it rejects 5.8 % of the time at the 5 % level where the robust z rejects 12.8 %).",
      ...(mde !== undefined ? [`Minimum detectable hazard ratio (80% power, CR1-type SE, t(${ss!.df})): ${mde.toFixed(2)}.`] : []),
    ].join(" "),
  };
}

/** Hazard ratio of pilot per period (spells split), when proportional hazards are rejected. */
export function hazardRatioByPeriodTable(cox: CoxAnalysis): JobTable | undefined {
  const f = cox.by_period;
  // the office jackknife (CV3, t(G−1)) when it exists; else the CR1-type correction
  const inf = f?.jackknife ?? f?.small_sample;
  if (!f || !inf) return undefined;
  const rows: TableRow[] = f.periods.map((p, k) => ({
    period: `days ${p}`,
    hazard_ratio: f.hazard_ratio[k],
    lower: inf.hr_lower[k],
    upper: inf.hr_upper[k],
    p: inf.p[k],
  }));
  return {
    name: "hazard-ratio-by-period",
    caption: "Hazard ratio of work for pilot offices by period since the start of the spell (proportional hazards rejected for pilot)",
    columns: ["period", { key: "hazard_ratio", label: "hazard ratio", format: dec(3) }, { key: "lower", label: "95% CI lower", format: dec(3) }, { key: "upper", label: "95% CI upper", format: dec(3) }, { key: "p", format: pCol }],
    rows,
    note: `Spells split at ${f.periods.slice(0, -1).map((p) => p.replace(/^\[\d+,(\d+)\)$/, "$1")).join(", ")} days; one coefficient of pilot per period, same covariates and strata as the pooled model; CIs and p: ${f.jackknife ? "office jackknife (CV3)" : "CR1-type small-sample correction"}, t(${inf.df}), ${inf.clusters} offices.`,
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
  const failed = cox.pooled?.zph_error;
  if (failed) {
    return {
      name: "proportional-hazards",
      caption: "Test of proportional hazards for the pooled model (cox.zph, Kaplan–Meier time transform)",
      columns: ["term", "result"],
      rows: [{ term: "all", result: `not available: ${failed}` }],
    };
  }
  if (!z) return undefined;
  return {
    name: "proportional-hazards",
    caption: "Test of proportional hazards for the pooled model (cox.zph, Kaplan–Meier time transform)",
    columns: ["term", { key: "chisq", label: "χ²", format: dec(2) }, "df", { key: "p", format: pCol }],
    rows: z.rows.map((r, i) => ({ term: r, chisq: z.chisq[i], df: z.df[i], p: z.p[i] })),
  };
}

/** Share in work at the job's days, read off the published (binned, truncated) curves. */
export function survivalTable(s: SurvivalAnalysis, gate: SurvivalGate): JobTable {
  const rows: TableRow[] = [];
  const days = s.km.curves.find((c) => c.at_times)?.at_times?.time ?? [];
  for (const c of gate.km) {
    for (const t of days) {
      // the step value at t: last shown bin end ≤ t; at risk: start of the bin holding t
      let i = -1;
      while (i + 1 < c.time.length && c.time[i + 1] <= t) i++;
      const bin = c.bins.findIndex((b) => t > b.from && t <= b.to);
      const inShown = !c.withheld && bin >= 0 && bin < c.time.length;
      rows.push({
        group: GROUP_LABELS[c.group] ?? c.group,
        day: t,
        at_risk: inShown ? c.bins[bin].n_risk : SUPPRESSED,
        in_work: inShown ? (i < 0 ? 0 : 1 - c.surv[i]) : SUPPRESSED,
        lower: inShown ? (i < 0 ? 0 : 1 - c.upper[i]) : SUPPRESSED,
        upper: inShown ? (i < 0 ? 0 : 1 - c.lower[i]) : SUPPRESSED,
      });
    }
  }
  const lr = s.logrank;
  return {
    name: "share-in-work",
    caption: "Share in work by day t (1 − Kaplan–Meier), pilot and control offices",
    columns: ["group", "day", { key: "at_risk", label: "at risk (start of interval)" }, { key: "in_work", label: "in work (%)", format: pctOrMark }, { key: "lower", label: "lower (%)", format: pctOrMark }, { key: "upper", label: "upper (%)", format: pctOrMark }],
    rows,
    note: `Log-rank test treating persons as independent (ignores clustering in ${s.effect_over_time.clusters} offices): χ² = ${lr.chisq.toFixed(2)} on ${lr.df} df, p ${fmtP(lr.p).startsWith("<") ? fmtP(lr.p) : `= ${fmtP(lr.p)}`}; stratified by county pair: χ² = ${s.logrank_by_pair.chisq.toFixed(2)}, p ${fmtP(s.logrank_by_pair.p).startsWith("<") ? fmtP(s.logrank_by_pair.p) : `= ${fmtP(s.logrank_by_pair.p)}`}. Randomization over offices: p = ${fmtP(s.effect_over_time.logrank.p_randomization)} (see the effect-over-time table). Days are grouped into intervals in which at least ${gate.k} persons got work; the share is read at the end of the last interval ending by day t, the number at risk at the start of the interval holding t; ":" after the curve stops (fewer than ${gate.k} persons left at risk).`,
  };
}

/**
 * Baseline: exits and exits to work per office × year with row and column totals; every entry a
 * linked cell of the disclosure gate.
 */
export function baselineTables(exits: ExitsCells): JobTable[] {
  const years = exits.years;
  const tables: JobTable[] = [];
  for (const [key, label] of [
    ["exits", "Exits from measures"],
    ["job", "Exits to work (status two months after the exit)"],
  ] as const) {
    const get = (offices?: string[], ys?: number[]) => exits.count({ measure: key, offices, years: ys });
    const out: TableRow[] = exits.offices.map(({ name, pilot }) => {
      const r: TableRow = { office: name, role: pilot ? "pilot" : "control" };
      for (const y of years) r[String(y)] = get([name], [y]);
      r.total = get([name]);
      return r;
    });
    const tot: TableRow = { office: "All offices", role: "" };
    for (const y of years) tot[String(y)] = get(undefined, [y]);
    tot.total = get();
    out.push(tot);
    tables.push({
      name: `baseline-${key}`,
      caption: `${label}, per office and year`,
      columns: ["office", "role", ...years.map(String), "total"],
      rows: out,
      note: SUPPRESSION_NOTE(exits.k),
    });
  }
  return tables;
}

/**
 * Stock on measures per office, user group and year: the average monthly stock only where it is at
 * least k (so at least k persons were on a measure in some month, and stock × months gives no
 * person-months below k), the share in sheltered settings only where both the sheltered and the
 * ordinary average stock are 0 or at least k, and the share of exits to work as a linked share.
 */
export function baselineDetailTable(rows: BaselineRow[], exits: ExitsCells): JobTable {
  const k = exits.k;
  const out: TableRow[] = rows.map((r) => {
    const stockOk = r.avg_stock >= k;
    const sheltered = r.avg_stock * r.share_sheltered;
    const ordinary = r.avg_stock - sheltered;
    const shelterOk = stockOk && (sheltered < 1e-9 || sheltered >= k) && (ordinary < 1e-9 || ordinary >= k);
    const spec = { offices: [r.office], group: r.user_group, years: [r.year] };
    return {
      office: r.office,
      user_group: r.user_group,
      year: r.year,
      avg_stock: stockOk ? r.avg_stock : SUPPRESSED,
      share_sheltered: shelterOk ? r.share_sheltered : SUPPRESSED,
      job_share: r.exits > 0 ? exits.share({ measure: "job", ...spec }, { measure: "exits", ...spec }, { num: r.job, den: r.exits }) : SUPPRESSED,
    };
  });
  return {
    name: "baseline-detail",
    caption: "Stock on measures and setting (all measures), and transition to work (the population's exits) per office, user group and year",
    columns: ["office", "user_group", "year", { key: "avg_stock", label: "avg monthly stock", format: dec(1) }, { key: "share_sheltered", label: "sheltered (%)", format: pctOrMark }, { key: "job_share", label: "to work (%)", format: pctOrMark }],
    rows: out,
    note: `Average stock shown only where at least ${k}; shares only where the persons behind numerator and rest are 0 or at least ${k} and no suppressed count follows from them. ${SUPPRESSION_NOTE(k)}`,
  };
}
