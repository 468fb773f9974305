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

const pctIn = (L: Localizer) => (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? L.pp(v, 1) : String(v ?? ""));
/** Significant digits in the report's language (the by-tables' p-values and hazard ratios). */
const sigIn = (L: Localizer, digits: number) => (v: unknown) => L.sig(v as number | string | null | undefined, digits);
const scopeLabel = (s: ByLine["scope"], L: Localizer) => L.t(`scope.${s}`);

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

export function didByTable(lines: ByLine[], pop: Population, k: number, L: Localizer = localizer()): JobTable {
  const pct = pctIn(L);
  const exitsShown = scopeCounts(lines, k, (l) => l.did?.exits);
  const rows: TableRow[] = lines.map((l, i) => ({
    scope: scopeLabel(l.scope, L),
    level: lineLevel(l.scope, l.level, pop, L),
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
      { key: "exits", label: L.t("col.exits") },
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
        n: l.did ? count(l.did.exits, k) : null,
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
export function widerTables(w: WiderComparison, headline: ByLine, k: number, L: Localizer = localizer()): JobTable[] {
  const pct = pctIn(L);
  const tw = w.did?.twfe;
  const rows: TableRow[] = [
    {
      comparison: L.t("wider.headline"),
      offices: (headline.did?.clusters ?? null) as number | null,
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
  const pre = protectAll(w.per_office.map((o) => o.pre_exits), k);
  const post = protectAll(w.per_office.map((o) => o.post_exits), k);
  const per: TableRow[] = w.per_office.map((o, i) => ({
    office: o.role === "other" ? L.t("office.restOfCountry", { n: w.offices.other }) : o.office,
    role: roleLabel(o.role, L),
    pre_exits: pre[i],
    pre_share: pre[i] === ":" ? ":" : o.pre_share,
    post_exits: post[i],
    post_share: post[i] === ":" ? ":" : o.post_share,
  }));
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
