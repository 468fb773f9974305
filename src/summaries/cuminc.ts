/**
 * Printed summary of cumulative incidence (Aalen–Johansen), like R's summary(survfit) of a multi-state fit.
 * Used by the CLI's table output and by notebooks (`console.log(cumincSummary(result))`).
 */
import { fmt, textTable } from "../report/text-table.js";
import type { Dropped } from "../frame/model-frame.js";
import type { AalenJohansenResult } from "../survival/cumulative-incidence.js";

/** Cumulative incidence per group and cause at chosen times (step function: last time ≤ t). */
export function cumincSummary(r: AalenJohansenResult & { dropped: Dropped }, times?: number[]): string {
  const out: string[] = [];
  const pct = `${fmt(r.conf_level * 100)}%`;
  for (const c of r.curves) {
    const tmax = c.time.length ? c.time[c.time.length - 1] : 0;
    const at = times ?? [0.25, 0.5, 0.75, 1].map((q) => Math.round(q * tmax));
    const rows: (string | number)[][] = [];
    for (const t of at) {
      let k = -1;
      while (k + 1 < c.time.length && c.time[k + 1] <= t) k++;
      for (const cause of c.causes) {
        rows.push([t, k >= 0 ? c.n_risk[k] : c.n, cause.cause, k >= 0 ? cause.cuminc[k] : 0, k >= 0 ? cause.lower[k] : 0, k >= 0 ? cause.upper[k] : 0]);
      }
    }
    out.push(`${c.group}  (n = ${c.n})`, textTable(["time", "n_risk", "cause", "cuminc", `${pct} lower`, `${pct} upper`], rows), "");
  }
  out.push(`standard errors: ${r.std_err_type}; rows dropped: ${r.dropped.total}`);
  return out.join("\n");
}
