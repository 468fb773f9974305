import type { Command } from "commander";
import { readTable } from "../../io/read-table.js";
import { fmt, textTable } from "../../report/text-table.js";
import { CONF_TYPES, type ConfType } from "../../survival/confidence.js";
import type { KaplanMeierResult } from "../../survival/kaplan-meier.js";
import { kaplanMeierFromTable } from "../../survival/km-from-table.js";
import type { Dropped } from "../../frame/model-frame.js";
import { recodeEvent } from "../../frame/event-codes.js";
import { choice, emit, FORMATS, type InputOptions, list, number, probability, readOptions, withInputOptions, type OutputFormat } from "../options.js";

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
      const table = recodeEvent(await readTable(o.data, readOptions(o, [o.time, o.start, o.event, o.group, o.weights])), o.event, o.eventValue);
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
