/**
 * Each derivation rule on a tiny hand-made set of extracts; every expected number is worked out
 * in the comments from the rows below.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { join } from "node:path";
import { prepare, readTable, type PrepareResult } from "../../src/index.js";
import { tmpOut, writeExtracts } from "./helpers.js";

// Offices: 1 = Ski (pilot from 2013-04), 2 = Nittedal (control).
const MEASURES = `person_id,month,office_id,measure_code,user_group
1,2012-01,2,AVKLARING,ordinary
2,2012-01,2,AMO,ordinary
2,2012-03,2,AMO,ordinary
3,2013-02,1,OPPFOLGING,reduced
3,2013-03,1,OPPFOLGING,reduced
4,2013-02,2,OPPFOLGING,reduced
4,2013-03,2,OPPFOLGING,reduced
5,2013-01,2,HELSE,ordinary
5,2013-02,2,HELSE,ordinary
6,2013-01,2,ARBTRENING,ordinary
6,2013-02,2,ARBTRENING,ordinary
6,2013-03,2,ARBTRENING,ordinary
6,2013-04,2,ARBTRENING,ordinary
7,2013-01,2,VARIG_LONN,other
7,2013-02,2,VARIG_LONN,other
8,2015-05,2,AMO,ordinary
8,2015-06,2,AMO,ordinary
9,2012-06,2,AMO,ordinary
9,2012-06,2,AMO,ordinary
9,2012-07,2,BOGUS,ordinary
9,2009-05,2,AMO,ordinary
99,2015-10,2,AMO,ordinary
99,2015-11,2,AMO,ordinary
99,2015-12,2,AMO,ordinary
`;
const EMPLOYMENT = `person_id,month,employed,benefit
1,2012-03,1,0
5,2013-04,1,1
6,2013-06,1,0
99,2015-07,0,0
`;
// The benefits register runs to 2015-07 like the employment register (person 99's row): the
// register end is the earliest of the two last months (issue 13), so both must reach 2015-07.
const BENEFITS = `person_id,month,benefit_code
2,2012-05,DAGPENGER
99,2015-07,DAGPENGER
`;
const PERSONS = `person_id,birth_year,sex,moved_date,death_date,immigrant
1,1980,F,,,0
2,1975,M,,,1
3,1990,F,,,0
4,1985,M,,,0
5,1970,F,,,1
6,1988,M,,,0
7,1992,F,2013-03-15,,0
8,1960,M,,,0
9,1966,F,,,0
99,1999,M,,,0
`;

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const ORIGIN = day(2012, 11, 1);

describe("prepare rules on hand-made extracts", () => {
  let r: PrepareResult;
  let out: string;
  let exits: Record<number, { exit: number; status: number; outcome: string; job: number; pilot: number }>;
  let spells: Record<number, { start: number; stop: number; event: number }>;
  beforeAll(async () => {
    const dir = writeExtracts({ "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS });
    out = tmpOut();
    r = await prepare({ extracts: dir, out });
    const e = await readTable(join(out, "exits.arrow"));
    exits = {};
    const col = (n: string) => e.columns.get(n)!.values as ArrayLike<unknown>;
    for (let i = 0; i < e.nrows; i++) {
      exits[col("person_id")[i] as number] = {
        exit: col("exit_month")[i] as number,
        status: col("status_month")[i] as number,
        outcome: col("outcome")[i] as string,
        job: col("job")[i] as number,
        pilot: col("pilot")[i] as number,
      };
    }
    const s = await readTable(join(out, "spells.arrow"));
    spells = {};
    const sc = (n: string) => s.columns.get(n)!.values as Float64Array;
    for (let i = 0; i < s.nrows; i++) spells[sc("person_id")[i]] = { start: sc("start")[i], stop: sc("stop")[i], event: sc("event")[i] };
  });

  it("exit January, status March: registered January, not February and March → job without benefits", () => {
    // Person 1: AVKLARING 2012-01 only; employed 2012-03 without benefit.
    expect(exits[1]).toMatchObject({ exit: 201201, status: 201203, outcome: "job_without_benefits", job: 1, pilot: 0 });
  });

  it("a one-month gap does not end a spell", () => {
    // Person 2: AMO Jan and Mar 2012 (not Feb) → one exit, in March; status May: DAGPENGER → no job.
    expect(exits[2]).toMatchObject({ exit: 201203, status: 201205, outcome: "no_job", job: 0 });
    expect(r.summary.quality.find((q) => q.check === "gap_bridged")!.count).toBe(1);
  });

  it("outcome categories: other, job with benefits", () => {
    // Person 4 (control, OPPFOLGING Feb–Mar 2013): nothing in May 2013 → other.
    expect(exits[4]).toMatchObject({ exit: 201303, outcome: "other", job: 0 });
    // Person 5: exit Feb 2013, employed with a benefit in April → job with benefits.
    expect(exits[5]).toMatchObject({ exit: 201302, status: 201304, outcome: "job_with_benefits", job: 1 });
    // Person 9: duplicate row removed, exit June 2012, nothing in August → other.
    expect(exits[9]).toMatchObject({ exit: 201206, outcome: "other" });
  });

  it("excluded exits are counted, never classified", () => {
    // 10 exits: persons 1–9 and 99. Person 3: pilot office, pilot measure, exit March 2013 whose
    // following months (Apr, May) are in the status-only regime. Person 7 moved 2013-03-15, before
    // the status month April. Person 8: exit June 2015, status August, register ends July 2015.
    // Person 99: exit Dec 2015, the two following months are after the measures extract.
    expect(r.summary.exits.found).toBe(10);
    expect(r.summary.exits.excluded).toEqual({
      "regime:status-only-2013": 1,
      moved_or_died_before_status_month: 1,
      register_lag: 1,
      measures_end_before_exit_confirmed: 1,
    });
    expect(r.summary.exits.kept).toBe(6);
    expect(Object.keys(exits).map(Number).sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 6, 9]);
    expect(r.summary.exits.byOutcome).toEqual({ job_without_benefits: 2, job_with_benefits: 1, no_job: 1, other: 2 });
  });

  it("time-to-work spells: delayed entry, event at first month in work, censoring at moving and register end", () => {
    // Person 6: on a measure from 2013-01 → start = days 2012-11-01..2013-01-01 = 61; in work 2013-06 → stop 212.
    expect(spells[6]).toEqual({ start: 61, stop: 212, event: 1 });
    expect(day(2013, 1, 1) - ORIGIN).toBe(61);
    // Person 5: in work 2013-04 → stop = 61 + 31 + 28 + 31 = 151.
    expect(spells[5]).toEqual({ start: 61, stop: 151, event: 1 });
    // Person 7: moved 2013-03-15 → censored at 61 + 31 + 28 + 14 = 134.
    expect(spells[7]).toEqual({ start: 61, stop: 134, event: 0 });
    // Person 3: entry 2013-02 (start 92), never in work → censored at the register's last day 2015-07-31.
    expect(spells[3]).toEqual({ start: day(2013, 2, 1) - ORIGIN, stop: day(2015, 7, 31) - ORIGIN, event: 0 });
    // Persons 1, 2, 9: last measure month before the origin → not in the population.
    expect(spells[1]).toBeUndefined();
    expect(spells[9]).toBeUndefined();
    // Person 99 enters 2015-10, after the register's end → excluded.
    expect(spells[99]).toBeUndefined();
    expect(r.summary.spells.excluded).toEqual({ censored_before_entry: 1 });
    expect(r.summary.spells.kept).toBe(6); // persons 3, 4, 5, 6, 7, 8
  });

  it("quality report: duplicates, unknown codes, months out of range, counted with examples", () => {
    const q = Object.fromEntries(r.summary.quality.map((x) => [x.check, x]));
    expect(q.duplicate_person_month_measure.count).toBe(1);
    expect(q.duplicate_person_month_measure.examples).toEqual(["person 9, 2012-06"]);
    expect(q.unknown_measure_code.count).toBe(1);
    expect(q.unknown_measure_code.examples[0]).toContain('"BOGUS"');
    expect(q.month_out_of_range.count).toBe(1);
    // 24 rows read; 2 dropped at load; 1 duplicate → 21 person-months.
    expect(r.summary.rows.measures).toMatchObject({ read: 24, kept: 21, duplicates: 1 });
  });

  it("baseline table counts exits and job shares per office, group and year", () => {
    // Nittedal, ordinary, 2013: person 5 (job) and person 6 (job) → 2 exits, job share 1.
    const row = r.baseline.find((b) => b.office === "Nittedal" && b.user_group === "ordinary" && b.year === 2013)!;
    expect(row.exits).toBe(2);
    expect(row.job_share).toBe(1);
    // person-months: person 5 (2) + person 6 (4) = 6 in 2013.
    expect(row.person_months).toBe(6);
  });
});

describe("--as-of caps both registers", () => {
  it("months after as-of are not yet observed", async () => {
    const dir = writeExtracts({ "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS });
    const r = await prepare({ extracts: dir, out: tmpOut(), config: { asOf: "2015-06" } });
    // Person 99's rows (2015-10..12) are now after the study window: 3 more rows dropped (4 in all
    // with the 2009-05 row). The measures now end 2015-06, so person 8's exit (June 2015) cannot be
    // confirmed: measures_end instead of register_lag; person 99 has no exit any more (9 found).
    expect(r.summary.rows.measures.dropped.month_out_of_range).toBe(4);
    expect(r.summary.exits.found).toBe(9);
    expect(r.summary.exits.excluded).toEqual({
      "regime:status-only-2013": 1,
      moved_or_died_before_status_month: 1,
      measures_end_before_exit_confirmed: 1,
    });
    expect(r.summary.registerLastMonth).toBe("2015-06");
  });
});
