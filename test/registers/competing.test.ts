/**
 * Competing exits on the road to work (spells.arrow `cr_stop`, `cause`): 1 work, 2 disability
 * benefit (UFORE), 3 other exit (death or old-age pension ALDER), whichever comes first; 0 censored.
 * Expected days are worked out in the comments (origin 2012-11-01 = day 0).
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepare, readTable } from "../../src/index.js";
import { tmpOut, writeExtracts } from "./helpers.js";

const MEASURES = `person_id,month,office_id,measure_code,user_group
1,2013-01,1,AMO,ordinary
2,2013-01,2,AMO,ordinary
3,2013-01,2,AMO,ordinary
4,2013-01,1,AMO,ordinary
5,2013-01,2,AMO,ordinary
6,2015-06,2,AMO,ordinary
`;
// Person 1: work 2013-05. Person 2: disability benefit 2013-03, work later 2013-08.
// Person 3: old-age pension 2013-04. Person 4: dies 2013-02-10. Person 5: moves 2013-06-01.
// Person 6: no event; the register's last month is 2015-07 (employment row of person 6).
const EMPLOYMENT = `person_id,month,employed,benefit
1,2013-05,1,0
2,2013-08,1,0
6,2015-07,0,0
`;
// Person 6's job-seeker benefit 2015-07 makes the benefits register reach 2015-07 too (the
// competing-risks register end is the earlier of the two registers' last months).
const BENEFITS = `person_id,month,benefit_code
2,2013-03,UFORE
3,2013-04,ALDER
6,2015-07,DAGPENGER
`;
const PERSONS = `person_id,birth_year,sex,moved_date,death_date
1,1980,F,,
2,1975,M,,
3,1950,F,,
4,1985,M,,2013-02-10
5,1970,F,2013-06-01,
6,1988,M,,
`;

const day = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(2012, 10, 1)) / 86_400_000;

describe("competing exits in time-to-work spells", () => {
  let rows: Record<number, { stop: number; event: number; cr_stop: number; cause: number }>;
  beforeAll(async () => {
    const dir = writeExtracts({ "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS });
    const out = tmpOut();
    await prepare({ extracts: dir, out });
    const s = await readTable(join(out, "spells.arrow"));
    const c = (n: string) => s.columns.get(n)!.values as Float64Array;
    rows = {};
    for (let i = 0; i < s.nrows; i++) rows[c("person_id")[i]] = { stop: c("stop")[i], event: c("event")[i], cr_stop: c("cr_stop")[i], cause: c("cause")[i] };
  });

  it("work first: cause 1 at the work month, same as the Cox event", () => {
    expect(rows[1]).toEqual({ stop: day(2013, 5, 1), event: 1, cr_stop: day(2013, 5, 1), cause: 1 });
  });

  it("disability benefit before work: cause 2 at the benefit month; the Cox event is still work", () => {
    expect(rows[2]).toEqual({ stop: day(2013, 8, 1), event: 1, cr_stop: day(2013, 3, 1), cause: 2 });
  });

  it("old-age pension and death are other exits (cause 3)", () => {
    expect(rows[3].cause).toBe(3);
    expect(rows[3].cr_stop).toBe(day(2013, 4, 1));
    // death 2013-02-10 censors the Cox spell and is a competing exit at the same day
    expect(rows[4]).toEqual({ stop: day(2013, 2, 10), event: 0, cr_stop: day(2013, 2, 10), cause: 3 });
  });

  it("moving away and the register's end are censoring (cause 0)", () => {
    expect(rows[5]).toEqual({ stop: day(2013, 6, 1), event: 0, cr_stop: day(2013, 6, 1), cause: 0 });
    expect(rows[6]).toEqual({ stop: day(2015, 7, 31), event: 0, cr_stop: day(2015, 7, 31), cause: 0 });
  });
});
