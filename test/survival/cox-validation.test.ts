/**
 * Cox input is validated once (prepareCox), and the one error line still names file, column and the
 * original row after rows with missing values were dropped (hand-made data: row 2 is dropped for its
 * missing x, row 4 has stop ≤ start, row 3 a weight of 0).
 */
import { describe, expect, it } from "vitest";
import { tableFromColumns } from "../../src/io/table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";

describe("Cox validation at the boundary", () => {
  it("names the original row after dropped rows", () => {
    const t = tableFromColumns({ a: [0, 0, 1, 8, 0], b: [5, 6, 7, 8, 9], e: [1, 0, 1, 0, 1], x: [1, null, 2, 3, 4] }, "spells.csv");
    expect(() => coxphFromTable(t, { start: "a", time: "b", event: "e", covariates: ["x"] })).toThrow(
      'spells.csv, column "b", row 4: stop time 8 is not after start time 8',
    );
    const t2 = tableFromColumns({ b: [5, 6, 7, 9], e: [1, 0, 1, 1], x: [1, null, 2, 4], w: [1, 1, 0, 1] }, "w.csv");
    expect(() => coxphFromTable(t2, { time: "b", event: "e", covariates: ["x"], weights: "w" })).toThrow('w.csv, column "w", row 3: weight 0 is not positive');
  });
});
