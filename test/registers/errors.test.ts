/** Bad input: one clear line naming file, column and row; non-zero exit; nothing written. */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { InputError, prepare } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { tmpOut, writeExtracts } from "./helpers.js";

const EMPLOYMENT = "person_id,month,employed\n1,2013-01,1\n";
const PERSONS = "person_id,birth_year,sex\n1,1980,F\n";
const GOOD_MEASURES = "person_id,month,office_id,measure_code,user_group\n1,2013-01,2,AMO,ordinary\n";

function extractsWith(measures: string, persons = PERSONS) {
  return writeExtracts({ "measures.csv": measures, "employment.csv": EMPLOYMENT, "persons.csv": persons });
}

async function errorOf(measures: string, persons?: string): Promise<InputError> {
  const out = tmpOut();
  try {
    await prepare({ extracts: extractsWith(measures, persons), out });
  } catch (e) {
    expect(existsSync(out)).toBe(false);
    // No temporary folder left behind either.
    expect(readdirSync(dirname(out))).toEqual([]);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}

describe("bad extracts", () => {
  it("missing column", async () => {
    const e = await errorOf("person_id,month,office_id,measure_code\n1,2013-01,2,AMO\n");
    expect(e).toBeInstanceOf(InputError);
    expect(e.column).toBe("user_group");
    expect(e.message).toMatch(/measures\.csv, column "user_group": missing required column/);
  });

  it("unparseable month 2013-13, with row", async () => {
    const e = await errorOf(GOOD_MEASURES + "1,2013-13,2,AMO,ordinary\n");
    expect(e.message).toMatch(/measures\.csv, column "month", row 2: "2013-13" is not a month/);
  });

  it("negative id, with row", async () => {
    const e = await errorOf(GOOD_MEASURES + "-4,2013-02,2,AMO,ordinary\n");
    expect(e.message).toMatch(/column "person_id", row 2: id -4 is not positive/);
  });

  it("wrong type: text person id", async () => {
    const e = await errorOf(GOOD_MEASURES + "P7,2013-02,2,AMO,ordinary\n");
    expect(e.message).toMatch(/column "person_id", row 2: id "P7" is not a whole number/);
  });

  it("office in measures but not in offices", async () => {
    const e = await errorOf(GOOD_MEASURES + GOOD_MEASURES.split("\n")[1] + "\n1,2013-02,77,AMO,ordinary\n");
    expect(e.message).toMatch(/column "office_id", row 3: office 77 is not in the offices extract/);
  });

  it("wrong type in persons: birth year as text", async () => {
    const e = await errorOf(GOOD_MEASURES, "person_id,birth_year,sex\n1,nineteen,F\n");
    expect(e.message).toMatch(/persons\.csv, column "birth_year", row 1: "nineteen" is not a whole number/);
  });

  it("CLI: one line on stderr, exit code 3", () => {
    const dir = extractsWith(GOOD_MEASURES + "1,201313,2,AMO,ordinary\n");
    const out = tmpOut();
    const r = runCli(["prepare", "--extracts", dir, "--out", out]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${join(dir, "measures.csv")}, column "month", row 2`);
    expect(existsSync(out)).toBe(false);
  });
});
