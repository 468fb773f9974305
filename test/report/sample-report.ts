/** A small hand-made report used by the figure and browser tests (numbers are illustrative, not results). */
import {
  barChart, cumulativeIncidencePlot, eventStudyPlot, logLogPlot, plainLanguageEffect, renderReport, survivalPlot,
} from "../../src/report/index.js";
import type { SurvivalCurve } from "../../src/report/index.js";

export const CURVES: SurvivalCurve[] = [
  { group: "Pilot offices", time: [10, 20, 30, 45, 60, 90], surv: [0.9, 0.8, 0.7, 0.55, 0.5, 0.4],
    lower: [0.85, 0.72, 0.6, 0.45, 0.4, 0.3], upper: [0.95, 0.88, 0.8, 0.65, 0.6, 0.5], n_risk: [100, 90, 80, 70, 55, 50] },
  { group: "Control offices", time: [12, 25, 33, 50, 70, 100], surv: [0.95, 0.88, 0.8, 0.7, 0.65, 0.6],
    lower: [0.9, 0.8, 0.72, 0.6, 0.55, 0.5], upper: [0.99, 0.94, 0.88, 0.8, 0.75, 0.7], n_risk: [120, 114, 106, 96, 84, 78] },
];

export const COEFS = [
  { period: 2010, estimate: 0.004, lower: -0.02, upper: 0.028 },
  { period: 2011, estimate: -0.006, lower: -0.03, upper: 0.018 },
  { period: 2013, estimate: 0.08, lower: 0.05, upper: 0.11 },
  { period: 2014, estimate: 0.11, lower: 0.075, upper: 0.143 },
  { period: 2015, estimate: 0.12, lower: 0.08, upper: 0.16 },
];

export async function sampleFigures() {
  return {
    survival: await survivalPlot(CURVES, { kind: "incidence", title: "Share in work by day t", xTitle: "Days since exit", yTitle: "Share in work" }),
    eventStudy: await eventStudyPlot(COEFS, { reference: 2012, title: "Effect by year", xTitle: "Year", percentPoints: true }),
    logLog: await logLogPlot(CURVES, { xTitle: "Days since exit (log scale)" }),
    bars: await barChart(
      [2010, 2011, 2012, 2013].flatMap((y, i) => [
        { category: y, group: "Pilot", value: 0.3 + 0.02 * i },
        { category: y, group: "Control", value: 0.31 + 0.01 * i },
      ]),
      { title: "Share in work two months after exit", percent: true, xTitle: "Year of exit" },
    ),
    incidence: await cumulativeIncidencePlot(
      ["Pilot", "Control"].flatMap((g, gi) => [
        { group: g, cause: "Work", time: [10, 30, 60], cif: [0.1 + 0.05 * (1 - gi), 0.25, 0.4 - 0.05 * gi] },
        { group: g, cause: "Education", time: [15, 40], cif: [0.05, 0.1] },
      ]),
      { stacked: true, title: "Exits by destination", xTitle: "Days since exit" },
    ),
  };
}

export async function sampleReport(): Promise<string> {
  const f = await sampleFigures();
  return renderReport({
    title: "Did the pilot help people into work?",
    subtitle: "Sample report with illustrative numbers",
    summary: [
      plainLanguageEffect(
        { estimate: 0.109, lower: 0.075, upper: 0.143, p: 0.0004, method: { name: "CR2", df: 8, clusters: 10 } },
      ),
    ],
    sections: [
      { heading: "Time to work", text: "Share of people in work by days since exit.", figures: [{ svg: f.survival.svg, caption: "Cumulative share in work." }, { svg: f.logLog.svg, caption: "Proportional-hazards check." }] },
      { heading: "Effect by year", figures: [{ svg: f.eventStudy.svg, caption: "Event study, reference year 2012." }] },
      { heading: "Baseline", figures: [f.bars.svg, f.incidence.svg],
        tables: [{ caption: "Persons by office type", columns: [{ key: "group", label: "Group" }, { key: "n", label: "Persons" }], rows: [{ group: "Pilot", n: 250 }, { group: "Control", n: ":" }], note: ": not shown (fewer than 5 persons)." }] },
    ],
    footer: "effekt sample report.",
  });
}
