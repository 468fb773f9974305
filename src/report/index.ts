/** The reporting layer: figures (Vega-Lite → SVG/PNG), tables, small-cell suppression, HTML report. */
export * from "./render.js";
export * from "./theme.js";
export * from "./survival-plot.js";
export * from "./event-study-plot.js";
export * from "./log-log-plot.js";
export * from "./bar-chart.js";
export * from "./cumulative-incidence-plot.js";
export * from "./write-table.js";
export * from "./suppress.js";
export * from "./format-estimate.js";
export * from "./plain-language.js";
export * from "./html-report.js";
export { LANGUAGES, type Lang } from "./i18n/lang.js";
