/**
 * Printed summary of a log-rank / G-rho test, like R's print(survdiff).
 * Used by the CLI's table output and by notebooks (`console.log(logrankSummary(result))`).
 */
import { fmt, fmtP, textTable } from "../report/text-table.js";
import type { Dropped } from "../frame/model-frame.js";
import type { LogrankResult } from "../survival/logrank.js";

/** Like R's print.survdiff. */
export function logrankSummary(r: LogrankResult & { dropped: Dropped }): string {
  const rows = r.groups.map((g, i) => {
    const o = r.observed[i];
    const e = r.expected[i];
    return [g, r.n[i], o, e, ((o - e) * (o - e)) / e, ((o - e) * (o - e)) / r.variance[i][i]];
  });
  const out = [
    textTable(["", "N", "Observed", "Expected", "(O-E)^2/E", "(O-E)^2/V"], rows, 4),
    "",
    ` Chisq= ${fmt(r.chisq, 4)}  on ${r.df} degrees of freedom, p= ${fmtP(r.p)}` + (r.rho !== 0 ? `  (rho = ${r.rho})` : ""),
  ];
  if (r.dropped.total > 0) out.push(`${r.dropped.total} rows dropped (missing: ${JSON.stringify(r.dropped.missing)})`);
  return out.join("\n");
}
