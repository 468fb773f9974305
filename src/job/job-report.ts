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
import { GROUP_LABELS, type CoxAnalysis, type DidAnalysis, type SurvivalAnalysis } from "./analyses.js";
import type { JobTable } from "./job-tables.js";

export interface NamedFigure {
  name: string;
  caption: string;
  figure: Figure;
}

const label = (g: string) => GROUP_LABELS[g] ?? g;

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
}): Promise<NamedFigure[]> {
  const out: NamedFigure[] = [];
  const k = a.exits?.k ?? a.survival?.k ?? 5;
  const since = a.origin ? `Days since ${a.origin}` : "Days since the start of the spell";
  if (a.survival) {
    const curves = a.survival.km.filter((c) => !c.withheld && c.time.length > 0).map((c) => ({ group: label(c.group), time: c.time, surv: c.surv, lower: c.lower, upper: c.upper, n_risk: c.n_risk, n_censor: c.censor_mark.map((m) => (m ? 1 : 0)), truncated: true }));
    const marks = a.survival.km.some((c) => !c.withheld && c.censor_mark.some((m) => m));
    if (curves.length) {
      const ph = phWords(a.cox);
      out.push({
        name: "time-to-work",
        caption: `Share in work by day since ${a.origin ?? "the start of the spell"} (1 − Kaplan–Meier, 95% CI), with numbers at risk; days grouped into intervals in which at least ${k} persons got work, curves stop where fewer than ${k} remain at risk.${marks ? ` A tick at the end of an interval marks at least ${k} persons who left follow-up without work in it (censored); intervals with fewer have no tick.` : ""} Numbers at risk can rise over time because people enter the risk set when they start a measure after ${a.origin ?? "the start"} (delayed entry).`,
        figure: await survivalPlot(curves, { kind: "incidence", title: "Time to work: pilot vs control offices", xTitle: since, yTitle: "Share in work", annotation: coxAnnotation(a.cox, a.analysis) }),
      });
      out.push({
        name: "log-minus-log",
        caption: `log(−log S) against log time. ${ph.caption}`,
        figure: await logLogPlot(curves, { title: "Proportional-hazards check", subtitle: ph.subtitle, xTitle: `${since} (log scale)` }),
      });
    }
    const inc: IncidenceCurve[] = [];
    for (const c of a.survival.aj) for (const x of c.causes) inc.push({ group: label(c.group), cause: x.cause, time: x.time, cif: x.cuminc, lower: x.lower, upper: x.upper });
    if (inc.length) {
      out.push({
        name: "competing-risks",
        caption: `Cumulative incidence of work, disability benefit and other exits (Aalen–Johansen, 95% CI), pilot vs control offices, each cause with its own y axis; each curve steps only after at least ${k} exits of its kind (causes too rare for that are left out)`,
        figure: await cumulativeIncidencePlot(inc, { title: "Competing exits", xTitle: since, byCause: true }),
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
      caption: `Pilot − control difference in the share of exits to work by year, relative to ${es.reference_period} (95% CI, CR1 with t(G−1))`,
      figure: await eventStudyPlot(coefs, { reference: Number(es.reference_period), start: first ? Number(first.period) : Number(es.reference_period) + 1, title: "Event study", percentPoints: true, xTitle: "Year" }),
    });
  }
  if (a.exits) {
    const data = baselineShareData(a.exits);
    if (data.length) {
      out.push({
        name: "baseline-job-share",
        caption: `Share of exits to work per office and year (office-years whose counts are suppressed — fewer than ${k} persons, or hidden to protect such a count — not shown)`,
        figure: await barChart(data, { title: "Transition to work by office and year", yTitle: "Share of exits to work", percent: true }),
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
): { from: "randomization" | "jackknife" | "cr1"; ci: [number, number]; bounded: boolean; p: number; df: number; label: string; alt?: { ci: [number, number]; label: string } } {
  const jk = f.jackknife;
  const jkRow = jk ? { ci: [jk.hr_lower[j], jk.hr_upper[j]] as [number, number], label: `office jackknife, t(${jk.df})` } : undefined;
  const ri = f.randomization;
  if (ri) {
    const ci: [number, number] = [ri.ci?.[0] ?? 0, ri.ci?.[1] ?? Infinity];
    const bounded = !!ri.ci && ci[0] > 0 && Number.isFinite(ci[1]);
    return { from: "randomization", ci, bounded, p: ri.p_value, df: NaN, label: `randomization, ${ri.assignments} assignments`, alt: jkRow };
  }
  if (jk) return { from: "jackknife", ci: jkRow!.ci, bounded: true, p: jk.p[j], df: jk.df, label: jkRow!.label };
  const ss = f.small_sample;
  if (ss) return { from: "cr1", ci: [ss.hr_lower[j], ss.hr_upper[j]], bounded: true, p: ss.p[j], df: ss.df, label: `CR1, t(${ss.df})` };
  return { from: "cr1", ci: [f.hr_lower[j], f.hr_upper[j]], bounded: true, p: f.p[j], df: NaN, label: "robust z" };
}

/** "HR 1.22; p = 0.310 (randomization, 252 assignments)" and the 95% CI(s) for the survival plot, from the pooled Cox model. */
function coxAnnotation(cox: CoxAnalysis | undefined, s: SurvivalAnalysis | undefined): string | undefined {
  const f = cox?.pooled;
  const j = f?.terms.indexOf("pilot") ?? -1;
  const lr = s ? `log-rank, offices randomized: p ${fmtP(s.effect_over_time.logrank.p_randomization)}` : "";
  if (!f || j < 0) return lr || undefined;
  const d = coxDefaultInference(f, j);
  const range = (c: [number, number]) => `${c[0].toFixed(2)}–${c[1].toFixed(2)}`;
  const ci = d.bounded ? `95% CI ${range(d.ci)}` : "95% CI unbounded";
  const hr = `HR ${f.hazard_ratio[j].toFixed(2)}, p ${fmtP(d.p)} (${d.label})\n${ci}${d.alt ? `; ${d.alt.label}: ${range(d.alt.ci)}` : ""}`;
  const ph = phWords(cox).rejected ? "\nhazards not proportional (see the log(−log S) plot)" : "";
  return `${hr}${ph}${lr ? `\n${lr}` : ""}`;
}

const fmtP = (p: number) => (p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`);

function phWords(cox: CoxAnalysis | undefined): { rejected: boolean; subtitle: string; caption: string } {
  const z = cox?.pooled?.zph;
  const j = z?.rows.indexOf("pilot") ?? -1;
  if (!z || j < 0) return { rejected: false, subtitle: "Parallel curves are consistent with proportional hazards", caption: "Roughly parallel curves are consistent with proportional hazards." };
  const p = z.p[j];
  if (p < 0.05) {
    return {
      rejected: true,
      subtitle: `Proportional hazards rejected for pilot (cox.zph p ${fmtP(p)})`,
      caption: `Curves that converge or cross mean the hazard ratio changes over time; the test rejects proportional hazards for pilot (p ${fmtP(p)}), so the effect is reported by period and by day.`,
    };
  }
  return { rejected: false, subtitle: `Proportional hazards not rejected for pilot (p ${fmtP(p)})`, caption: `Roughly parallel curves are consistent with proportional hazards; the test does not reject (p ${fmtP(p)}).` };
}

/** Day → "1 November 2012". */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
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
}): FindingsInput {
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
        ? bp!.periods.map((per, k) => ({ label: periodWords(per), hr: bp!.hazard_ratio[k], ci: [bpInf.hr_lower[k], bpInf.hr_upper[k]] as [number, number], p: bpInf.p[k] }))
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

/** "[0,180)" → "days 0–179 of a spell", "[180,∞)" → "day 180 onwards". */
function periodWords(p: string): string {
  const m = /^\[(\d+(?:\.\d+)?),(\d+(?:\.\d+)?|∞)\)$/.exec(p);
  if (!m) return p;
  return m[2] === "∞" ? `day ${m[1]} onwards` : `the first ${m[2]} days`;
}

/** Key findings for the report (see src/report/key-findings.ts). */
export function summarySentences(input: FindingsInput): string[] {
  return keyFindings(input);
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
}): string {
  const t = (name: string) => input.tables.filter((x) => x.name === name || x.name.startsWith(`${name}-`));
  const f = (name: string) => input.figures.filter((x) => x.name === name).map((x) => ({ svg: x.figure.svg, caption: x.caption, alt: x.caption }));
  const sections: ReportSection[] = [
    {
      heading: "Did more users get work? Difference in differences",
      text: `The change in the share of exits from measures that went to work at pilot offices, minus the same change at control offices. With only ${input.offices ?? "a few"} offices, the table shows every inference method side by side; CR2 with Satterthwaite degrees of freedom is the recommended one.`,
      tables: [...t("did-effect"), ...t("did-cells"), ...t("event-study"), ...t("parallel-trends")],
      figures: f("event-study"),
    },
    {
      heading: "Did they get work sooner? Time to work",
      text: `Days from ${input.origin ?? "the start of the spell"} (or later entry on a measure) to the first month in work, censored at moving, death or the end of observation.`,
      tables: [...t("share-in-work"), ...t("effect-over-time"), ...t("hazard-ratio-inference"), ...t("hazard-ratio-by-period"), ...t("hazard-ratios"), ...t("proportional-hazards")],
      figures: [...f("time-to-work"), ...f("competing-risks"), ...f("log-minus-log")],
    },
    {
      heading: "The pilot's other goals: shorter waits, more measures in ordinary settings",
      text: "Months waited before a first measure and between measures, and the share of measure months in sheltered settings and on sheltered work practice (APS): the same difference in differences as above. Negative values are what the pilot aimed for.",
      tables: [...t("waiting-did"), ...t("settings-did")],
    },
    {
      heading: "The ten offices beside the rest of the country",
      text: "The pilot offices compared with every other office, including the offices of the rest of the country, with the inference that suits many offices; and each office of the design beside the rest of the country.",
      tables: [...t("wider-comparison"), ...t("offices-beside-country")],
    },
    {
      heading: "Baseline",
      text: "Exits and exits to work per office and year, and the stock on measures per office, user group and year.",
      tables: [...t("baseline")],
      figures: f("baseline-job-share"),
    },
  ].filter((s) => (s.tables?.length ?? 0) + (s.figures?.length ?? 0) > 0);
  if (input.methods?.length) sections.push({ heading: "Methods and limitations", text: input.methods });
  return renderReport({
    title: input.title,
    subtitle: ["Evaluation of the pilot: pilot offices against control offices", ...(input.header ?? [])].join(" · "),
    summary: input.summary,
    sections: sections.map((s) => ({
      ...s,
      tables: s.tables?.map((tb) => ({ caption: tb.caption, columns: tb.columns, rows: tb.rows, note: tb.note })),
    })),
    footer: input.footer,
  });
}
