/**
 * Printed summary of Kaplan–Meier curves (R's print(fit) then summary(fit)), RMST (print(fit, rmean = τ)) and the
 * effect over time with few-cluster inference.
 * Used by the CLI's table output and by notebooks (`console.log(kaplanMeierSummary(result))`).
 */
import { fmt, textTable } from "../report/text-table.js";
import type { Dropped } from "../frame/model-frame.js";
import type { KaplanMeierResult } from "../survival/kaplan-meier.js";
import type { EffectOverTime } from "../survival/effect-over-time.js";
import type { RmstResult } from "../survival/rmst.js";

/** Like R's print(fit) followed by summary(fit): per curve, its event times (or the requested times). */
export function kaplanMeierSummary(r: KaplanMeierResult & { dropped: Dropped }): string {
  const pct = `${fmt(r.conf_level * 100)}%`;
  const out: string[] = [];
  out.push(
    textTable(
      ["curve", "n", "events", "median", `${pct} LCL`, `${pct} UCL`],
      r.curves.map((c) => [c.group, c.n, c.events, c.median, c.median_lower, c.median_upper]),
    ),
  );
  for (const c of r.curves) {
    out.push("", `${c.group}  (conf.type ${r.conf_type})`);
    const rows: (number | string)[][] = [];
    if (c.at_times) {
      const a = c.at_times;
      for (let i = 0; i < a.time.length; i++) rows.push([a.time[i], a.n_risk[i], a.n_event[i], a.n_censor[i], a.surv[i], a.std_err_surv[i], a.lower[i], a.upper[i]]);
      out.push(textTable(["time", "n.risk", "n.event", "n.censor", "survival", "std.err", `lower ${pct}`, `upper ${pct}`], rows));
    } else {
      for (let i = 0; i < c.time.length; i++) {
        if (c.n_event[i] > 0) rows.push([c.time[i], c.n_risk[i], c.n_event[i], c.surv[i], c.std_err[i], c.lower[i], c.upper[i]]);
      }
      out.push(textTable(["time", "n.risk", "n.event", "survival", "std.err", `lower ${pct}`, `upper ${pct}`], rows));
    }
  }
  if (r.dropped.total > 0) out.push("", `${r.dropped.total} rows dropped (missing: ${JSON.stringify(r.dropped.missing)})`);
  return out.join("\n");
}

/** RMST per curve (R's print(fit, rmean = τ)) and the difference of two curves. */
export function rmstSummary(r: RmstResult): string {
  const pct = `${fmt(r.conf_level * 100)}%`;
  const out = [`Restricted mean survival time up to ${fmt(r.tau)}`, textTable(["curve", "rmean", "se(rmean)"], r.curves.map((c) => [c.group, c.rmean, c.se]))];
  const d = r.difference;
  if (d) out.push(`difference ${d.groups[0]} − ${d.groups[1]}: ${fmt(d.estimate)} (SE ${fmt(d.se)}), ${pct} CI [${fmt(d.ci[0])}, ${fmt(d.ci[1])}], p = ${fmt(d.p)}`);
  return out.join("\n");
}

/** Differences by day and RMST, label 1 − label 0, with few-cluster inference. */
export function effectOverTimeSummary(e: EffectOverTime, label: string): string {
  const lv = Math.round(e.level * 100);
  const rows: (number | string)[][] = e.share_by_day.map((d) => [`1 − S(${d.day})`, d.pilot, d.control, d.difference, d.ci_cluster[0], d.ci_cluster[1], d.p_randomization]);
  const r = e.rmst;
  rows.push([`RMST(${r.tau})`, r.pilot, r.control, r.difference, r.ci_cluster[0], r.ci_cluster[1], r.p_randomization]);
  return [
    `${label} = 1 against ${label} = 0, ${e.clusters} clusters; CIs: leave-one-cluster-out jackknife, t(${e.clusters - 1}); p: randomization over ${e.assignments} assignments${e.within_pairs ? " within pairs" : ""}${e.exhaustive ? "" : " (sampled)"}`,
    textTable(["", `${label}=1`, `${label}=0`, "difference", `lower ${lv}%`, `upper ${lv}%`, "p (randomization)"], rows),
    `Log-rank${e.logrank.stratified_by_pair ? " (stratified by pair)" : ""}: chisq = ${fmt(e.logrank.chisq)}, p (persons independent) = ${fmt(e.logrank.p_iid)}, p (clusters randomized) = ${fmt(e.logrank.p_randomization)}`,
  ].join("\n");
}
