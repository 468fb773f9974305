/**
 * Printed summary of what effekt prepare read, kept and dropped, and why.
 * Used by the CLI's table output and by notebooks (`console.log(prepareSummaryText(result))`).
 */
import { textTable } from "../report/text-table.js";
import type { PrepareSummary } from "../registers/prepare.js";

export function prepareSummaryText(s: Omit<PrepareSummary, "config">): string {
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
