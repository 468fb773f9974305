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
      { key: "df", digits: 3 },
      { key: "p", digits: 4 },
      "clusters",
    ],
    rows,
    note: `Two-way fixed effects (office and year) on ${numberOr(exits.count({ measure: "exits", years: [...c.pre, ...c.post] }, c.rows), "a suppressed number of")} exits${c.twfe.covariates ? " with covariates" : ""}; ${tw.n_treated_clusters} of ${G} offices are pilots.`,
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
    columns: ["period", { key: "estimate", label: "estimate (pp)", format: pct }, { key: "lower", label: "lower (pp)", format: pct }, { key: "upper", label: "upper (pp)", format: pct }, { key: "se_cr1", digits: 4 }, { key: "se_cr2", digits: 4 }],
    rows: es.coefficients.map((c) => ({ period: c.period, estimate: c.estimate, lower: c.ci_cr1_t[0], upper: c.ci_cr1_t[1], se_cr1: c.se_cr1, se_cr2: c.se_cr2 })),
    note: `Parallel pre-trends: Wald χ² = ${es.pretrend_wald_chisq.toFixed(2)} on ${es.pretrend_df} df, p = ${es.pretrend_p.toFixed(3)} (CR1). CIs: CR1 with t(G−1).`,
  };
}

export function hazardRatioTable(cox: CoxAnalysis, gate: SurvivalGate): JobTable {
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
    caption: "Cox proportional hazards: time to work from 1 November 2012 (delayed entry), hazard ratios with 95% CI",
    columns: ["model", "term", { key: "hazard_ratio", digits: 4 }, { key: "lower", digits: 4 }, { key: "upper", digits: 4 }, { key: "se", label: "SE (log HR)", digits: 4 }, { key: "p", digits: 4 }, "n", "events"],
    rows,
    note: `Hazard ratio > 1 for \`pilot\`: users at pilot offices got work sooner.${withheld ? ` Models of county pairs where an office has fewer than ${k} persons with, or without, work are not shown (":").` : ""}${hiddenCounts ? ` ${SUPPRESSION_NOTE(k)}` : ""}`,
  };
}

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
    columns: ["term", { key: "chisq", digits: 4 }, "df", { key: "p", digits: 4 }],
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
    note: `Log-rank test: χ² = ${lr.chisq.toFixed(2)} on ${lr.df} df, p = ${lr.p.toPrecision(3)}; stratified by county pair: χ² = ${s.logrank_by_pair.chisq.toFixed(2)}, p = ${s.logrank_by_pair.p.toPrecision(3)}. Days are grouped into intervals in which at least ${gate.k} persons got work; the share is read at the end of the last interval ending by day t, the number at risk at the start of the interval holding t; ":" after the curve stops (fewer than ${gate.k} persons left at risk).`,
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
    caption: "Stock on measures, setting and transition to work per office, user group and year",
    columns: ["office", "user_group", "year", { key: "avg_stock", label: "avg monthly stock", digits: 4 }, { key: "share_sheltered", label: "sheltered (%)", format: pctOrMark }, { key: "job_share", label: "to work (%)", format: pctOrMark }],
    rows: out,
    note: `Average stock shown only where at least ${k}; shares only where the persons behind numerator and rest are 0 or at least ${k} and no suppressed count follows from them. ${SUPPRESSION_NOTE(k)}`,
  };
}
