/**
 * Printed summary of an evaluation job (`effekt run`): where the report is, and the two headline
 * numbers with the diagnostics that change how they may be read — as the report's key findings say
 * (a failed pre-trend test: not the pilot's effect; rejected proportional hazards: an average over
 * time). Used by the CLI and by notebooks (`console.log(runSummaryText(await runJob(...)))`).
 */
import type { RunResult } from "../job/run-job.js";
import { pValue } from "../report/i18n/format.js";

/** The machine-readable summary (`effekt run --format json`). */
export interface RunSummary {
  out: string;
  report: string;
  files: number;
  did_estimate: number | null;
  did_ci_cr2: [number, number] | null;
  hazard_ratio_pilot: number | null;
  suppressed_cells: RunResult["suppressedCells"];
}

export function runSummary(r: RunResult): RunSummary {
  const tw = r.did?.comparison.twfe;
  return {
    out: r.outDir,
    report: r.report,
    files: r.files.length,
    did_estimate: tw?.estimate ?? null,
    did_ci_cr2: tw?.ci.cr2_satterthwaite ?? null,
    hazard_ratio_pilot: r.cox?.pooled ? r.cox.pooled.hazard_ratio[r.cox.pooled.terms.indexOf("pilot")] : null,
    suppressed_cells: r.suppressedCells,
  };
}

export function runSummaryText(r: RunResult): string {
  const s = runSummary(r);
  const tw = r.did?.comparison.twfe;
  const pretrendP = r.did?.all_years.event_study.pretrend_p;
  const zph = r.cox?.pooled?.zph;
  const phP = zph ? zph.p[zph.rows.indexOf("pilot")] : undefined;
  return [
    `report: ${s.report}`,
    `${s.files} files written to ${s.out}`,
    tw && (tw.n_treated_clusters < 2 || tw.n_clusters - tw.n_treated_clusters < 2)
      ? `DiD difference on exits to work: ${(100 * tw.estimate).toFixed(1)} pp — ${tw.n_clusters} offices (${tw.n_treated_clusters} pilot): the data cannot support an inference`
      : tw
        ? `DiD effect on exits to work: ${(100 * tw.estimate).toFixed(1)} pp (95% CI ${(100 * tw.ci.cr2_satterthwaite[0]).toFixed(1)} to ${(100 * tw.ci.cr2_satterthwaite[1]).toFixed(1)}, CR2, ${tw.n_clusters} offices)` +
          (pretrendP !== undefined && pretrendP < 0.05 ? ` — but the pre-trend test fails (${pValue(pretrendP)}): not to be read as the pilot's effect (see the report)` : "")
        : "",
    s.hazard_ratio_pilot !== null
      ? `Hazard ratio of work, pilot vs control: ${s.hazard_ratio_pilot.toFixed(3)}` +
        (phP !== undefined && phP < 0.05 ? ` — an average over time: proportional hazards rejected (${pValue(phP)}), see the report's effect over time and hazard ratio by period` : "")
      : "",
  ]
    .filter(Boolean)
    .join("\n");
}
