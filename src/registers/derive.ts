/**
 * The one pass over person-month rows sorted by (person, month) that derives everything:
 * - duplicates and quality counts;
 * - exits: a person has exited a measure when not registered on it in the `exitGap` (2) following
 *   months; exit month = last month registered (January, not February and March → exit January);
 * - outcome = status `statusLag` (2) months after the exit month (exit January → status March);
 * - excluded exits: the two following months not yet in the measures extract, contaminated by a
 *   registration regime, a user on old codes (a regime with `excludeUsers`), no person record,
 *   moved/died before the status month, or status month after the register end (the earliest last
 *   month of employment, benefits and measures: register lag — never counted as "no job");
 * - time-to-work start/stop rows (see timeToWorkSpell), tagged with the entry measure (the first in
 *   catalogue order among the entry month's rows, so a pilot measure wins); a spell is excluded when
 *   its entry month or one of the `exitGap` months before it lies in a regime period for the entry
 *   measure — at pilot AND control offices (`spellRegimes`: the regimes with offices "all"), so the
 *   entries the registration break hides at pilot offices are removed at control offices too;
 * - baseline counts per office × user group × year.
 */
import type { PrepareConfig } from "./config.js";
import type { Employment, Issue, Measures, Offices, Persons } from "./load.js";
import { addIssue, BENEFIT, EMPLOYED, JOBSEEKER, JS_BENEFIT } from "./load.js";
import { monthLabel, parseDay, parseMonth, yearOf } from "./months.js";
import { Growable } from "./columns.js";
import { type RegimeTable, regimeAt } from "./regimes.js";
import { classifyOutcome, OUTCOMES } from "./outcomes.js";
import { BaselineCounts } from "./baseline-tables.js";
import { timeToWorkSpell, type TtwContext } from "./time-to-work.js";

const i32 = (n: number) => new Int32Array(n);
const u16 = (n: number) => new Uint16Array(n);
const u8 = (n: number) => new Uint8Array(n);

/**
 * History covariates, counted in the 24 months before entry (the first month of the measure spell
 * for exits, the entry month for time-to-work spells, the start month for waits) within the
 * registers' months: months on any measure, months with a job-seeker benefit, months in work, and
 * the number of those 24 months the registers cover (`histWindow`; < 24 near their start).
 */
export interface History {
  histMeasure: Uint16Array;
  histBenefit: Uint16Array;
  histWork: Uint16Array;
  histWindow: Uint16Array;
}
export const HISTORY_MONTHS = 24;

export interface Derived {
  exits: {
    n: number;
    personRow: Int32Array;
    pid: Int32Array;
    office: Uint16Array;
    measure: Uint8Array;
    group: Uint8Array;
    month: Uint16Array;
    outcome: Uint8Array;
    /** First month of the measure spell the exit ends (history covariates are counted before it). */
    entry: Uint16Array;
  } & History;
  /** Exits found (before exclusions), excluded by reason, kept. */
  exitCounts: { found: number; kept: number; excluded: Record<string, number> };
  spells: {
    n: number;
    personRow: Int32Array;
    pid: Int32Array;
    office: Uint16Array;
    group: Uint8Array;
    measure: Uint8Array;
    entryMonth: Uint16Array;
    start: Int32Array;
    stop: Int32Array;
    event: Uint8Array;
    crStop: Int32Array;
    cause: Uint8Array;
  } & History;
  spellCounts: {
    persons: number;
    kept: number;
    events: number;
    excluded: Record<string, number>;
    /** Spells excluded by a regime, per regime and office role (the symmetric rule's two sides). */
    regimeByRole: Record<string, { pilot: number; control: number; other?: number }>;
  };
  /** Completed waits before a measure (see waitingBefore below). */
  waits: {
    n: number;
    personRow: Int32Array;
    pid: Int32Array;
    office: Uint16Array;
    group: Uint8Array;
    measure: Uint8Array;
    /** 0 = before a first measure (the wait starts with a job-seeker spell), 1 = between measures. */
    kind: Uint8Array;
    /** Month the measure starts (month index). */
    month: Uint16Array;
    months: Int32Array;
  } & History;
  waitCounts: { found: number; kept: number; excluded: Record<string, number> };
  /**
   * Measure months per office × user group × year for the settings outcome (share in sheltered
   * settings, share on APS), months in a regime period left out at every office (counted).
   */
  settings: { months: Float64Array; sheltered: Float64Array; aps: Float64Array; nGroups: number; firstYear: number; nYears: number; regimeMonths: number };
  quality: Record<string, Issue>;
  baseline: BaselineCounts;
  personMonths: number;
}

/**
 * Measures and employment must already be sorted by (person, month); persons by person id.
 * Duplicated (person, month, measure) rows are removed in place (counted).
 */
export function derive(
  cfg: PrepareConfig,
  offices: Offices,
  ms: Measures,
  emp: Employment,
  persons: Persons,
  regimes: RegimeTable,
  spellRegimes: RegimeTable = regimes,
): Derived {
  const gap = cfg.exitGap;
  const lag = cfg.statusLag;
  const nMeasures = cfg.measures.length;
  const quality: Record<string, Issue> = {};
  const excluded: Record<string, number> = {};
  const exclude = (why: string) => (excluded[why] = (excluded[why] ?? 0) + 1);
  const ttwExcluded: Record<string, number> = {};
  const regimeByRole: Record<string, { pilot: number; control: number; other?: number }> = {};
  const excludesUsers = Uint8Array.from(cfg.regimes, (r) => (r.excludeUsers ? 1 : 0));
  const ex = {
    personRow: new Growable(i32), pid: new Growable(i32), office: new Growable(u16), measure: new Growable(u8),
    group: new Growable(u8), month: new Growable(u16), outcome: new Growable(u8), entry: new Growable(u16),
    ...histGrowables(),
  };
  const sp = {
    personRow: new Growable(i32), pid: new Growable(i32), office: new Growable(u16), group: new Growable(u8),
    measure: new Growable(u8), entryMonth: new Growable(u16), start: new Growable(i32), stop: new Growable(i32), event: new Growable(u8),
    crStop: new Growable(i32), cause: new Growable(u8),
    ...histGrowables(),
  };
  const firstYear = yearOf(parseMonth(cfg.studyFrom, "studyFrom"));
  const lastYear = yearOf(parseMonth(cfg.studyTo, "studyTo"));
  const baseline = new BaselineCounts(offices.ids.length, cfg.userGroups.length, firstYear, lastYear, nMeasures, OUTCOMES.length);
  const sheltered = Uint8Array.from(cfg.measures, (m) => (m.setting === "sheltered" ? 1 : 0));
  const aps = Uint8Array.from(cfg.measures, (m) => (m.aps ? 1 : 0));
  const nGroups = cfg.userGroups.length;
  const nYears = lastYear - firstYear + 1;
  const settingCells = offices.ids.length * nGroups * nYears;
  const settings = {
    months: new Float64Array(settingCells), sheltered: new Float64Array(settingCells), aps: new Float64Array(settingCells),
    nGroups, firstYear, nYears, regimeMonths: 0,
  };
  // Month → a regime covering it (any office, any measure): the settings and waiting outcomes leave
  // these months out at every office, so the registration break is removed symmetrically.
  const regimeSpans = cfg.regimes.map((r, i) => ({ from: parseMonth(r.from, "regime from"), to: parseMonth(r.to, "regime to"), i }));
  const inRegime = (m: number): number => {
    for (const r of regimeSpans) if (m >= r.from && m <= r.to) return r.i;
    return -1;
  };
  const wt = {
    personRow: new Growable(i32), pid: new Growable(i32), office: new Growable(u16), group: new Growable(u8),
    measure: new Growable(u8), kind: new Growable(u8), month: new Growable(u16), months: new Growable(i32),
    ...histGrowables(),
  };
  const waitExcluded: Record<string, number> = {};
  let waitsFound = 0;
  const registersFirst = Math.max(ms.firstMonth, emp.firstMonth);
  const ttw: TtwContext = {
    originDay: parseDay(cfg.timeToWork.origin, "timeToWork.origin"),
    endDay: parseDay(cfg.timeToWork.end, "timeToWork.end"),
    registerLast: emp.employmentLastMonth,
    crRegisterLast: emp.lastMonth,
  };
  // The exit's status needs employment, benefits and the measures extract (on another measure).
  const statusLast = Math.min(emp.lastMonth, ms.lastMonth);

  const P = ms.pid, M = ms.month, O = ms.office, C = ms.measure, G = ms.group;
  const nextMonth = new Int32Array(nMeasures);
  const prevMonth = new Int32Array(nMeasures);
  const contam = new Int32Array(nMeasures);
  const spellStart = new Int32Array(nMeasures);
  let isExit = new Uint8Array(256);
  const measuresLast = ms.lastMonth;
  let exitsFound = 0;
  let w = 0; // write pointer (dedupe in place)
  let ep = 0; // employment pointer
  let pp = 0; // persons pointer
  let nPersons = 0;
  let i = 0;
  const n = ms.n;
  while (i < n) {
    const pid = P[i];
    nPersons++;
    // Dedupe this person's block into [s, w).
    const s = w;
    for (; i < n && P[i] === pid; i++) {
      const m = M[i];
      let dup = false;
      let otherOffice = false;
      for (let j = w - 1; j >= s && M[j] === m; j--) {
        if (C[j] === C[i]) dup = true;
        if (O[j] !== O[i]) otherOffice = true;
      }
      if (dup) {
        addIssue(quality, "duplicate_person_month_measure", `person ${pid}, ${monthLabel(m)}`);
        continue;
      }
      if (otherOffice) addIssue(quality, "person_at_two_offices_in_month", `person ${pid}, ${monthLabel(m)}`);
      P[w] = pid; M[w] = m; O[w] = O[i]; C[w] = C[i]; G[w] = G[i];
      w++;
    }
    const e = w;
    // Person record, employment block.
    while (pp < persons.n && persons.pid[pp] < pid) pp++;
    const prow = pp < persons.n && persons.pid[pp] === pid ? pp : -1;
    if (prow < 0) addIssue(quality, "person_not_in_persons_extract", `person ${pid}`);
    while (ep < emp.n && emp.pid[ep] < pid) ep++;
    const es = ep;
    let ee = ep;
    while (ee < emp.n && emp.pid[ee] === pid) ee++;
    const statusAt = (m: number): number => {
      for (let k = es; k < ee; k++) if (emp.month[k] === m) return emp.flags[k];
      return 0;
    };
    const onMeasureAt = (m: number): boolean => {
      for (let k = s; k < e; k++) if (M[k] === m) return true;
      return false;
    };
    // Baseline stock; users on old codes (a regime with excludeUsers) are found on the way.
    let oldCodes = -1;
    for (let k = s; k < e; k++) {
      baseline.addMonth(O[k], G[k], yearOf(M[k]), C[k], sheltered[C[k]]);
      if (inRegime(M[k]) >= 0) settings.regimeMonths++;
      else {
        const cell = (O[k] * nGroups + G[k]) * nYears + (yearOf(M[k]) - firstYear);
        settings.months[cell]++;
        settings.sheltered[cell] += sheltered[C[k]];
        settings.aps[cell] += aps[C[k]];
      }
      if (oldCodes < 0) {
        const r = regimeAt(regimes, M[k], O[k], C[k]);
        if (r >= 0 && excludesUsers[r]) oldCodes = r;
      }
    }
    // Backward pass: exit flags (next registration on the same measure more than `gap` months later).
    if (isExit.length < e - s) isExit = new Uint8Array(2 * (e - s));
    nextMonth.fill(0x7fffffff);
    for (let k = e - 1; k >= s; k--) {
      const c = C[k];
      const d = nextMonth[c] - M[k];
      isExit[k - s] = d > gap ? 1 : 0;
      if (d > 1 && d <= gap) addIssue(quality, "gap_bridged", `person ${pid}, ${cfg.measures[c].code}, ${monthLabel(M[k])}–${monthLabel(nextMonth[c])}`);
      nextMonth[c] = M[k];
    }
    // Forward pass: spells, contamination, exits.
    prevMonth.fill(-0x7fffffff);
    // History in the 24 months before month E, pushed onto a table's growables.
    const pushHistory = (g: ReturnType<typeof histGrowables>, E: number) => {
      const lo = Math.max(E - HISTORY_MONTHS, registersFirst);
      let nm = 0;
      let last = -1;
      for (let k = s; k < e; k++) {
        const t = M[k];
        if (t >= lo && t < E && t !== last) {
          nm++;
          last = t;
        }
      }
      let nb = 0;
      let nw = 0;
      for (let k = es; k < ee; k++) {
        const t = emp.month[k];
        if (t < lo || t >= E) continue;
        if (emp.flags[k] & JS_BENEFIT) nb++;
        if (emp.flags[k] & EMPLOYED) nw++;
      }
      push(g.histMeasure, nm); push(g.histBenefit, nb); push(g.histWork, nw); push(g.histWindow, Math.max(0, E - lo));
    };
    const jobseekerAt = (m: number): boolean => {
      for (let k = es; k < ee; k++) if (emp.month[k] === m) return (emp.flags[k] & (JOBSEEKER | EMPLOYED)) === JOBSEEKER;
      return false;
    };
    for (let k = s; k < e; k++) {
      const c = C[k];
      const m = M[k];
      if (m - prevMonth[c] > gap) {
        // A spell on measure c starts in month m: the wait before it.
        waitsFound++;
        const w = waitBefore(m, onMeasureAt, jobseekerAt);
        let why: string | undefined;
        if (w.from < registersFirst) why = "waiting_start_not_observed";
        else if (m - 1 > statusLast) why = "register_lag";
        else if (oldCodes >= 0) why = `old_codes:${regimes.names[oldCodes]}`;
        else if (prow < 0) why = "no_person_record";
        else {
          for (let t = w.from; t <= m && !why; t++) {
            const r = inRegime(t);
            if (r >= 0) why = `regime:${cfg.regimes[r].name}`;
          }
        }
        if (why) waitExcluded[why] = (waitExcluded[why] ?? 0) + 1;
        else {
          push(wt.personRow, prow); push(wt.pid, pid); push(wt.office, O[k]); push(wt.group, G[k]); push(wt.measure, c);
          push(wt.kind, w.between ? 1 : 0); push(wt.month, m); push(wt.months, w.months);
          pushHistory(wt, m);
        }
        contam[c] = -1;
        spellStart[c] = m;
      }
      prevMonth[c] = m;
      if (contam[c] < 0) contam[c] = regimeAt(regimes, m, O[k], c);
      if (!isExit[k - s]) continue;
      exitsFound++;
      let r = contam[c];
      for (let d = 1; d <= gap && r < 0; d++) r = regimeAt(regimes, m + d, O[k], c);
      const status = m + lag;
      let why: string | undefined;
      if (m + gap > measuresLast) why = "measures_end_before_exit_confirmed";
      else if (r >= 0) why = `regime:${regimes.names[r]}`;
      else if (oldCodes >= 0) why = `old_codes:${regimes.names[oldCodes]}`;
      else if (prow < 0) why = "no_person_record";
      else if (status > statusLast) why = "register_lag";
      else if (leftBefore(persons, prow, status)) why = "moved_or_died_before_status_month";
      const yr = yearOf(m);
      if (why) {
        exclude(why);
        baseline.addExcludedExit(O[k], G[k], yr);
        continue;
      }
      const out = classifyOutcome(statusAt(status), onMeasureAt(status));
      baseline.addExit(O[k], G[k], yr, out);
      push(ex.personRow, prow); push(ex.pid, pid); push(ex.office, O[k]); push(ex.measure, c);
      push(ex.group, G[k]); push(ex.month, m); push(ex.outcome, out); push(ex.entry, spellStart[c]);
      pushHistory(ex, spellStart[c]);
    }
    // Time to work.
    const spell = timeToWorkSpell(ttw, M, s, e, prow, persons, emp, es, ee);
    let spellWhy = spell.kind === "excluded" ? spell.why : undefined;
    let entryMeasure = -1;
    if (spell.kind === "spell") {
      for (let k = spell.row; k < e && M[k] === spell.entryMonth; k++) if (entryMeasure < 0 || C[k] < entryMeasure) entryMeasure = C[k];
      const f = O[spell.row];
      let r = -1;
      for (let d = 0; d <= gap && r < 0; d++) r = regimeAt(spellRegimes, spell.entryMonth - d, f, entryMeasure);
      if (oldCodes >= 0) spellWhy = `old_codes:${regimes.names[oldCodes]}`;
      else if (r >= 0) {
        spellWhy = `regime:${spellRegimes.names[r]}`;
        const side = (regimeByRole[spellRegimes.names[r]] ??= { pilot: 0, control: 0 });
        if (offices.pilot[f]) side.pilot++;
        else if (offices.other[f]) side.other = (side.other ?? 0) + 1;
        else side.control++;
      }
    }
    if (spellWhy) ttwExcluded[spellWhy] = (ttwExcluded[spellWhy] ?? 0) + 1;
    else if (spell.kind === "spell") {
      push(sp.personRow, prow); push(sp.pid, pid); push(sp.office, O[spell.row]); push(sp.group, G[spell.row]); push(sp.measure, entryMeasure);
      push(sp.entryMonth, spell.entryMonth); push(sp.start, spell.start); push(sp.stop, spell.stop); push(sp.event, spell.event);
      push(sp.crStop, spell.crStop); push(sp.cause, spell.cause);
      pushHistory(sp, spell.entryMonth);
    }
  }
  // Employment duplicates were merged by the caller; gaps in the extract's calendar:
  const seen = new Uint8Array(Math.max(0, ms.lastMonth - ms.firstMonth + 1));
  for (let k = 0; k < w; k++) seen[M[k] - ms.firstMonth] = 1;
  for (let d = 0; d < seen.length; d++) if (!seen[d]) addIssue(quality, "month_without_rows_in_measures", monthLabel(ms.firstMonth + d));
  ms.n = w;

  const take = (g: Record<string, Growable<Int32Array> | Growable<Uint16Array> | Growable<Uint8Array>>) => Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.take()]));
  const exits = { n: ex.pid.length, ...take(ex) } as Derived["exits"];
  const waits = { n: wt.pid.length, ...take(wt) } as Derived["waits"];
  const spells = { n: sp.pid.length, ...take(sp) } as Derived["spells"];
  let events = 0;
  for (let k = 0; k < spells.n; k++) events += spells.event[k];
  return {
    exits,
    exitCounts: { found: exitsFound, kept: exits.n, excluded },
    spells,
    spellCounts: { persons: nPersons, kept: spells.n, events, excluded: ttwExcluded, regimeByRole },
    waits,
    waitCounts: { found: waitsFound, kept: waits.n, excluded: waitExcluded },
    settings,
    quality,
    baseline,
    personMonths: w,
  };
}

/**
 * The wait before a measure that starts in month m (not on it in the `exitGap` months before):
 *  - on another measure in m − 1 → a move between measures, 0 months;
 *  - else the months m − 1, m − 2, … registered as a job seeker (flag or job-seeker benefit, not
 *    employed) and on no measure; W = their number. If the month before them (m − 1 − W) is on a
 *    measure, the person waited since that measure ended (between measures), else the wait began with
 *    the job-seeker spell (before a first measure; W = 0 when the measure starts without one).
 * `from` = m − 1 − W, the month that must be observed to tell the two apart.
 */
export function waitBefore(m: number, onMeasureAt: (t: number) => boolean, jobseekerAt: (t: number) => boolean): { months: number; between: boolean; from: number } {
  if (onMeasureAt(m - 1)) return { months: 0, between: true, from: m - 1 };
  let t = m - 1;
  while (jobseekerAt(t) && !onMeasureAt(t)) t--;
  return { months: m - 1 - t, between: onMeasureAt(t), from: t };
}

function histGrowables() {
  return { histMeasure: new Growable(u16), histBenefit: new Growable(u16), histWork: new Growable(u16), histWindow: new Growable(u16) };
}

/**
 * Append v. The derived columns are as narrow as their values allow (office rows and months 16
 * bits, catalogue, group, outcome and flag codes 8 bits): at national scale the peak memory of
 * `prepare` is where derive ends, with the person-month rows still held.
 */
function push(g: Growable<Int32Array> | Growable<Uint16Array> | Growable<Uint8Array>, v: number): void {
  if (g.length === g.data.length) g.reserve(1);
  g.data[g.length++] = v;
}

/** Moved away or died before the first day of the status month: the status is not observable. */
function leftBefore(persons: Persons, prow: number, status: number): boolean {
  const first = Date.UTC(Math.floor(status / 12), status % 12, 1) / 86_400_000;
  const mv = persons.moved[prow];
  const dd = persons.died[prow];
  return mv < first || dd < first; // NaN compares false
}

export { BENEFIT, EMPLOYED, JOBSEEKER };
