/** The data-quality report: one row per check with its count, what was done and a few examples. */
import type { Issue } from "./load.js";

export interface QualityRow {
  check: string;
  extract: string;
  count: number;
  action: string;
  examples: string[];
}

const CHECKS: Record<string, { extract: string; action: string }> = {
  month_out_of_range: { extract: "measures", action: "row dropped" },
  unknown_measure_code: { extract: "measures", action: "row dropped" },
  unknown_user_group: { extract: "measures", action: "row dropped" },
  duplicate_person_month_measure: { extract: "measures", action: "duplicate dropped (first kept)" },
  person_at_two_offices_in_month: { extract: "measures", action: "kept; each row counts at its own office" },
  gap_bridged: { extract: "measures", action: "one-month gap inside a spell (not an exit)" },
  month_without_rows_in_measures: { extract: "measures", action: "reported" },
  person_not_in_persons_extract: { extract: "persons", action: "person's exits and spell excluded" },
  duplicate_employment_person_month: { extract: "employment", action: "merged (flags combined)" },
  register_last_months_differ: {
    extract: "employment, benefits",
    action: "count = months between the registers' last months; later months treated as not yet observed (register end = the earliest)",
  },
};

export function qualityRows(issues: Record<string, Issue>): QualityRow[] {
  return Object.keys(CHECKS).map((check) => ({
    check,
    ...CHECKS[check],
    count: issues[check]?.count ?? 0,
    examples: issues[check]?.examples ?? [],
  }));
}
