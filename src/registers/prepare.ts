/**
 * `prepare`: register extracts → analysis tables. Reads the extracts (validated), sorts
 * person-months once, derives exits with outcomes, time-to-work spells, baseline tables and the
 * quality report, and writes them to `out` through a temporary folder swapped in at the end
 * (src/output: a failed or killed run leaves the previous output; a folder effekt did not write is
 * refused, never emptied).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { mapInt32, mapUint8 } from "../frame/typed-map.js";
import type { InputLog } from "../io/input-log.js";
import { openOutput } from "../output/output-folder.js";
import { type PrepareConfig, resolveConfig } from "./config.js";
import { derive, type Derived } from "./derive.js";
import { type Issue, loadOffices, type Measures, type Offices, type Persons, pilotStartMonth } from "./load.js";
import { startLoadingPeople } from "./load-worker.js";
import { loadSortedMeasures } from "./sorted-extracts.js";
import { gather } from "./sort.js";
import { monthLabel, toYyyymm, yearOf } from "./months.js";
import { OUTCOMES } from "./outcomes.js";
import { buildRegimeTable } from "./regimes.js";
import { findExtract, requireExtract } from "./read-extracts.js";
import { BENEFITS_SCHEMA, EMPLOYMENT_SCHEMA, MEASURES_SCHEMA, OFFICES_SCHEMA, PERSONS_SCHEMA } from "./schema.js";
import { baselineTables, type BaselineRow, type MeasureShareRow } from "./baseline-tables.js";
import { type OutColumn, writeArrow, writeArrowParts, writeCsv } from "./write.js";
import { writeParquet } from "../io/write-parquet.js";
import type { ReadOptions } from "../io/read-options.js";
import { qualityRows, type QualityRow } from "./quality.js";
import { loadOfficeMonths, officeColumns, type OfficeMonths } from "./office-months.js";
import { OFFICE_MONTHS_SCHEMA } from "./schema.js";
import { dayOfMonthStart, parseDay } from "./months.js";
import type { History } from "./derive.js";

export interface PrepareSummary {
  extracts: Record<string, string>;
  config: PrepareConfig;
  pilotStart: string;
  measuresMonths: { first: string; last: string };
  /** The register end for exits and competing risks: the earliest last month of the registers they need. */
  registerLastMonth: string;
  /** Each register's last month and the end each outcome uses ("YYYY-MM"; "" = none). */
  registerEnd: { employment: string; benefits: string; measures: string; exits: string; workEvent: string; competingRisks: string };
  rows: {
    measures: { read: number; dropped: Record<string, number>; unknownCodes: Record<string, number>; duplicates: number; kept: number };
    employment: { read: number; benefitsRead: number; mergedDuplicates: number };
    persons: { read: number };
  };
  recoded: Record<string, number>;
  /** The office × month extract: covariate names, rows read and dropped, output rows with a missing value. */
  officeMonths: { covariates: string[]; rowsRead: number; dropped: Record<string, number>; missing: Record<string, Record<string, number>> } | null;
  /** The output filter (config `population`) and the rows it left out; null = all rows written. */
  population: { measures: string[] | null; userGroups: string[] | null; exitsOutside: number; spellsOutside: number } | null;
  exits: { found: number; kept: number; excluded: Record<string, number>; byOutcome: Record<string, number> };
  spells: Derived["spellCounts"];
  /** Waits before measures (waits.arrow): found (measure starts), kept, excluded by reason, kept per kind. */
  waits: Derived["waitCounts"] & { byKind: { before: number; between: number } };
  /** Settings outcome: measure months left out because they lie in a regime period (all offices). */
  settings: { regimeMonthsLeftOut: number; cells: number };
  quality: QualityRow[];
  outputs: string[];
  seconds: number;
}

/** Measure months per office × user group × year: the ordinary/sheltered setting outcome (settings.csv). */
export interface SettingsRow {
  office_id: number;
  office: string;
  county: string;
  pilot: number;
  role: string;
  user_group: string;
  year: number;
  post: number;
  treat_post: number;
  person_months: number;
  sheltered_months: number;
  aps_months: number;
  share_sheltered: number;
  share_ordinary: number;
  share_aps: number;
}

export interface PrepareResult {
  summary: PrepareSummary;
  settings: SettingsRow[];
  baseline: BaselineRow[];
  measureShares: MeasureShareRow[];
}

export interface PrepareOptions {
  extracts: string;
  out: string;
  config?: Partial<PrepareConfig>;
  /** How CSV extracts are written (encoding, delimiter, decimal mark). */
  read?: ReadOptions;
  /** Format of the prepared tables exits.* and spells.*: Arrow IPC (default) or Parquet. */
  outputFormat?: "arrow" | "parquet";
  /** Records size and SHA-256 of every extract as it is read. */
  inputLog?: InputLog;
  /** Files that must not be inside `out` besides the extracts folder (a config file). */
  inputs?: string[];
}

/**
 * Read the extracts in `extracts` and write the analysis tables to the folder `out` (new, empty, or
 * an earlier `prepare` output; replaced atomically).
 */
export async function prepare(opts: PrepareOptions): Promise<PrepareResult> {
  const cfg = resolveConfig(opts.config);
  const out = openOutput(opts.out, { command: "prepare", inputs: [opts.extracts, ...(opts.inputs ?? [])] });
  try {
    const r = await prepareInto(out.dir, { ...opts, config: cfg });
    out.commit();
    return r;
  } catch (e) {
    throw out.abandon(e);
  }
}

/** `prepare` into an existing empty folder `dir` (no swap; `effekt run` writes it inside its own temporary folder). */
export async function prepareInto(dir: string, opts: Omit<PrepareOptions, "out">): Promise<PrepareResult> {
  const t0 = Date.now();
  const cfg = resolveConfig(opts.config);
  const log = opts.inputLog;
  const files = {
    offices: requireExtract(opts.extracts, OFFICES_SCHEMA),
    measures: requireExtract(opts.extracts, MEASURES_SCHEMA),
    employment: requireExtract(opts.extracts, EMPLOYMENT_SCHEMA),
    persons: requireExtract(opts.extracts, PERSONS_SCHEMA),
    benefits: findExtract(opts.extracts, BENEFITS_SCHEMA.name),
    office_months: findExtract(opts.extracts, OFFICE_MONTHS_SCHEMA.name),
  };
  const offices = await loadOffices(files.offices, { ...opts.read, log });
  const pilotStart = pilotStartMonth(offices, cfg);
  // Employment, benefits and persons are read (on a second thread when that pays) while this thread
  // reads the measures; a measures error is reported first, as if they were read one after the other.
  const people = startLoadingPeople({ employment: files.employment, benefits: files.benefits, persons: files.persons }, cfg, { ...opts.read, log });
  let ms: Measures;
  try {
    ms = await loadSortedMeasures(files.measures, offices, cfg, { ...opts.read, log });
  } catch (e) {
    people.cancel();
    throw e;
  }
  const { emp, duplicates: empDup, persons } = await people.people;
  const officeMonths = files.office_months ? await loadOfficeMonths(files.office_months, offices, cfg, { ...opts.read, log }) : undefined;
  const regimes = buildRegimeTable(cfg, offices);
  // Time-to-work entries: the regimes apply at pilot and control offices alike (symmetric selection).
  const spellRegimes = buildRegimeTable({ ...cfg, regimes: cfg.regimes.map((r) => ({ ...r, offices: "all" as const })) }, offices);
  const d = derive(cfg, offices, ms, emp, persons, regimes, spellRegimes);
  // The person-month rows are done with (derive keeps none of them): at national scale they are
  // the largest part of the memory (about 10 bytes per measure row and 7 per employment row), and
  // the output columns are built next.
  ms.pid = emp.pid = new Int32Array(0);
  ms.office = ms.month = emp.month = new Uint16Array(0);
  ms.measure = ms.group = emp.flags = new Uint8Array(0);
  const population = cfg.population ? filterPopulation(d, cfg) : null;

  // Months of each year present in the measures extract (for average stock).
  const monthsInYear = (y: number) => {
    const a = Math.max(ms.firstMonth, y * 12);
    const b = Math.min(ms.lastMonth, y * 12 + 11);
    return Math.max(0, b - a + 1);
  };
  const { baseline, measureShares } = baselineTables(d.baseline, offices, cfg.userGroups, cfg.measures, monthsInYear);
  const dropped: Record<string, Issue> = { ...ms.dropped };
  const lbl = (m: number) => (m >= 0 ? monthLabel(m) : "");
  const ends = emp.lastMonths;
  const endsDiffer: Issue | undefined =
    ends.benefits >= 0 && ends.benefits !== ends.employment
      ? { count: Math.abs(ends.benefits - ends.employment), examples: [`employment ends ${lbl(ends.employment)}, benefits end ${lbl(ends.benefits)}`] }
      : undefined;
  const quality = qualityRows({
    ...dropped,
    ...d.quality,
    ...(empDup.count ? { duplicate_employment_person_month: empDup } : {}),
    ...(endsDiffer ? { register_last_months_differ: endsDiffer } : {}),
  });
  const byOutcome: Record<string, number> = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (let k = 0; k < d.exits.n; k++) byOutcome[OUTCOMES[d.exits.outcome[k]]]++;
  const summary: PrepareSummary = {
    extracts: Object.fromEntries(Object.entries(files).filter(([, f]) => f)) as Record<string, string>,
    config: cfg,
    pilotStart: monthLabel(pilotStart),
    measuresMonths: { first: monthLabel(ms.firstMonth), last: monthLabel(ms.lastMonth) },
    registerLastMonth: emp.lastMonth >= 0 ? monthLabel(emp.lastMonth) : "",
    registerEnd: {
      employment: lbl(emp.lastMonths.employment),
      benefits: lbl(emp.lastMonths.benefits),
      measures: lbl(ms.lastMonth),
      exits: lbl(Math.min(emp.lastMonth, ms.lastMonth)),
      workEvent: lbl(emp.employmentLastMonth),
      competingRisks: lbl(emp.lastMonth),
    },
    rows: {
      measures: {
        read: ms.rowsRead,
        dropped: Object.fromEntries(Object.entries(ms.dropped).map(([k, v]) => [k, v.count])),
        unknownCodes: ms.unknownCodes,
        duplicates: d.quality.duplicate_person_month_measure?.count ?? 0,
        kept: d.personMonths,
      },
      employment: { read: emp.rowsRead.employment, benefitsRead: emp.rowsRead.benefits, mergedDuplicates: empDup.count },
      persons: { read: persons.n },
    },
    recoded: ms.recoded,
    officeMonths: officeMonths
      ? { covariates: officeMonths.names, rowsRead: officeMonths.rowsRead, dropped: Object.fromEntries(Object.entries(officeMonths.dropped).map(([k, v]) => [k, v.count])), missing: {} }
      : null,
    population,
    exits: { ...d.exitCounts, byOutcome },
    spells: d.spellCounts,
    waits: { ...d.waitCounts, byKind: { before: countKind(d, 0), between: countKind(d, 1) } },
    settings: { regimeMonthsLeftOut: d.settings.regimeMonths, cells: 0 },
    quality,
    outputs: [],
    seconds: 0,
  };
  const settings = settingsRows(d, offices, cfg, pilotStart);
  summary.settings.cells = settings.length;
  await writeOutputs(dir, summary, d, offices, persons, cfg, pilotStart, baseline, measureShares, quality, t0, opts.outputFormat ?? "arrow", settings, officeMonths);
  return { summary, settings, baseline, measureShares };
}

/** Office roles as written to the outputs. */
export const ROLES = ["control", "pilot", "other"];
function roleCode(offices: Offices, f: number): number {
  return offices.pilot[f] ? 1 : offices.other[f] ? 2 : 0;
}

function countKind(d: Derived, kind: number): number {
  let n = 0;
  for (let i = 0; i < d.waits.n; i++) if (d.waits.kind[i] === kind) n++;
  return n;
}

function settingsRows(d: Derived, offices: Offices, cfg: PrepareConfig, pilotStart: number): SettingsRow[] {
  const st = d.settings;
  const rows: SettingsRow[] = [];
  const pilotYear = yearOf(pilotStart);
  for (let f = 0; f < offices.ids.length; f++) {
    for (let g = 0; g < st.nGroups; g++) {
      for (let y = 0; y < st.nYears; y++) {
        const k = (f * st.nGroups + g) * st.nYears + y;
        const pm = st.months[k];
        if (pm === 0) continue;
        const year = st.firstYear + y;
        const post = year >= pilotYear ? 1 : 0;
        rows.push({
          office_id: offices.ids[f], office: offices.names[f], county: offices.counties[f], pilot: offices.pilot[f], role: ROLES[roleCode(offices, f)],
          user_group: cfg.userGroups[g].code, year, post, treat_post: post & offices.pilot[f],
          person_months: pm, sheltered_months: st.sheltered[k], aps_months: st.aps[k],
          share_sheltered: st.sheltered[k] / pm, share_ordinary: 1 - st.sheltered[k] / pm, share_aps: st.aps[k] / pm,
        });
      }
    }
  }
  return rows;
}

/** Keep the exits and spells of the config's population (measure × user group); count the rest. */
function filterPopulation(d: Derived, cfg: PrepareConfig): NonNullable<PrepareSummary["population"]> {
  const codes = cfg.measures.map((m) => m.code);
  const groups = cfg.userGroups.map((g) => g.code);
  const pm = cfg.population?.measures?.includes("*") ? undefined : cfg.population?.measures;
  const pg = cfg.population?.userGroups;
  const inMeasure = Uint8Array.from(codes, (c) => (!pm || pm.includes(c) ? 1 : 0));
  const inGroup = Uint8Array.from(groups, (g) => (!pg || pg.includes(g) ? 1 : 0));
  const compact = <T extends { n: number; measure: ArrayLike<number>; group: ArrayLike<number> }>(t: T): number => {
    const keep: number[] = [];
    for (let i = 0; i < t.n; i++) if (inMeasure[t.measure[i]] && inGroup[t.group[i]]) keep.push(i);
    const out = t.n - keep.length;
    const rows = Int32Array.from(keep);
    for (const [k, v] of Object.entries(t) as [string, unknown][]) {
      if (v instanceof Int32Array || v instanceof Uint16Array || v instanceof Uint8Array) (t as Record<string, unknown>)[k] = gather(v, rows);
    }
    t.n = keep.length;
    return out;
  };
  const exitsOutside = compact(d.exits);
  const spellsOutside = compact(d.spells);
  compact(d.waits);
  return { measures: pm ?? null, userGroups: pg ?? null, exitsOutside, spellsOutside };
}

function historyColumns(h: History): OutColumn[] {
  return [
    { name: "hist_measure_months", kind: "i32", values: h.histMeasure },
    { name: "hist_benefit_months", kind: "i32", values: h.histBenefit },
    { name: "hist_work_months", kind: "i32", values: h.histWork },
    { name: "hist_window_months", kind: "i32", values: h.histWindow },
  ];
}

/**
 * Time-to-work spells split at calendar months (spells-tv.arrow): one (start, stop] row per month at
 * risk, the office covariates of that month (the entry office), the event on the last row only —
 * the counting-process form of time-varying covariates, for Cox.
 */
function* splitSpells(
  d: Derived, om: OfficeMonths, cfg: PrepareConfig, offices: Offices, persons: Persons,
  countyLevels: string[], countyCode: number[], groupLevels: string[], originYear: number,
): Generator<OutColumn[]> {
  // Parts of SPLIT_PART spells (about a million rows): the whole split table can be several times
  // the size of everything else at national scale.
  const n = d.spells.n;
  for (let a = 0; a === 0 || a < n; a += SPLIT_PART) {
    yield splitSpellRange(d, a, Math.min(n, a + SPLIT_PART), om, cfg, offices, persons, countyLevels, countyCode, groupLevels, originYear);
  }
}

const SPLIT_PART = 1 << 16;

function splitSpellRange(
  d: Derived, from: number, to: number, om: OfficeMonths, cfg: PrepareConfig, offices: Offices, persons: Persons,
  countyLevels: string[], countyCode: number[], groupLevels: string[], originYear: number,
): OutColumn[] {
  const s = d.spells;
  const origin = parseDay(cfg.timeToWork.origin, "timeToWork.origin");
  // Two passes over the spells: count the month pieces, then fill typed arrays (no per-row objects).
  let rows = 0;
  let idx = new Int32Array(0);
  let start = idx;
  let stop = idx;
  let months = idx;
  let event = new Uint8Array(0);
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1) {
      idx = new Int32Array(rows);
      start = new Int32Array(rows);
      stop = new Int32Array(rows);
      event = new Uint8Array(rows);
      months = new Int32Array(rows);
    }
    let r = 0;
    for (let i = from; i < to; i++) {
      const si = s.start[i];
      const so = s.stop[i];
      let from = dayOfMonthStart(s.entryMonth[i]) - origin;
      for (let k = s.entryMonth[i]; ; k++) {
        const next = dayOfMonthStart(k + 1) - origin;
        const a = Math.max(si, from);
        const b = Math.min(so, next);
        from = next;
        if (a >= so) break;
        if (b <= a) continue;
        if (pass === 1) {
          idx[r] = i;
          start[r] = a;
          stop[r] = b;
          months[r] = k;
          event[r] = b === so ? s.event[i] : 0;
        }
        r++;
      }
    }
    rows = r;
  }
  const office = new Int32Array(rows);
  for (let r = 0; r < rows; r++) office[r] = s.office[idx[r]];
  const pick = (a: ArrayLike<number>) => {
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r++) out[r] = a[idx[r]];
    return out;
  };
  // Office attributes by office row, looked up per output row (a table read, not a call per row).
  const perOffice = <T extends Int32Array | Uint8Array>(out: T, of: (f: number) => number): T => {
    const table = Int32Array.from(offices.ids, (_, f) => of(f));
    for (let r = 0; r < rows; r++) out[r] = table[office[r]];
    return out;
  };
  const pilotMeasure = Uint8Array.from(cfg.measures, (m) => (m.pilot ? 1 : 0));
  const measure = pick(s.measure);
  const entry = pick(s.entryMonth);
  const yyyymm = new Int32Array(rows);
  const pilotMeasures = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    pilotMeasures[r] = pilotMeasure[measure[r]];
    yyyymm[r] = toYyyymm(months[r]);
    entry[r] = toYyyymm(entry[r]);
  }
  return [
    { name: "person_id", kind: "i32", values: pick(s.pid) },
    { name: "start", kind: "i32", values: start },
    { name: "stop", kind: "i32", values: stop },
    { name: "event", kind: "i8", values: event },
    { name: "month", kind: "i32", values: yyyymm },
    { name: "office_id", kind: "i32", values: perOffice(new Int32Array(rows), (f) => offices.ids[f]) },
    { name: "office", kind: "dict", codes: office, levels: offices.names },
    { name: "county", kind: "dict", codes: perOffice(new Int32Array(rows), (f) => countyCode[f]), levels: countyLevels },
    { name: "pilot", kind: "i8", values: perOffice(new Uint8Array(rows), (f) => offices.pilot[f]) },
    { name: "role", kind: "dict", codes: perOffice(new Int32Array(rows), (f) => roleCode(offices, f)), levels: ROLES },
    { name: "user_group", kind: "dict", codes: pick(s.group), levels: groupLevels },
    { name: "measure", kind: "dict", codes: measure, levels: cfg.measures.map((m) => m.code) },
    { name: "pilot_measure", kind: "i8", values: pilotMeasures },
    { name: "entry_month", kind: "i32", values: entry },
    { name: "hist_measure_months", kind: "i32", values: pick(s.histMeasure) },
    { name: "hist_benefit_months", kind: "i32", values: pick(s.histBenefit) },
    { name: "hist_work_months", kind: "i32", values: pick(s.histWork) },
    { name: "hist_window_months", kind: "i32", values: pick(s.histWindow) },
    ...officeColumns(om, office, months).map((c) => ({ name: c.name, kind: "f64" as const, values: c.values })),
    ...personColumns(persons, pick(s.personRow), originYear),
  ];
}

/** Covariate columns of the persons extract, looked up per output row (−1 = no person → missing). */
function personColumns(persons: Persons, rows: Int32Array, origin: number): OutColumn[] {
  const n = rows.length;
  const by = new Float64Array(n);
  const age = new Float64Array(n);
  const sex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    by[i] = persons.birthYear[r];
    age[i] = origin - persons.birthYear[r];
    sex[i] = persons.sex[r];
  }
  const cols: OutColumn[] = [
    { name: "birth_year", kind: "f64", values: by },
    { name: "age", kind: "f64", values: age },
    { name: "sex", kind: "dict", codes: sex, levels: persons.sexLevels },
  ];
  for (const c of persons.covariates) {
    if (c.type === "number") {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[rows[i]];
      cols.push({ name: c.name, kind: "f64", values: v });
    } else {
      const v = new Int32Array(n);
      for (let i = 0; i < n; i++) v[i] = c.codes[rows[i]];
      cols.push({ name: c.name, kind: "dict", codes: v, levels: c.levels });
    }
  }
  return cols;
}

async function writeOutputs(
  tmp: string,
  summary: PrepareSummary,
  d: Derived,
  offices: Offices,
  persons: Persons,
  cfg: PrepareConfig,
  pilotStart: number,
  baseline: BaselineRow[],
  measureShares: MeasureShareRow[],
  quality: QualityRow[],
  t0: number,
  ext: "arrow" | "parquet",
  settings: SettingsRow[],
  officeMonths?: OfficeMonths,
): Promise<void> {
  {
    const officeCol = (rows: ArrayLike<number>) => {
      const id = new Int32Array(rows.length);
      const pilot = new Uint8Array(rows.length);
      const role = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        id[i] = offices.ids[rows[i]];
        pilot[i] = offices.pilot[rows[i]];
        role[i] = roleCode(offices, rows[i]);
      }
      return { id, pilot, role };
    };
    const officeCovariates = (what: string, office: ArrayLike<number>, month: ArrayLike<number>): OutColumn[] =>
      officeColumns(officeMonths, office, month).map((c) => {
        if (c.missing) (summary.officeMonths!.missing[what] ??= {})[c.name] = c.missing;
        return { name: c.name, kind: "f64", values: c.values };
      });
    const countyLevels = [...new Set(offices.counties)].sort();
    const countyCode = offices.counties.map((c) => countyLevels.indexOf(c));
    const officeNames = offices.names;
    const groupLevels = cfg.userGroups.map((g) => g.code);
    const measureCodes = cfg.measures.map((m) => m.code);
    /** The office, user group and measure columns that exits, spells and waits share (same order). */
    const placeColumns = (t: { office: Uint16Array; group: Uint8Array; measure: Uint8Array }, o: ReturnType<typeof officeCol>): OutColumn[] => [
      { name: "office_id", kind: "i32", values: o.id },
      { name: "office", kind: "dict", codes: t.office, levels: officeNames },
      { name: "county", kind: "dict", codes: mapInt32(t.office, (f) => countyCode[f]), levels: countyLevels },
      { name: "pilot", kind: "i8", values: o.pilot },
      { name: "role", kind: "dict", codes: o.role, levels: ROLES },
      { name: "user_group", kind: "dict", codes: t.group, levels: groupLevels },
      { name: "measure", kind: "dict", codes: t.measure, levels: measureCodes },
      { name: "pilot_measure", kind: "i8", values: mapUint8(t.measure, (c) => (cfg.measures[c].pilot ? 1 : 0)) },
    ];
    // exits.arrow
    const e = d.exits;
    const eo = officeCol(e.office);
    const year = mapInt32(e.month, yearOf);
    const post = mapUint8(e.month, (m) => (m >= pilotStart ? 1 : 0));
    const treatPost = mapUint8(post, (p, i) => p & eo.pilot[i]);
    const job = mapUint8(e.outcome, (o) => (o <= 1 ? 1 : 0));
    const exitCols: OutColumn[] = [
      { name: "person_id", kind: "i32", values: e.pid },
      ...placeColumns(e, eo),
      { name: "setting", kind: "dict", codes: mapInt32(e.measure, (c) => (cfg.measures[c].setting === "sheltered" ? 1 : 0)), levels: ["ordinary", "sheltered"] },
      { name: "exit_month", kind: "i32", values: mapInt32(e.month, toYyyymm) },
      { name: "status_month", kind: "i32", values: mapInt32(e.month, (m) => toYyyymm(m + cfg.statusLag)) },
      { name: "year", kind: "i32", values: year },
      { name: "post", kind: "i8", values: post },
      { name: "treat_post", kind: "i8", values: treatPost },
      { name: "outcome", kind: "dict", codes: e.outcome, levels: [...OUTCOMES] },
      { name: "job", kind: "i8", values: job },
      { name: "entry_month", kind: "i32", values: mapInt32(e.entry, toYyyymm) },
      ...historyColumns(e),
      ...officeCovariates("exits", e.office, e.month),
      ...personColumns(persons, e.personRow, yearOf(pilotStart)),
    ];
    const writeTable = ext === "parquet" ? writeParquet : writeArrow;
    await writeTable(join(tmp, `exits.${ext}`), exitCols);
    // spells.arrow
    const s = d.spells;
    const so = officeCol(s.office);
    const originYear = Number(cfg.timeToWork.origin.slice(0, 4));
    await writeTable(join(tmp, `spells.${ext}`), [
      { name: "person_id", kind: "i32", values: s.pid },
      { name: "start", kind: "i32", values: s.start },
      { name: "stop", kind: "i32", values: s.stop },
      { name: "event", kind: "i8", values: s.event },
      { name: "cr_stop", kind: "i32", values: s.crStop },
      { name: "cause", kind: "i8", values: s.cause },
      ...placeColumns(s, so),
      { name: "entry_month", kind: "i32", values: mapInt32(s.entryMonth, toYyyymm) },
      ...historyColumns(s),
      ...officeCovariates("spells (at entry)", s.office, s.entryMonth),
      ...personColumns(persons, s.personRow, originYear),
    ]);
    if (officeMonths) {
      await writeArrowParts(join(tmp, "spells-tv.arrow"), splitSpells(d, officeMonths, cfg, offices, persons, countyLevels, countyCode, groupLevels, originYear));
      summary.outputs.push("spells-tv.arrow");
    }
    // waits.arrow
    const w = d.waits;
    const wo = officeCol(w.office);
    const wPost = mapUint8(w.month, (m) => (m >= pilotStart ? 1 : 0));
    await writeArrow(join(tmp, "waits.arrow"), [
      { name: "person_id", kind: "i32", values: w.pid },
      ...placeColumns(w, wo),
      { name: "kind", kind: "dict", codes: w.kind, levels: ["before", "between"] },
      { name: "start_month", kind: "i32", values: mapInt32(w.month, toYyyymm) },
      { name: "year", kind: "i32", values: mapInt32(w.month, yearOf) },
      { name: "post", kind: "i8", values: wPost },
      { name: "treat_post", kind: "i8", values: mapUint8(wPost, (p, i) => p & wo.pilot[i]) },
      { name: "waiting_months", kind: "i32", values: w.months },
      ...historyColumns(w),
      ...officeCovariates("waits", w.office, w.month),
      ...personColumns(persons, w.personRow, yearOf(pilotStart)),
    ]);
    writeCsv(join(tmp, "settings.csv"), settings as unknown as Record<string, unknown>[]);
    writeCsv(join(tmp, "baseline.csv"), baseline as unknown as Record<string, unknown>[]);
    writeCsv(join(tmp, "measure-shares.csv"), measureShares as unknown as Record<string, unknown>[]);
    writeFileSync(join(tmp, "baseline.json"), JSON.stringify({ baseline, measureShares }, null, 1));
    writeCsv(join(tmp, "quality.csv"), quality.map((q) => ({ ...q, examples: q.examples.join("; ") })), ["check", "extract", "count", "action", "examples"]);
    writeFileSync(join(tmp, "quality.json"), JSON.stringify(quality, null, 1));
    summary.outputs = [...summary.outputs, `exits.${ext}`, `spells.${ext}`, "waits.arrow", "settings.csv", "baseline.csv", "measure-shares.csv", "baseline.json", "quality.csv", "quality.json", "prepare-summary.json"];
    summary.seconds = (Date.now() - t0) / 1000;
    writeFileSync(join(tmp, "prepare-summary.json"), JSON.stringify(summary, null, 1));
  }
}
