/**
 * Tables of the job's breakdown (src/job/population.ts): the DiD effect and the pooled hazard ratio
 * for the population (the headline), each measure and user group of it, and the background line of
 * all the design's measures. Counts below the suppression threshold are shown as ":".
 */
import type { TableRow } from "../report/write-table.js";
import type { JobTable } from "./job-tables.js";
import type { ByLine, Population } from "./population.js";
import type { GoalLine } from "./goals.js";
import type { WiderComparison } from "./wider.js";
import type { ExitsCells } from "../publish/exits-cells.js";
import { aloneCount, aloneShare } from "../publish/alone-cells.js";

const pct = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? (100 * v).toFixed(1) : String(v ?? ""));
const SCOPE: Record<ByLine["scope"], string> = {
  population: "Population (headline)",
  measure: "Measure",
  user_group: "User group",
  background: "Background (not the pilot's population)",
};


export function didByTable(lines: ByLine[], pop: Population): JobTable {
  // No numbers of exits per line, for the reason given in hazardByTable: the lines overlap the
  // headline's exits (the user-group lines add up to it, the background contains it), whose
  // counts the publication gate protects; the headline tables show the gated counts.
  const rows: TableRow[] = lines.map((l) => ({
    scope: SCOPE[l.scope],
    level: l.level,
    estimate: l.did?.estimate ?? null,
    lower: l.did?.lower ?? null,
    upper: l.did?.upper ?? null,
    df: l.did?.df ?? null,
    p: l.did?.p ?? null,
    p_wild: l.did?.p_wild_bootstrap ?? null,
    p_ri: l.did?.p_randomization ?? null,
    note: l.did_error ?? "",
  }));
  return {
    name: "did-effect-by",
    caption: `Effect on the share of exits to work by measure and user group (percentage points), beside the headline for the population (${pop.label})`,
    columns: [
      "scope",
      "level",
      { key: "estimate", label: "estimate (pp)", format: pct },
      { key: "lower", label: "95% CI lower (pp)", format: pct },
      { key: "upper", label: "95% CI upper (pp)", format: pct },
      { key: "df", label: "Satterthwaite df", digits: 3 },
      { key: "p", label: "p (CR2)", digits: 4 },
      { key: "p_wild", label: "p (wild bootstrap)", digits: 4 },
      { key: "p_ri", label: "p (randomization)", digits: 4 },
      "note",
    ],
    rows,
    note:
      "Numbers of exits per line are not published (they overlap the headline's, which the disclosure gate protects). Each line is the same two-way fixed-effects DiD as the headline (CR2 with Satterthwaite df; wild cluster bootstrap and randomization inference p-values). " +
      "The background line pools every measure of the design, most of which the pilot did not take over: it is diluted and is not an estimate of the pilot's effect.",
  };
}

export function hazardByTable(lines: ByLine[], pop: Population): JobTable {
  // No counts of persons or events per line: the lines overlap the headline model and the county-pair
  // models that the publication gate protects (e.g. the background line equals the pooled model when
  // the population is every measure, and the measure lines sum to it), so their counts would reopen
  // what the gate withheld. The headline tables show the gated counts.
  const rows: TableRow[] = lines.map((l) => ({
    scope: SCOPE[l.scope],
    level: l.level,
    hazard_ratio: l.cox?.hazard_ratio ?? null,
    lower: l.cox?.lower ?? null,
    upper: l.cox?.upper ?? null,
    p: l.cox?.p ?? null,
    note: l.cox_error ?? "",
  }));
  return {
    name: "hazard-ratios-by",
    caption: `Time to work, pilot vs control hazard ratio by entry measure and user group, beside the headline for the population (${pop.label})`,
    columns: ["scope", "level", { key: "hazard_ratio", digits: 4 }, { key: "lower", digits: 4 }, { key: "upper", digits: 4 }, { key: "p", digits: 4 }, "note"],
    rows,
    note: "Counts of persons and events are in the headline hazard-ratio table (they pass the disclosure gate there). Pooled Cox model as the headline (strata: county pair; robust SE by office). The background line pools all the design's measures and is not an estimate of the pilot's effect.",
  };
}

/** The other two goals: waiting times (months) and settings (percentage points), one table each. */
export function goalTables(lines: GoalLine[], pop: Population, k: number): JobTable[] {
  const months = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : String(v ?? ""));
  const make = (unit: GoalLine["unit"]) => {
    const f = unit === "months" ? months : pct;
    const u = unit === "months" ? "months" : "pp";
    const rows: TableRow[] = lines
      .filter((l) => l.unit === unit)
      .map((l) => ({
        outcome: l.label,
        pilot_pre: l.did?.means.pilot_pre ?? null,
        pilot_post: l.did?.means.pilot_post ?? null,
        control_pre: l.did?.means.control_pre ?? null,
        control_post: l.did?.means.control_post ?? null,
        estimate: l.did?.estimate ?? null,
        lower: l.did?.lower ?? null,
        upper: l.did?.upper ?? null,
        p: l.did?.p ?? null,
        p_wild: l.did?.p_wild_bootstrap ?? null,
        p_ri: l.did?.p_randomization ?? null,
        n: l.did ? aloneCount(l.did.exits, k) : null, // measure starts / cells: in no other publication
        note: l.error ?? "",
      }));
    return { u, f, rows };
  };
  const cols = (u: string, f: (v: unknown) => string, nLabel: string) => [
    "outcome",
    { key: "pilot_pre", label: `pilot before (${u === "pp" ? "%" : u})`, format: f },
    { key: "pilot_post", label: `pilot after (${u === "pp" ? "%" : u})`, format: f },
    { key: "control_pre", label: `control before (${u === "pp" ? "%" : u})`, format: f },
    { key: "control_post", label: `control after (${u === "pp" ? "%" : u})`, format: f },
    { key: "estimate", label: `DiD (${u})`, format: f },
    { key: "lower", label: `95% CI lower (${u})`, format: f },
    { key: "upper", label: `95% CI upper (${u})`, format: f },
    { key: "p", label: "p (CR2)", digits: 4 },
    { key: "p_wild", label: "p (wild bootstrap)", digits: 4 },
    { key: "p_ri", label: "p (randomization)", digits: 4 },
    { key: "n", label: nLabel },
    "note",
  ];
  const w = make("months");
  const s = make("share");
  return [
    {
      name: "waiting-did",
      caption: `Goal 1 — shorter waits: months waited before a first measure and between measures, change at pilot offices minus change at control offices (${pop.label})`,
      columns: cols(w.u, w.f, "measure starts"),
      rows: w.rows,
      note: "A wait before a first measure = months registered as a job seeker (flag or job-seeker benefit) on no measure right before a measure starts; between = months since the previous measure ended (0 = straight from one measure to the next). Waits touching a registration regime period are left out at every office. Negative = shorter waits at pilot offices. Same DiD and inference as the headline.",
    },
    {
      name: "settings-did",
      caption: `Goal 2 — ordinary rather than sheltered settings: share of measure months in sheltered settings and on APS (user groups: ${pop.userGroups ? pop.userGroups.join(", ") : "all"}; all the design's measures)`,
      columns: cols(s.u, s.f, "office × group × year cells"),
      rows: s.rows,
      note: "Office × user group × year cells weighted by person-months (the same estimate as one row per person-month); months in a registration regime period are left out at every office. Negative = more measures in ordinary settings at pilot offices.",
    },
  ];
}

/** The ten offices' design beside the wider comparison (pilot offices vs every other office). */
export function widerTables(w: WiderComparison, headline: ByLine, exits: ExitsCells, pre: number[], post: number[]): JobTable[] {
  const k = exits.k;
  const tw = w.did?.twfe;
  const rows: TableRow[] = [
    {
      comparison: "Ten offices: pilot vs paired control offices (headline)",
      offices: (headline.did?.clusters ?? null) as number | null,
      estimate: headline.did?.estimate ?? null, lower: headline.did?.lower ?? null, upper: headline.did?.upper ?? null, p: headline.did?.p ?? null,
      p_wild: headline.did?.p_wild_bootstrap ?? null,
      hazard_ratio: headline.cox?.hazard_ratio ?? null, hr_lower: headline.cox?.lower ?? null, hr_upper: headline.cox?.upper ?? null,
      note: "randomization inference in did-effect",
    },
    {
      comparison: `Pilot offices vs all other offices (${w.offices.control} control + ${w.offices.other} of the rest of the country)`,
      offices: w.offices.pilot + w.offices.control + w.offices.other,
      estimate: tw?.estimate ?? null, lower: tw?.ci.cr2_satterthwaite[0] ?? null, upper: tw?.ci.cr2_satterthwaite[1] ?? null, p: tw?.p_cr2_satterthwaite ?? null,
      p_wild: w.did?.wild_cluster_bootstrap.p_value ?? null,
      hazard_ratio: w.cox?.hazard_ratio ?? null, hr_lower: w.cox?.lower ?? null, hr_upper: w.cox?.upper ?? null,
      note: [w.did_error, w.cox_error].filter(Boolean).join("; ") || "many clusters: CR2/Satterthwaite and the wild bootstrap; no randomization inference",
    },
  ];
  const per = widerPerOffice(w, exits, pre, post);
  const share = (v: unknown) => (typeof v === "number" ? pct(v) : String(v ?? ""));
  return [
    {
      name: "wider-comparison",
      caption: "Effect on the share of exits to work and hazard ratio of work: the ten offices' paired design beside the pilot offices against every other office",
      columns: [
        "comparison", "offices",
        { key: "estimate", label: "DiD (pp)", format: pct }, { key: "lower", label: "95% CI lower (pp)", format: pct }, { key: "upper", label: "95% CI upper (pp)", format: pct },
        { key: "p", label: "p (CR2)", digits: 4 }, { key: "p_wild", label: "p (wild bootstrap)", digits: 4 },
        { key: "hazard_ratio", digits: 4 }, { key: "hr_lower", label: "HR lower", digits: 4 }, { key: "hr_upper", label: "HR upper", digits: 4 },
        "note",
      ],
      rows,
      note: "Same population, periods, covariates and models as the headline; the wider comparison adds the offices of the rest of the country (role `other`) to the comparison group.",
    },
    {
      name: "offices-beside-country",
      caption: "Exits and share of exits to work before and after, per office of the design, beside the rest of the country",
      columns: ["office", "role", { key: "pre_exits", label: "exits before" }, { key: "pre_share", label: "to work before (%)", format: share }, { key: "post_exits", label: "exits after" }, { key: "post_share", label: "to work after (%)", format: share }],
      rows: per,
      note: `Counts below ${k} and their shares are suppressed (":"); then all counts of that column are, so that none can be worked out from a total.`,
    },
  ];
}

/**
 * Exits and shares to work before and after per office: the ten offices' through the publication
 * gate (the same atoms as the baseline tables: office × group × year × outcome of the population's
 * exits), the rest of the country's as a count no other publication contains (alone-cells.ts).
 */
function widerPerOffice(w: WiderComparison, exits: ExitsCells, pre: number[], post: number[]): TableRow[] {
  const ten = new Set(exits.offices.map((o) => o.name));
  return w.per_office.map((o) => {
    const row: TableRow = { office: o.office, role: o.role };
    for (const [key, years, n, share] of [["pre", pre, o.pre_exits, o.pre_share], ["post", post, o.post_exits, o.post_share]] as const) {
      const job = Math.round(share * n);
      if (ten.has(o.office)) {
        const spec = { offices: [o.office], years };
        row[`${key}_exits`] = exits.count({ measure: "exits", ...spec }, n);
        row[`${key}_share`] = exits.share({ measure: "job", ...spec }, { measure: "exits", ...spec }, { num: job, den: n });
      } else {
        row[`${key}_exits`] = aloneCount(n, exits.k);
        row[`${key}_share`] = aloneShare(job, n, exits.k);
      }
    }
    return row;
  });
}

const finite = (v: number | undefined) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The breakdown, goals and wider comparison for results.json: an explicit list of fields (estimates,
 * intervals, p-values, numbers of offices), no counts of persons, exits or events — as
 * published-results.ts does for the headline.
 */
export function publishedExtras(pop: Population, lines: ByLine[], goals: GoalLine[], wider: { w: WiderComparison; perOffice: TableRow[] } | undefined): Record<string, unknown> {
  const did = (d: ByLine["did"]) =>
    d && { estimate: d.estimate, se_cr2: d.se_cr2, df: d.df, lower: d.lower, upper: d.upper, p: d.p, p_wild_bootstrap: d.p_wild_bootstrap, p_randomization: d.p_randomization, clusters: d.clusters, pilot_offices: d.pilot_offices };
  const cox = (c: ByLine["cox"]) => c && { hazard_ratio: c.hazard_ratio, lower: c.lower, upper: c.upper, p: c.p };
  const by = lines
    .filter((l) => l.scope !== "population")
    .map((l) => ({ scope: l.scope, level: l.level, did: did(l.did), did_error: l.did_error, cox: cox(l.cox), cox_error: l.cox_error }));
  // Cell means are not published in results.json (the gate's rule; the tables show them rounded).
  const g = goals.map((l) => ({ goal: l.goal, label: l.label, unit: l.unit, did: did(l.did), error: l.error }));
  let w: unknown;
  if (wider) {
    const tw = wider.w.did?.twfe;
    w = {
      offices: wider.w.offices,
      did: tw && { estimate: tw.estimate, lower: finite(tw.ci.cr2_satterthwaite[0]), upper: finite(tw.ci.cr2_satterthwaite[1]), p: finite(tw.p_cr2_satterthwaite), df: finite(tw.df_satterthwaite), clusters: tw.n_clusters, p_wild_bootstrap: finite(wider.w.did?.wild_cluster_bootstrap.p_value), bootstrap_weights: wider.w.did?.wild_cluster_bootstrap.weights },
      did_error: wider.w.did_error,
      cox: cox(wider.w.cox),
      cox_error: wider.w.cox_error,
      per_office: wider.perOffice,
    };
  }
  return { population: pop, by, goals: g, ...(w ? { wider: w } : {}) };
}
