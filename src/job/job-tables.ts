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
import { localizer, type Localizer } from "../report/i18n/index.js";
import { mdeFromSe } from "../power/did-power.js";
import { FEW_CLUSTERS } from "../survival/cox/few-clusters.js";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "./analyses.js";
import { estimatorNote, groupLabel } from "./labels.js";

/** The note under every table with suppressed entries. */
export const SUPPRESSION_NOTE = (k: number, L: Localizer = localizer()) => L.t("table.suppressionNote", { k });

export interface JobTable {
  name: string;
  caption: string;
  columns: (string | ColumnSpec)[];
  rows: TableRow[];
  note?: string;
}

/**
 * Cell formats of the published tables' Markdown and HTML, in the report's language (CSV and JSON
 * keep raw numbers): fixed decimals (true minus sign; empty for missing or unbounded), one p-value
 * format (3 decimals, "< 0.001" below), shares as per cent with one decimal.
 */
export function cellFormats(L: Localizer) {
  const dec = (d: number) => (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? L.fixed(v, d) : v === null || v === undefined ? "" : typeof v === "number" ? "" : String(v));
  const pCol = (v: unknown) => (v === SUPPRESSED ? SUPPRESSED : typeof v === "number" && Number.isFinite(v) ? L.p3(v) : "");
  const pct = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? L.pp(v, 1) : String(v ?? ""));
  const pctOrMark = (v: unknown) => (v === SUPPRESSED ? SUPPRESSED : pct(v));
  return { dec, pCol, pct, pctOrMark };
}
/** One p-value format in every table: 3 decimals, "< 0.001" below (English). */
export const pCol = cellFormats(localizer()).pCol;

/** One row per inference method for the DiD effect on the transition to work. */
export function didEffectTable(did: DidAnalysis, exits: ExitsCells, L: Localizer = localizer()): JobTable {
  const { dec, pCol, pct } = cellFormats(L);
  const c = did.comparison;
  const tw = c.twfe;
  const G = tw.n_clusters;
  const rows: TableRow[] = [
    { method: L.t("table.didEffect.iid"), estimate: tw.estimate, lower: tw.ci.iid[0], upper: tw.ci.iid[1], se: tw.se_iid, df: null, p: tw.p_iid, clusters: G },
    { method: L.t("table.didEffect.cr1", { df: tw.df_cr1 }), estimate: tw.estimate, lower: tw.ci.cr1_t[0], upper: tw.ci.cr1_t[1], se: tw.se_cr1, df: tw.df_cr1, p: tw.p_cr1_t, clusters: G },
    { method: L.t("table.didEffect.cr2"), estimate: tw.estimate, lower: tw.ci.cr2_satterthwaite[0], upper: tw.ci.cr2_satterthwaite[1], se: tw.se_cr2, df: tw.df_satterthwaite, p: tw.p_cr2_satterthwaite, clusters: G },
    {
      method: L.t("table.didEffect.wild", { weights: c.wild_cluster_bootstrap.weights, draws: c.wild_cluster_bootstrap.draws }),
      estimate: tw.estimate,
      lower: c.wild_cluster_bootstrap.ci?.[0] ?? null,
      upper: c.wild_cluster_bootstrap.ci?.[1] ?? null,
      se: null,
      df: null,
      p: c.wild_cluster_bootstrap.p_value,
      clusters: G,
    },
    {
      method: L.t("table.ri", {
        n: c.randomization_inference.assignments,
        pairs: c.randomization_inference.within_pairs ? L.t("table.ri.pairs") : "",
        note: c.randomization_inference.ci_note ? `; ${estimatorNote(c.randomization_inference.ci_note, L)}` : "",
      }),
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
    caption: L.t("table.didEffect.caption", { post: c.post.join("–"), pre: c.pre.join("–") }),
    columns: [
      { key: "method", label: L.t("col.method") },
      { key: "estimate", label: L.t("col.estimatePp"), format: pct },
      { key: "lower", label: L.t("col.ciLowerPp"), format: pct },
      { key: "upper", label: L.t("col.ciUpperPp"), format: pct },
      { key: "se", label: L.t("col.sePp"), format: pct },
      { key: "df", label: L.t("col.df"), format: dec(1) },
      { key: "p", label: L.t("col.p"), format: pCol },
      { key: "clusters", label: L.t("col.clusters") },
    ],
    rows,
    note: L.t("table.didEffect.note", {
      exits: numberOr(exits.count({ measure: "exits", years: [...c.pre, ...c.post] }, c.rows), L.t("table.didEffect.suppressedExits"), L),
      covariates: c.twfe.covariates ? L.t("table.didEffect.covariates") : "",
      treated: tw.n_treated_clusters,
      offices: G,
      mde: pct(mdeFromSe(tw.se_cr2, tw.df_satterthwaite)),
      few: G < FEW_CLUSTERS ? L.t("table.didEffect.few", { n: G }) : "",
    }),
  };
}

const numberOr = (v: number | string, text: string, L: Localizer) => (typeof v === "number" ? L.int(v) : text);

export function didCellsTable(did: DidAnalysis, exits: ExitsCells, L: Localizer = localizer()): JobTable {
  const { pct, pctOrMark } = cellFormats(L);
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
    caption: L.t("table.didCells.caption"),
    columns: [
      { key: "offices", label: L.t("col.offices") },
      { key: "pre_share", label: L.t("col.beforePct"), format: pctOrMark },
      { key: "pre_n", label: L.t("col.exitsBefore") },
      { key: "post_share", label: L.t("col.afterPct"), format: pctOrMark },
      { key: "post_n", label: L.t("col.exitsAfter") },
      { key: "change", label: L.t("col.changePp"), format: pctOrMark },
    ],
    rows: [row(L.t("table.didCells.pilot"), tp, tq), row(L.t("table.didCells.control"), cp, cq)],
    note: L.t("table.didCells.note", {
      value: anyHidden ? L.t("table.didCells.hidden") : L.t("table.didCells.pp", { pp: pct(c.did_2x2.estimate) }),
      suppression: anyHidden ? ` ${SUPPRESSION_NOTE(exits.k, L)}` : "",
    }),
  };
}

export function eventStudyTable(did: DidAnalysis, L: Localizer = localizer()): JobTable {
  const { pct } = cellFormats(L);
  const es = did.all_years.event_study;
  return {
    name: "event-study",
    caption: L.t("table.eventStudy.caption", { reference: String(es.reference_period) }),
    columns: [
      { key: "period", label: L.t("col.period") },
      { key: "estimate", label: L.t("col.estimatePp"), format: pct },
      { key: "lower", label: L.t("col.lowerPp"), format: pct },
      { key: "upper", label: L.t("col.upperPp"), format: pct },
      { key: "se_cr1", label: L.t("col.seCr1Pp"), format: pct },
      { key: "se_cr2", label: L.t("col.seCr2Pp"), format: pct },
    ],
    rows: es.coefficients.map((c) => ({ period: c.period, estimate: c.estimate, lower: c.ci_cr1_t[0], upper: c.ci_cr1_t[1], se_cr1: c.se_cr1, se_cr2: c.se_cr2 })),
    note: L.t("table.eventStudy.note", { chisq: L.fixed(es.pretrend_wald_chisq, 2), df: es.pretrend_df, p: L.fixed(es.pretrend_p, 3) }),
  };
}

export function hazardRatioTable(cox: CoxAnalysis, gate: SurvivalGate, origin?: string, L: Localizer = localizer()): JobTable {
  const { dec, pCol } = cellFormats(L);
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
  add(L.t("table.hr.pooled"), "pooled", cox.pooled);
  for (const p of cox.per_pair) add(L.t("table.hr.pair", { pilot: p.pilot_office, control: p.control_office }), p.county, p.fit);
  const withheld = gate.cox.withheld.length > 0;
  const hiddenCounts = rows.some((r) => r.n === SUPPRESSED);
  return {
    name: "hazard-ratios",
    caption: L.t("table.hr.caption", { origin: origin ?? L.t("origin.spell") }),
    columns: [
      { key: "model", label: L.t("col.model") },
      { key: "term", label: L.t("col.term") },
      { key: "hazard_ratio", label: L.t("col.hazardRatio"), format: dec(3) },
      { key: "lower", label: L.t("col.ciLower"), format: dec(3) },
      { key: "upper", label: L.t("col.ciUpper"), format: dec(3) },
      { key: "se", label: L.t("col.seLogHr"), format: dec(4) },
      { key: "p", label: L.t("col.p"), format: pCol },
      { key: "n", label: L.t("col.n") },
      { key: "events", label: L.t("col.events") },
    ],
    rows,
    note: L.t("table.hr.note", { withheld: withheld ? L.t("table.hr.withheld", { k }) : "", suppression: hiddenCounts ? ` ${SUPPRESSION_NOTE(k, L)}` : "" }),
  };
}

/** Placebo tests, leave-one-office-out and the relative-magnitudes sensitivity of the DiD estimate. */
export function parallelTrendsTable(did: DidAnalysis, L: Localizer = localizer()): JobTable {
  const { pct, pCol } = cellFormats(L);
  const r = did.robustness;
  const rows: TableRow[] = [];
  const add = (check: string, e: { estimate: number; lower: number; upper: number; p: number; note?: string }) =>
    rows.push(e.note ? { check: `${check}: ${estimatorNote(e.note, L)}`, estimate: null, lower: null, upper: null, p: null } : { check, estimate: e.estimate, lower: e.lower, upper: e.upper, p: e.p });
  if (r.placebo_start) add(L.t("table.pt.placeboStart", { year: String(r.placebo_start.false_start), periods: r.placebo_start.periods.join("–") }), r.placebo_start);
  for (const e of r.placebo_units.estimates) add(L.t("table.pt.placeboUnit", { office: e.label }), e);
  for (const e of r.leave_one_out) add(L.t("table.pt.leaveOneOut", { office: estimatorNote(e.label, L) }), e);
  const s = did.sensitivity;
  if (s) for (const g of s.grid) rows.push({ check: L.t("table.pt.relative", { m: L.sig(g.mbar, 15), periods: s.post_periods.join("–") }), estimate: s.theta, lower: g.lower, upper: g.upper, p: null });
  return {
    name: "parallel-trends",
    caption: L.t("table.pt.caption"),
    columns: [
      { key: "check", label: L.t("col.check") },
      { key: "estimate", label: L.t("col.estimatePp"), format: pct },
      { key: "lower", label: L.t("col.ciLowerPp"), format: pct },
      { key: "upper", label: L.t("col.ciUpperPp"), format: pct },
      { key: "p", label: L.t("col.p"), format: pCol },
    ],
    rows,
    note: [
      L.t("table.pt.noteRows", {
        share: Number.isFinite(r.placebo_units.share_as_large)
          ? L.t("table.pt.noteShare", { pct: L.percent(r.placebo_units.share_as_large, 0), pp: pct(r.placebo_units.actual) })
          : "",
      }),
      s ? L.t("table.pt.noteRelative", { pp: pct(s.delta_pre), m: L.fixed(s.breakdown, 2), mIdentified: L.fixed(s.breakdown_identified, 2) }) : "",
    ].join(" "),
  };
}

/** The pooled pilot hazard ratio by inference method: the few-cluster rows beside R's robust z. */
export function hazardRatioInferenceTable(cox: CoxAnalysis, L: Localizer = localizer()): JobTable | undefined {
  const { dec, pCol } = cellFormats(L);
  const f = cox.pooled;
  const j = f?.terms.indexOf("pilot") ?? -1;
  if (!f || j < 0 || !f.robust_se) return undefined;
  const G = f.clusters ?? null;
  const rows: TableRow[] = [
    { method: L.t("table.hri.model"), hazard_ratio: f.hazard_ratio[j], lower: Math.exp(f.coef[j] - 1.959963984540054 * f.se[j]), upper: Math.exp(f.coef[j] + 1.959963984540054 * f.se[j]), p: null, clusters: null },
    { method: L.t("table.hri.robust"), hazard_ratio: f.hazard_ratio[j], lower: f.hr_lower[j], upper: f.hr_upper[j], p: f.p[j], clusters: G },
  ];
  const ss = f.small_sample;
  if (ss) rows.push({ method: L.t("table.hri.small", { df: ss.df }), hazard_ratio: f.hazard_ratio[j], lower: ss.hr_lower[j], upper: ss.hr_upper[j], p: ss.p[j], clusters: G });
  const jk = f.jackknife;
  if (jk) rows.push({ method: L.t("table.hri.jackknife", { df: jk.df }), hazard_ratio: f.hazard_ratio[j], lower: jk.hr_lower[j], upper: jk.hr_upper[j], p: jk.p[j], clusters: G });
  const mde = ss && ss.df > 0 ? Math.exp(mdeFromSe(ss.se[j], ss.df)) : undefined;
  const ri = f.randomization;
  if (ri) {
    rows.push({
      method: L.t("table.hri.ri", { n: ri.assignments, pairs: ri.within_pairs ? L.t("table.ri.pairs") : "", sampled: ri.exhaustive ? "" : L.t("table.hri.sampled") }),
      hazard_ratio: f.hazard_ratio[j],
      lower: ri.ci && Number.isFinite(ri.ci[0]) ? ri.ci[0] : null,
      upper: ri.ci && Number.isFinite(ri.ci[1]) ? ri.ci[1] : null,
      p: ri.p_value,
      clusters: G,
    });
  }
  return {
    name: "hazard-ratio-inference",
    caption: L.t("table.hri.caption"),
    columns: [
      { key: "method", label: L.t("col.method") },
      { key: "hazard_ratio", label: L.t("col.hazardRatio"), format: dec(3) },
      { key: "lower", label: L.t("col.ciLower"), format: dec(3) },
      { key: "upper", label: L.t("col.ciUpper"), format: dec(3) },
      { key: "p", label: L.t("col.p"), format: pCol },
      { key: "clusters", label: L.t("col.clusters") },
    ],
    rows,
    note: [
      ...f.warnings.map((w) => estimatorNote(w, L)),
      ...(ri?.ci_note ? [L.t("table.hri.riNote", { note: estimatorNote(ri.ci_note, L) })] : []),
      L.t("table.hri.noteModel"),
      ...(mde !== undefined ? [L.t("table.hri.mde", { df: ss!.df, hr: L.fixed(mde, 2) })] : []),
    ].join(" "),
  };
}

/** Hazard ratio of pilot per period (spells split), when proportional hazards are rejected. */
export function hazardRatioByPeriodTable(cox: CoxAnalysis, origin?: string, L: Localizer = localizer()): JobTable | undefined {
  const { dec, pCol } = cellFormats(L);
  const f = cox.by_period;
  // the office jackknife (CV3, t(G−1)) when it exists; else the CR1-type correction
  const inf = f?.jackknife ?? f?.small_sample;
  if (!f || !inf) return undefined;
  const rows: TableRow[] = f.periods.map((p, k) => ({
    period: L.t("table.hrp.period", { period: p }),
    hazard_ratio: f.hazard_ratio[k],
    lower: inf.hr_lower[k],
    upper: inf.hr_upper[k],
    p: inf.p[k],
  }));
  return {
    name: "hazard-ratio-by-period",
    caption: L.t("table.hrp.caption", { origin: origin ?? L.t("origin.spell") }),
    columns: [
      { key: "period", label: L.t("col.period") },
      { key: "hazard_ratio", label: L.t("col.hazardRatio"), format: dec(3) },
      { key: "lower", label: L.t("col.ciLower"), format: dec(3) },
      { key: "upper", label: L.t("col.ciUpper"), format: dec(3) },
      { key: "p", label: L.t("col.p"), format: pCol },
    ],
    rows,
    note: L.t("table.hrp.note", { days: f.periods.slice(0, -1).map((p) => p.replace(/^\[\d+,(\d+)\)$/, "$1")).join(", "), method: f.jackknife ? L.t("table.hrp.jackknife") : L.t("table.hrp.cr1"), df: inf.df, offices: inf.clusters }),
  };
}

/** Share in work by day and restricted mean time to work: pilot − control, with few-cluster inference. */
export function effectOverTimeTable(s: SurvivalAnalysis, L: Localizer = localizer()): JobTable {
  const { dec, pCol } = cellFormats(L);
  const e = s.effect_over_time;
  const rows: TableRow[] = e.share_by_day.map((d) => ({
    measure: L.t("table.eot.inWork", { day: d.day }),
    pilot: 100 * d.pilot,
    control: 100 * d.control,
    difference: 100 * d.difference,
    lower: 100 * d.ci_cluster[0],
    upper: 100 * d.ci_cluster[1],
    p_randomization: d.p_randomization,
  }));
  const r = e.rmst;
  rows.push({ measure: L.t("table.eot.rmst", { tau: r.tau }), pilot: r.pilot, control: r.control, difference: r.difference, lower: r.ci_cluster[0], upper: r.ci_cluster[1], p_randomization: r.p_randomization });
  return {
    name: "effect-over-time",
    caption: L.t("table.eot.caption"),
    columns: [
      { key: "measure", label: L.t("col.measure") },
      { key: "pilot", label: L.t("col.pilot"), format: dec(1) },
      { key: "control", label: L.t("col.control"), format: dec(1) },
      { key: "difference", label: L.t("col.difference"), format: dec(1) },
      { key: "lower", label: L.t("col.ciLower"), format: dec(1) },
      { key: "upper", label: L.t("col.ciUpper"), format: dec(1) },
      { key: "p_randomization", label: L.t("col.pRandomization"), format: pCol },
    ],
    rows,
    note: L.t("table.eot.note", {
      df: e.clusters - 1,
      offices: e.clusters,
      n: e.assignments,
      pairs: e.within_pairs ? L.t("table.withinPairs") : "",
      chisq: L.fixed(e.logrank.chisq, 2),
      pIid: L.p3(e.logrank.p_iid),
      pRi: L.p3(e.logrank.p_randomization),
    }),
  };
}

export function zphTable(cox: CoxAnalysis, L: Localizer = localizer()): JobTable | undefined {
  const { dec, pCol } = cellFormats(L);
  const z = cox.pooled?.zph;
  const failed = cox.pooled?.zph_error;
  if (failed) {
    return {
      name: "proportional-hazards",
      caption: L.t("table.zph.caption"),
      columns: [{ key: "term", label: L.t("col.term") }, { key: "result", label: L.t("col.result") }],
      rows: [{ term: L.t("table.zph.all"), result: L.t("table.zph.failed", { error: failed }) }],
    };
  }
  if (!z) return undefined;
  return {
    name: "proportional-hazards",
    caption: L.t("table.zph.caption"),
    columns: [{ key: "term", label: L.t("col.term") }, { key: "chisq", label: L.t("col.chisq"), format: dec(2) }, { key: "df", label: L.t("col.df") }, { key: "p", label: L.t("col.p"), format: pCol }],
    rows: z.rows.map((r, i) => ({ term: r, chisq: z.chisq[i], df: z.df[i], p: z.p[i] })),
  };
}

/** Share in work at the job's days, read off the published (binned, truncated) curves. */
export function survivalTable(s: SurvivalAnalysis, gate: SurvivalGate, L: Localizer = localizer()): JobTable {
  const { pctOrMark } = cellFormats(L);
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
        group: groupLabel(c.group, L),
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
    caption: L.t("table.siw.caption"),
    columns: [
      { key: "group", label: L.t("col.group") },
      { key: "day", label: L.t("col.day") },
      { key: "at_risk", label: L.t("col.atRisk") },
      { key: "in_work", label: L.t("col.inWorkPct"), format: pctOrMark },
      { key: "lower", label: L.t("col.lowerPct"), format: pctOrMark },
      { key: "upper", label: L.t("col.upperPct"), format: pctOrMark },
    ],
    rows,
    note: L.t("table.siw.note", {
      offices: s.effect_over_time.clusters,
      chisq: L.fixed(lr.chisq, 2),
      df: lr.df,
      p: pEq(lr.p, L),
      chisqPairs: L.fixed(s.logrank_by_pair.chisq, 2),
      pPairs: pEq(s.logrank_by_pair.p, L),
      pRi: L.p3(s.effect_over_time.logrank.p_randomization),
      k: gate.k,
    }),
  };
}

/** "= 0.012" or "< 0.001", after a "p". */
const pEq = (p: number, L: Localizer) => (p < 0.001 ? L.p3(p) : `= ${L.p3(p)}`);

/**
 * Baseline: exits and exits to work per office × year with row and column totals; every entry a
 * linked cell of the disclosure gate.
 */
export function baselineTables(exits: ExitsCells, L: Localizer = localizer()): JobTable[] {
  const years = exits.years;
  const tables: JobTable[] = [];
  for (const [key, label] of [
    ["exits", L.t("table.baseline.exits")],
    ["job", L.t("table.baseline.job")],
  ] as const) {
    const get = (offices?: string[], ys?: number[]) => exits.count({ measure: key, offices, years: ys });
    const out: TableRow[] = exits.offices.map(({ name, pilot }) => {
      const r: TableRow = { office: name, role: L.t(pilot ? "role.pilot" : "role.control") };
      for (const y of years) r[String(y)] = get([name], [y]);
      r.total = get([name]);
      return r;
    });
    const tot: TableRow = { office: L.t("office.all"), role: "" };
    for (const y of years) tot[String(y)] = get(undefined, [y]);
    tot.total = get();
    out.push(tot);
    tables.push({
      name: `baseline-${key}`,
      caption: L.t("table.baseline.caption", { what: label }),
      columns: [{ key: "office", label: L.t("col.office") }, { key: "role", label: L.t("col.role") }, ...years.map(String), { key: "total", label: L.t("col.total") }],
      rows: out,
      note: SUPPRESSION_NOTE(exits.k, L),
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
export function baselineDetailTable(rows: BaselineRow[], exits: ExitsCells, L: Localizer = localizer()): JobTable {
  const { dec, pctOrMark } = cellFormats(L);
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
    caption: L.t("table.detail.caption"),
    columns: [
      { key: "office", label: L.t("col.office") },
      { key: "user_group", label: L.t("col.userGroup") },
      { key: "year", label: L.t("col.year"), format: (v) => String(v ?? "") },
      { key: "avg_stock", label: L.t("col.avgStock"), format: dec(1) },
      { key: "share_sheltered", label: L.t("col.shelteredPct"), format: pctOrMark },
      { key: "job_share", label: L.t("col.toWorkPct"), format: pctOrMark },
    ],
    rows: out,
    note: L.t("table.detail.note", { k, suppression: SUPPRESSION_NOTE(k, L) }),
  };
}
