/** `effekt power`: power and minimum detectable effect of a DiD design, by formula or simulation. */
import type { Command } from "commander";
import type { PowerMethod } from "../../power/did-power.js";
import { powerSummary } from "../../summaries/power.js";
import { choice, emit, FORMATS, integer, number, probability, type OutputFormat } from "../options.js";

interface PowerOptions {
  offices: number;
  treated?: number;
  persons: number;
  pre: number;
  post: number;
  baseline: number;
  icc: number;
  method: PowerMethod;
  effect?: number;
  alpha: number;
  power: number;
  reps?: number;
  seed: number;
  simulate?: boolean;
  format: OutputFormat;
}

export function register(program: Command): void {
  program
    .command("power")
    .description("Power and minimum detectable effect (MDE) of a difference-in-differences design with few offices")
    .requiredOption("--offices <n>", "number of offices (clusters)", integer("offices"))
    .option("--treated <n>", "pilot offices (default: half)", integer("treated"))
    .requiredOption("--persons <n>", "persons (exits) per office and period", number("persons"))
    .option("--pre <n>", "periods before the pilot", integer("pre"), 1)
    .option("--post <n>", "periods after the start", integer("post"), 1)
    .requiredOption("--baseline <p>", "baseline share in work, e.g. 0.6", probability("baseline"))
    .requiredOption("--icc <rho>", "intra-office correlation within a period (office × period shocks), e.g. 0.01", number("icc"))
    .option("--method <m>", "inference: cr2 (formula), wild (wild cluster bootstrap) or ri (randomization), by simulation", choice("method", ["cr2", "wild", "ri"] as const), "cr2")
    .option("--effect <d>", "also give the power at this effect (a share, 0.05 = 5 percentage points)", number("effect"))
    .option("--alpha <a>", "significance level", probability("alpha"), 0.05)
    .option("--power <p>", "target power for the MDE", probability("power"), 0.8)
    .option("--reps <n>", "simulation replicates per power estimate (default 1000 for cr2, 200 otherwise)", integer("reps"))
    .option("--seed <s>", "seed of the simulation", integer("seed"), 1)
    .option("--simulate", "with cr2 and --effect: also simulate the power, to check the formula")
    .option("--format <format>", "output: table or json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
CR2 uses the closed form Var = (ρ·p(1−p) + p(1−p)/m)·(1/pre + 1/post)·(1/G1 + 1/G0) with t(G−2); the
wild bootstrap and randomization inference are simulated (TWFE on persons) and the MDE found by
bisection. Randomization inference cannot reject when 2/C(G,G1) > alpha: the output says so.

Examples:
  effekt power --offices 10 --persons 200 --pre 2 --post 2 --baseline 0.6 --icc 0.01
  effekt power --offices 10 --persons 200 --baseline 0.6 --icc 0.01 --method ri --effect 0.08 --format json`,
    )
    .action(async (o: PowerOptions) => {
      const { didPower } = await import("../../power/did-power.js");
      const r = didPower(
        { offices: o.offices, treated: o.treated, persons: o.persons, pre: o.pre, post: o.post, baseline: o.baseline, icc: o.icc, alpha: o.alpha, power: o.power },
        { method: o.method, effect: o.effect, reps: o.reps, seed: o.seed, simulate: o.simulate },
      );
      emit(r, o.format, powerSummary);
    });
}
