/** effekt's public API: what notebooks import and what the CLI is a thin shell over. */
export { VERSION } from "./version.js";
export * from "./errors.js";
export * from "./io/table.js";
export { readTable } from "./io/read-table.js";
export type { ReadOptions, Encoding } from "./io/read-options.js";
export { ENCODINGS } from "./io/read-options.js";
export { recodeEvent, recodeCause } from "./frame/event-codes.js";
export { parseNumber } from "./frame/parse-number.js";
export { readArrow, fromArrowTable } from "./io/arrow.js";
export * from "./frame/model-frame.js";
export * from "./stats/distributions.js";
export * from "./survival/cox/index.js";
export { kaplanMeier } from "./survival/kaplan-meier.js";
export type { KaplanMeierInput, KaplanMeierResult, KaplanMeierCurve, AtTimes } from "./survival/kaplan-meier.js";
export { logrank } from "./survival/logrank.js";
export type { LogrankInput, LogrankResult } from "./survival/logrank.js";
export { aalenJohansen } from "./survival/cumulative-incidence.js";
export type { AalenJohansenInput, AalenJohansenResult, AalenJohansenCurve, CauseCurve } from "./survival/cumulative-incidence.js";
export { kaplanMeierFromTable, logrankFromTable } from "./survival/km-from-table.js";
export type { KaplanMeierSpec, LogrankSpec } from "./survival/km-from-table.js";
export { aalenJohansenFromTable } from "./survival/cuminc-from-table.js";
export type { AalenJohansenSpec } from "./survival/cuminc-from-table.js";
export { confLimits, medianOf, CONF_TYPES } from "./survival/confidence.js";
export { rmstFromKm } from "./survival/rmst.js";
export type { RmstResult, RmstCurve } from "./survival/rmst.js";
export type { ConfType } from "./survival/confidence.js";
export {
  survivalPlot, survivalPlotSpec, numberAtRisk, eventStudyPlot, eventStudyPlotSpec, logLogPlot, logLogPlotSpec,
  barChart, barChartSpec, cumulativeIncidencePlot, cumulativeIncidencePlotSpec, renderVegaLite, svgToPng,
  writeTable, suppressSmallCells, applySuppression, formatEstimate, formatPValue, plainLanguageEffect,
  plainLanguageHazardRatio, renderReport, SUPPRESSED, LANGUAGES,
} from "./report/index.js";
export type {
  Figure, SurvivalCurve, SurvivalPlotOptions, EventStudyCoefficient, EventStudyOptions, LogLogPlotOptions, BarDatum,
  BarChartOptions, IncidenceCurve, IncidencePlotOptions, ColumnSpec, TableRow, TableFormats, WrittenTable,
  SuppressOptions, SuppressionResult, InferenceMethod, EstimateWithCi, EffectSentenceOptions, ReportInput,
  ReportSection, ReportTable, ReportFigure, Lang,
} from "./report/index.js";
export * from "./did/index.js";
export * from "./registers/index.js";
export { toDataFrame, loadDanfo } from "./interop/dataframe.js";
export { tidy, glance, toArrow } from "./interop/tidy.js";
export { htmlTable, formatCell, type HtmlTableOptions } from "./interop/html-table.js";
export { runJob, type RunOptions, type RunResult } from "./job/run-job.js";
export * from "./summaries/index.js";
export type { CoxTermRow, CurvePointRow, CausePointRow, LogrankGroupRow, DidMethodRow, CoxGlance, KaplanMeierGlance, LogrankGlance, DidGlance } from "./interop/tidy.js";
