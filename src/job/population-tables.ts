/**
 * Tables of the job's breakdown (src/job/population.ts): the DiD effect and the pooled hazard ratio
 * for the population (the headline), each measure and user group of it, and the background line of
 * all the design's measures. Counts below the suppression threshold are shown as ":".
 */
import { localizer, type Localizer } from "../report/i18n/index.js";
import type { TableRow } from "../report/write-table.js";
import { lineLevel, populationLabel, roleLabel } from "./labels.js";
import type { JobTable } from "./job-tables.js";
import type { ByLine, Population } from "./population.js";
import type { GoalLine } from "./goals.js";
import type { WiderComparison } from "./wider.js";
import type { ExitsCells } from "../publish/exits-cells.js";
import { aloneCount, aloneShare } from "../publish/alone-cells.js";

const pctIn = (L: Localizer) => (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? L.pp(v, 1) : String(v ?? ""));
/** Significant digits in the report's language (the by-tables' p-values and hazard ratios). */
const sigIn = (L: Localizer, digits: number) => (v: unknown) => L.sig(v as number | string | null | undefined, digits);
const scopeLabel = (s: ByLine["scope"], L: Localizer) => L.t(`scope.${s}`);


export function didByTable(lines: ByLine[], pop: Population, L: Localizer = localizer()): JobTable {
  const pct = pctIn(L);
  // No numbers of exits per line, for the reason given in hazardByTable: the lines overlap the
  // headline's exits (the user-group lines add up to it, the background contains it), whose
  // counts the publication gate protects; the headline tables show the gated counts.
  const rows: TableRow[] = lines.map((l) => ({
    scope: scopeLabel(l.scope, L),
    level: lineLevel(l.scope, l.level, pop, L),
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
    caption: L.t("by.did.caption", { population: populationLabel(pop, L) }),
    columns: [
      { key: "scope", label: L.t("col.scope") },
      { key: "level", label: L.t("col.level") },
      { key: "estimate", label: L.t("col.estimatePp"), format: pct },
      { key: "lower", label: L.t("col.ciLowerPp"), format: pct },
      { key: "upper", label: L.t("col.ciUpperPp"), format: pct },
      { key: "df", label: L.t("col.satterthwaiteDf"), format: sigIn(L, 3) },
      { key: "p", label: L.t("col.pCr2"), format: sigIn(L, 4) },
      { key: "p_wild", label: L.t("col.pWild"), format: sigIn(L, 4) },
      { key: "p_ri", label: L.t("col.pRandomization"), format: sigIn(L, 4) },
      { key: "note", label: L.t("col.note") },
    ],
    rows,
    note: L.t("by.did.note"),
  };
}

export function hazardByTable(lines: ByLine[], pop: Population, L: Localizer = localizer()): JobTable {
  // No counts of persons or events per line: the lines overlap the headline model and the county-pair
  // models that the publication gate protects (e.g. the background line equals the pooled model when
  // the population is every measure, and the measure lines sum to it), so their counts would reopen
  // what the gate withheld. The headline tables show the gated counts.
  const rows: TableRow[] = lines.map((l) => ({
    scope: scopeLabel(l.scope, L),
    level: lineLevel(l.scope, l.level, pop, L),
    hazard_ratio: l.cox?.hazard_ratio ?? null,
    lower: l.cox?.lower ?? null,
    upper: l.cox?.upper ?? null,
    p: l.cox?.p ?? null,
    note: l.cox_error ?? "",
  }));
  return {
    name: "hazard-ratios-by",
    caption: L.t("by.hr.caption", { population: populationLabel(pop, L) }),
    columns: [
      { key: "scope", label: L.t("col.scope") },
      { key: "level", label: L.t("col.level") },
      { key: "hazard_ratio", label: L.t("col.hazard_ratio"), format: sigIn(L, 4) },
      { key: "lower", label: L.t("col.lower"), format: sigIn(L, 4) },
      { key: "upper", label: L.t("col.upper"), format: sigIn(L, 4) },
      { key: "p", label: L.t("col.p"), format: sigIn(L, 4) },
      { key: "note", label: L.t("col.note") },
    ],
    rows,
    note: L.t("by.hr.note"),
  };
}

/** The other two goals: waiting times (months) and settings (percentage points), one table each. */
export function goalTables(lines: GoalLine[], pop: Population, k: number, L: Localizer = localizer()): JobTable[] {
  const pct = pctIn(L);
  const months = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? L.fixed(v, 2) : String(v ?? ""));
  const make = (unit: GoalLine["unit"]) => {
    const f = unit === "months" ? months : pct;
    const u = unit === "months" ? L.t("unit.months") : L.t("unit.pp");
    const pctUnit = unit === "months" ? u : "%";
    const rows: TableRow[] = lines
      .filter((l) => l.unit === unit)
      .map((l) => ({
        outcome: L.t(`goal.${l.goal}`),
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
    return { u, pctUnit, f, rows };
  };
  const cols = (x: { u: string; pctUnit: string; f: (v: unknown) => string }, nLabel: string) => [
    { key: "outcome", label: L.t("col.outcome") },
    { key: "pilot_pre", label: L.t("col.pilotBefore", { unit: x.pctUnit }), format: x.f },
    { key: "pilot_post", label: L.t("col.pilotAfter", { unit: x.pctUnit }), format: x.f },
    { key: "control_pre", label: L.t("col.controlBefore", { unit: x.pctUnit }), format: x.f },
    { key: "control_post", label: L.t("col.controlAfter", { unit: x.pctUnit }), format: x.f },
    { key: "estimate", label: L.t("col.didUnit", { unit: x.u }), format: x.f },
    { key: "lower", label: L.t("col.ciLowerUnit", { unit: x.u }), format: x.f },
    { key: "upper", label: L.t("col.ciUpperUnit", { unit: x.u }), format: x.f },
    { key: "p", label: L.t("col.pCr2"), format: sigIn(L, 4) },
    { key: "p_wild", label: L.t("col.pWild"), format: sigIn(L, 4) },
    { key: "p_ri", label: L.t("col.pRandomization"), format: sigIn(L, 4) },
    { key: "n", label: nLabel },
    { key: "note", label: L.t("col.note") },
  ];
  const w = make("months");
  const s = make("share");
  return [
    {
      name: "waiting-did",
      caption: L.t("goal.waiting.caption", { population: populationLabel(pop, L) }),
      columns: cols(w, L.t("col.measureStarts")),
      rows: w.rows,
      note: L.t("goal.waiting.note"),
    },
    {
      name: "settings-did",
      caption: L.t("goal.settings.caption", { groups: pop.userGroups ? pop.userGroups.join(", ") : L.t("population.all") }),
      columns: cols(s, L.t("col.cells")),
      rows: s.rows,
      note: L.t("goal.settings.note"),
    },
  ];
}

/** The ten offices' design beside the wider comparison (pilot offices vs every other office). */
export function widerTables(w: WiderComparison, headline: ByLine, exits: ExitsCells, pre: number[], post: number[], L: Localizer = localizer()): JobTable[] {
  const pct = pctIn(L);
  const k = exits.k;
  const tw = w.did?.twfe;
  const rows: TableRow[] = [
    {
      comparison: L.t("wider.headline"),
      offices: (headline.did?.clusters ?? null),
      estimate: headline.did?.estimate ?? null, lower: headline.did?.lower ?? null, upper: headline.did?.upper ?? null, p: headline.did?.p ?? null,
      p_wild: headline.did?.p_wild_bootstrap ?? null,
      hazard_ratio: headline.cox?.hazard_ratio ?? null, hr_lower: headline.cox?.lower ?? null, hr_upper: headline.cox?.upper ?? null,
      note: L.t("wider.headlineNote"),
    },
    {
      comparison: L.t("wider.all", { control: w.offices.control, other: w.offices.other }),
      offices: w.offices.pilot + w.offices.control + w.offices.other,
      estimate: tw?.estimate ?? null, lower: tw?.ci.cr2_satterthwaite[0] ?? null, upper: tw?.ci.cr2_satterthwaite[1] ?? null, p: tw?.p_cr2_satterthwaite ?? null,
      p_wild: w.did?.wild_cluster_bootstrap.p_value ?? null,
      hazard_ratio: w.cox?.hazard_ratio ?? null, hr_lower: w.cox?.lower ?? null, hr_upper: w.cox?.upper ?? null,
      note: [w.did_error, w.cox_error].filter(Boolean).join("; ") || L.t("wider.allNote"),
    },
  ];
  const per = widerPerOffice(w, exits, pre, post, L);
  const share = (v: unknown) => (typeof v === "number" ? pct(v) : String(v ?? ""));
  return [
    {
      name: "wider-comparison",
      caption: L.t("wider.caption"),
      columns: [
        { key: "comparison", label: L.t("col.comparison") }, { key: "offices", label: L.t("col.offices") },
        { key: "estimate", label: L.t("col.didPp"), format: pct }, { key: "lower", label: L.t("col.ciLowerPp"), format: pct }, { key: "upper", label: L.t("col.ciUpperPp"), format: pct },
        { key: "p", label: L.t("col.pCr2"), format: sigIn(L, 4) }, { key: "p_wild", label: L.t("col.pWild"), format: sigIn(L, 4) },
        { key: "hazard_ratio", label: L.t("col.hazard_ratio"), format: sigIn(L, 4) }, { key: "hr_lower", label: L.t("col.hrLower"), format: sigIn(L, 4) }, { key: "hr_upper", label: L.t("col.hrUpper"), format: sigIn(L, 4) },
        { key: "note", label: L.t("col.note") },
      ],
      rows,
      note: L.t("wider.note"),
    },
    {
      name: "offices-beside-country",
      caption: L.t("wider.offices.caption"),
      columns: [
        { key: "office", label: L.t("col.office") },
        { key: "role", label: L.t("col.role") },
        { key: "pre_exits", label: L.t("col.exitsBefore") },
        { key: "pre_share", label: L.t("col.toWorkBefore"), format: share },
        { key: "post_exits", label: L.t("col.exitsAfter") },
        { key: "post_share", label: L.t("col.toWorkAfter"), format: share },
      ],
      rows: per,
      note: L.t("wider.offices.note", { k }),
    },
  ];
}

/**
 * Exits and shares to work before and after per office: the ten offices' through the publication
 * gate (the same atoms as the baseline tables: office × group × year × outcome of the population's
 * exits), the rest of the country's as a count no other publication contains (alone-cells.ts).
 *
 * With a localizer the office and role cells are labels in its language (the tables); without one
 * they are the codes (results.json, the same in every language).
 */
export function widerPerOffice(w: WiderComparison, exits: ExitsCells, pre: number[], post: number[], L?: Localizer): TableRow[] {
  const ten = new Set(exits.offices.map((o) => o.name));
  return w.per_office.map((o) => {
    const row: TableRow = L
      ? { office: o.role === "other" ? L.t("office.restOfCountry", { n: w.offices.other }) : o.office, role: roleLabel(o.role, L) }
      : { office: o.office, role: o.role };
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
