import type { Command } from "commander";
import { choice, emit, FORMATS, type InputOptions, type OutputFormat, withInputOptions } from "../options.js";
import type { PrepareSummary } from "../../registers/prepare.js";
import type { PrepareConfig } from "../../registers/config.js";
import { textTable } from "../../report/text-table.js";

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
      emit(summary as PrepareSummary, o.format, renderSummary);
    });
}

function renderSummary(s: Omit<PrepareSummary, "config">): string {
  const rows: [string, number][] = [
    ["measure rows read", s.rows.measures.read],
    ...Object.entries(s.rows.measures.dropped).map(([k, v]) => [`  dropped: ${k}`, v] as [string, number]),
    ["  duplicates removed", s.rows.measures.duplicates],
    ["person-months kept", s.rows.measures.kept],
    ["employment rows read", s.rows.employment.read],
    ["benefit rows read", s.rows.employment.benefitsRead],
    ["persons read", s.rows.persons.read],
    ["exits found", s.exits.found],
    ...Object.entries(s.exits.excluded).map(([k, v]) => [`  excluded: ${k}`, v] as [string, number]),
    ["exits kept", s.exits.kept],
    ...Object.entries(s.exits.byOutcome).map(([k, v]) => [`  ${k}`, v] as [string, number]),
    ...(s.population ? ([["  exits outside the population (not written)", s.population.exitsOutside]] as [string, number][]) : []),
    ["time-to-work spells", s.spells.kept],
    ["  events (in work)", s.spells.events],
    ...Object.entries(s.spells.excluded).map(([k, v]) => [`  excluded: ${k}`, v] as [string, number]),
    ...(s.population ? ([["  spells outside the population (not written)", s.population.spellsOutside]] as [string, number][]) : []),
    ["measure starts (waits)", s.waits.found],
    ...Object.entries(s.waits.excluded).map(([k, v]) => [`  excluded: ${k}`, v] as [string, number]),
    ["  waits before a first measure", s.waits.byKind.before],
    ["  waits between measures", s.waits.byKind.between],
  ];
  const q = s.quality.filter((r) => r.count > 0).map((r) => [r.check, r.extract, r.count, r.action, r.examples.slice(0, 2).join("; ")]);
  return [
    `Pilot start ${s.pilotStart}; measures ${s.measuresMonths.first}..${s.measuresMonths.last}; employment register to ${s.registerLastMonth}`,
    "",
    textTable(["count", "n"], rows),
    "",
    "Data quality",
    q.length ? textTable(["check", "extract", "count", "action", "examples"], q) : "(no problems found)",
    "",
    `Wrote ${s.outputs.join(", ")} in ${s.seconds.toFixed(1)} s`,
  ].join("\n");
}
