import type { Command } from "commander";
import { CONF_TYPES, type ConfType } from "../../survival/confidence.js";
import { effectOverTimeSummary, kaplanMeierSummary, rmstSummary } from "../../summaries/kaplan-meier.js";
import { choice, emit, FORMATS, type InputOptions, integer, list, number, probability, readOptions, withInputOptions, type OutputFormat } from "../options.js";
import { UsageError } from "../../errors.js";

interface KmOptions extends InputOptions {
  eventValue?: string;
  data: string;
  time: string;
  start?: string;
  event: string;
  group?: string;
  levels?: string[];
  confType: ConfType;
  confLevel: number;
  times?: string[];
  weights?: string;
  cluster?: string;
  randomization?: string;
  pair?: string;
  tau?: number;
  draws: number;
  seed: number;
  format: OutputFormat;
}

export function register(program: Command): void {
  withInputOptions(program.command("km"))
    .description("Kaplan–Meier survival curves per group, as R's survfit (Greenwood standard errors)")
    .requiredOption("--data <file>", "data file (.csv, .arrow/.feather, .parquet)")
    .requiredOption("--time <col>", "follow-up (stop) time column, e.g. days to work or censoring")
    .option("--start <col>", "entry time column for delayed entry: at risk on (start, time]")
    .requiredOption("--event <col>", "event indicator column: 1 = event, 0 = censored")
    .option("--event-value <v>", "the event column's value that means event; every other value is censored (R's 1/2 coding: --event-value 2)")
    .option("--group <col>", "one curve per value of this column (labels as R: group=value)")
    .option("--levels <a,b,c>", "order of the group's levels (default: sorted)", list)
    .option("--conf-type <type>", "confidence limits: log, log-log, plain, logit or arcsin (as R's conf.type)", choice("conf-type", CONF_TYPES), "log")
    .option("--conf-level <p>", "confidence level", probability("conf-level"), 0.95)
    .option("--weights <col>", "case weights (positive) as R's survfit(weights=): Greenwood SE for whole numbers, infinitesimal jackknife for fractional weights (R's default)")
    .option("--times <t1,t2,…>", "also report survival at these times, with the events and censorings since the previous one", list)
    .option("--cluster <col>", "with --randomization: clusters the label is assigned to, e.g. office")
    .option("--randomization <col>", "0/1 column constant within --cluster (e.g. pilot): differences by --times and RMST with jackknife-by-cluster CIs and randomization p-values, log-rank with clusters randomized")
    .option("--pair <col>", "with --randomization: re-assign within pairs of clusters (e.g. county)")
    .option("--tau <days>", "restricted mean survival time up to this time per curve, as R's print(fit, rmean = tau), and the difference of two curves with its CI; with --randomization the RMST horizon of the contrast (default: the last of --times)", number("tau"))
    .option("--draws <n>", "enumerate all assignments when at most n, else sample n", integer("draws"), 9999)
    .option("--seed <s>", "seed for sampled assignments", integer("seed"), 1)
    .option("--format <format>", "output: table or json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Each curve has a row per distinct time: n_risk, n_event, n_censor, surv, std_err (Greenwood SE
of the cumulative hazard, as R), lower, upper, cuminc = 1 − surv; and the median with its CI.
Rows with a missing value in a used column are dropped and counted ("dropped").

Examples:
  effekt km --data spells.csv --time days --event work --group pilot
  effekt km --data spells.parquet --start entry --time exit --event work --group office \\
            --conf-type log-log --times 30,90,365 --format json`,
    )
    .action(async (o: KmOptions) => {
      const times = o.times?.map((s) => number("times")(s));
      const [{ readTable }, { kaplanMeierFromTable }, { recodeEvent }, { effectOverTimeFromTable }, { rmstFromKm }] = await Promise.all([
        import("../../io/read-table.js"),
        import("../../survival/km-from-table.js"),
        import("../../frame/event-codes.js"),
        import("../../survival/effect-over-time.js"),
        import("../../survival/rmst.js"),
      ]);
      const table = recodeEvent(await readTable(o.data, readOptions(o, [o.time, o.start, o.event, o.group, o.weights, o.cluster, o.randomization, o.pair])), o.event, o.eventValue);
      const r = kaplanMeierFromTable(table, {
        time: o.time,
        event: o.event,
        start: o.start,
        group: o.group,
        groupLevels: o.levels,
        confType: o.confType,
        confLevel: o.confLevel,
        times,
        weights: o.weights,
      });
      if (o.randomization) {
        if (!o.cluster) throw new UsageError("--randomization needs --cluster");
        if (!times?.length) throw new UsageError("--randomization needs --times (the days to compare)");
        const effect_over_time = effectOverTimeFromTable(table, {
          time: o.time,
          start: o.start,
          event: o.event,
          cluster: o.cluster,
          label: o.randomization,
          pair: o.pair,
          days: times,
          tau: o.tau,
          draws: o.draws,
          seed: o.seed,
          level: o.confLevel,
        });
        emit({ ...r, effect_over_time }, o.format, (x) => `${kaplanMeierSummary(x)}\n\n${effectOverTimeSummary(effect_over_time, o.randomization!)}`);
        return;
      }
      if (o.tau !== undefined) {
        const rmst = rmstFromKm(r, o.tau, o.confLevel);
        emit({ ...r, rmst }, o.format, (x) => `${kaplanMeierSummary(x)}\n\n${rmstSummary(rmst)}`);
        return;
      }
      emit(r, o.format, kaplanMeierSummary);
    });
}
