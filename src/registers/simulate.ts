/**
 * Synthetic register extracts in the shape `prepare` reads, with known truth (ten offices in five
 * county pairs, 2010–2015, seeded). Model, per person (entry month S uniform, one of the design's 19
 * measures uniformly, user group 50/40/10 %):
 *  - while not yet in work the hazard of finding work is λ per month: λc = 0.06 at control
 *    offices, λp = 0.05 at pilot offices, multiplied by `hrPilot` (1.5) at pilot offices from the
 *    pilot start (2013-04) FOR USERS OF THE FOUR PILOT MEASURES ONLY. So from April 2013 the
 *    pilot-vs-control hazard ratio is λp·hrPilot/λc = 1.25 on the pilot measures and λp/λc = 0.83 on
 *    the other 15 (no change: their DiD is 0);
 *  - on a measure the person also leaves for other reasons at μ = 0.04 per month; after leaving
 *    that way the work hazard λ continues; with probability 0.5 the person then waits 2 + G months
 *    as a job seeker (G geometric, mean 2; mean 1 at pilot offices from the start on pilot measures)
 *    and starts the same measure again, unless work comes first;
 *  - before the first measure the person is a job seeker for W months (geometric, mean 3; mean 2
 *    at pilot offices from the start on pilot measures) — employment rows with `jobseeker` = 1;
 *  - from the start, pilot offices send half of the would-be AVKL_SKJERMET / APS users to
 *    AVKLARING / ARBTRENING (more measures in ordinary settings);
 *  - in work from the month after the work hazard fires, for 2 + Geometric(mean 10) months.
 * Exit month X = the month the measure ends; in work at X + 2 happens with probability
 *    P(λ) = 1 − e^{−2λ}(1 − e^{−μ}) / (1 − e^{−(λ+μ)})
 * (work fires first in month X with probability λ/(λ+μ); otherwise the remaining time to
 * X + 2 must see work; integrate over the exit time within month X). The true DiD effect on the
 * exit→job share of the pilot measures is therefore P(λp·hr) − P(λp) (controls do not change); the
 * pooled 19 measures are diluted to about 4/19 of it. Waiting truths: before, the geometric means
 * (DiD −1 month); between, completed waits are tilted by the chance that work or moving comes first
 * (see `between` below). Settings truth: shares of the true registrations (sample values).
 * Covariates are drawn but have no effect. Moving away (0.2 %/month) and death (0.05 %/month) censor.
 * Two scenarios break the design's assumptions on purpose (off by default; the bundled example has
 * both, as the evaluation's own data did — see docs/extracts.md):
 *  - `preDip`: the pilot offices' work hazard is lower (× preDip) up to `preDipUntil` (2011-12), so
 *    the pilot offices' exit→job share rises before the pilot: parallel trends fail, the pre-trend test
 *    should reject, and the DiD estimand (truth.didEstimand) exceeds the pilot's effect (didEffect);
 *  - `transitionHr` for `transitionMonths`: a slow start — the pilot measures' hazard multiplier at
 *    pilot offices is transitionHr for the first months after the pilot start, hrPilot after. The
 *    hazard ratio then changes over time (truth.hazardRatioPeriods: λp/λc before the start,
 *    λp·transitionHr/λc, then λp·hrPilot/λc): proportional hazards fail and the curves cross.
 *    With a transition of at most 9 months the DiD's post years 2014–15 are untouched.
 * Registration artefacts of the pilot are simulated: at pilot offices the four pilot measures are
 * missing from the measures extract April–December 2013 (5 % of users stay on their old code) and
 * recorded as KJERNE in Jan–Feb 2014.
 */
import { mulberry32 as rng } from "../stats/rng.js";
import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import {
  Dictionary, Field, Int32, Int8, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Utf8, vectorFromArray,
  type DataType,
} from "apache-arrow";
import { UsageError } from "../errors.js";
import { openOutput } from "../output/output-folder.js";
import { KJERNEOPPGAVER_MEASURES, PILOT_MEASURES } from "./config.js";
import { dayLabel, dayOfMonthStart, monthFromText, monthIndex, monthLabel, toYyyymm } from "./months.js";

export interface SimulateOptions {
  out: string;
  seed?: number;
  persons?: number;
  /**
   * Relative sizes of the ten offices (SIM_OFFICES order), e.g. to test disclosure control on
   * offices of very different sizes. Default: equal.
   */
  officeWeights?: number[];
  /** Add a few bad rows (duplicates, unknown codes, out-of-range months) for the quality report. */
  dirty?: boolean;
  lambdaControl?: number;
  lambdaPilot?: number;
  /** Work-hazard ratio at pilot offices from the pilot start, for users of the four pilot measures only. */
  hrPilot?: number;
  mu?: number;
  /** Share of would-be AVKL_SKJERMET / APS starts moved to AVKLARING / ARBTRENING at pilot offices from the start. */
  shelteredShift?: number;
  /** Mean job-seeker months before a first measure (control, and pilot offices before the start / other measures). */
  waitBefore?: number;
  /** … at pilot offices from the start, for the pilot measures. */
  waitBeforePilot?: number;
  /** Mean of the geometric part of the wait between two spells (the wait is 2 + it). */
  waitBetween?: number;
  waitBetweenPilot?: number;
  /** Offices of the rest of the country (role `other`, no pilot, work hazard as controls); persons spread over all offices. */
  otherOffices?: number;
  /**
   * Scenario "trends differ before the pilot": the work hazard at the pilot offices (all measures) is
   * multiplied by `preDip` in every month up to `preDipUntil` (YYYY-MM, default 2011-12). Default 1 (none).
   * Parallel trends then fail: the DiD estimand moves away from the pilot's effect (truth.didEstimand).
   */
  preDip?: number;
  preDipUntil?: string;
  /**
   * Scenario "a slow start": during the first `transitionMonths` months from the pilot start the pilot
   * offices' hazard multiplier for the pilot measures is `transitionHr` instead of `hrPilot`.
   * Default: no transition. Proportional hazards then fail (truth.hazardRatioPeriods).
   */
  transitionHr?: number;
  transitionMonths?: number;
}

export interface SimulateResult {
  out: string;
  persons: number;
  rows: { offices: number; measures: number; employment: number; benefits: number; persons: number };
  truth: {
    lambdaControl: number;
    lambdaPilot: number;
    hrPilot: number;
    mu: number;
    /** Exit→job share pre and post at pilot offices, control (unchanged). */
    jobShare: { pilotPre: number; pilotPost: number; control: number };
    /** True DiD effect on the exit→job share, for the population of the four pilot measures. */
    didEffect: number;
    /**
     * What the job's DiD (pre 2011–12, post 2014–15) estimates: didEffect plus the bias from trends that
     * differ (preDip). Equal to didEffect without a scenario. Approximate as jobShare is (see pilotShare).
     */
    didEstimand: number;
    /** Event-study truth per pre-period year, pilot − control relative to 2012 (0 without preDip). */
    pretrendGap: Record<string, number>;
    /** Hazard ratio pilot vs control on time to work from the pilot start (after any transition), for users of the pilot measures. */
    hazardRatio: number;
    /**
     * The true hazard ratio (pilot measures) per calendar period from the Cox origin (1 Nov 2012) to the
     * end of 2015, with the day ranges (start, stop] of the time-to-work scale: constant within a period.
     */
    hazardRatioPeriods: { from: string; to: string; days: [number, number]; hazardRatio: number }[];
    /** The scenario options that shape the truth (1 / 0 = off). */
    scenario: { preDip: number; preDipUntil: string; transitionHr: number; transitionMonths: number };
    /** Per measure: DiD on exit→job share and hazard ratio from the pilot start (0 and λp/λc for the 15 others). */
    perMeasure: Record<string, { pilot: boolean; didEffect: number; hazardRatio: number }>;
    /**
     * All 19 measures pooled: only the four respond, so the pooled DiD is about (4/19) × didEffect
     * (entries are spread evenly over the 19; exits are not exactly proportional to entries) — an
     * approximation, given to show the dilution, not a value to recover.
     */
    background: { didEffectApprox: number; didEstimandApprox: number; note: string };
    /** Goal 1, waits in months for the pilot measures (DiD pilot − control, post − pre). */
    waiting: {
      before: { control: number; pilotPre: number; pilotPost: number; didEffect: number };
      between: { control: number; pilotPre: number; pilotPost: number; didEffect: number; note: string };
    };
    /** Goal 2: measure-month shares from the true registrations (sample values, 2011–12 vs 2014–15). */
    settings: {
      shelteredShift: number;
      sheltered: { controlPre: number; controlPost: number; pilotPre: number; pilotPost: number; didEffect: number };
      aps: { controlPre: number; controlPost: number; pilotPre: number; pilotPost: number; didEffect: number };
      note: string;
    };
  };
  seconds: number;
}

export const SIM_OFFICES = [
  { office_id: 1, name: "Ski", county: "Akershus", role: "pilot" },
  { office_id: 2, name: "Nittedal", county: "Akershus", role: "control" },
  { office_id: 3, name: "Kongsvinger", county: "Hedmark", role: "pilot" },
  { office_id: 4, name: "Stange", county: "Hedmark", role: "control" },
  { office_id: 5, name: "Bamble", county: "Telemark", role: "pilot" },
  { office_id: 6, name: "Porsgrunn", county: "Telemark", role: "control" },
  { office_id: 7, name: "Åsane", county: "Hordaland", role: "pilot" },
  { office_id: 8, name: "Askøy", county: "Hordaland", role: "control" },
  { office_id: 9, name: "Heimdal", county: "Sør-Trøndelag", role: "pilot" },
  { office_id: 10, name: "Østbyen", county: "Sør-Trøndelag", role: "control" },
];

/** Exit→job probability at status month X+2 under constant work hazard λ and other-exit hazard μ. */
export function jobShareAt(lambda: number, mu: number): number {
  return 1 - (Math.exp(-2 * lambda) * (1 - Math.exp(-mu))) / (1 - Math.exp(-(lambda + mu)));
}

type Col = { name: string; type: DataType; dict?: string[] };

/** Streams record batches of a fixed schema to an Arrow IPC file. */
class BatchFile {
  private writer = new RecordBatchStreamWriter();
  private ws;
  private rs;
  private schema: Schema;
  private dicts: unknown[];
  rows = 0;
  /** A write error (disk full, read-only), thrown from the next write/close. */
  failed?: Error;
  constructor(file: string, private cols: Col[]) {
    this.ws = createWriteStream(file);
    this.ws.on("error", (e) => (this.failed ??= e));
    this.rs = this.writer.toNodeStream();
    this.rs.pipe(this.ws);
    this.schema = new Schema(cols.map((c) => new Field(c.name, c.type, true)));
    this.dicts = cols.map((c) => (c.dict ? vectorFromArray(c.dict, new Utf8()) : undefined));
  }
  async write(arrays: (Int32Array | Int8Array)[], n: number): Promise<void> {
    if (n === 0) return;
    const children = this.cols.map((c, j) =>
      makeData({ type: c.type as never, length: n, nullCount: 0, data: arrays[j].subarray(0, n) as never, ...(c.dict ? { dictionary: this.dicts[j] } : {}) } as never),
    );
    this.writer.write(new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: n, nullCount: 0, children })));
    this.rows += n;
    await this.drain();
  }
  /** Let the file stream catch up (a national-scale file is never buffered whole). */
  async drain(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (!this.failed && (this.ws.writableNeedDrain || this.rs.readableLength > 0)) await new Promise((r) => setTimeout(r, 2));
    if (this.failed) throw this.failed;
  }
  async close(): Promise<void> {
    this.writer.finish();
    if (!this.ws.writableFinished) await Promise.race([once(this.ws, "finish"), once(this.ws, "close")]);
    if (this.failed) throw this.failed;
  }
}

/** Column buffers for one chunk of rows. */
class Chunk {
  arrays: (Int32Array | Int8Array)[];
  n = 0;
  constructor(kinds: ("i32" | "i8")[], private cap: number) {
    this.arrays = kinds.map((k) => (k === "i32" ? new Int32Array(cap) : new Int8Array(cap)));
  }
  push(...v: number[]): void {
    if (this.n === this.cap) {
      this.cap *= 2;
      this.arrays = this.arrays.map((a) => {
        const b = new (a.constructor as new (n: number) => Int32Array | Int8Array)(this.cap);
        b.set(a);
        return b;
      });
    }
    for (let j = 0; j < v.length; j++) this.arrays[j][this.n] = v[j];
    this.n++;
  }
}

const GROUPS = ["ordinary", "reduced", "other"];
const BENEFITS = ["DAGPENGER", "AAP", "UFORE", "ALDER"];
const EDUCATION = ["primary", "secondary", "tertiary"];
const MARITAL = ["single", "married", "divorced"];

/**
 * Write simulated extracts to the folder `opts.out` (new, empty, or an earlier `simulate` output;
 * replaced atomically through src/output).
 */
export async function simulate(opts: SimulateOptions): Promise<SimulateResult> {
  const N = opts.persons ?? 10000;
  if (!Number.isInteger(N) || N < 1) throw new UsageError("--persons must be a whole number ≥ 1");
  const w = opts.officeWeights;
  if (w && (w.length !== SIM_OFFICES.length || w.some((x) => !(x >= 0) || !Number.isFinite(x)) || !w.some((x) => x > 0))) {
    throw new UsageError(`--office-weights must be ${SIM_OFFICES.length} non-negative numbers, not all 0`);
  }
  const out = openOutput(opts.out, { command: "simulate" });
  try {
    const r = await simulateInto(out.dir, { ...opts, persons: N });
    out.commit();
    return r;
  } catch (e) {
    throw out.abandon(e);
  }
}

async function simulateInto(tmp: string, opts: SimulateOptions & { persons: number }): Promise<SimulateResult> {
  const t0 = Date.now();
  const N = opts.persons;
  const seed = opts.seed ?? 1;
  const lc = opts.lambdaControl ?? 0.06;
  const lp = opts.lambdaPilot ?? 0.05;
  const hr = opts.hrPilot ?? 1.5;
  const mu = opts.mu ?? 0.04;
  const dirty = opts.dirty ?? true;
  const rand = rng(seed);
  const nOther = opts.otherOffices ?? 0;
  if (!Number.isInteger(nOther) || nOther < 0) throw new UsageError("--other-offices must be a whole number ≥ 0");
  // Office sizes: the ten offices' weights (default equal); each office of the rest of the country
  // gets the ten offices' mean weight.
  const w0 = opts.officeWeights;
  const w = w0 && nOther > 0 ? [...w0, ...Array<number>(nOther).fill(w0.reduce((a, b) => a + b, 0) / w0.length)] : w0;
  const nOffices = SIM_OFFICES.length + nOther;
  const cumWeights = w && w.map(((s) => (x: number) => (s += x))(0)).map((c, _, all) => c / all[all.length - 1]);
  // One uniform draw either way, so the default keeps the random stream of earlier versions.
  const pickOffice = (u: number) => (cumWeights ? Math.min(cumWeights.findIndex((c) => u < c), nOffices - 1) : Math.floor(u * nOffices));

  const offices = [
    ...SIM_OFFICES,
    ...Array.from({ length: nOther }, (_, i) => ({ office_id: 101 + i, name: `Other ${i + 1}`, county: `Rest ${1 + (i % 9)}`, role: "other" })),
  ];
  const first = monthIndex(2010, 1);
  const last = monthIndex(2015, 12);
  const pilotStart = monthIndex(2013, 4);
  const statusOnly = [monthIndex(2013, 4), monthIndex(2013, 12)];
  const combined = [monthIndex(2014, 1), monthIndex(2014, 2)];
  const codes = KJERNEOPPGAVER_MEASURES.map((m) => m.code);
  const baselineCodes = KJERNEOPPGAVER_MEASURES.filter((m) => m.baseline).map((m) => codes.indexOf(m.code));
  const isPilotMeasure = codes.map((c) => PILOT_MEASURES.includes(c));
  const kjerne = codes.indexOf("KJERNE");
  const [avklaring, avklSkjermet, aps, arbtrening] = ["AVKLARING", "AVKL_SKJERMET", "APS", "ARBTRENING"].map((c) => codes.indexOf(c));
  const sheltered = KJERNEOPPGAVER_MEASURES.map((m) => m.setting === "sheltered");
  const shift = opts.shelteredShift ?? 0.5;
  const waitBefore = opts.waitBefore ?? 3;
  const waitBeforePilot = opts.waitBeforePilot ?? 2;
  const waitBetween = opts.waitBetween ?? 2;
  const waitBetweenPilot = opts.waitBetweenPilot ?? 1;
  const dip = opts.preDip ?? 1;
  const dipUntilLabel = opts.preDipUntil ?? "2011-12";
  if (!(dip > 0) || !Number.isFinite(dip)) throw new UsageError("--pre-dip must be a number > 0 (1 = no dip)");
  const dipUntil = monthFromText(dipUntilLabel);
  if (Number.isNaN(dipUntil)) throw new UsageError(`--pre-dip-until must be a month YYYY-MM, not "${dipUntilLabel}"`);
  const tHr = opts.transitionHr ?? hr;
  const tMonths = opts.transitionMonths ?? 0;
  if (!(tHr > 0) || !Number.isFinite(tHr)) throw new UsageError("--transition-hr must be a number > 0");
  if (!Number.isInteger(tMonths) || tMonths < 0) throw new UsageError("--transition-months must be a whole number ≥ 0");
  /**
   * Work hazard at calendar month m: λc at control (and other) offices; at pilot offices λp, times
   * `preDip` up to `preDipUntil`, and for users of the pilot measures from the pilot start times
   * `transitionHr` for `transitionMonths` months and `hrPilot` after.
   */
  const hazard = (pilot: boolean, pilotMeasure: boolean, m: number) => {
    if (!pilot) return lc;
    let l = m <= dipUntil ? lp * dip : lp;
    if (m >= pilotStart && pilotMeasure) l *= m < pilotStart + tMonths ? tHr : hr;
    return l;
  };
  const pSecond = 0.5;
  const pOldCode = 0.05;
  /** Geometric number of months ≥ 0 with the given mean: P(W = w) = (1 − q) q^w, q = mean / (1 + mean). */
  const geometric = (mean: number) => (mean <= 0 ? 0 : Math.floor(Math.log(1 - rand()) / Math.log(mean / (1 + mean))));
  const inRegimes = (k: number) => k >= statusOnly[0] && k <= combined[1];
  // True registrations per cell [control pre, control post, pilot pre, pilot post] (2011–12, 2014–15).
  const trueMonths = new Float64Array(4);
  const trueSheltered = new Float64Array(4);
  const trueAps = new Float64Array(4);
  const measureDict = [...codes, "XYZ99"];

  writeFileSync(
    join(tmp, "offices.csv"),
    "office_id,name,county,role,pilot_start\n" +
      offices.map((o) => `${o.office_id},${o.name},${o.county},${o.role},${o.role === "pilot" ? 201304 : ""}`).join("\n") + "\n",
  );
  // Office × month characteristics (no effect on anything: covariates to adjust for).
  const om: string[] = ["office_id,month,local_unemployment,staff_years,users_per_staff_year,sickness_absence"];
  offices.forEach((o, i) => {
    const base = 2.5 + (i >> 1) * 0.4;
    const staff = 20 + 4 * (i % 5);
    for (let k = first; k <= last; k++) {
      const season = 0.4 * Math.cos((2 * Math.PI * (k % 12)) / 12);
      const unemp = base + season + 0.2 * (rand() - 0.5);
      const st = staff + Math.round(2 * (rand() - 0.5) * 10) / 10;
      om.push(`${o.office_id},${toYyyymm(k)},${unemp.toFixed(2)},${st.toFixed(1)},${(N / 10 / 6 / st).toFixed(2)},${(4 + 3 * rand()).toFixed(2)}`);
    }
  });
  writeFileSync(join(tmp, "office_months.csv"), om.join("\n") + "\n");
  const dictI32 = () => new Dictionary(new Utf8(), new Int32());
  const measuresF = new BatchFile(join(tmp, "measures.arrow"), [
    { name: "person_id", type: new Int32() }, { name: "month", type: new Int32() }, { name: "office_id", type: new Int32() },
    { name: "measure_code", type: dictI32(), dict: measureDict }, { name: "user_group", type: dictI32(), dict: GROUPS },
  ]);
  const employmentF = new BatchFile(join(tmp, "employment.arrow"), [
    { name: "person_id", type: new Int32() }, { name: "month", type: new Int32() }, { name: "employed", type: new Int8() }, { name: "benefit", type: new Int8() },
    { name: "jobseeker", type: new Int8() },
  ]);
  const benefitsF = new BatchFile(join(tmp, "benefits.arrow"), [
    { name: "person_id", type: new Int32() }, { name: "month", type: new Int32() }, { name: "benefit_code", type: dictI32(), dict: BENEFITS },
  ]);
  const personsF = new BatchFile(join(tmp, "persons.arrow"), [
    { name: "person_id", type: new Int32() }, { name: "birth_year", type: new Int32() }, { name: "sex", type: dictI32(), dict: ["F", "M"] },
    { name: "moved_date", type: dictI32(), dict: [] }, { name: "immigrant", type: new Int8() },
    { name: "education", type: dictI32(), dict: EDUCATION }, { name: "marital_status", type: dictI32(), dict: MARITAL },
    { name: "prior_work", type: new Int8() },
  ]);
  // Moved/death dates are written to a CSV-free dictionary per chunk would be awkward; write them as
  // YYYYMMDD integers instead (documented: dates may be integers YYYYMMDD).
  (personsF as unknown as { cols: Col[] }).cols[3] = { name: "moved_date", type: new Int32() };
  (personsF as unknown as { schema: Schema }).schema = new Schema([
    new Field("person_id", new Int32(), true), new Field("birth_year", new Int32(), true),
    new Field("sex", (personsF as unknown as { cols: Col[] }).cols[2].type, true), new Field("moved_date", new Int32(), true),
    new Field("death_date", new Int32(), true),
    new Field("immigrant", new Int8(), true), new Field("education", (personsF as unknown as { cols: Col[] }).cols[5].type, true),
    new Field("marital_status", (personsF as unknown as { cols: Col[] }).cols[6].type, true), new Field("prior_work", new Int8(), true),
  ]);
  (personsF as unknown as { cols: Col[] }).cols.splice(4, 0, { name: "death_date", type: new Int32() });
  (personsF as unknown as { dicts: unknown[] }).dicts = (personsF as unknown as { cols: Col[] }).cols.map((c) => (c.dict ? vectorFromArray(c.dict, new Utf8()) : undefined));

  const CH = 100_000;
  const mc = new Chunk(["i32", "i32", "i32", "i32", "i32"], CH * 8);
  const ec = new Chunk(["i32", "i32", "i8", "i8", "i8"], CH * 8);
  const bc = new Chunk(["i32", "i32", "i32"], CH * 8);
  const pc = new Chunk(["i32", "i32", "i32", "i32", "i32", "i8", "i32", "i32", "i8"], CH);
  const expo = (rate: number) => -Math.log(1 - rand()) / rate;
  const yyyymmdd = (day: number) => Number(dayLabel(day).replace(/-/g, ""));

  for (let p = 0; p < N; p++) {
    const pid = 1000 + p * 3;
    const oi = pickOffice(rand());
    const office = offices[oi];
    const pilot = office.role === "pilot";
    const group = rand() < 0.5 ? 0 : rand() < 0.8 ? 1 : 2;
    const S = first + Math.floor(rand() * (last - first + 1));
    let code = baselineCodes[Math.floor(rand() * baselineCodes.length)];
    const treatedStart = pilot && S >= pilotStart;
    // Goal 2: from the pilot start, pilot offices send half of those who would go to a sheltered
    // assessment or to APS to the ordinary counterpart instead.
    if (treatedStart && (code === avklSkjermet || code === aps) && rand() < shift) code = code === aps ? arbtrening : avklaring;
    const pilotMeasure = isPilotMeasure[code];
    // A few pilot users stay registered on their measure's old code during the status-only period.
    const oldCode = rand() < pOldCode;
    // Goal 3: the work hazard rises at pilot offices from the pilot start for pilot-measure users only.
    const lambdaAt = (m: number) => hazard(pilot, pilotMeasure, m);
    // Goal 1: shorter waits before and between the pilot's measures at pilot offices.
    const shortWaits = (m: number) => pilot && m >= pilotStart && pilotMeasure;
    // Moving / death: continuous months after the start of S.
    const tMove = expo(0.002);
    const tDeath = expo(0.0005);
    const tLeave = Math.min(tMove, tDeath);
    const leaveMonth = S + Math.floor(tLeave);
    // Wait before the first measure: job-seeker months S − Wb … S − 1.
    const Wb = geometric(shortWaits(S) ? waitBeforePilot : waitBefore);
    for (let k = Math.max(first, S - Wb); k < S; k++) ec.push(pid, toYyyymm(k), 0, 0, 1);
    // Work history: 60 % worked 1 + Geometric(mean 3) months before the job-seeker spell (prior_work).
    const priorWork = rand() < 0.6;
    if (priorWork) {
      const L = 1 + geometric(3);
      for (let k = Math.max(first, S - Wb - L); k < S - Wb; k++) ec.push(pid, toYyyymm(k), 1, 0, 0);
    }
    // Walk months: on a measure until it ends; work hazard throughout; after an exit for other
    // reasons, with probability pSecond the person waits 2 + Geometric months as a job seeker and
    // starts the same measure again (unless work comes first).
    let m = S;
    const spells: [number, number][] = []; // [first, last] month on the measure
    let spellStart = S;
    let workMonth = -1; // month the work hazard fires (employed from workMonth + 1)
    let onMeasure = true;
    let nextStart = -1; // month the second spell starts (−1: none planned)
    let waitFrom = -1;
    while (m <= last && workMonth < 0) {
      const lam = lambdaAt(m);
      if (onMeasure) {
        const t = expo(lam + mu);
        if (t < 1) {
          spells.push([spellStart, m]);
          onMeasure = false;
          if (rand() < lam / (lam + mu)) workMonth = m;
          else {
            // Left for other reasons at t; work may still fire later this month.
            if (expo(lam) < 1 - t) workMonth = m;
            else if (spells.length === 1 && rand() < pSecond) {
              const W = 2 + geometric(shortWaits(m) ? waitBetweenPilot : waitBetween);
              nextStart = m + 1 + W;
              waitFrom = m + 1;
            }
          }
        }
      } else if (m === nextStart) {
        onMeasure = true;
        spellStart = m;
        nextStart = -1;
        m--; // the new spell's first month is walked as a month on the measure
      } else if (expo(lam) < 1) workMonth = m;
      m++;
    }
    if (onMeasure) spells.push([spellStart, last]);
    // Waiting months between the spells (job seeker, not employed), up to the second start or work.
    if (waitFrom >= 0) {
      const to = Math.min(last, leaveMonth, spells.length > 1 ? spells[1][0] - 1 : workMonth >= 0 ? workMonth : last);
      for (let k = waitFrom; k <= to; k++) ec.push(pid, toYyyymm(k), 0, 0, 1);
    }
    const jobseekerBenefit = rand() < 0.5;
    for (const [a, b] of spells) {
      for (let k = a; k <= Math.min(b, last, leaveMonth); k++) {
        let c = code;
        if (pilot && pilotMeasure) {
          // Personal status only: not in the extract — except users kept on old codes.
          if (k >= statusOnly[0] && k <= statusOnly[1] && !oldCode) continue;
          if (k >= combined[0] && k <= combined[1]) c = kjerne;
        }
        mc.push(pid, toYyyymm(k), office.office_id, c, group);
        if (group === 1) bc.push(pid, toYyyymm(k), 1); // AAP
        else if (jobseekerBenefit) bc.push(pid, toYyyymm(k), 0); // DAGPENGER
        // The true registrations (before the artefacts), for the settings truth.
        const y = Math.floor(k / 12);
        if (inRegimes(k)) continue;
        const cell = (pilot ? 2 : 0) + (y >= 2014 && y <= 2015 ? 1 : y >= 2011 && y <= 2012 ? 0 : -10);
        if (cell >= 0) {
          trueMonths[cell]++;
          if (sheltered[code]) trueSheltered[cell]++;
          if (code === aps) trueAps[cell]++;
        }
      }
    }
    // After the last exit without work: job-seeker benefit for up to 6 months (half of them).
    const exitMonth = spells.length && spells[spells.length - 1][1] < last ? spells[spells.length - 1][1] : -1;
    if (exitMonth >= 0 && (workMonth < 0 || workMonth > exitMonth) && jobseekerBenefit) {
      const to = Math.min(last, leaveMonth, exitMonth + 6, workMonth >= 0 ? workMonth : last);
      for (let k = exitMonth + 1; k <= to; k++) bc.push(pid, toYyyymm(k), 0);
    }
    if (workMonth >= 0) {
      const len = 2 + Math.floor(expo(0.1));
      const withBenefit = rand() < 0.3 ? 1 : 0;
      for (let k = workMonth + 1; k <= Math.min(last, workMonth + len, leaveMonth); k++) {
        ec.push(pid, toYyyymm(k), 1, k <= workMonth + 3 ? withBenefit : 0, 0);
      }
    }
    const startDay = dayOfMonthStart(S);
    const moved = tMove < tDeath && S + tMove <= last + 1 ? yyyymmdd(Math.floor(startDay + tMove * 30.44)) : 0;
    const died = tDeath <= tMove && S + tDeath <= last + 1 ? yyyymmdd(Math.floor(startDay + tDeath * 30.44)) : 0;
    pc.push(pid, 1950 + Math.floor(rand() * 46), rand() < 0.5 ? 0 : 1, moved, died, rand() < 0.2 ? 1 : 0, Math.floor(rand() * 3), Math.floor(rand() * 3), priorWork ? 1 : 0);
    if (dirty && rand() < 0.002 && mc.n > 0) {
      // A duplicated row, an unknown code, a month before the study, a person at a second office.
      const j = mc.n - 1;
      const r = rand();
      if (r < 0.4) mc.push(mc.arrays[0][j], mc.arrays[1][j], mc.arrays[2][j], mc.arrays[3][j], mc.arrays[4][j]);
      else if (r < 0.6) mc.push(pid, mc.arrays[1][j], office.office_id, measureDict.length - 1, group);
      else if (r < 0.8) mc.push(pid, 200912, office.office_id, code, group);
      else mc.push(pid, mc.arrays[1][j], offices[(oi + 1) % offices.length].office_id, baselineCodes[(baselineCodes.indexOf(code) + 1) % baselineCodes.length], group);
    }
    if (pc.n >= CH || p === N - 1) {
      // Persons with no measure row at all are still written (the register holds them).
      const nulls = [3, 4];
      await writePersons(personsF, pc, nulls);
      await measuresF.write(mc.arrays, mc.n);
      await employmentF.write(ec.arrays, ec.n);
      await benefitsF.write(bc.arrays, bc.n);
      mc.n = ec.n = bc.n = pc.n = 0;
    }
  }
  await Promise.all([measuresF.close(), employmentF.close(), benefitsF.close(), personsF.close()]);

  const pPre = jobShareAt(lp, mu);
  const pPost = jobShareAt(lp * hr, mu);
  // The exit→job share at pilot offices (pilot measures) over the months of some years: the mean of
  // jobShareAt(λ(m)) over the months, each exit month taken with its own hazard as if constant to X + 2
  // (approximate where the hazard changes within two months of an exit; exits per month are taken as
  // equal, though fewer people leave a measure when λ is lower).
  const monthlyMean = (years: number[], f: (k: number) => number) => {
    let s = 0;
    let n = 0;
    for (const y of years) for (let k = monthIndex(y, 1); k <= monthIndex(y, 12); k++, n++) s += f(k);
    return s / n;
  };
  const pilotShare = (years: number[], pilotMeasure: boolean) => monthlyMean(years, (k) => jobShareAt(hazard(true, pilotMeasure, k), mu));
  // The job's comparison (jobs/example.yaml): pre 2011–12, post 2014–15.
  const didEstimand = pilotShare([2014, 2015], true) - pilotShare([2011, 2012], true);
  const didEffect = pilotShare([2014, 2015], true) - pilotShare([2014, 2015], false);
  const pretrendGap = Object.fromEntries([2010, 2011].map((y) => [String(y), pilotShare([y], true) - pilotShare([2012], true)]));
  // Hazard-ratio periods on the time-to-work scale (days since 1 Nov 2012, to 31 Dec 2015).
  const origin = monthIndex(2012, 11);
  const hazardRatioPeriods: SimulateResult["truth"]["hazardRatioPeriods"] = [];
  for (let k = origin; k <= last; k++) {
    const h = hazard(true, true, k) / lc;
    const cur = hazardRatioPeriods[hazardRatioPeriods.length - 1];
    const label = monthLabel(k);
    const days: [number, number] = [dayOfMonthStart(k) - dayOfMonthStart(origin), dayOfMonthStart(k + 1) - dayOfMonthStart(origin)];
    if (cur && Math.abs(cur.hazardRatio - h) < 1e-12) {
      cur.to = label;
      cur.days[1] = days[1];
    } else hazardRatioPeriods.push({ from: label, to: label, days, hazardRatio: h });
  }
  // Completed waits between spells: W = 2 + G, G geometric with mean g (q = g/(1+g)); a wait
  // completes only if neither work (hazard λ per month) nor moving/death (δ = 0.0025) comes first, so
  // the observed G is geometric with q·e^{−(λ+δ)}: mean 2 + q'/(1 − q').
  const between = (g: number, lam: number) => {
    const q = (g / (1 + g)) * Math.exp(-(lam + 0.0025));
    return 2 + q / (1 - q);
  };
  // (at pilot offices averaged over the months of the compared years, as the hazard may change: preDip)
  const bw = {
    control: between(waitBetween, lc),
    pilotPre: monthlyMean([2011, 2012], (k) => between(waitBetween, hazard(true, true, k))),
    pilotPost: monthlyMean([2014, 2015], (k) => between(waitBetweenPilot, hazard(true, true, k))),
  };
  const share = (a: Float64Array, k: number) => a[k] / trueMonths[k];
  const cells = (a: Float64Array) => {
    const v = { controlPre: share(a, 0), controlPost: share(a, 1), pilotPre: share(a, 2), pilotPost: share(a, 3) };
    return { ...v, didEffect: v.pilotPost - v.pilotPre - (v.controlPost - v.controlPre) };
  };
  const perMeasure = Object.fromEntries(
    KJERNEOPPGAVER_MEASURES.filter((m) => m.baseline).map((m) => [
      m.code,
      { pilot: m.pilot, didEffect: m.pilot ? didEffect : 0, hazardRatio: m.pilot ? (lp * hr) / lc : lp / lc },
    ]),
  );
  const result: SimulateResult = {
    out: opts.out,
    persons: N,
    rows: { offices: offices.length, measures: measuresF.rows, employment: employmentF.rows, benefits: benefitsF.rows, persons: personsF.rows },
    truth: {
      lambdaControl: lc,
      lambdaPilot: lp,
      hrPilot: hr,
      mu,
      jobShare: { pilotPre: pPre, pilotPost: pPost, control: jobShareAt(lc, mu) },
      didEffect,
      didEstimand,
      pretrendGap,
      hazardRatio: (lp * hr) / lc,
      hazardRatioPeriods,
      scenario: { preDip: dip, preDipUntil: dipUntilLabel, transitionHr: tHr, transitionMonths: tMonths },
      perMeasure,
      background: {
        didEffectApprox: (PILOT_MEASURES.length / baselineCodes.length) * didEffect,
        // What the pooled DiD estimates: the pilot measures' estimand and, for the other 15, the
        // trend difference alone (0 without preDip), weighted by their share of the measures.
        didEstimandApprox:
          (PILOT_MEASURES.length * didEstimand + (baselineCodes.length - PILOT_MEASURES.length) * (pilotShare([2014, 2015], false) - pilotShare([2011, 2012], false))) /
          baselineCodes.length,
        note: "all 19 measures pooled: only the four pilot measures respond, so the pooled effect is diluted to about 4/19 of the pilot's",
      },
      waiting: {
        before: { control: waitBefore, pilotPre: waitBefore, pilotPost: waitBeforePilot, didEffect: waitBeforePilot - waitBefore },
        between: {
          ...bw,
          didEffect: bw.pilotPost - bw.pilotPre,
          note: "completed waits (2 + geometric months, tilted by the chance that work or moving comes first); waits cut by the end of the data in late 2015 make this approximate",
        },
      },
      settings: {
        shelteredShift: shift,
        sheltered: cells(trueSheltered),
        aps: cells(trueAps),
        note: "from the simulated true registrations (before the registration artefacts), regime months April 2013 – February 2014 left out; pooled 2011–2012 vs 2014–2015",
      },
    },
    seconds: (Date.now() - t0) / 1000,
  };
  writeFileSync(join(tmp, "truth.json"), JSON.stringify({ seed, ...result, out: undefined, seconds: undefined }, null, 1));
  return result;
}

/** Persons: moved/death dates as nullable YYYYMMDD integers (0 in the chunk = missing). */
async function writePersons(f: BatchFile, c: Chunk, nullable: number[]): Promise<void> {
  const n = c.n;
  if (n === 0) return;
  const self = f as unknown as { cols: Col[]; schema: Schema; dicts: unknown[]; writer: RecordBatchStreamWriter; ws: NodeJS.WritableStream & { writableNeedDrain: boolean }; rs: { readableLength: number }; rows: number };
  const children = self.cols.map((col, j) => {
    const data = c.arrays[j].subarray(0, n);
    if (nullable.includes(j)) {
      const bitmap = new Uint8Array((n + 7) >> 3);
      let nulls = 0;
      for (let i = 0; i < n; i++) {
        if (data[i] !== 0) bitmap[i >> 3] |= 1 << (i & 7);
        else nulls++;
      }
      return makeData({ type: col.type as never, length: n, nullCount: nulls, nullBitmap: bitmap, data: data as never } as never);
    }
    return makeData({ type: col.type as never, length: n, nullCount: 0, data: data as never, ...(col.dict ? { dictionary: self.dicts[j] } : {}) } as never);
  });
  self.writer.write(new RecordBatch(self.schema, makeData({ type: new Struct(self.schema.fields), length: n, nullCount: 0, children })));
  self.rows += n;
  await f.drain();
}
