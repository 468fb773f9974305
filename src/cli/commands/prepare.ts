import type { Command } from "commander";
import { prepareSummaryText } from "../../summaries/prepare.js";
import { choice, emit, FORMATS, type InputOptions, type OutputFormat, withInputOptions } from "../options.js";
import type { PrepareSummary } from "../../registers/prepare.js";
import type { PrepareConfig } from "../../registers/config.js";

export function register(program: Command): void {
  withInputOptions(program.command("prepare"))
    .description("Turn register extracts (offices, measures, employment, benefits, persons) into analysis tables: exits.arrow, spells.arrow, baseline, quality report")
    .requiredOption("--extracts <dir>", "folder with offices.*, measures.*, employment.*, persons.* (and optional benefits.*); .arrow, .parquet or .csv")
    .requiredOption("--out <dir>", "output folder: new, empty or an earlier prepare output (written beside, swapped in at the end); its parent must exist")
    .option("--config <file.json>", "prepare configuration, JSON or YAML (partial; defaults are the Kjerneoppgaver design; unknown keys are errors)")
    .option("--as-of <YYYY-MM>", "last complete register month; later months count as not yet observed")
    .option("--measures <codes>", "write only exits from (spells entering on) these measures, comma-separated, e.g. AVKLARING,AVKL_SKJERMET,OPPFOLGING,ARB_BISTAND")
    .option("--user-groups <groups>", "write only these user groups, comma-separated (ordinary,reduced,other)")
    .option("--output-format <fmt>", "format of exits.* and spells.*: arrow (default) or parquet", choice("output-format", ["arrow", "parquet"] as const), "arrow")
    .option("--format <format>", "table | json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Examples:
  effekt prepare --extracts data/extracts --out out/prepared
  effekt prepare --extracts data/extracts --out out/prepared --as-of 2015-10 --format json
  effekt prepare --extracts x --out y --config job.json   # {"timeToWork": {"origin": "2013-04-01"}}
Then: effekt did --data out/prepared/exits.arrow …, effekt cox --data out/prepared/spells.arrow …`,
    )
    .action(async (o: InputOptions & { extracts: string; out: string; config?: string; asOf?: string; measures?: string; userGroups?: string; format: OutputFormat; outputFormat: "arrow" | "parquet" }) => {
      const [{ prepare }, { readPrepareConfig }] = await Promise.all([import("../../registers/prepare.js"), import("../../registers/config.js")]);
      let config: Partial<PrepareConfig> = {};
      if (o.config) {
        // Strict: an unknown key (`exitgap`) or a bad value stops here, naming the file (exit 3).
        config = readPrepareConfig(o.config);
      }
      if (o.asOf) config.asOf = o.asOf;
      const list = (v: string) => v.split(",").map((x) => x.trim()).filter(Boolean);
      if (o.measures || o.userGroups) {
        config.population = { ...(config.population ?? {}), ...(o.measures ? { measures: list(o.measures) } : {}), ...(o.userGroups ? { userGroups: list(o.userGroups) } : {}) };
      }
      const r = await prepare({
        extracts: o.extracts,
        out: o.out,
        config,
        inputs: o.config ? [o.config] : [],
        outputFormat: o.outputFormat,
        read: { encoding: o.encoding, delimiter: o.delimiter, decimal: o.decimal },
      });
      const { config: _c, ...summary } = r.summary;
      void _c;
      emit(summary as PrepareSummary, o.format, prepareSummaryText);
    });
}
