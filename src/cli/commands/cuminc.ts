import type { Command } from "commander";
import { CONF_TYPES, type ConfType } from "../../survival/confidence.js";
import { cumincSummary } from "../../summaries/cuminc.js";
import { choice, emit, FORMATS, type InputOptions, list, number, probability, readOptions, withInputOptions, type OutputFormat } from "../options.js";

interface CumincOptions extends InputOptions {
  censorValue?: string;
  data: string;
  time: string;
  start?: string;
  cause: string;
  causes?: string[];
  group?: string;
  levels?: string[];
  confType: ConfType;
  confLevel: number;
  times?: string[];
  weights?: string;
  format: OutputFormat;
}

export function register(program: Command): void {
  withInputOptions(program.command("cuminc"))
    .description("Cumulative incidence with competing risks (Aalen–Johansen, as R's survfit with a multi-state status)")
    .requiredOption("--data <file>", "data file (.csv, .arrow/.feather, .parquet)")
    .requiredOption("--time <col>", "time of the first exit of any kind, or of censoring")
    .option("--start <col>", "entry time column for delayed entry: at risk on (start, time]")
    .requiredOption("--cause <col>", "exit cause: 0 = censored, 1..K = the competing exits")
    .option("--censor-value <v>", "the cause column's value that means censored (default 0); the other values become the causes, in sorted order, named by their values")
    .option("--causes <a,b,c>", "names of causes 1..K, e.g. work,disability,other", list)
    .option("--group <col>", "one set of curves per value of this column")
    .option("--levels <a,b,c>", "order of the group's levels (default: sorted)", list)
    .option("--conf-type <type>", "confidence limits: log, log-log, plain, logit or arcsin", choice("conf-type", CONF_TYPES), "log")
    .option("--conf-level <p>", "confidence level", probability("conf-level"), 0.95)
    .option("--weights <col>", "case weights (positive), as R's survfit(weights=): weighted estimates, infinitesimal-jackknife SEs")
    .option("--times <t1,t2,…>", "report the curves at these times (table, and at_times in JSON; table default: quartiles of the follow-up)", list)
    .option("--format <format>", "output: table or json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Standard errors are the infinitesimal jackknife (R's default). JSON gives, per group, every
distinct time with n_risk and, per cause, cuminc, std_err, lower and upper.

Examples (spells.arrow from effekt prepare: cr_stop, cause 1 work / 2 disability benefit / 3 other):
  effekt cuminc --data prepared/spells.arrow --start start --time cr_stop --cause cause \\
                --causes work,disability,other --group pilot --times 180,365,730`,
    )
    .action(async (o: CumincOptions) => {
      const times = o.times?.map((s) => number("times")(s));
      const [{ readTable }, { aalenJohansenFromTable }, { recodeCause }] = await Promise.all([
        import("../../io/read-table.js"),
        import("../../survival/cuminc-from-table.js"),
        import("../../frame/event-codes.js"),
      ]);
      const read = await readTable(o.data, readOptions(o, [o.time, o.start, o.cause, o.group, o.weights]));
      const { table, causes } = recodeCause(read, o.cause, o.censorValue);
      const r = aalenJohansenFromTable(table, {
        time: o.time,
        start: o.start,
        cause: o.cause,
        causeLevels: o.causes ?? causes,
        group: o.group,
        groupLevels: o.levels,
        confType: o.confType,
        confLevel: o.confLevel,
        times,
        weights: o.weights,
      });
      emit(r, o.format, (res) => cumincSummary(res, times));
    });
}
