import type { Command } from "commander";
import { fmt, textTable } from "../../report/text-table.js";
import { CONF_TYPES, type ConfType } from "../../survival/confidence.js";
import type { KaplanMeierResult } from "../../survival/kaplan-meier.js";
import type { Dropped } from "../../frame/model-frame.js";
import { choice, emit, FORMATS, type InputOptions, integer, list, number, probability, readOptions, withInputOptions, type OutputFormat } from "../options.js";
import { UsageError } from "../../errors.js";
import type { EffectOverTime } from "../../survival/effect-over-time.js";
import type { RmstResult } from "../../survival/rmst.js";

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
        emit({ ...r, effect_over_time }, o.format, (x) => `${renderKm(x)}\n\n${renderEffectOverTime(effect_over_time, o.randomization!)}`);
        return;
      }
      if (o.tau !== undefined) {
        const rmst = rmstFromKm(r, o.tau, o.confLevel);
        emit({ ...r, rmst }, o.format, (x) => `${renderKm(x)}\n\n${renderRmst(rmst)}`);
        return;
      }
      emit(r, o.format, renderKm);
    });
}

/** Like R's print(fit) followed by summary(fit): per curve, its event times (or the requested times). */
export function renderKm(r: KaplanMeierResult & { dropped: Dropped }): string {
  const pct = `${fmt(r.conf_level * 100)}%`;
  const out: string[] = [];
  out.push(
    textTable(
      ["curve", "n", "events", "median", `${pct} LCL`, `${pct} UCL`],
      r.curves.map((c) => [c.group, c.n, c.events, c.median, c.median_lower, c.median_upper]),
    ),
  );
  for (const c of r.curves) {
    out.push("", `${c.group}  (conf.type ${r.conf_type})`);
    const rows: (number | string)[][] = [];
    if (c.at_times) {
      const a = c.at_times;
      for (let i = 0; i < a.time.length; i++) rows.push([a.time[i], a.n_risk[i], a.n_event[i], a.n_censor[i], a.surv[i], a.std_err_surv[i], a.lower[i], a.upper[i]]);
      out.push(textTable(["time", "n.risk", "n.event", "n.censor", "survival", "std.err", `lower ${pct}`, `upper ${pct}`], rows));
    } else {
      for (let i = 0; i < c.time.length; i++) {
        if (c.n_event[i] > 0) rows.push([c.time[i], c.n_risk[i], c.n_event[i], c.surv[i], c.std_err[i], c.lower[i], c.upper[i]]);
      }
      out.push(textTable(["time", "n.risk", "n.event", "survival", "std.err", `lower ${pct}`, `upper ${pct}`], rows));
    }
  }
  if (r.dropped.total > 0) out.push("", `${r.dropped.total} rows dropped (missing: ${JSON.stringify(r.dropped.missing)})`);
  return out.join("\n");
}

/** RMST per curve (R's print(fit, rmean = τ)) and the difference of two curves. */
export function renderRmst(r: RmstResult): string {
  const pct = `${fmt(r.conf_level * 100)}%`;
  const out = [`Restricted mean survival time up to ${fmt(r.tau)}`, textTable(["curve", "rmean", "se(rmean)"], r.curves.map((c) => [c.group, c.rmean, c.se]))];
  const d = r.difference;
  if (d) out.push(`difference ${d.groups[0]} − ${d.groups[1]}: ${fmt(d.estimate)} (SE ${fmt(d.se)}), ${pct} CI [${fmt(d.ci[0])}, ${fmt(d.ci[1])}], p = ${fmt(d.p)}`);
  return out.join("\n");
}

/** Differences by day and RMST, label 1 − label 0, with few-cluster inference. */
export function renderEffectOverTime(e: EffectOverTime, label: string): string {
  const lv = Math.round(e.level * 100);
  const rows: (number | string)[][] = e.share_by_day.map((d) => [`1 − S(${d.day})`, d.pilot, d.control, d.difference, d.ci_cluster[0], d.ci_cluster[1], d.p_randomization]);
  const r = e.rmst;
  rows.push([`RMST(${r.tau})`, r.pilot, r.control, r.difference, r.ci_cluster[0], r.ci_cluster[1], r.p_randomization]);
  return [
    `${label} = 1 against ${label} = 0, ${e.clusters} clusters; CIs: leave-one-cluster-out jackknife, t(${e.clusters - 1}); p: randomization over ${e.assignments} assignments${e.within_pairs ? " within pairs" : ""}${e.exhaustive ? "" : " (sampled)"}`,
    textTable(["", `${label}=1`, `${label}=0`, "difference", `lower ${lv}%`, `upper ${lv}%`, "p (randomization)"], rows),
    `Log-rank${e.logrank.stratified_by_pair ? " (stratified by pair)" : ""}: chisq = ${fmt(e.logrank.chisq)}, p (persons independent) = ${fmt(e.logrank.p_iid)}, p (clusters randomized) = ${fmt(e.logrank.p_randomization)}`,
  ].join("\n");
}
