/** Figures and the HTML page of an evaluation job, from the analyses' result objects. */
import { barChart } from "../report/bar-chart.js";
import { cumulativeIncidencePlot, type IncidenceCurve } from "../report/cumulative-incidence-plot.js";
import { eventStudyPlot } from "../report/event-study-plot.js";
import { renderReport, type ReportSection } from "../report/html-report.js";
import { logLogPlot } from "../report/log-log-plot.js";
import { plainLanguageEffect, plainLanguageHazardRatio } from "../report/plain-language.js";
import type { Figure } from "../report/render.js";
import { survivalPlot } from "../report/survival-plot.js";
import type { ExitsCells } from "../publish/exits-cells.js";
import type { SurvivalGate } from "../publish/survival-gate.js";
import { GROUP_LABELS, type CoxAnalysis, type DidAnalysis } from "./analyses.js";
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

/** Figures drawn only from data that passed the disclosure gate (binned curves, linked shares). */
export async function jobFigures(a: { did?: DidAnalysis; survival?: SurvivalGate; exits?: ExitsCells }): Promise<NamedFigure[]> {
  const out: NamedFigure[] = [];
  const k = a.exits?.k ?? a.survival?.k ?? 5;
  if (a.survival) {
    const curves = a.survival.km.filter((c) => !c.withheld && c.time.length > 0).map((c) => ({ group: label(c.group), time: c.time, surv: c.surv, lower: c.lower, upper: c.upper, n_risk: c.n_risk, truncated: true }));
    if (curves.length) {
      out.push({
        name: "time-to-work",
        caption: `Share in work by day since 1 November 2012 (1 − Kaplan–Meier, 95% CI), with numbers at risk; days grouped into intervals in which at least ${k} persons got work, curves stop where fewer than ${k} remain at risk`,
        figure: await survivalPlot(curves, { kind: "incidence", title: "Time to work: pilot vs control offices", xTitle: "Days since 1 November 2012", yTitle: "Share in work" }),
      });
      out.push({
        name: "log-minus-log",
        caption: "log(−log S) against log time: roughly parallel curves support proportional hazards",
        figure: await logLogPlot(curves, { title: "Proportional-hazards check" }),
      });
    }
    const inc: IncidenceCurve[] = [];
    for (const c of a.survival.aj) for (const x of c.causes) inc.push({ group: label(c.group), cause: x.cause, time: x.time, cif: x.cuminc, lower: x.lower, upper: x.upper });
    if (inc.length) {
      out.push({
        name: "competing-risks",
        caption: `Cumulative incidence of work, disability benefit and other exits (Aalen–Johansen); each curve steps only after at least ${k} exits of its kind (causes too rare for that are left out)`,
        figure: await cumulativeIncidencePlot(inc, { title: "Competing exits", xTitle: "Days since 1 November 2012" }),
      });
    }
  }
  if (a.did) {
    const es = a.did.all_years.event_study;
    const coefs = es.coefficients.map((c) => ({ period: Number(c.period), estimate: c.estimate, lower: c.ci_cr1_t[0], upper: c.ci_cr1_t[1] }));
    out.push({
      name: "event-study",
      caption: `Pilot − control difference in the share of exits to work by year, relative to ${es.reference_period} (95% CI, CR1 with t(G−1))`,
      figure: await eventStudyPlot(coefs, { reference: Number(es.reference_period), start: Number(es.reference_period) + 0.5, title: "Event study", percentPoints: true }),
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

export function summarySentences(did?: DidAnalysis, cox?: CoxAnalysis): string[] {
  const out: string[] = [];
  if (did) {
    const tw = did.comparison.twfe;
    out.push(
      plainLanguageEffect(
        {
          estimate: tw.estimate,
          lower: tw.ci.cr2_satterthwaite[0],
          upper: tw.ci.cr2_satterthwaite[1],
          p: tw.p_cr2_satterthwaite,
          method: { name: "CR2", df: tw.df_satterthwaite, clusters: tw.n_clusters },
        },
        { outcome: `the share of exits to work (${did.comparison.post.join("–")} against ${did.comparison.pre.join("–")})` },
      ),
    );
    const wb = did.comparison.wild_cluster_bootstrap;
    const ri = did.comparison.randomization_inference;
    out.push(
      `Checks that do not lean on large-sample theory: the wild cluster bootstrap gives p = ${wb.p_value.toPrecision(3)} (${wb.draws} draws) and randomization inference over ${ri.assignments} possible assignments of the pilot label gives p = ${ri.p_value.toPrecision(3)}; with ${tw.n_clusters} offices, p cannot be smaller than ${(1 / ri.assignments).toPrecision(2)} in the latter.`,
    );
  }
  const f = cox?.pooled;
  if (f) {
    const j = f.terms.indexOf("pilot");
    if (j >= 0) {
      out.push(
        plainLanguageHazardRatio({
          estimate: f.hazard_ratio[j],
          lower: f.hr_lower[j],
          upper: f.hr_upper[j],
          p: f.p[j],
          method: { name: "Cox, robust by office", clusters: 10 },
        }),
      );
    }
  }
  return out;
}

export function jobHtml(input: {
  title: string;
  summary: string[];
  tables: JobTable[];
  figures: NamedFigure[];
  footer: string[];
}): string {
  const t = (name: string) => input.tables.filter((x) => x.name === name || x.name.startsWith(`${name}-`));
  const f = (name: string) => input.figures.filter((x) => x.name === name).map((x) => ({ svg: x.figure.svg, caption: x.caption, alt: x.caption }));
  const sections: ReportSection[] = [
    {
      heading: "Did more users get work? Difference in differences",
      text: "The change in the share of exits from measures that went to work at pilot offices, minus the same change at control offices. With only ten offices, the table shows every inference method side by side; CR2 with Satterthwaite degrees of freedom is the recommended one.",
      tables: [...t("did-effect"), ...t("did-cells"), ...t("event-study")],
      figures: f("event-study"),
    },
    {
      heading: "Did they get work sooner? Time to work",
      text: "Days from 1 November 2012 (or later entry on a measure) to the first month in work, censored at moving, death or the end of observation.",
      tables: [...t("share-in-work"), ...t("hazard-ratios"), ...t("proportional-hazards")],
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
  return renderReport({
    title: input.title,
    subtitle: "Evaluation of the pilot: pilot offices against control offices",
    summary: input.summary,
    sections: sections.map((s) => ({
      ...s,
      tables: s.tables?.map((tb) => ({ caption: tb.caption, columns: tb.columns, rows: tb.rows, note: tb.note })),
    })),
    footer: input.footer,
  });
}
