/** `effekt cox`: Cox proportional hazards regression (R's coxph + cox.zph) from a data file. */
import type { Command } from "commander";
import { readTable } from "../../io/read-table.js";
import { fmt, fmtP, textTable } from "../../report/text-table.js";
import { type CoxTableFit, coxphFromTable } from "../../survival/cox/from-table.js";
import { recodeEvent } from "../../frame/event-codes.js";
import { type InputOptions, type OutputFormat, FORMATS, choice, emit, keyList, keyValue, list, readOptions, withInputOptions } from "../options.js";

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
  zph?: boolean;
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
    .option("--zph", "also print the proportional-hazards test (always included in JSON output)")
    .option("--format <format>", "output: table or json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Rows missing any used column (time, start, event, covariates, strata, cluster, weights) are dropped
and counted in the output. Factor terms are named as R names them: column + level (celltypeadeno).
With --cluster, z, p and the confidence limits use the robust standard errors and the Wald test the
robust variance, as R's coxph(..., cluster=).

Examples:
  effekt cox --data lung.csv --time time --event dead --covariates age,sex,ph_ecog
  effekt cox --data exits.parquet --time days --event job --covariates pilot,age,impaired \\
      --cluster office --strata county --format json
  effekt cox --data heart.csv --start start --time stop --event event \\
      --covariates age,surgery,transplant --factor transplant=0 --zph`,
    )
    .action(async (opts: CoxOptions) => {
      const cols = [opts.time, opts.start, opts.event, ...opts.covariates, opts.strata, opts.cluster, opts.weights];
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
        zph: opts.format === "json" || !!opts.zph,
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
    textTable(["", "exp(coef)", "exp(-coef)", "lower .95", "upper .95"], ci),
    "",
    `Likelihood ratio test = ${fmt(t.lr.stat)}  on ${t.lr.df} df,   p = ${fmtP(t.lr.p)}`,
    `Wald test             = ${fmt(t.wald.stat)}  on ${t.wald.df} df,   p = ${fmtP(t.wald.p)}${robust ? "   (robust variance)" : ""}`,
    `Score (logrank) test  = ${fmt(t.score.stat)}  on ${t.score.df} df,   p = ${fmtP(t.score.p)}`,
    ...(t.robust_score ? [`Robust score test     = ${fmt(t.robust_score.stat)}  on ${t.robust_score.df} df,   p = ${fmtP(t.robust_score.p)}`] : []),
    ...(f.concordance ? [`Concordance = ${fmt(f.concordance.concordance)}  (se = ${fmt(f.concordance.std)})`] : []),
    `Variance: ${f.variance}${f.variance_reason ? ` (${f.variance_reason})` : ""}`,
    `Log-likelihood: ${fmt(f.loglik[0], 8)} (null), ${fmt(f.loglik[1], 8)} (model); iterations ${f.iter}`,
  ];
  if (opts.zph && f.zph_error) out.push("", `Proportional hazards test (cox.zph) not available: ${f.zph_error}`);
  if (opts.zph && f.zph) {
    out.push("", "Proportional hazards test (cox.zph, transform = km):");
    out.push(textTable(["", "chisq", "df", "p"], f.zph.rows.map((r, i) => [r, f.zph!.chisq[i], f.zph!.df[i], fmtP(f.zph!.p[i])])));
  }
  return out.join("\n");
}
