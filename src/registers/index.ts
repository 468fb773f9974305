/** Register extracts → analysis data (exits with outcomes, time-to-work spells, baseline tables, quality). */
export * from "./config.js";
export * from "./months.js";
export * from "./schema.js";
export { prepare, type PrepareOptions, type PrepareResult, type PrepareSummary } from "./prepare.js";
export { simulate, jobShareAt, SIM_OFFICES, type SimulateOptions, type SimulateResult } from "./simulate.js";
export { OUTCOMES, classifyOutcome, type Outcome } from "./outcomes.js";
export { sortPersonMonth } from "./sort.js";
export type { QualityRow } from "./quality.js";
export type { BaselineRow, MeasureShareRow } from "./baseline-tables.js";
