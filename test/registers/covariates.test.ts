/**
 * History covariates (24 months before entry) and office × month covariates on hand-made extracts;
 * expected values worked out by hand from docs/extracts.md ("History" and "office_months").
 * Offices: 1 = Ski (pilot), 2 = Nittedal (control). Time-to-work origin 2012-01-01 for this test.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepare, readTable, type PrepareResult } from "../../src/index.js";
import { tmpOut, writeExtracts } from "./helpers.js";

// H2 starts both registers in Jan 2010 (AMO Jan 2010; an employment row Jan 2010) and ends them in
// Jun 2012 (AMO, employment and DAGPENGER rows), so the registers cover Jan 2010 – Jun 2012.
// H1 at Nittedal: AMO Jun–Jul 2010; in work Jan–Mar 2011; DAGPENGER Oct–Dec 2011; ARBTRENING
// Jan–Feb 2012 (exit Feb 2012); in work again Mar 2012.
const MEASURES = `person_id,month,office_id,measure_code,user_group
2,2010-01,2,AMO,ordinary
1,2010-06,2,AMO,ordinary
1,2010-07,2,AMO,ordinary
1,2012-01,2,ARBTRENING,ordinary
1,2012-02,2,ARBTRENING,ordinary
2,2012-06,2,AMO,ordinary
`;
const EMPLOYMENT = `person_id,month,employed
2,2010-01,0
1,2011-01,1
1,2011-02,1
1,2011-03,1
1,2012-03,1
2,2012-06,0
`;
const BENEFITS = `person_id,month,benefit_code
1,2011-10,DAGPENGER
1,2011-11,DAGPENGER
1,2011-12,DAGPENGER
2,2012-06,DAGPENGER
`;
// Nittedal Jan–Mar 2012 only; Ski not at all (missing → NaN, counted).
const OFFICE_MONTHS = `office_id,month,local_unemployment,staff_years
2,2012-01,3.1,10
2,2012-02,3.2,10
2,2012-03,3.3,11
`;
const PERSONS = "person_id,birth_year,sex\n1,1980,F\n2,1970,M\n";

describe("history and office covariates", () => {
  let r: PrepareResult;
  let out: string;
  const rows = async (f: string) => {
    const t = await readTable(join(out, f));
    return Array.from({ length: t.nrows }, (_, i) => Object.fromEntries(t.names.map((n) => [n, t.columns.get(n)!.values[i]])));
  };
  beforeAll(async () => {
    const dir = writeExtracts({
      "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS, "office_months.csv": OFFICE_MONTHS,
    });
    out = tmpOut();
    r = await prepare({ extracts: dir, out, config: { timeToWork: { origin: "2012-01-01" } } });
  });

  it("history: months on measures, on job-seeker benefits and in work in the 24 months before entry", async () => {
    const ex = await rows("exits.arrow");
    // H1's ARBTRENING exit (Feb 2012), entry Jan 2012: window Jan 2010 – Dec 2011 (24 months, all
    // covered): AMO Jun, Jul 2010 → 2; DAGPENGER Oct–Dec 2011 → 3; work Jan–Mar 2011 → 3.
    expect(ex.find((e) => e.person_id === 1 && e.exit_month === 201202)).toMatchObject({
      entry_month: 201201, hist_measure_months: 2, hist_benefit_months: 3, hist_work_months: 3, hist_window_months: 24,
      local_unemployment: 3.2, staff_years: 10, // Nittedal in the exit month Feb 2012
    });
    // H1's AMO exit (Jul 2010), entry Jun 2010: the registers cover only Jan–May 2010 of its window → 5
    // months, nothing in them; no office row for Jul 2010 → missing.
    const amo = ex.find((e) => e.person_id === 1 && e.exit_month === 201007)!;
    expect(amo).toMatchObject({ hist_measure_months: 0, hist_benefit_months: 0, hist_work_months: 0, hist_window_months: 5 });
    expect(Number.isNaN(amo.local_unemployment)).toBe(true);
  });

  it("office covariates: at entry on spells.arrow, month by month on spells-tv.arrow", async () => {
    // H1: entry Jan 2012 (day 0), in work Mar 2012 → stop = 31 + 29 = 60 (2012 is a leap year), event.
    const sp = (await rows("spells.arrow")).find((x) => x.person_id === 1)!;
    expect(sp).toMatchObject({ start: 0, stop: 60, event: 1, local_unemployment: 3.1, hist_measure_months: 2, hist_work_months: 3 });
    // Split: Jan (0, 31] with Jan's values, Feb (31, 60] with Feb's, the event on the last row only.
    const tv = (await rows("spells-tv.arrow")).filter((x) => x.person_id === 1);
    expect(tv.map((x) => [x.start, x.stop, x.event, x.month, x.local_unemployment, x.staff_years])).toEqual([
      [0, 31, 0, 201201, 3.1, 10],
      [31, 60, 1, 201202, 3.2, 10],
    ]);
    expect(r.summary.outputs).toContain("spells-tv.arrow");
    expect(r.summary.officeMonths).toMatchObject({ covariates: ["local_unemployment", "staff_years"], rowsRead: 3, dropped: {} });
    // Exits without an office row: H2's AMO exit (Jan 2010) and H1's AMO exit (Jul 2010).
    expect(r.summary.officeMonths!.missing.exits).toEqual({ local_unemployment: 2, staff_years: 2 });
  });
});
