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

const pct = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? (100 * v).toFixed(1) : String(v ?? ""));
const SCOPE: Record<ByLine["scope"], string> = {
  population: "Population (headline)",
  measure: "Measure",
  user_group: "User group",
  background: "Background (not the pilot's population)",
};

function count(v: number, k: number): number | string {
  return v < k ? ":" : v;
}

/** Exit / person / event counts of each scope protected together (see protectAll). */
function scopeCounts(lines: ByLine[], k: number, get: (l: ByLine) => number | undefined): (number | string | null)[] {
  const out: (number | string | null)[] = lines.map((l) => (get(l) === undefined ? null : (get(l) as number)));
  // The population's own counts are not repeated here: they stand in the headline tables, where the
  // publication gate decides them together with the per-pair counts (a second, ungated copy would let
  // a withheld county pair be derived as pooled − the other pairs).
  lines.forEach((l, i) => {
    if (l.scope === "population") out[i] = null;
  });
  for (const scope of ["measure", "user_group", "background"] as const) {
    const idx = lines.map((l, i) => (l.scope === scope && get(l) !== undefined ? i : -1)).filter((i) => i >= 0);
    const p = protectAll(idx.map((i) => get(lines[i]) as number), k);
    idx.forEach((i, j) => (out[i] = p[j]));
  }
  return out;
}

export function didByTable(lines: ByLine[], pop: Population, k: number): JobTable {
  const exitsShown = scopeCounts(lines, k, (l) => l.did?.exits);
  const rows: TableRow[] = lines.map((l, i) => ({
    scope: SCOPE[l.scope],
    level: l.level,
    estimate: l.did?.estimate ?? null,
    lower: l.did?.lower ?? null,
    upper: l.did?.upper ?? null,
    df: l.did?.df ?? null,
    p: l.did?.p ?? null,
    p_wild: l.did?.p_wild_bootstrap ?? null,
    p_ri: l.did?.p_randomization ?? null,
    exits: exitsShown[i],
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
      "exits",
      "note",
    ],
    rows,
    note:
      "Each line is the same two-way fixed-effects DiD as the headline (CR2 with Satterthwaite df; wild cluster bootstrap and randomization inference p-values). " +
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
        n: l.did ? count(l.did.exits, k) : null,
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
export function widerTables(w: WiderComparison, headline: ByLine, k: number): JobTable[] {
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
  const pre = protectAll(w.per_office.map((o) => o.pre_exits), k);
  const post = protectAll(w.per_office.map((o) => o.post_exits), k);
  const per: TableRow[] = w.per_office.map((o, i) => ({
    office: o.office,
    role: o.role,
    pre_exits: pre[i],
    pre_share: pre[i] === ":" ? ":" : o.pre_share,
    post_exits: post[i],
    post_share: post[i] === ":" ? ":" : o.post_share,
  }));
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
 * Counts of one breakdown protected together: a count below k is not shown, and then none of the
 * breakdown's counts is (they add up to the headline's total, so one hidden count could otherwise
 * be worked out by subtraction).
 */
function protectAll(values: number[], k: number): (number | string)[] {
  return values.some((v) => v < k) ? values.map(() => ":") : values;
}

/** The breakdown, goals and wider comparison for results.json, with their counts protected. */
export function publishedExtras(pop: Population, lines: ByLine[], goals: GoalLine[], wider: WiderComparison | undefined, k: number): Record<string, unknown> {
  const by = lines.filter((l) => l.scope !== "population");
  for (const scope of ["measure", "user_group", "background"] as const) {
    const ls = by.filter((l) => l.scope === scope);
    const ex = protectAll(ls.map((l) => l.did?.exits ?? Infinity), k);
    ls.forEach((l, i) => {
      if (l.did) (l.did as unknown as Record<string, unknown>).exits = ex[i];
      // counts withheld for the reason given in hazardByTable
      if (l.cox) Object.assign(l.cox as unknown as Record<string, unknown>, { n: null, events: null });
    });
  }
  let w: unknown;
  if (wider) {
    const pre = protectAll(wider.per_office.map((o) => o.pre_exits), k);
    const post = protectAll(wider.per_office.map((o) => o.post_exits), k);
    w = {
      ...wider,
      per_office: wider.per_office.map((o, i) => ({
        ...o,
        pre_exits: pre[i],
        pre_share: pre[i] === ":" ? ":" : o.pre_share,
        post_exits: post[i],
        post_share: post[i] === ":" ? ":" : o.post_share,
      })),
    };
  }
  // Cell means are not published in results.json (the gate's rule; the tables show them rounded).
  const g = goals.map((l) => (l.did ? { ...l, did: { ...l.did, means: undefined } } : l));
  return { population: pop, by, goals: g, ...(w ? { wider: w } : {}) };
}
