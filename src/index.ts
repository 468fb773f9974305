/** effekt's public API: what notebooks import and what the CLI is a thin shell over. */
export { VERSION } from "./version.js";
export * from "./errors.js";
export * from "./io/table.js";
export { readTable } from "./io/read-table.js";
export { readCsv, parseCsv } from "./io/csv.js";
export { readArrow, fromArrowTable } from "./io/arrow.js";
export { readParquet } from "./io/parquet.js";
export * from "./frame/model-frame.js";
export * from "./stats/distributions.js";
