/** `effekt cox`: Cox proportional hazards regression (R's coxph + cox.zph) from a data file. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { fmt, fmtP, textTable } from "../../report/text-table.js";
import type { CoxTableFit } from "../../survival/cox/from-table.js";
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
      emit(fit, opts.format, (f) => renderCox(f, opts));
    });
}

/** Text like R's summary(coxph). */
export function renderCox(f: CoxTableFit, opts: { zph?: boolean } = {}): string {
  const robust = !!f.robust_se;
  const headers = ["", "coef", "exp(coef)", "se(coef)", ...(robust ? ["robust se"] : []), "z", "Pr(>|z|)"];
  const rows = f.terms.map((t, j) => [
    t,
    f.coef[j],
    f.hazard_ratio[j],
    f.se[j],
    ...(robust ? [f.robust_se![j]] : []),
    f.z[j],
    fmtP(f.p[j]),
  ]);
  const lvl = String(f.conf_level).replace(/^0/, ""); // R's summary(coxph) header: "lower .95"
  const ci = f.terms.map((t, j) => [t, f.hazard_ratio[j], 1 / f.hazard_ratio[j], f.hr_lower[j], f.hr_upper[j]]);
  const dropped = f.dropped.total
    ? `${f.dropped.total} (missing: ${Object.entries(f.dropped.missing).map(([c, k]) => `${c} ${k}`).join(", ")})`
    : "0";
  const t = f.tests;
  const out = [
    `Cox proportional hazards (${f.ties} ties${f.nstrata > 1 ? `, ${f.nstrata} strata` : ""})`,
    `  n = ${f.n}, number of events = ${f.nevent}, rows dropped = ${dropped}`,
    "",
    textTable(headers, rows),
    ...Object.entries(f.factors ?? {}).map(([c, v]) => `  reference level of ${c}: ${v.reference} (levels: ${v.levels.join(", ")})`),
    "",
    textTable(["", "exp(coef)", "exp(-coef)", `lower ${lvl}`, `upper ${lvl}`], ci),
    "",
    `Likelihood ratio test = ${fmt(t.lr.stat)}  on ${t.lr.df} df,   p = ${fmtP(t.lr.p)}`,
    `Wald test             = ${fmt(t.wald.stat)}  on ${t.wald.df} df,   p = ${fmtP(t.wald.p)}${robust ? "   (robust variance)" : ""}`,
    `Score (logrank) test  = ${fmt(t.score.stat)}  on ${t.score.df} df,   p = ${fmtP(t.score.p)}`,
    ...(t.robust_score ? [`Robust score test     = ${fmt(t.robust_score.stat)}  on ${t.robust_score.df} df,   p = ${fmtP(t.robust_score.p)}`] : []),
    ...(f.concordance ? [`Concordance = ${fmt(f.concordance.concordance)}  (se = ${fmt(f.concordance.std)})`] : []),
    `Variance: ${f.variance}${f.variance_reason ? ` (${f.variance_reason})` : ""}`,
    `Log-likelihood: ${fmt(f.loglik[0], 8)} (null), ${fmt(f.loglik[1], 8)} (model); iterations ${f.iter}`,
  ];
  const ss = f.small_sample;
  if (ss) {
    out.push(
      "",
      `Small-sample cluster-robust inference (CR1: robust variance × ${ss.clusters}/${ss.clusters - 1}, t with ${ss.df} df; ${ss.clusters} clusters):`,
      textTable(["", "se", "t", "Pr(>|t|)", "lower .95", "upper .95"], f.terms.map((t, j) => [t, ss.se[j], ss.t[j], fmtP(ss.p[j]), ss.hr_lower[j], ss.hr_upper[j]])),
    );
  }
  const jk = f.jackknife;
  if (jk) {
    out.push(
      "",
      `Cluster jackknife (CV3: refits leaving out each of ${jk.clusters} clusters, t with ${jk.df} df):`,
      textTable(["", "se", "t", "Pr(>|t|)", `lower ${String(jk.level).replace(/^0/, "")}`, `upper ${String(jk.level).replace(/^0/, "")}`], f.terms.map((t, j) => [t, jk.se[j], jk.t[j], fmtP(jk.p[j]), jk.hr_lower[j], jk.hr_upper[j]])),
    );
  }
  const ri = f.randomization;
  if (ri) {
    out.push(
      "",
      `Randomization inference for ${ri.term} (robust z over ${ri.assignments} ${ri.exhaustive ? "assignments, all possible" : `assignments, sampled with seed ${ri.seed}`}${ri.within_pairs ? ", within pairs" : ""}):`,
      `  z = ${fmt(ri.z)}, p = ${fmtP(ri.p_value)}; ${ri.ci ? `${Math.round(ri.level * 100)}% CI for the hazard ratio ${fmt(ri.ci[0])} to ${fmt(ri.ci[1])} (test inversion)` : "no interval"}${ri.ci_note ? ` (${ri.ci_note})` : ""}`,
    );
  }
  for (const w of f.warnings ?? []) out.push("", `Warning: ${w}`);
  if (opts.zph && f.zph_error) out.push("", `Proportional hazards test (cox.zph) not available: ${f.zph_error}`);
  if (opts.zph && f.zph) {
    out.push("", "Proportional hazards test (cox.zph, transform = km):");
    out.push(textTable(["", "chisq", "df", "p"], f.zph.rows.map((r, i) => [r, f.zph!.chisq[i], f.zph!.df[i], fmtP(f.zph!.p[i])])));
  }
  return out.join("\n");
}
