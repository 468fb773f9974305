// A Stryker reporter that appends every tested mutant to reports/mutation/<target>.partial.jsonl (beside the JSON report) as
// it is tested (file, line, mutator, replacement, status), so that a run stopped before the end
// (a time limit on a shared machine) still leaves per-file results. Summarise with
// `node stryker/summarise.mjs reports/mutation/<target>.partial.jsonl`.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PluginKind, declareClassPlugin, commonTokens } from "@stryker-mutator/api/plugin";

class PartialReporter {
  static inject = [commonTokens.options];
  constructor(options) {
    this.file = (options.jsonReporter?.fileName ?? "reports/mutation/mutation.json").replace(/\.json$/, ".partial.jsonl");
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, "");
  }
  onMutantTested(r) {
    const line = { file: r.fileName, line: r.location.start.line, col: r.location.start.column, mutator: r.mutatorName, replacement: r.replacement, status: r.status };
    appendFileSync(this.file, JSON.stringify(line) + "\n");
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, "partial", PartialReporter)];
