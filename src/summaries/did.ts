/**
 * Printed summary of a difference-in-differences: the 2×2 cells, TWFE with every inference method, event study and
 * pre-trend tests; staggered adoption (ATT(g,t) and aggregations).
 * Used by the CLI's table output and by notebooks (`console.log(didSummary(result))`).
 */
import { fmt, fmtP, textTable } from "../report/text-table.js";
import type { DidResult, StaggeredDidResult } from "../did/from-table.js";

const pct = (level: number) => `${fmt(level * 100)}%`;
const ciText = (c: [number, number] | null) => (c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : "");

export function didSummary(r: DidResult): string {
  const t = r.twfe;
  const c = r.did_2x2.cells;
  const out: string[] = [];
  out.push(`2×2 DiD: ${fmt(r.did_2x2.estimate)}`);
  out.push(
    textTable(
      ["group", "pre mean", "pre n", "post mean", "post n"],
      [
        ["treated", c.treated_pre.mean, c.treated_pre.n, c.treated_post.mean, c.treated_post.n],
        ["control", c.control_pre.mean, c.control_pre.n, c.control_post.mean, c.control_post.n],
      ],
    ),
  );
  out.push("");
  out.push(`TWFE estimate ${fmt(t.estimate)}  (n = ${t.n}, ${t.n_clusters} clusters, ${t.n_treated_clusters} treated)`);
  const b = r.wild_cluster_bootstrap;
  const ri = r.randomization_inference;
  out.push(
    textTable(
      ["inference", "SE", "df", "p", `${pct(r.conf_level)} CI`],
      [
        ["iid", t.se_iid, t.n - t.n_parameters, fmtP(t.p_iid), ciText(t.ci.iid)],
        ["CR1, normal", t.se_cr1, null, fmtP(t.p_cr1_normal), ""],
        ["CR1, t(G-1)", t.se_cr1, t.df_cr1, fmtP(t.p_cr1_t), ciText(t.ci.cr1_t)],
        ["CR2, Satterthwaite", t.se_cr2, Number(t.df_satterthwaite.toFixed(2)), fmtP(t.p_cr2_satterthwaite), ciText(t.ci.cr2_satterthwaite)],
        [`wild cluster bootstrap (${b.weights}, ${b.draws} draws)`, null, null, fmtP(b.p_value), ciText(b.ci)],
        [
          ri.method === "exhaustive" ? `randomization (all ${ri.assignments} assignments)` : `randomization (${ri.assignments} sampled, MC SE ${fmt(ri.mc_se)})`,
          null,
          null,
          fmtP(ri.p_value),
          ciText(ri.ci),
        ],
      ],
    ),
  );
  out.push("");
  const e = r.event_study;
  const ft = (x: { F: number; df1: number; df2: number; p: number } | null) => (x ? `F(${x.df1}, ${Number(x.df2.toFixed(2))}) = ${fmt(x.F)}, p = ${fmtP(x.p)}` : "n/a");
  out.push(`Event study (reference ${e.reference_period}); pre-trend Wald χ²(${e.pretrend_df}) = ${fmt(e.pretrend_wald_chisq)}, p = ${fmtP(e.pretrend_p)}; as F with G−1 df: ${ft(e.pretrend_f_g1)}; HTZ (CR2): ${ft(e.pretrend_htz)}`);
  out.push(textTable(["period", "estimate", "SE CR1", "SE CR2"], e.coefficients.map((k) => [String(k.period), k.estimate, k.se_cr1, k.se_cr2])));
  out.push("");
  out.push(`dropped rows: ${r.dropped.total}${Object.keys(r.dropped.missing).length ? " (" + Object.entries(r.dropped.missing).map(([k, v]) => `${k}: ${v} missing`).join(", ") + ")" : ""}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join("\n");
}

export function staggeredDidSummary(r: StaggeredDidResult): string {
  const cs = r.callaway_santanna;
  const out: string[] = [];
  if (cs) {
    const est = (label: string, e: { estimate: number; se: number; ci: [number, number] }) => `${label} ${fmt(e.estimate)} (SE ${fmt(e.se)}, CI ${ciText(e.ci)})`;
    out.push(`Staggered adoption: Callaway–Sant'Anna ATT(g,t), ${cs.control === "never" ? "never-treated" : "not-yet-treated"} controls, ${cs.n_clusters} clusters, SE ${cs.se_convention}`);
    out.push(textTable(["group", "period", "base", "e", "ATT", "SE", `${pct(r.conf_level)} CI`], cs.group_time.map((c) => [String(c.group), String(c.period), String(c.base_period), c.event_time, c.estimate, c.se, ciText(c.ci)])));
    out.push("");
    out.push(est("simple ATT", cs.simple));
    out.push(est("dynamic (mean over e ≥ 0)", cs.dynamic_overall));
    out.push(est("group (cohorts weighted by size)", cs.group_overall));
    out.push(est("calendar (mean over periods)", cs.calendar_overall));
    out.push(textTable(["event time", "ATT", "SE", `${pct(r.conf_level)} CI`], cs.dynamic.map((c) => [c.event_time, c.estimate, c.se, ciText(c.ci)])));
    out.push(textTable(["group", "ATT", "SE", `${pct(r.conf_level)} CI`], cs.group.map((c) => [String(c.group), c.estimate, c.se, ciText(c.ci)])));
    out.push("");
  }
  out.push(`TWFE (biased with staggered starts) ${fmt(r.twfe.estimate)}, SE CR1 ${fmt(r.twfe.se_cr1)}, SE CR2 ${fmt(r.twfe.se_cr2)}, p CR2-Satterthwaite ${fmtP(r.twfe.p_cr2_satterthwaite)}, wild bootstrap p ${fmtP(r.wild_cluster_bootstrap.p_value)}`);
  out.push(`dropped rows: ${r.dropped.total}`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join("\n");
}
