/**
 * The pilot's other two goals (issue 13), with the machinery of the headline:
 *  - waiting time (months) before a first measure and between measures, from waits.arrow — one row
 *    per measure start of the population (docs/extracts.md, "Waiting"): TWFE DiD of
 *    `waiting_months` on office and year with the headline's inference, separately per kind;
 *  - the share of measure months in sheltered settings and on APS, from settings.csv (office × user
 *    group × year cells of the population's user groups, all the design's measures): the same DiD,
 *    weighted by person-months — as the individual-month regression, since office, year and
 *    treatment are constant within a cell.
 * Lines that cannot be estimated carry their reason.
 */
import { EffektError } from "../errors.js";
import { filterRows, tableFromColumns, type DataTable } from "../io/table.js";
import type { SettingsRow } from "../registers/prepare.js";
import { runDidComparison } from "./analyses.js";
import type { JobFile } from "./job-schema.js";
import { didLine, selectRows, type DidLine, type Population } from "./population.js";

export interface GoalLine {
  goal: "waiting_before" | "waiting_between" | "share_sheltered" | "share_aps";
  label: string;
  unit: "months" | "share";
  did?: DidLine & { means: { pilot_pre: number; pilot_post: number; control_pre: number; control_post: number } };
  error?: string;
}

function line(goal: GoalLine["goal"], label: string, unit: GoalLine["unit"], f: () => ReturnType<typeof runDidComparison>): GoalLine {
  try {
    const c = f();
    const cells = c.did_2x2.cells;
    return {
      goal, label, unit,
      did: { ...didLine(c), means: { pilot_pre: cells.treated_pre.mean, pilot_post: cells.treated_post.mean, control_pre: cells.control_pre.mean, control_post: cells.control_post.mean } },
    };
  } catch (e) {
    if (e instanceof EffektError) return { goal, label, unit, error: e.message };
    throw e;
  }
}

function byLabel(t: DataTable, col: string, value: string): DataTable {
  const c = t.columns.get(col)!;
  const keep = Uint8Array.from({ length: t.nrows }, (_, i) => (c.values[i] === value ? 1 : 0));
  return filterRows(t, keep, `${t.source} (${col} ${value})`);
}

/** Settings cells of the population's user groups as a table for the DiD. */
export function settingsTable(rows: SettingsRow[], pop: Population): DataTable {
  const keep = rows.filter((r) => r.role !== "other" && (!pop.userGroups || pop.userGroups.includes(r.user_group)));
  const col = <K extends keyof SettingsRow>(k: K) => keep.map((r) => r[k]);
  return tableFromColumns(
    {
      office: col("office"), county: col("county"), pilot: col("pilot"), user_group: col("user_group"), year: col("year"),
      post: col("post"), treat_post: col("treat_post"), person_months: col("person_months"),
      share_sheltered: col("share_sheltered"), share_aps: col("share_aps"),
    },
    "settings.csv",
  );
}

export function runGoals(waits: DataTable, settings: SettingsRow[], job: JobFile, pop: Population): GoalLine[] {
  const w = selectRows(waits, pop.measures, pop.userGroups, "waits.arrow (population)");
  const st = settingsTable(settings, pop);
  const noCov = { ...job, covariates: [] };
  return [
    line("waiting_before", "Waiting before a first measure (months)", "months", () => runDidComparison(byLabel(w, "kind", "before"), job, "waiting_months", false)),
    line("waiting_between", "Waiting between measures (months)", "months", () => runDidComparison(byLabel(w, "kind", "between"), job, "waiting_months", false)),
    line("share_sheltered", "Share of measure months in sheltered settings", "share", () => runDidComparison(st, noCov, "share_sheltered", false, "person_months")),
    line("share_aps", "Share of measure months on sheltered work practice (APS)", "share", () => runDidComparison(st, noCov, "share_aps", false, "person_months")),
  ];
}
