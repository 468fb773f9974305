/** `effekt did`: the whole difference-in-differences design with few-cluster inference. */
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { didSummary, staggeredDidSummary } from "../../summaries/did.js";
import { choice, emit, FORMATS, type InputOptions, integer, keyList, keyValue, list, number, probability, readOptions, withInputOptions, type OutputFormat } from "../options.js";

interface Opts extends InputOptions {
  data: string;
  outcome: string;
  unit: string;
  time: string;
  treated?: string;
  firstTreated: string;
  ssc: "full" | "nested";
  csSmallSample?: boolean;
  covariates?: string[];
  factor?: Record<string, string>;
  levels?: Record<string, string[]>;
  cluster?: string;
  pair?: string;
  referencePeriod?: number;
  draws: number;
  riDraws: number;
  riMax: number;
  seed: number;
  bootWeights?: "rademacher" | "webb" | "mammen";
  weights?: string;
  weightType: "analytic" | "frequency" | "shares";
  binaryOutcome?: boolean;
  confLevel: number;
  format: OutputFormat;
  control: "never" | "notyet";
}

export function register(program: Command): void {
  withInputOptions(program.command("did"))
    .description("Difference-in-differences: 2×2, TWFE (iid, CR1, CR2-Satterthwaite), wild cluster bootstrap, randomization inference, event study")
    .requiredOption("--data <file>", "data file (CSV, Arrow, Parquet), one row per individual (or unit-period)")
    .requiredOption("--outcome <col>", "outcome column, e.g. job")
    .requiredOption("--unit <col>", "unit whose fixed effects are absorbed, e.g. office")
    .requiredOption("--time <col>", "numeric period column, e.g. year")
    .option("--treated <col>", "0/1 column: the unit is a pilot unit, e.g. pilot (required when --first-treated is a period; not used when it names a column)")
    .requiredOption("--first-treated <period|col>", "first treated period, e.g. 2013; or a column with each unit's first treated period (staggered adoption, 0 = never treated) for Callaway–Sant'Anna")
    .option("--control <kind>", "staggered only: never (never-treated controls, default) or notyet (not-yet-treated)", choice("control", ["never", "notyet"] as const), "never")
    .option("--covariates <cols>", "individual covariates, comma-separated, e.g. age,impaired", list)
    .option("--factor <col=ref>", "treat a covariate as a factor with this reference level (repeatable; also a numeric-looking one)", keyValue)
    .option("--levels <col=a,b,c>", "level order of a factor covariate (repeatable)", keyList)
    .option("--cluster <col>", "cluster column (default: the unit); units must be nested in clusters")
    .option("--pair <col>", "pair column (e.g. county): randomization inference flips the label within pairs")
    .option("--reference-period <period>", "event-study reference period (default: the last pre-period), e.g. 2012", number("reference-period"))
    .option("--draws <n>", "wild bootstrap draws; all 2^G sign vectors are used when 2^G ≤ n", integer("draws"), 9999)
    .option("--ri-draws <n>", "randomization inference: assignments sampled when there are more than --ri-max possible ones", integer("ri-draws"), 9999)
    .option("--ri-max <n>", "randomization inference: enumerate every assignment up to this many", integer("ri-max"), 100000)
    .option("--seed <s>", "seed of the random bootstrap draws and sampled assignments", integer("seed"), 1)
    .option("--boot-weights <kind>", "rademacher, webb or mammen (default: rademacher when all 2^G sign vectors can be enumerated, else webb)", choice("boot-weights", ["rademacher", "webb", "mammen"] as const))
    .option("--weights <col>", "observation weights column")
    .option("--weight-type <kind>", "analytic (as lm(weights =), default), frequency (each row is w identical individuals) or shares (the outcome is the share of a 0/1 outcome among the row's w individuals, e.g. office × period aggregates): frequency and shares give the individual-level inference", choice("weight-type", ["analytic", "frequency", "shares"] as const), "analytic")
    .option("--binary-outcome", "require the outcome to be 0/1")
    .option("--ssc <kind>", "CR1 small-sample factor: full (every coefficient counted, as sandwich HC1 and Stata; default) or nested (unit effects nested in clusters not counted, as fixest and pyfixest by default)", choice("ssc", ["full", "nested"] as const), "full")
    .option("--cs-small-sample", "staggered: multiply Callaway–Sant'Anna SEs by sqrt(G/(G-1)) (default: without, as R's did and csdid)")
    .option("--conf-level <p>", "confidence level of every interval (CR1, CR2, bootstrap, randomization, event study)", probability("conf-level"), 0.95)
    .option("--format <fmt>", "table or json", choice("format", FORMATS), "table")
    .addHelpText("after", "\nExample:\n  effekt did --data exits.csv --outcome job --unit office --time year --treated pilot --first-treated 2013 --pair county --format json")
    .action(async (o: Opts) => {
      const ft = Number(o.firstTreated);
      const cols = [o.outcome, o.unit, o.time, o.treated, ...(o.covariates ?? []), o.cluster, o.pair, o.weights];
      const [{ readTable }, { didFromTable, didStaggeredFromTable }] = await Promise.all([import("../../io/read-table.js"), import("../../did/from-table.js")]);
      const table = await readTable(o.data, { ...readOptions(o, cols), columns: Number.isFinite(ft) ? readOptions(o, cols).columns : undefined });
      if (!Number.isFinite(ft)) {
        if (!table.columns.has(o.firstTreated)) {
          throw new UsageError(`--first-treated "${o.firstTreated}" is neither a period nor a column of ${o.data}`);
        }
        const s = didStaggeredFromTable(table, {
          outcome: o.outcome, unit: o.unit, time: o.time, treated: o.treated, firstTreated: o.firstTreated,
          covariates: o.covariates, factors: o.factor, levels: o.levels, cluster: o.cluster, pair: o.pair, referencePeriod: o.referencePeriod,
          draws: o.draws, seed: o.seed, bootWeights: o.bootWeights, weights: o.weights, weightType: o.weightType,
          binaryOutcome: o.binaryOutcome, level: o.confLevel, control: o.control, ssc: o.ssc, csSmallSample: o.csSmallSample,
        });
        emit(s, o.format, staggeredDidSummary);
        return;
      }
      const r = didFromTable(table, {
        outcome: o.outcome,
        unit: o.unit,
        time: o.time,
        treated: o.treated ?? "",
        firstTreated: ft,
        covariates: o.covariates,
        factors: o.factor,
        levels: o.levels,
        cluster: o.cluster,
        pair: o.pair,
        referencePeriod: o.referencePeriod,
        draws: o.draws,
        riDraws: o.riDraws,
        riMaxAssignments: o.riMax,
        seed: o.seed,
        bootWeights: o.bootWeights,
        weights: o.weights,
        weightType: o.weightType,
        binaryOutcome: o.binaryOutcome,
        level: o.confLevel,
        ssc: o.ssc,
      });
      emit(r, o.format, didSummary);
    });
}
