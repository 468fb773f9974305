/** Registration regimes from the config: recoding and contamination, with counts. */
import { describe, expect, it } from "vitest";
import { prepare, resolveConfig, UsageError } from "../../src/index.js";
import { tmpOut, writeExtracts } from "./helpers.js";

const EMPLOYMENT = "person_id,month,employed\n1,2015-12,0\n";
const PERSONS = "person_id,birth_year,sex\n1,1980,F\n2,1980,M\n3,1980,F\n";

describe("registration regimes", () => {
  it("combined measure Jan–Feb 2014 at a pilot office: the spell is contaminated and excluded", async () => {
    // Person 1 at Ski (pilot): KJERNE Jan–Feb 2014 → exit Feb 2014 inside combined-measure-2014.
    // Person 2 at Nittedal (control): AMO Jan–Feb 2014 → exit Feb 2014, kept.
    const measures = `person_id,month,office_id,measure_code,user_group
1,201401,1,KJERNE,ordinary
1,201402,1,KJERNE,ordinary
2,201401,2,AMO,ordinary
2,201402,2,AMO,ordinary
3,201512,2,AMO,ordinary
`;
    const dir = writeExtracts({ "measures.csv": measures, "employment.csv": EMPLOYMENT, "persons.csv": PERSONS });
    const r = await prepare({ extracts: dir, out: tmpOut() });
    expect(r.summary.exits.excluded["regime:combined-measure-2014"]).toBe(1);
    expect(r.summary.exits.kept).toBe(1);
  });

  it("a recode in the config maps an old code to a catalogue code in its period only", async () => {
    // OLDAVKL is not in the catalogue: recoded to AVKLARING at control offices in 2012; outside
    // 2012 it is an unknown code (row dropped, counted).
    const measures = `person_id,month,office_id,measure_code,user_group
1,2012-05,2,OLDAVKL,ordinary
1,2013-05,2,OLDAVKL,ordinary
3,2015-12,2,AMO,ordinary
`;
    const dir = writeExtracts({ "measures.csv": measures, "employment.csv": EMPLOYMENT, "persons.csv": PERSONS });
    const r = await prepare({
      extracts: dir,
      out: tmpOut(),
      config: { regimes: [{ name: "old-codes", from: "2012-01", to: "2012-12", offices: "control", measures: [], recode: { OLDAVKL: "AVKLARING" } }] },
    });
    expect(r.summary.recoded).toEqual({ "old-codes": 1 });
    expect(r.summary.rows.measures.dropped).toEqual({ unknown_measure_code: 1 });
    expect(r.baseline.find((b) => b.year === 2012)!.person_months).toBe(1);
  });

  it("config errors are usage errors", () => {
    expect(() => resolveConfig({ studyFrom: "2013-13" })).toThrow(UsageError);
    expect(() => resolveConfig({ regimes: [{ name: "x", from: "2014-01", to: "2013-01", offices: "pilot", measures: [] }] })).toThrow(/from is after to/);
  });
});
