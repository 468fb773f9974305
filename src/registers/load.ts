/**
 * Loading each extract into column-wise typed arrays, validated against its schema. Rows that are
 * readable but unusable (unknown measure code, unknown user group, month outside the study) are
 * dropped here and counted, with a few examples, for the quality report; unreadable input (missing
 * column, bad month, negative id, an office not in the offices extract) is an InputError naming
 * file, column and row.
 */
import { InputError } from "../errors.js";
import type { PrepareConfig } from "./config.js";
import { CodeSink, Growable, readDates, readFlags, readIds, readInts, readMonths, readNumbers } from "./columns.js";
import { monthLabel, parseMonth } from "./months.js";
import type { ReadOptions } from "../io/read-options.js";
import { checkColumns, knownRowCount, readBatches } from "./read-extracts.js";
import { BENEFITS_SCHEMA, EMPLOYMENT_SCHEMA, MEASURES_SCHEMA, OFFICES_SCHEMA, PERSONS_SCHEMA } from "./schema.js";

const i32 = (n: number) => new Int32Array(n);
const u8 = (n: number) => new Uint8Array(n);
const u16 = (n: number) => new Uint16Array(n);
const f64 = (n: number) => new Float64Array(n);

/** A counted problem with up to five examples. */
export interface Issue {
  count: number;
  examples: string[];
}

export function addIssue(issues: Record<string, Issue>, key: string, example: string): void {
  const it = (issues[key] ??= { count: 0, examples: [] });
  it.count++;
  if (it.examples.length < 5) it.examples.push(example);
}

export interface Offices {
  file: string;
  ids: Int32Array;
  names: string[];
  counties: string[];
  pilot: Uint8Array;
  /** 1 = role `other`: an office of the rest of the country (an optional wider comparison group). */
  other: Uint8Array;
  /** Pilot start month index per office (−1 for controls). */
  pilotStart: Int32Array;
  /** office id → row. */
  index: Map<number, number>;
}

export async function loadOffices(file: string, read: ReadOptions = {}): Promise<Offices> {
  const ids = new Growable(i32);
  const role = new CodeSink();
  const start = new Growable(i32);
  const names: string[] = [];
  const counties: string[] = [];
  let hasStart = false;
  for await (const b of readBatches(file, read)) {
    checkColumns(b, OFFICES_SCHEMA, file);
    readIds(b.col("office_id")!, { file, column: "office_id" }, b.rowBase, ids);
    role.read(b.col("role")!, { file, column: "role" }, b.rowBase);
    for (const [col, out] of [["name", names], ["county", counties]] as const) {
      const v = b.col(col)!;
      for (let i = 0; i < b.n; i++) {
        const s = v.str ? v.str(i) : v.dict ? (v.dict.idx[i] < 0 ? null : v.dict.values[v.dict.idx[i]]) : String(v.num![i]);
        if (s === null || s === "") throw new InputError("missing value", { file, column: col, row: b.rowBase + i + 1 });
        out.push(s);
      }
    }
    const ps = b.col("pilot_start");
    if (ps) {
      hasStart = true;
      // Missing start (controls) is allowed: read through the text path with nulls kept.
      for (let i = 0; i < b.n; i++) {
        const missing = ps.num ? Number.isNaN(ps.num[i]) : (ps.str ? ps.str(i) : ps.dict!.values[ps.dict!.idx[i]]) == null;
        if (missing) {
          start.reserve(1);
          start.data[start.length++] = -1;
        } else {
          readMonths(sliceView(ps, i), { file, column: "pilot_start" }, b.rowBase + i, start);
        }
      }
    }
  }
  const n = ids.length;
  const pilot = new Uint8Array(n);
  const other = new Uint8Array(n);
  const idArr = ids.take();
  const index = new Map<number, number>();
  const codes = role.codes.view();
  for (let r = 0; r < n; r++) {
    const lv = role.levels[codes[r]];
    if (lv !== "pilot" && lv !== "control" && lv !== "other") {
      throw new InputError(`role "${lv}" is not pilot, control or other`, { file, column: "role", row: r + 1 });
    }
    pilot[r] = lv === "pilot" ? 1 : 0;
    other[r] = lv === "other" ? 1 : 0;
    if (index.has(idArr[r])) throw new InputError(`office id ${idArr[r]} appears twice`, { file, column: "office_id", row: r + 1 });
    index.set(idArr[r], r);
  }
  checkOfficeLabels(file, names, counties);
  const pilotStart = hasStart ? start.take() : new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) if (!pilot[r]) pilotStart[r] = -1;
  return { file, ids: idArr, names, counties, pilot, other, pilotStart, index };
}

/** Labels compared as a person reads them: Unicode NFC, case and surrounding spaces ignored. */
const labelKey = (s: string) => s.normalize("NFC").trim().toLowerCase();

/**
 * One row per office and one spelling per county: an office named twice (the second time perhaps
 * with another county), or two spellings of one county ("Akershus", "akershus "), would otherwise
 * be merged or split silently. Rows are 1-based data rows.
 */
function checkOfficeLabels(file: string, names: string[], counties: string[]): void {
  const firstRow = new Map<string, number>();
  for (let r = 0; r < names.length; r++) {
    const k = labelKey(names[r]);
    const p = firstRow.get(k);
    if (p === undefined) {
      firstRow.set(k, r);
      continue;
    }
    if (labelKey(counties[p]) !== labelKey(counties[r])) {
      throw new InputError(`office "${names[r]}" has two county labels: "${counties[p]}" (row ${p + 1}) and "${counties[r]}"`, {
        file,
        column: "county",
        row: r + 1,
      });
    }
    throw new InputError(`office "${names[r]}" appears twice (rows ${p + 1} and ${r + 1}); each office needs one row`, { file, column: "name", row: r + 1 });
  }
  const spelling = new Map<string, number>();
  for (let r = 0; r < counties.length; r++) {
    const k = labelKey(counties[r]);
    const p = spelling.get(k);
    if (p === undefined) spelling.set(k, r);
    else if (counties[p] !== counties[r]) {
      throw new InputError(`county "${counties[r]}" is spelled "${counties[p]}" in row ${p + 1}; use one spelling`, { file, column: "county", row: r + 1 });
    }
  }
}

/** A one-row view of row i of a column (for the rare per-cell path). */
function sliceView(v: import("./columns.js").ColView, i: number): import("./columns.js").ColView {
  if (v.num) return { n: 1, typeName: v.typeName, num: [v.num[i]] };
  const s = v.str ? v.str(i) : v.dict!.values[v.dict!.idx[i]];
  return { n: 1, typeName: v.typeName, str: () => s };
}

/** The pilot start month: config, else the offices extract (all pilot offices must agree). */
export function pilotStartMonth(offices: Offices, cfg: PrepareConfig): number {
  if (cfg.pilotStart) return parseMonth(cfg.pilotStart, "pilotStart");
  let m = -1;
  for (let r = 0; r < offices.ids.length; r++) {
    if (!offices.pilot[r]) continue;
    const s = offices.pilotStart[r];
    if (s < 0) throw new InputError("pilot office without pilot_start (or set pilotStart in the config)", { file: offices.file, column: "pilot_start", row: r + 1 });
    if (m >= 0 && s !== m) {
      throw new InputError(`pilot offices start in different months (${monthLabel(m)}, ${monthLabel(s)}); set pilotStart in the config`, {
        file: offices.file,
        column: "pilot_start",
        row: r + 1,
      });
    }
    m = s;
  }
  if (m < 0) throw new InputError("no pilot office in the offices extract", { file: offices.file, column: "role" });
  return m;
}

export interface Measures {
  file: string;
  n: number;
  pid: Int32Array;
  /** Month index (year × 12 + month − 1; years 1900–2200, so 16 bits: 2 bytes a row instead of 4). */
  month: Uint16Array;
  /** Office row (index into Offices). */
  office: Uint16Array;
  /** Catalogue index (after the regimes' recoding). */
  measure: Uint8Array;
  /** User-group index (config.userGroups order). */
  group: Uint8Array;
  rowsRead: number;
  /** Rows dropped at load, by reason. */
  dropped: Record<string, Issue>;
  /** Rows recoded by a regime, by regime name. */
  recoded: Record<string, number>;
  /** Rows dropped for an unknown measure code, per code (every code stays counted). */
  unknownCodes: Record<string, number>;
  /** First and last month present (month index) among kept rows. */
  firstMonth: number;
  lastMonth: number;
}

/** Recode table: (month − from) × offices × codes → new code, built from the regimes. */
interface Recoder {
  from: number;
  to: number;
  nOffices: number;
  nCodes: number;
  table: Int16Array;
  regime: Int16Array;
}

function buildRecoder(cfg: PrepareConfig, offices: Offices, codeIndex: Map<string, number>): Recoder | undefined {
  const withRecode = cfg.regimes.filter((r) => r.recode && Object.keys(r.recode).length);
  if (!withRecode.length) return undefined;
  const from = Math.min(...withRecode.map((r) => parseMonth(r.from, "regime from")));
  const to = Math.max(...withRecode.map((r) => parseMonth(r.to, "regime to")));
  const nOffices = offices.ids.length;
  const nCodes = codeIndex.size;
  const size = (to - from + 1) * nOffices * nCodes;
  const table = new Int16Array(size).fill(-1);
  const regime = new Int16Array(size).fill(-1);
  cfg.regimes.forEach((r, ri) => {
    if (!r.recode) return;
    const a = parseMonth(r.from, "regime from");
    const b = parseMonth(r.to, "regime to");
    for (const [oldCode, newCode] of Object.entries(r.recode)) {
      const o = codeIndex.get(oldCode);
      const nw = codeIndex.get(newCode)!;
      if (o === undefined) continue;
      for (let m = a; m <= b; m++) {
        for (let f = 0; f < nOffices; f++) {
          if (r.offices === "pilot" && !offices.pilot[f]) continue;
          if (r.offices === "control" && (offices.pilot[f] || offices.other[f])) continue;
          const k = ((m - from) * nOffices + f) * nCodes + o;
          table[k] = nw;
          regime[k] = ri;
        }
      }
    }
  });
  return { from, to, nOffices, nCodes, table, regime };
}

export async function loadMeasures(file: string, offices: Offices, cfg: PrepareConfig, read: ReadOptions = {}): Promise<Measures> {
  const studyFrom = parseMonth(cfg.studyFrom, "studyFrom");
  let studyTo = parseMonth(cfg.studyTo, "studyTo");
  if (cfg.asOf) studyTo = Math.min(studyTo, parseMonth(cfg.asOf, "asOf"));
  // Catalogue codes, plus any code a regime recodes from (old codes) so they can be recoded.
  const codeIndex = new Map<string, number>();
  cfg.measures.forEach((m, i) => codeIndex.set(m.code, i));
  if (cfg.measures.length > 255) throw new InputError("the catalogue has more than 255 measures");
  const recodeFrom = new Map<string, number>();
  for (const r of cfg.regimes) for (const old of Object.keys(r.recode ?? {})) if (!codeIndex.has(old)) recodeFrom.set(old, codeIndex.size + recodeFrom.size);
  const allCodes = new Map([...codeIndex, ...recodeFrom]);
  const recoder = buildRecoder(cfg, offices, allCodes);
  const groupIndex = new Map(cfg.userGroups.map((g, i) => [g.code, i]));

  const pid = new Growable(i32);
  const month = new Growable(u16);
  const office = new Growable((n) => new Uint16Array(n));
  const measure = new Growable(u8);
  const group = new Growable(u8);
  // Per-batch scratch.
  const sPid = new Growable(i32);
  const sMonth = new Growable(i32);
  const sOffice = new Growable(i32);
  const codeSink = new CodeSink();
  const groupSink = new CodeSink();
  const dropped: Record<string, Issue> = {};
  const recoded: Record<string, number> = {};
  const unknownCodes: Record<string, number> = {};
  let rowsRead = 0;
  let first = Infinity;
  let last = -Infinity;
  const known = await knownRowCount(file);
  if (known) for (const g of [pid, month, office, measure, group]) g.reserveTotal(known);

  for await (const b of readBatches(file, read)) {
    checkColumns(b, MEASURES_SCHEMA, file);
    sPid.length = sMonth.length = sOffice.length = 0;
    codeSink.codes.length = groupSink.codes.length = 0;
    readIds(b.col("person_id")!, { file, column: "person_id" }, b.rowBase, sPid);
    readMonths(b.col("month")!, { file, column: "month" }, b.rowBase, sMonth);
    readIds(b.col("office_id")!, { file, column: "office_id" }, b.rowBase, sOffice);
    codeSink.read(b.col("measure_code")!, { file, column: "measure_code" }, b.rowBase);
    groupSink.read(b.col("user_group")!, { file, column: "user_group" }, b.rowBase);
    // Map this file's code levels to catalogue / group indices (levels grow across batches).
    const codeMap = Int32Array.from(codeSink.levels, (c) => allCodes.get(c) ?? -1);
    const groupMap = Int32Array.from(groupSink.levels, (g) => groupIndex.get(g) ?? -1);
    const n = b.n;
    rowsRead += n;
    pid.reserve(n);
    month.reserve(n);
    office.reserve(n);
    measure.reserve(n);
    group.reserve(n);
    const P = sPid.data, M = sMonth.data, O = sOffice.data, C = codeSink.codes.data, G = groupSink.codes.data;
    let k = pid.length;
    let lastOfficeId = -1;
    let lastOfficeRow = -1;
    for (let i = 0; i < n; i++) {
      const row = b.rowBase + i + 1;
      const oid = O[i];
      if (oid !== lastOfficeId) {
        const r = offices.index.get(oid);
        if (r === undefined) {
          throw new InputError(`office ${oid} is not in the offices extract (${offices.file})`, { file, column: "office_id", row });
        }
        lastOfficeId = oid;
        lastOfficeRow = r;
      }
      const m = M[i];
      if (m < studyFrom || m > studyTo) {
        addIssue(dropped, "month_out_of_range", `row ${row}: ${monthLabel(m)}`);
        continue;
      }
      let c = codeMap[C[i]];
      if (c < 0) {
        const code = codeSink.levels[C[i]];
        addIssue(dropped, "unknown_measure_code", `row ${row}: "${code}"`);
        unknownCodes[code] = (unknownCodes[code] ?? 0) + 1;
        continue;
      }
      if (recoder && m >= recoder.from && m <= recoder.to) {
        const key = ((m - recoder.from) * recoder.nOffices + lastOfficeRow) * recoder.nCodes + c;
        if (recoder.table[key] >= 0) {
          const name = cfg.regimes[recoder.regime[key]].name;
          recoded[name] = (recoded[name] ?? 0) + 1;
          c = recoder.table[key];
        }
      }
      if (c >= codeIndex.size) {
        const code = codeSink.levels[C[i]];
        addIssue(dropped, "unknown_measure_code", `row ${row}: "${code}" (outside its recode period)`);
        unknownCodes[code] = (unknownCodes[code] ?? 0) + 1;
        continue;
      }
      const g = groupMap[G[i]];
      if (g < 0) {
        addIssue(dropped, "unknown_user_group", `row ${row}: "${groupSink.levels[G[i]]}"`);
        continue;
      }
      pid.data[k] = P[i];
      month.data[k] = m;
      office.data[k] = lastOfficeRow;
      measure.data[k] = c;
      group.data[k] = g;
      k++;
      if (m < first) first = m;
      if (m > last) last = m;
    }
    pid.length = month.length = office.length = measure.length = group.length = k;
  }
  const nKept = pid.length;
  return {
    file,
    n: nKept,
    pid: pid.take(),
    month: month.take(),
    office: office.take(),
    measure: measure.take(),
    group: group.take(),
    rowsRead,
    dropped,
    recoded,
    unknownCodes,
    firstMonth: Number.isFinite(first) ? first : -1,
    lastMonth: Number.isFinite(last) ? last : -1,
  };
}

/** Employment status per person-month: bit 0 employed, bit 1 benefit paid, bit 2 job seeker. */
export const EMPLOYED = 1;
export const BENEFIT = 2;
export const JOBSEEKER = 4;
/** Competing exits from the road to work (benefits extract codes from the config). */
export const DISABILITY = 8;
export const OTHER_EXIT = 16;
/** A job-seeker benefit (config `jobseekerBenefits`) paid that month (history covariates). */
export const JS_BENEFIT = 32;

export interface Employment {
  n: number;
  pid: Int32Array;
  /** Month index (16 bits, as Measures.month). */
  month: Uint16Array;
  flags: Uint8Array;
  rowsRead: { employment: number; benefits: number };
  /**
   * The register end for outcomes that need both employment and benefits (exits, competing risks):
   * the EARLIEST of the two extracts' last months (a benefits row past the employment register must
   * not turn unobservable months into "not employed"), capped by `asOf`. Month index.
   */
  lastMonth: number;
  /** Last month of the employment extract alone (capped by `asOf`): the register end for "in work". */
  employmentLastMonth: number;
  /** Each extract's own last month (−1 = no rows / no extract), before the `asOf` cap. */
  lastMonths: { employment: number; benefits: number };
  firstMonth: number;
  dropped: Record<string, Issue>;
}

export async function loadEmployment(file: string, benefitsFile: string | undefined, cfg: PrepareConfig, read: ReadOptions = {}): Promise<Employment> {
  const pid = new Growable(i32);
  const month = new Growable(u16);
  const flags = new Growable(u8);
  const emp = new Growable(u8);
  const ben = new Growable(u8);
  const js = new Growable(u8);
  let rowsEmp = 0;
  let rowsBen = 0;
  let first = Infinity;
  let last = -Infinity;
  const dropped: Record<string, Issue> = {};
  const known = await knownRowCount(file);
  const knownBenefits = benefitsFile ? await knownRowCount(benefitsFile) : 0;
  if (known && knownBenefits !== undefined) for (const g of [pid, month, flags]) g.reserveTotal(known + knownBenefits);
  for await (const b of readBatches(file, read)) {
    checkColumns(b, EMPLOYMENT_SCHEMA, file);
    const base = pid.length;
    readIds(b.col("person_id")!, { file, column: "person_id" }, b.rowBase, pid);
    readMonths(b.col("month")!, { file, column: "month" }, b.rowBase, month);
    emp.length = ben.length = js.length = 0;
    readFlags(b.col("employed")!, { file, column: "employed" }, b.rowBase, emp);
    const bv = b.col("benefit");
    if (bv) readFlags(bv, { file, column: "benefit" }, b.rowBase, ben);
    const jv = b.col("jobseeker");
    if (jv) readFlags(jv, { file, column: "jobseeker" }, b.rowBase, js);
    flags.reserve(b.n);
    for (let i = 0; i < b.n; i++) {
      flags.data[base + i] = emp.data[i] | (bv ? ben.data[i] << 1 : 0) | (jv ? js.data[i] << 2 : 0);
      const m = month.data[base + i];
      if (m < first) first = m;
      if (m > last) last = m;
    }
    flags.length = base + b.n;
    rowsEmp += b.n;
  }
  const lastEmp = last;
  let lastBen = -Infinity;
  if (benefitsFile) {
    const jobseeker = new Set(cfg.jobseekerBenefits);
    const disability = new Set(cfg.disabilityBenefits ?? []);
    const otherExit = new Set(cfg.otherExitBenefits ?? []);
    const codes = new CodeSink();
    for await (const b of readBatches(benefitsFile, read)) {
      checkColumns(b, BENEFITS_SCHEMA, benefitsFile);
      const base = pid.length;
      readIds(b.col("person_id")!, { file: benefitsFile, column: "person_id" }, b.rowBase, pid);
      readMonths(b.col("month")!, { file: benefitsFile, column: "month" }, b.rowBase, month);
      codes.codes.length = 0;
      codes.read(b.col("benefit_code")!, { file: benefitsFile, column: "benefit_code" }, b.rowBase);
      const codeFlags = Uint8Array.from(
        codes.levels,
        (c) => BENEFIT | (jobseeker.has(c) ? JOBSEEKER | JS_BENEFIT : 0) | (disability.has(c) ? DISABILITY : 0) | (otherExit.has(c) ? OTHER_EXIT : 0),
      );
      flags.reserve(b.n);
      for (let i = 0; i < b.n; i++) {
        flags.data[base + i] = codeFlags[codes.codes.data[i]];
        const m = month.data[base + i];
        if (m < first) first = m;
        if (m > lastBen) lastBen = m;
      }
      flags.length = base + b.n;
      rowsBen += b.n;
    }
  }
  const fin = (v: number) => (Number.isFinite(v) ? v : -1);
  const asOf = cfg.asOf ? parseMonth(cfg.asOf, "asOf") : Infinity;
  // Earliest last month of the registers used; an empty benefits extract does not count.
  let lastMonth = benefitsFile && rowsBen > 0 ? Math.min(lastEmp, lastBen) : lastEmp;
  lastMonth = fin(Math.min(lastMonth, asOf));
  const employmentLastMonth = fin(Math.min(lastEmp, asOf));
  return {
    n: pid.length,
    pid: pid.take(),
    month: month.take(),
    flags: flags.take(),
    rowsRead: { employment: rowsEmp, benefits: rowsBen },
    lastMonth,
    employmentLastMonth,
    lastMonths: { employment: fin(lastEmp), benefits: fin(lastBen) },
    firstMonth: Number.isFinite(first) ? first : -1,
    dropped,
  };
}

export interface Persons {
  file: string;
  n: number;
  pid: Int32Array;
  birthYear: Int32Array;
  sex: Int32Array;
  sexLevels: string[];
  /** Days since 1970 (NaN = not moved / alive). */
  moved: Float64Array;
  died: Float64Array;
  covariates: Covariate[];
}

export type Covariate =
  | { name: string; type: "number"; values: Float64Array }
  | { name: string; type: "code"; codes: Int32Array; levels: string[] };

export async function loadPersons(file: string, read: ReadOptions = {}): Promise<Persons> {
  const pid = new Growable(i32);
  const by = new Growable(i32);
  const sex = new CodeSink();
  const moved = new Growable(f64);
  const died = new Growable(f64);
  const known = new Set(PERSONS_SCHEMA.fields.map((f) => f.name));
  let covNames: string[] | undefined;
  const covSinks = new Map<string, { num?: Growable<Float64Array>; code?: CodeSink }>();
  for await (const b of readBatches(file, read)) {
    checkColumns(b, PERSONS_SCHEMA, file);
    readIds(b.col("person_id")!, { file, column: "person_id" }, b.rowBase, pid);
    readInts(b.col("birth_year")!, { file, column: "birth_year" }, b.rowBase, by, 1880, 2100);
    sex.read(b.col("sex")!, { file, column: "sex" }, b.rowBase);
    for (const [col, out] of [["moved_date", moved], ["death_date", died]] as const) {
      const v = b.col(col);
      if (v) readDates(v, { file, column: col }, b.rowBase, out);
      else {
        out.reserve(b.n);
        out.data.fill(NaN, out.length, out.length + b.n);
        out.length += b.n;
      }
    }
    covNames ??= b.names.filter((n) => !known.has(n));
    for (const name of covNames) {
      const v = b.col(name);
      if (!v) throw new InputError("column missing from a later batch", { file, column: name, row: b.rowBase + 1 });
      let s = covSinks.get(name);
      if (!s) {
        s = v.num ? { num: new Growable(f64) } : { code: new CodeSink(true) };
        covSinks.set(name, s);
      }
      if (s.num) {
        if (!v.num) throw new InputError(`expected numbers (as in earlier rows), found ${v.typeName}`, { file, column: name, row: b.rowBase + 1 });
        readNumbers(v, { file, column: name }, b.rowBase, s.num);
      } else s.code!.read(v, { file, column: name }, b.rowBase);
    }
  }
  const covariates: Covariate[] = [...covSinks].map(([name, s]) =>
    s.num ? { name, type: "number", values: s.num.take() } : { name, type: "code", codes: s.code!.codes.take(), levels: s.code!.levels },
  );
  return {
    file,
    n: pid.length,
    pid: pid.take(),
    birthYear: by.take(),
    sex: sex.codes.take(),
    sexLevels: sex.levels,
    moved: moved.take(),
    died: died.take(),
    covariates,
  };
}
