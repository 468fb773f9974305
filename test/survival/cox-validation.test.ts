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

  it("names the first covariate value that is not finite (column order, then row), with and without strata and weights", () => {
    // Infinity is not a missing value (NaN / empty is, and drops the row): it must be refused, not fitted
    const cols = { b: [5, 6, 7, 9, 4], e: [1, 0, 1, 1, 0], x: [1, 2, 2, 4, 3], z: [0, 1, Infinity, 1, -Infinity], s: [0, 1, 0, 1, 0], w: [1, 2, 1, 1, 1] };
    const t = tableFromColumns(cols, "inf.csv");
    const msg = 'inf.csv, column "z", row 3: value Infinity is not a finite number';
    expect(() => coxphFromTable(t, { time: "b", event: "e", covariates: ["x", "z"] })).toThrow(msg);
    expect(() => coxphFromTable(t, { time: "b", event: "e", covariates: ["x", "z"], strata: "s" })).toThrow(msg);
    expect(() => coxphFromTable(t, { time: "b", event: "e", covariates: ["x", "z"], weights: "w" })).toThrow(msg);
    // the first column in covariate order is named first
    const t2 = tableFromColumns({ ...cols, x: [1, 2, 2, 4, -Infinity] }, "inf.csv");
    expect(() => coxphFromTable(t2, { time: "b", event: "e", covariates: ["x", "z"] })).toThrow('inf.csv, column "x", row 5: value -Infinity is not a finite number');
    // finite values whose weighted sum overflows are not refused by this check (the fit then says what it finds)
    const t3 = tableFromColumns({ ...cols, z: [1e308, 1e308, 0, 1, 0] }, "big.csv");
    expect(() => coxphFromTable(t3, { time: "b", event: "e", covariates: ["x", "z"] })).not.toThrow(/not a finite number/);
  });
});
