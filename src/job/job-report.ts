/** Figures and the HTML page of an evaluation job, from the analyses' result objects. */
import { barChart } from "../report/bar-chart.js";
import { cumulativeIncidencePlot, type IncidenceCurve } from "../report/cumulative-incidence-plot.js";
import { eventStudyPlot } from "../report/event-study-plot.js";
import { renderReport, type ReportSection } from "../report/html-report.js";
import { logLogPlot } from "../report/log-log-plot.js";
import { type FindingsInput, keyFindings } from "../report/key-findings.js";
import { mdeFromSe } from "../power/did-power.js";
import type { Figure } from "../report/render.js";
import { survivalPlot } from "../report/survival-plot.js";
import type { ExitsCells } from "../publish/exits-cells.js";
import type { SurvivalGate } from "../publish/survival-gate.js";
import { localizer, type Localizer } from "../report/i18n/index.js";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "./analyses.js";
import type { JobTable } from "./job-tables.js";
import { causeLabel, groupLabel } from "./labels.js";

export interface NamedFigure {
  name: string;
  caption: string;
  figure: Figure;
}

/**
 * Share of exits to work per office and year for the baseline bar chart: a linked share of the
 * disclosure gate (declared on the gate's first pass; suppressed office-years left out).
 */
export function baselineShareData(exits: ExitsCells): { category: string; group: string; value: number }[] {
  const out: { category: string; group: string; value: number }[] = [];
  for (const { name } of exits.offices) {
    for (const y of exits.years) {
      const v = exits.share({ measure: "job", offices: [name], years: [y] }, { measure: "exits", offices: [name], years: [y] });
      if (typeof v === "number" && exits.isSolved) out.push({ category: name, group: String(y), value: v });
    }
  }
  return out;
}

/**
 * Figures drawn only from data that passed the disclosure gate (binned curves, linked shares).
 * Censoring marks on the gated curves sit at bin ends, one per bin with at least k censorings:
 * individual censoring times are not published.
 */
export async function jobFigures(a: {
  did?: DidAnalysis;
  survival?: SurvivalGate;
  exits?: ExitsCells;
  /** Start of time-to-work spells, e.g. "1 November 2012". */
  origin?: string;
  cox?: CoxAnalysis;
  /** The ungated survival analysis, for the clustered log-rank p-value on the plot. */
  analysis?: SurvivalAnalysis;
  /** Language of captions, titles, labels and numbers (default English). */
  L?: Localizer;
}): Promise<NamedFigure[]> {
  const L = a.L ?? localizer();
  const lang = L.lang;
  const label = (g: string) => groupLabel(g, L);
  const out: NamedFigure[] = [];
  const k = a.exits?.k ?? a.survival?.k ?? 5;
  const since = a.origin ? L.t("fig.since", { origin: a.origin }) : L.t("fig.sinceSpell");
  if (a.survival) {
    const curves = a.survival.km.filter((c) => !c.withheld && c.time.length > 0).map((c) => ({ group: label(c.group), time: c.time, surv: c.surv, lower: c.lower, upper: c.upper, n_risk: c.n_risk, n_censor: c.censor_mark.map((m) => (m ? 1 : 0)), truncated: true }));
    const marks = a.survival.km.some((c) => !c.withheld && c.censor_mark.some((m) => m));
    if (curves.length) {
      const ph = phWords(a.cox, L);
      out.push({
        name: "time-to-work",
        caption: L.t("fig.ttw.caption", { origin: a.origin ?? L.t("origin.spell"), k, start: a.origin ?? L.t("origin.short"), ticks: marks ? L.t("fig.ttw.censorTicks", { k }) : "" }),
        figure: await survivalPlot(curves, { kind: "incidence", title: L.t("fig.ttw.title"), xTitle: since, yTitle: L.t("fig.ttw.y"), annotation: coxAnnotation(a.cox, a.analysis, L), lang }),
      });
      out.push({
        name: "log-minus-log",
        caption: L.t("fig.loglog.caption", { ph: ph.caption }),
        figure: await logLogPlot(curves, { title: L.t("ph.title"), subtitle: ph.subtitle, xTitle: L.t("fig.logScale", { axis: since }), lang }),
      });
    }
    const inc: IncidenceCurve[] = [];
    for (const c of a.survival.aj) for (const x of c.causes) inc.push({ group: label(c.group), cause: causeLabel(x.cause, L), time: x.time, cif: x.cuminc, lower: x.lower, upper: x.upper });
    if (inc.length) {
      out.push({
        name: "competing-risks",
        caption: L.t("fig.cr.caption", { k }),
        figure: await cumulativeIncidencePlot(inc, { title: L.t("fig.cr.title"), xTitle: since, byCause: true, lang }),
      });
    }
  }
  if (a.did) {
    const es = a.did.all_years.event_study;
    const coefs = es.coefficients.map((c) => ({ period: Number(c.period), estimate: c.estimate, lower: c.ci_cr1_t[0], upper: c.ci_cr1_t[1] }));
    // the first treated period (relative 0): the plot draws the dashed line half a period before it
    const first = es.coefficients.find((c) => c.relative === 0);
    out.push({
      name: "event-study",
      caption: L.t("fig.es.caption", { reference: String(es.reference_period) }),
      figure: await eventStudyPlot(coefs, { reference: Number(es.reference_period), start: first ? Number(first.period) : Number(es.reference_period) + 1, title: L.t("fig.es.title"), percentPoints: true, xTitle: L.t("fig.es.x"), lang }),
    });
  }
  if (a.exits) {
    const data = baselineShareData(a.exits);
    if (data.length) {
      out.push({
        name: "baseline-job-share",
        caption: L.t("fig.bar.caption", { k }),
        figure: await barChart(data, { title: L.t("fig.bar.title"), yTitle: L.t("fig.bar.y"), percent: true, lang }),
      });
    }
  }
  return out;
}

/**
 * The default inference for the pilot hazard ratio with few offices: randomization inference (p over
 * the assignments, CI by test inversion) — exact under the sharp null when offices are exchangeable,
 * 5.8 % rejection under no effect (exact bound 4.8 %) where R's robust z rejects 12.8 % (README). Its interval can
 * be unbounded (null limits → 0 / Infinity, `bounded` false); the office jackknife (CV3) with t(G−1)
 * is given beside it (`alt`). Without randomization: the jackknife, else CR1 with t(G−1).
 */
export function coxDefaultInference(
  f: CoxAnalysis["pooled"] & object,
  j: number,
  L: Localizer = localizer(),
): { from: "randomization" | "jackknife" | "cr1"; ci: [number, number]; bounded: boolean; p: number; df: number; label: string; alt?: { ci: [number, number]; label: string } } {
  const jk = f.jackknife;
  const jkRow = jk ? { ci: [jk.hr_lower[j], jk.hr_upper[j]] as [number, number], label: L.t("inf.label.jackknife", { df: jk.df }) } : undefined;
  const ri = f.randomization;
  if (ri) {
    const ci: [number, number] = [ri.ci?.[0] ?? 0, ri.ci?.[1] ?? Infinity];
    const bounded = !!ri.ci && ci[0] > 0 && Number.isFinite(ci[1]);
    return { from: "randomization", ci, bounded, p: ri.p_value, df: NaN, label: L.t("inf.label.randomization", { n: ri.assignments }), alt: jkRow };
  }
  if (jk) return { from: "jackknife", ci: jkRow!.ci, bounded: true, p: jk.p[j], df: jk.df, label: jkRow!.label };
  const ss = f.small_sample;
  if (ss) return { from: "cr1", ci: [ss.hr_lower[j], ss.hr_upper[j]], bounded: true, p: ss.p[j], df: ss.df, label: L.t("inf.label.cr1", { df: ss.df }) };
  return { from: "cr1", ci: [f.hr_lower[j], f.hr_upper[j]], bounded: true, p: f.p[j], df: NaN, label: L.t("inf.label.robustZ") };
}

/** "HR 1.22; p = 0.310 (randomization, 252 assignments)" and the 95% CI(s) for the survival plot, from the pooled Cox model. */
function coxAnnotation(cox: CoxAnalysis | undefined, s: SurvivalAnalysis | undefined, L: Localizer): string | undefined {
  const f = cox?.pooled;
  const j = f?.terms.indexOf("pilot") ?? -1;
  const lr = s ? L.t("fig.ann.logrank", { p: fmtP(s.effect_over_time.logrank.p_randomization, L) }) : "";
  if (!f || j < 0) return lr || undefined;
  const d = coxDefaultInference(f, j, L);
  const range = (c: [number, number]) => L.t("fig.ann.range", { lower: L.fixed(c[0], 2), upper: L.fixed(c[1], 2) });
  const ci = d.bounded ? L.t("fig.ann.ci", { range: range(d.ci) }) : L.t("fig.ann.ciUnbounded");
  const hr = L.t("fig.ann.hr", { hr: L.fixed(f.hazard_ratio[j], 2), p: fmtP(d.p, L), label: d.label }) + `\n${ci}` + (d.alt ? L.t("fig.ann.alt", { label: d.alt.label, range: range(d.alt.ci) }) : "");
  const ph = phWords(cox, L).rejected ? `\n${L.t("fig.ann.notProportional")}` : "";
  return `${hr}${ph}${lr ? `\n${lr}` : ""}`;
}

/** "< 0.001" or "= 0.012" after a "p". */
const fmtP = (p: number, L: Localizer) => (p < 0.001 ? L.p3(p) : `= ${L.p3(p)}`);

function phWords(cox: CoxAnalysis | undefined, L: Localizer): { rejected: boolean; subtitle: string; caption: string } {
  const z = cox?.pooled?.zph;
  const j = z?.rows.indexOf("pilot") ?? -1;
  if (!z || j < 0) return { rejected: false, subtitle: L.t("ph.none.subtitle"), caption: L.t("ph.none.caption") };
  const p = fmtP(z.p[j], L);
  if (z.p[j] < 0.05) return { rejected: true, subtitle: L.t("ph.rejected.subtitle", { p }), caption: L.t("ph.rejected.caption", { p }) };
  return { rejected: false, subtitle: L.t("ph.kept.subtitle", { p }), caption: L.t("ph.kept.caption", { p }) };
}

/** The findings' input, from the analyses (every number from the data and the job). */
export function findingsInput(a: {
  did?: DidAnalysis;
  cox?: CoxAnalysis;
  survival?: SurvivalAnalysis;
  offices: number;
  pilotOffices: number;
  spellOrigin?: string;
  suppressedCells?: number;
  minCell?: number;
  L?: Localizer;
}): FindingsInput {
  const L = a.L ?? localizer();
  const x: FindingsInput = { offices: a.offices, pilotOffices: a.pilotOffices, spellOrigin: a.spellOrigin, suppressedCells: a.suppressedCells, minCell: a.minCell };
  if (a.did) {
    const c = a.did.comparison;
    const tw = c.twfe;
    const es = a.did.all_years.event_study;
    const pre = es.coefficients.filter((k) => Number(k.period) < Number(es.reference_period));
    const worst = pre.length ? pre.reduce((w, k) => (Math.abs(k.estimate / k.se_cr1) > Math.abs(w.estimate / w.se_cr1) ? k : w)) : undefined;
    const ps = a.did.robustness.placebo_start;
    x.did = {
      estimate: tw.estimate,
      ci: tw.ci.cr2_satterthwaite,
      p: tw.p_cr2_satterthwaite,
      df: tw.df_satterthwaite,
      pre: c.pre,
      post: c.post,
      wildP: c.wild_cluster_bootstrap.p_value,
      riP: c.randomization_inference.p_value,
      riAssignments: c.randomization_inference.assignments,
      mde: Number.isFinite(tw.se_cr2) && tw.df_satterthwaite > 0 ? mdeFromSe(tw.se_cr2, tw.df_satterthwaite) : undefined,
      // HOOK (DiD helper): when the event study offers a rank-aware / small-sample pre-trend test,
      // pass it here instead of the CR1 Wald χ² (key-findings.ts words it from chisq/df/p).
      pretrend: Number.isFinite(es.pretrend_p)
        ? { chisq: es.pretrend_wald_chisq, df: es.pretrend_df, p: es.pretrend_p, reference: es.reference_period, worst: worst && { period: worst.period, estimate: worst.estimate, ci: worst.ci_cr1_t } }
        : undefined,
      placeboStart: ps && Number.isFinite(ps.p) ? { falseStart: ps.false_start, estimate: ps.estimate, p: ps.p } : undefined,
      breakdown: a.did.sensitivity?.breakdown,
      deltaPre: a.did.sensitivity?.delta_pre,
    };
  }
  const f = a.cox?.pooled;
  const j = f?.terms.indexOf("pilot") ?? -1;
  if (f && j >= 0) {
    const ss = f.small_sample;
    const zj = f.zph?.rows.indexOf("pilot") ?? -1;
    const bp = a.cox?.by_period;
    const bpInf = bp?.jackknife ?? bp?.small_sample;
    const d = coxDefaultInference(f, j);
    x.cox = {
      hr: f.hazard_ratio[j],
      ci: d.ci,
      p: d.p,
      df: d.df,
      ciFrom: d.from,
      riP: f.randomization?.p_value,
      riAssignments: f.randomization?.assignments,
      riWithinPairs: f.randomization?.within_pairs,
      phP: zj >= 0 ? f.zph!.p[zj] : undefined,
      mdeHr: ss && ss.df > 0 ? Math.exp(mdeFromSe(ss.se[j], ss.df)) : undefined,
      byPeriod: bpInf
        ? bp!.periods.map((per, k) => ({ label: periodWords(per, L), hr: bp!.hazard_ratio[k], ci: [bpInf.hr_lower[k], bpInf.hr_upper[k]] as [number, number], p: bpInf.p[k] }))
        : undefined,
    };
  }
  const e = a.survival?.effect_over_time;
  if (e) {
    x.overTime = {
      days: e.share_by_day.map((d) => ({ day: d.day, pilot: d.pilot, control: d.control, difference: d.difference, ci: d.ci_cluster, p: d.p_randomization })),
      rmst: { tau: e.rmst.tau, pilot: e.rmst.pilot, control: e.rmst.control, difference: e.rmst.difference, ci: e.rmst.ci_cluster, p: e.rmst.p_randomization },
      logrankP: a.survival!.logrank.p,
      logrankRiP: e.logrank.p_randomization,
      assignments: e.assignments,
    };
  }
  return x;
}

/** "[0,180)" → "the first 180 days", "[151,426)" → "days 151 to 425", "[180,∞)" → "day 180 onwards". */
function periodWords(p: string, L: Localizer): string {
  const m = /^\[(\d+(?:\.\d+)?),(\d+(?:\.\d+)?|∞)\)$/.exec(p);
  if (!m) return p;
  if (m[2] === "∞") return L.t("period.onwards", { from: m[1] });
  return Number(m[1]) === 0 ? L.t("period.first", { to: m[2] }) : L.t("period.between", { from: m[1], to: String(Number(m[2]) - 1) });
}

/** Key findings for the report (see src/report/key-findings.ts). */
export function summarySentences(input: FindingsInput, L: Localizer = localizer()): string[] {
  return keyFindings(input, L);
}

export function jobHtml(input: {
  title: string;
  /** Header lines under the title: design, data as-of month, run date. */
  header?: string[];
  summary: string[];
  methods?: string[];
  tables: JobTable[];
  figures: NamedFigure[];
  footer: string[];
  offices?: number;
  origin?: string;
  L?: Localizer;
}): string {
  const L = input.L ?? localizer();
  const t = (name: string) => input.tables.filter((x) => x.name === name || x.name.startsWith(`${name}-`));
  const f = (name: string) => input.figures.filter((x) => x.name === name).map((x) => ({ svg: x.figure.svg, caption: x.caption, alt: x.caption }));
  const sections: ReportSection[] = [
    {
      heading: L.t("report.did.heading"),
      text: L.t("report.did.text", { offices: input.offices ?? L.t("report.did.aFew") }),
      tables: [...t("did-effect"), ...t("did-cells"), ...t("event-study"), ...t("parallel-trends")],
      figures: f("event-study"),
    },
    {
      heading: L.t("report.time.heading"),
      text: L.t("report.time.text", { origin: input.origin ?? L.t("origin.spell") }),
      tables: [...t("share-in-work"), ...t("effect-over-time"), ...t("hazard-ratio-inference"), ...t("hazard-ratio-by-period"), ...t("hazard-ratios"), ...t("proportional-hazards")],
      figures: [...f("time-to-work"), ...f("competing-risks"), ...f("log-minus-log")],
    },
    {
      heading: L.t("report.goals.heading"),
      text: L.t("report.goals.text"),
      tables: [...t("waiting-did"), ...t("settings-did")],
    },
    {
      heading: L.t("report.wider.heading"),
      text: L.t("report.wider.text"),
      tables: [...t("wider-comparison"), ...t("offices-beside-country")],
    },
    {
      heading: L.t("report.baseline.heading"),
      text: L.t("report.baseline.text"),
      tables: [...t("baseline")],
      figures: f("baseline-job-share"),
    },
  ].filter((s) => (s.tables?.length ?? 0) + (s.figures?.length ?? 0) > 0);
  if (input.methods?.length) sections.push({ heading: L.t("report.methods.heading"), text: input.methods });
  return renderReport({
    title: input.title,
    subtitle: [L.t("report.subtitle"), ...(input.header ?? [])].join(" · "),
    summary: input.summary,
    sections: sections.map((s) => ({
      ...s,
      tables: s.tables?.map((tb) => ({ caption: tb.caption, columns: tb.columns, rows: tb.rows, note: tb.note })),
    })),
    footer: input.footer,
    lang: L.lang,
  });
}
