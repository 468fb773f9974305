/**
 * Cox input is validated once (prepareCox), and the one error line still names file, column and the
 * original row after rows with missing values were dropped (hand-made data: row 2 is dropped for its
 * missing x, row 4 has stop ≤ start, row 3 a weight of 0).
 */
import { describe, expect, it } from "vitest";
import { csvTable } from "../helpers/csv.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";

describe("Cox validation at the boundary", () => {
  it("names the original row after dropped rows", async () => {
    const t = await csvTable("a,b,e,x,w\n0,5,1,1,1\n0,6,0,,1\n1,7,1,2,1\n8,8,0,3,1\n0,9,1,4,1\n", "spells.csv");
    expect(() => coxphFromTable(t, { start: "a", time: "b", event: "e", covariates: ["x"] })).toThrow(
      'spells.csv, column "b", row 4: stop time 8 is not after start time 8',
    );
    const t2 = await csvTable("b,e,x,w\n5,1,1,1\n6,0,,1\n7,1,2,0\n9,1,4,1\n", "w.csv");
    expect(() => coxphFromTable(t2, { time: "b", event: "e", covariates: ["x"], weights: "w" })).toThrow('w.csv, column "w", row 3: weight 0 is not positive');
  });
});
