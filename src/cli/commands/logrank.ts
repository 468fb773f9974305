import { Option, type Command } from "commander";
import { UsageError } from "../../errors.js";
import { logrankSummary } from "../../summaries/logrank.js";
import { choice, emit, FORMATS, type InputOptions, list, nonNegative, readOptions, withInputOptions, type OutputFormat } from "../options.js";

interface LogrankOptions extends InputOptions {
  eventValue?: string;
  data: string;
  time: string;
  start?: string;
  event: string;
  group: string;
  levels?: string[];
  strata?: string;
  rho: number;
  weights?: string;
  format: OutputFormat;
}

export function register(program: Command): void {
  withInputOptions(program.command("logrank"))
    .description("Log-rank (or Peto–Peto) test that survival differs between groups, as R's survdiff")
    .requiredOption("--data <file>", "data file (.csv, .arrow/.feather, .parquet)")
    .requiredOption("--time <col>", "follow-up (stop) time column")
    .option("--start <col>", "entry time column for delayed entry (an extension: R's survdiff has none)")
    .requiredOption("--event <col>", "event indicator column: 1 = event, 0 = censored")
    .option("--event-value <v>", "the event column's value that means event; every other value is censored (R's 1/2 coding: --event-value 2)")
    .requiredOption("--group <col>", "groups to compare, e.g. pilot")
    .option("--levels <a,b,c>", "order of the group's levels (default: sorted)", list)
    .option("--strata <col>", "stratified test: O − E and variances summed over strata, e.g. county")
    .option("--rho <r>", "Harrington–Fleming weights S(t−)^rho, any rho ≥ 0: 0 = log-rank, 1 = Peto–Peto", nonNegative("rho"), 0)
    .option("--format <format>", "output: table or json", choice("format", FORMATS), "table")
    .addOption(new Option("--weights <col>").hideHelp())
    .addHelpText(
      "after",
      `
No case weights: R's survdiff has none; a weighted comparison is the score test of
effekt cox --covariates GROUP --weights COL (robust, as R's coxph, with fractional weights).

Output: chisq, df (= groups − 1), p, and per group observed and expected events (weighted when
rho > 0, as R) and the variance matrix of O − E. Rows with missing values are dropped and counted.

Examples:
  effekt logrank --data spells.csv --time days --event work --group pilot
  effekt logrank --data spells.csv --time days --event work --group pilot --strata county --rho 1 --format json`,
    )
    .action(async (o: LogrankOptions) => {
      if (o.weights !== undefined) {
        throw new UsageError(`logrank has no case weights (R's survdiff has none): for a weighted comparison use effekt cox --covariates ${o.group} --weights ${o.weights} and its score test`);
      }
      const [{ readTable }, { logrankFromTable }, { recodeEvent }] = await Promise.all([
        import("../../io/read-table.js"),
        import("../../survival/km-from-table.js"),
        import("../../frame/event-codes.js"),
      ]);
      const table = recodeEvent(await readTable(o.data, readOptions(o, [o.time, o.start, o.event, o.group, o.strata])), o.event, o.eventValue);
      const r = logrankFromTable(table, {
        time: o.time,
        event: o.event,
        start: o.start,
        group: o.group,
        groupLevels: o.levels,
        strata: o.strata,
        rho: o.rho,
      });
      emit(r, o.format, logrankSummary);
    });
}
