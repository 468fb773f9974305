/**
 * Printed summaries of results, as R's print and summary methods: one text per kind of result. The
 * CLI's table output is exactly these texts; notebooks print the same with `console.log(...)`.
 */
export { coxSummary } from "./cox.js";
export { kaplanMeierSummary, rmstSummary, effectOverTimeSummary } from "./kaplan-meier.js";
export { logrankSummary } from "./logrank.js";
export { cumincSummary } from "./cuminc.js";
export { didSummary, staggeredDidSummary } from "./did.js";
export { powerSummary } from "./power.js";
export { prepareSummaryText } from "./prepare.js";
export { runSummary, runSummaryText, type RunSummary } from "./run.js";
