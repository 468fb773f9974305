/** `effekt cox`: Cox proportional hazards regression (R's coxph + cox.zph) from a data file. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { coxSummary } from "../../summaries/cox.js";
import { type InputOptions, type OutputFormat, FORMATS, choice, emit, integer, keyList, keyValue, list, probability, readOptions, withInputOptions } from "../options.js";

interface CoxOptions extends InputOptions {
  eventValue?: string;
  data: string;
  time: string;
  start?: string;
  event: string;
  covariates: string[];
  factor?: Record<string, string>;
  levels?: Record<string, string[]>;
  strata?: string;
  cluster?: string;
  weights?: string;
  ties: "efron" | "breslow";
  confLevel: number;
  zph?: boolean;
  randomization?: string;
  pair?: string;
  draws?: number;
  seed?: number;
  format: OutputFormat;
}

export function register(program: Command): void {
  withInputOptions(program.command("cox"))
    .description("Cox proportional hazards regression (as R's coxph), with the cox.zph test of proportional hazards")
    .requiredOption("--data <file>", "data file (.csv, .arrow/.feather, .parquet)")
    .requiredOption("--time <col>", "follow-up time, or the stop time with --start")
    .option("--start <col>", "entry time for delayed entry / counting-process data: at risk on (start, time]")
    .requiredOption("--event <col>", "event indicator column, 1 = event, 0 = censored")
    .option("--event-value <v>", "the event column's value that means event; every other value is censored (R's 1/2 coding: --event-value 2)")
    .requiredOption("--covariates <a,b,c>", "model terms, comma-separated (text columns become factors)", list)
    .option("--factor <col=ref>", "treat a covariate as a factor with this reference level (repeatable)", keyValue)
    .option("--levels <col=a,b,c>", "level order of a factor covariate (repeatable)", keyList)
    .option("--strata <col>", "separate baseline hazard (risk sets) per value of this column")
    .option("--cluster <col>", "cluster-robust (grouped sandwich) standard errors by this column, e.g. office")
    .option("--weights <col>", "case weights column (positive)")
    .option("--ties <method>", "tie handling: efron or breslow", choice("ties", ["efron", "breslow"] as const), "efron")
    .option("--conf-level <p>", "level of the hazard-ratio confidence limits", probability("conf-level"), 0.95)
    .option("--randomization <col>", "randomization inference for this 0/1 covariate, constant within --cluster (e.g. pilot): robust z over re-assignments of the label to clusters, with a CI by test inversion")
    .option("--pair <col>", "with --randomization: re-assign the label within pairs of clusters given by this column (e.g. county)")
    .option("--draws <n>", "with --randomization: enumerate all assignments when there are at most n, else sample n (seeded)", integer("draws"), 9999)
    .option("--seed <s>", "seed for sampled assignments", integer("seed"), 1)
    .option("--zph", "also print the proportional-hazards test (always included in JSON output)")
    .option("--format <format>", "output: table or json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Rows missing any used column (time, start, event, covariates, strata, cluster, weights) are dropped
and counted in the output. Factor terms are named as R names them: column + level (celltypeadeno).
With --cluster, z, p and the confidence limits use the robust standard errors and the Wald test the
robust variance, as R's coxph(..., cluster=). The output adds a small-sample row (CR1: variance
times G/(G-1), t with G-1 df) and, below 30 clusters, the cluster jackknife (CV3: G refits leaving
one cluster out, t with G-1 df; JSON "jackknife") and a warning; fewer than 2 clusters is an error
(exit 4). --randomization adds "randomization": {statistic: "robust_z", p_value, assignments, ci}
(ci for the hazard ratio, a null limit = unbounded; ci null with a note when too few assignments allow no 95% interval).
With few clusters the randomization p and interval are the ones to read (the job report's default:
exact when clusters are exchangeable); without a label to randomize, the jackknife row. The main
table keeps R's robust z, which over-rejects with 10 clusters (13% at the 5% level; README).

Examples:
  effekt cox --data lung.csv --time time --event dead --covariates age,sex,ph_ecog
  effekt cox --data exits.parquet --time days --event job --covariates pilot,age,impaired \\
      --cluster office --strata county --format json
  effekt cox --data spells.arrow --start start --time stop --event event --covariates pilot,age \\
      --strata county --cluster office --randomization pilot --pair county
  effekt cox --data heart.csv --start start --time stop --event event \\
      --covariates age,surgery,transplant --factor transplant=0 --zph`,
    )
    .action(async (opts: CoxOptions) => {
      if (opts.pair && !opts.randomization) throw new UsageError("--pair needs --randomization");
      // the reader and the estimator are loaded when the command runs (start-up: docs/benchmarks.md)
      const [{ readTable }, { coxphFromTable }, { recodeEvent }] = await Promise.all([
        import("../../io/read-table.js"),
        import("../../survival/cox/from-table.js"),
        import("../../frame/event-codes.js"),
      ]);
      const cols = [opts.time, opts.start, opts.event, ...opts.covariates, opts.strata, opts.cluster, opts.weights, opts.pair];
      const table = recodeEvent(await readTable(opts.data, readOptions(opts, cols)), opts.event, opts.eventValue);
      const fit = coxphFromTable(table, {
        time: opts.time,
        start: opts.start,
        event: opts.event,
        covariates: opts.covariates,
        factors: opts.factor,
        levels: opts.levels,
        strata: opts.strata,
        cluster: opts.cluster,
        weights: opts.weights,
        ties: opts.ties,
        confLevel: opts.confLevel,
        zph: opts.format === "json" || !!opts.zph,
        randomization: opts.randomization,
        pair: opts.pair,
        draws: opts.draws,
        seed: opts.seed,
      });
      emit(fit, opts.format, (f) => coxSummary(f, opts));
    });
}
