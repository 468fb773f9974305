import type { Command } from "commander";
import { LANGUAGES, type Lang } from "../../report/i18n/lang.js";
import { runSummary, runSummaryText } from "../../summaries/run.js";
import { choice, emit, FORMATS, type OutputFormat } from "../options.js";

export function register(program: Command): void {
  program
    .command("run")
    .description("run an evaluation job: register extracts → DiD, Cox, Kaplan–Meier → tables, figures, report.html")
    .argument("<job>", "job file (YAML or JSON); see jobs/example.yaml and docs/job.md")
    .option("--out <dir>", "output folder (overrides `output:` in the job file): new, empty or an earlier effekt run output; never a folder holding the job file or the extracts")
    .option("--as-of <YYYY-MM>", "use register data up to this month; writes to <out>/<YYYY-MM>/ (batch runs)")
    .option("--run-date <YYYY-MM-DD>", "run date for the report header (default: SOURCE_DATE_EPOCH if set; the clock is never read, so outputs stay reproducible)")
    .option("--progress <mode>", "auto (bar on a terminal, log lines otherwise), bar, log or quiet", choice("progress", ["auto", "bar", "log", "quiet"] as const), "auto")
    .option("--no-png", "write figures as SVG only")
    .option("--language <lang>", "language of the report, tables and figures: en (English) or nb (Norwegian bokmål); overrides `language:` in the job file (default en)", choice("language", LANGUAGES))
    .option("--format <format>", "summary output: table or json", choice("format", FORMATS), "table")
    .addHelpText(
      "after",
      `
Exit codes: 0 done, 2 bad usage, 3 bad input (job file, data, or an output folder effekt did not write;
nothing is written), 4 estimation failed, 5 the output could not be written (read-only, disk full,
permission denied), 6 another effekt run is writing the same output folder.

Examples:
  effekt run jobs/example.yaml
  effekt run jobs/example.yaml --out /data/eval --as-of 2015-06 --progress log
  effekt run jobs/example.yaml --out out/example-nb --language nb`,
    )
    .action(async (job: string, o: { out?: string; asOf?: string; runDate?: string; progress: "auto"; png: boolean; format: OutputFormat; language?: Lang }) => {
      const { runJob } = await import("../../job/run-job.js");
      const r = await runJob(job, { out: o.out, asOf: o.asOf, runDate: o.runDate, progress: o.progress, noPng: !o.png, language: o.language });
      emit(runSummary(r), o.format, () => runSummaryText(r));
    });
}
