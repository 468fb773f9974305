import type { Command } from "commander";
import { choice, emit, FORMATS, integer, number, type OutputFormat } from "../options.js";
import type { SimulateResult } from "../../registers/simulate.js";
import { textTable } from "../../report/text-table.js";

export function register(program: Command): void {
  program
    .command("simulate")
    .description("Write synthetic register extracts (ten offices in five county pairs, 2010-2015) with a known pilot effect")
    .requiredOption("--out <dir>", "output folder for offices.csv, measures/employment/benefits/persons.arrow and truth.json: new, empty or an earlier simulate output; its parent must exist")
    .option("--seed <n>", "random seed", integer("seed"), 1)
    .option("--persons <n>", "number of persons (about 10 measure rows each; 11 million ≈ 110 million rows)", integer("persons"), 10000)
    .option("--office-weights <w,...>", "relative sizes of the ten offices, comma-separated (default: equal), e.g. 30,1,8,2,12,1,6,3,20,2", (v: string) => v.split(",").map(Number))
    .option("--other-offices <n>", "offices of the rest of the country (role other, no pilot) for the wider comparison", integer("other-offices"), 0)
    .option("--pre-dip <f>", "scenario: the pilot offices' work hazard times f up to --pre-dip-until (trends differ before the pilot; 1 = none)", number("pre-dip"))
    .option("--pre-dip-until <YYYY-MM>", "last month of the pre-pilot dip", "2011-12")
    .option("--transition-hr <f>", "scenario: a slow start, the pilot's hazard multiplier for the first --transition-months months (proportional hazards fail)", number("transition-hr"))
    .option("--transition-months <n>", "months of the slow start from the pilot start", integer("transition-months"), 0)
    .option("--clean", "do not add the few bad rows (duplicates, unknown codes, out-of-range months)")
    .option("--format <format>", "table | json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Examples:
  effekt simulate --out data/extracts --pre-dip 0.6 --transition-hr 0.6 --transition-months 9   (the bundled example)
  effekt simulate --out /tmp/national --persons 11000000 --seed 3 --format json
  effekt simulate --out /tmp/small --persons 300 --seed 11 --office-weights 30,1,8,2,12,1,6,3,20,2`,
    )
    .action(async (o: { out: string; seed: number; persons: number; officeWeights?: number[]; otherOffices: number; clean?: boolean; format: OutputFormat; preDip?: number; preDipUntil: string; transitionHr?: number; transitionMonths: number }) => {
      const { simulate } = await import("../../registers/simulate.js");
      const r = await simulate({
        out: o.out, seed: o.seed, persons: o.persons, officeWeights: o.officeWeights, dirty: !o.clean, otherOffices: o.otherOffices,
        preDip: o.preDip, preDipUntil: o.preDipUntil, transitionHr: o.transitionHr, transitionMonths: o.transitionMonths,
      });
      emit(r, o.format, render);
    });
}

function render(r: SimulateResult): string {
  return [
    textTable(["extract", "rows"], Object.entries(r.rows)),
    "",
    `True DiD effect on the exit→job share: ${r.truth.didEffect.toFixed(4)} (what the DiD of 2011–12 vs 2014–15 estimates: ${r.truth.didEstimand.toFixed(4)}); true hazard ratio (pilot vs control, from pilot start): ${r.truth.hazardRatio.toFixed(4)}`,
    `True hazard ratio by period: ${r.truth.hazardRatioPeriods.map((p) => `${p.from}..${p.to} ${p.hazardRatio.toFixed(3)}`).join("; ")}`,
    `Wrote ${r.out} in ${r.seconds.toFixed(1)} s`,
  ].join("\n");
}
