/**
 * The pilot's other two goals on hand-made extracts (docs/extracts.md, "Waiting times" and
 * "Settings"); expected values worked out by hand in the comments.
 * Offices: 1 = Ski (pilot from 2013-04), 2 = Nittedal (control).
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepare, readTable, type PrepareResult } from "../../src/index.js";
import { tmpOut, writeExtracts } from "./helpers.js";

// P10 Nittedal: AMO Jan 2011 — the extracts' first month, so the month before its start is not observed.
// P11 Nittedal, ordinary: job seeker Jan–Mar 2012 (jobseeker flag), AMO Apr–May 2012; job seeker
//     Jun–Jul 2012 (DAGPENGER) and Aug 2012 (flag); APS Sep 2012; VTA Oct 2012.
// P12 Ski, reduced: AMO Feb 2014 (in combined-measure-2014), OPPFOLGING May 2014, never a job seeker.
// P13 Ski, ordinary: job seeker Dec 2013–Feb 2014, AVKLARING Mar 2014.
const MEASURES = `person_id,month,office_id,measure_code,user_group
10,2011-01,2,AMO,ordinary
11,2012-04,2,AMO,ordinary
11,2012-05,2,AMO,ordinary
11,2012-09,2,APS,ordinary
11,2012-10,2,VTA,ordinary
12,2014-02,1,AMO,reduced
12,2014-05,1,OPPFOLGING,reduced
13,2014-03,1,AVKLARING,ordinary
`;
const EMPLOYMENT = `person_id,month,employed,jobseeker
10,2011-01,0,0
11,2012-01,0,1
11,2012-02,0,1
11,2012-03,0,1
11,2012-08,0,1
13,2013-12,0,1
13,2014-01,0,1
13,2014-02,0,1
12,2014-06,0,0
`;
const BENEFITS = `person_id,month,benefit_code
11,2012-06,DAGPENGER
11,2012-07,DAGPENGER
12,2014-06,AAP
`;
const PERSONS = "person_id,birth_year,sex\n10,1980,F\n11,1980,M\n12,1980,F\n13,1980,M\n";

describe("waiting before and between measures", () => {
  let r: PrepareResult;
  let waits: Record<string, unknown>[];
  beforeAll(async () => {
    const dir = writeExtracts({ "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS });
    const out = tmpOut();
    r = await prepare({ extracts: dir, out });
    const t = await readTable(join(out, "waits.arrow"));
    waits = Array.from({ length: t.nrows }, (_, i) => Object.fromEntries(t.names.map((n) => [n, t.columns.get(n)!.values[i]])));
  });

  it("counts every measure start and the reasons a wait is left out", () => {
    // Starts: P10 AMO; P11 AMO, APS, VTA; P12 AMO, OPPFOLGING; P13 AVKLARING = 7.
    // P10: the month before (Dec 2010) precedes the registers (first month Jan 2011) → not observed.
    // P12 AMO Feb 2014: its wait (from Jan 2014) lies in combined-measure-2014 → excluded at any office.
    // P13: job seeker from Dec 2013, the month before it (Nov 2013) is in status-only-2013 → excluded.
    expect(r.summary.waits).toEqual({
      found: 7,
      kept: 4,
      excluded: { waiting_start_not_observed: 1, "regime:combined-measure-2014": 1, "regime:status-only-2013": 1 },
      byKind: { before: 2, between: 2 },
    });
  });

  it("before a first measure: job-seeker months before the start; between: months since the last measure", () => {
    const at = (p: number, m: number) => waits.find((w) => w.person_id === p && w.start_month === m);
    // P11 AMO Apr 2012: Mar, Feb, Jan job seeker, Dec 2011 not (and no measure) → before, 3 months.
    expect(at(11, 201204)).toMatchObject({ kind: "before", waiting_months: 3, measure: "AMO", pilot: 0, year: 2012, post: 0 });
    // P11 APS Sep 2012: Aug (flag), Jul, Jun (DAGPENGER) job seeker, May on AMO → between, 3 months.
    expect(at(11, 201209)).toMatchObject({ kind: "between", waiting_months: 3, measure: "APS" });
    // P11 VTA Oct 2012: on APS in Sep → a move between measures, 0 months.
    expect(at(11, 201210)).toMatchObject({ kind: "between", waiting_months: 0, measure: "VTA" });
    // P12 OPPFOLGING May 2014: Apr not a job seeker, not on a measure → before, 0 months; pilot, post.
    expect(at(12, 201405)).toMatchObject({ kind: "before", waiting_months: 0, pilot: 1, post: 1, treat_post: 1, pilot_measure: 1, user_group: "reduced" });
  });

  it("settings: share of measure months in sheltered settings and on APS, regime months left out", () => {
    // Nittedal, ordinary, 2012 (P11): AMO Apr, May (ordinary), APS Sep (sheltered, APS), VTA Oct
    // (sheltered) → 4 months, 2 sheltered, 1 APS: share_sheltered 0.5, share_aps 0.25.
    const nit = r.settings.find((s) => s.office === "Nittedal" && s.year === 2012)!;
    expect(nit).toMatchObject({ person_months: 4, sheltered_months: 2, aps_months: 1, share_sheltered: 0.5, share_aps: 0.25, pilot: 0, treat_post: 0 });
    // P12's AMO Feb 2014 lies in combined-measure-2014: left out (counted); Ski reduced 2014 = May only.
    expect(r.summary.settings.regimeMonthsLeftOut).toBe(1);
    expect(r.settings.find((s) => s.office === "Ski" && s.user_group === "reduced" && s.year === 2014)).toMatchObject({ person_months: 1, share_sheltered: 0, treat_post: 1 });
    // Cells: Nittedal ordinary 2011 and 2012, Ski reduced 2014, Ski ordinary 2014.
    expect(r.settings).toHaveLength(4);
  });
});
