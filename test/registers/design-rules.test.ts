/**
 * Issue 13's register rules on hand-made extracts, expected values worked out by hand from
 * docs/extracts.md: regimes in the time-to-work spells at pilot AND control offices, users on old
 * codes left out, and the register end as the earliest last month of the registers an outcome needs.
 * Offices: 1 = Ski (pilot from 2013-04), 2 = Nittedal (control). Origin 2012-11-01 = day 0.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prepare, readTable, type PrepareResult } from "../../src/index.js";
import { tmpOut, writeExtracts } from "./helpers.js";
import { runCliJson } from "../helpers/cli.js";

// P1 Ski: AMO Jan 2011, then AVKLARING May–Jun 2013 (a pilot measure at a pilot office during the
//    status-only regime = "old codes": the user is left out, exits and spell).
// P2 Nittedal: AVKLARING Jun–Jul 2013 — a control office, so the exit is kept (the regime is the pilot
//    offices'), but the spell's entry (Jun 2013, AVKLARING) lies in the regime period: excluded
//    symmetrically.
// P3 Ski: KJERNE Jan–Feb 2014: exit and spell (entry Jan 2014) in combined-measure-2014.
// P4 Nittedal: AMO Jun 2013 (not a regime measure): kept; never in work.
// P5 Nittedal: OPPFOLGING Mar 2014: entry Mar 2014, one of the two months before (Jan, Feb 2014) is
//    in combined-measure-2014 → spell excluded (control side); its exit is kept.
// P6 Ski: AMO and ARB_BISTAND in May 2014: entry measure = ARB_BISTAND (first in catalogue order).
// P7 Nittedal: AMO Jun 2014, in work Aug 2014 (the employment register's last month).
// P8 Nittedal: AMO Jul 2014 → status Sep 2014, after the employment register; a DAGPENGER row in Oct
//    2014 makes the benefits register end two months later — the register end stays Aug 2014.
// P9 Nittedal: AMO Dec 2014 (the measures extract's last month).
const MEASURES = `person_id,month,office_id,measure_code,user_group
1,2011-01,1,AMO,ordinary
1,2013-05,1,AVKLARING,ordinary
1,2013-06,1,AVKLARING,ordinary
2,2013-06,2,AVKLARING,reduced
2,2013-07,2,AVKLARING,reduced
3,2014-01,1,KJERNE,ordinary
3,2014-02,1,KJERNE,ordinary
4,2013-06,2,AMO,ordinary
5,2014-03,2,OPPFOLGING,reduced
6,2014-05,1,AMO,ordinary
6,2014-05,1,ARB_BISTAND,ordinary
7,2014-06,2,AMO,ordinary
8,2014-07,2,AMO,ordinary
9,2014-12,2,AMO,ordinary
`;
const EMPLOYMENT = `person_id,month,employed,benefit
7,2014-08,1,0
`;
const BENEFITS = `person_id,month,benefit_code
8,2014-10,DAGPENGER
`;
const PERSONS = "person_id,birth_year,sex\n" + [1, 2, 3, 4, 5, 6, 7, 8, 9].map((p) => `${p},1980,F`).join("\n") + "\n";
const day = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(2012, 10, 1)) / 86_400_000;

describe("design rules: regimes in spells, old codes, register end", () => {
  let r: PrepareResult;
  let spells: Map<number, Record<string, unknown>>;
  let exits: Map<number, Record<string, unknown>[]>;
  beforeAll(async () => {
    const dir = writeExtracts({ "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS });
    const out = tmpOut();
    r = await prepare({ extracts: dir, out });
    const rows = async (f: string) => {
      const t = await readTable(join(out, f));
      return Array.from({ length: t.nrows }, (_, i) => Object.fromEntries(t.names.map((n) => [n, t.columns.get(n)!.values[i]])));
    };
    spells = new Map((await rows("spells.arrow")).map((x) => [x.person_id as number, x]));
    exits = new Map();
    for (const x of await rows("exits.arrow")) exits.set(x.person_id as number, [...(exits.get(x.person_id as number) ?? []), x]);
  });

  it("register end = the earliest last month of the registers the outcome needs", () => {
    // Employment ends 2014-08, benefits 2014-10, measures 2014-12.
    expect(r.summary.registerEnd).toEqual({
      employment: "2014-08", benefits: "2014-10", measures: "2014-12", exits: "2014-08", workEvent: "2014-08", competingRisks: "2014-08",
    });
    expect(r.summary.registerLastMonth).toBe("2014-08");
    expect(r.summary.quality.find((q) => q.check === "register_last_months_differ")!.count).toBe(2);
    // P8: status Sep 2014 > Aug 2014 → register_lag (with the latest month, Oct, it would be "other").
    expect(exits.get(8)).toBeUndefined();
  });

  it("exits: old codes and regimes excluded and counted; control exits on pilot measures kept", () => {
    // 11 exits: P1 ×2, P2, P3, P4, P5, P6 ×2, P7, P8, P9.
    expect(r.summary.exits.found).toBe(11);
    expect(r.summary.exits.excluded).toEqual({
      "old_codes:status-only-2013": 1, // P1's AMO exit of Jan 2011
      "regime:status-only-2013": 1, // P1's AVKLARING exit, Jun 2013
      "regime:combined-measure-2014": 1, // P3
      register_lag: 1, // P8
      measures_end_before_exit_confirmed: 1, // P9: Jan, Feb 2015 not in the measures extract
    });
    expect(r.summary.exits.kept).toBe(6); // P2, P4, P5, P6 ×2, P7
    expect(exits.get(2)![0]).toMatchObject({ measure: "AVKLARING", pilot_measure: 1, user_group: "reduced", pilot: 0, outcome: "other" });
    expect(exits.get(7)![0]).toMatchObject({ measure: "AMO", pilot_measure: 0, outcome: "job_without_benefits" });
  });

  it("spells: the regimes apply at pilot and control offices alike, counted per side", () => {
    expect(r.summary.spells.excluded).toEqual({
      "old_codes:status-only-2013": 1, // P1
      "regime:status-only-2013": 1, // P2 (control)
      "regime:combined-measure-2014": 2, // P3 (pilot), P5 (control)
      censored_before_entry: 1, // P9: entry Dec 2014 after the employment register's end
    });
    expect(r.summary.spells.regimeByRole).toEqual({
      "status-only-2013": { pilot: 0, control: 1 },
      "combined-measure-2014": { pilot: 1, control: 1 },
    });
    expect([...spells.keys()].sort()).toEqual([4, 6, 7, 8]);
    // P4: entry 2013-06-01, never in work → censored at the employment register's last day 2014-08-31.
    expect(spells.get(4)).toMatchObject({ start: day(2013, 6, 1), stop: day(2014, 8, 31), event: 0, measure: "AMO", pilot_measure: 0 });
    // P6: entry measure ARB_BISTAND (catalogue order before AMO), a pilot measure.
    expect(spells.get(6)).toMatchObject({ start: day(2014, 5, 1), stop: day(2014, 8, 31), measure: "ARB_BISTAND", pilot_measure: 1 });
    // P7: in work Aug 2014 → stop 2014-08-01, event 1 (cause 1 at the same day).
    expect(spells.get(7)).toMatchObject({ start: day(2014, 6, 1), stop: day(2014, 8, 1), event: 1, cr_stop: day(2014, 8, 1), cause: 1 });
  });
});

describe("population filter on prepare's outputs", () => {
  it("writes only the population's exits and spells and counts the rest (API and CLI agree)", async () => {
    // Population: AVKLARING and ARB_BISTAND, user group ordinary. Of the 6 kept exits (P2 AVKLARING
    // reduced, P4 AMO, P5 OPPFOLGING reduced, P6 AMO, P6 ARB_BISTAND ordinary, P7 AMO) only P6's
    // ARB_BISTAND exit is in it: 1 written, 5 outside. Of the 4 spells (P4 AMO, P6 ARB_BISTAND
    // ordinary, P7 AMO, P8 AMO) only P6's: 1 written, 3 outside.
    const dir = writeExtracts({ "measures.csv": MEASURES, "employment.csv": EMPLOYMENT, "benefits.csv": BENEFITS, "persons.csv": PERSONS });
    const out = tmpOut();
    const population = { measures: ["AVKLARING", "ARB_BISTAND"], userGroups: ["ordinary"] };
    const r = await prepare({ extracts: dir, out, config: { population } });
    expect(r.summary.population).toEqual({ ...population, exitsOutside: 5, spellsOutside: 3 });
    const e = await readTable(join(out, "exits.arrow"));
    const s = await readTable(join(out, "spells.arrow"));
    expect([e.nrows, s.nrows]).toEqual([1, 1]);
    expect(e.columns.get("measure")!.values[0]).toBe("ARB_BISTAND");
    expect(s.columns.get("person_id")!.values[0]).toBe(6);
    const cli = runCliJson(["prepare", "--extracts", dir, "--out", tmpOut(), "--measures", "AVKLARING,ARB_BISTAND", "--user-groups", "ordinary"]);
    expect(cli.population).toEqual(r.summary.population);
  });
});
