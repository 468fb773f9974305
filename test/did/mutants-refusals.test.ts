/**
 * didFromTable's refusals through the API (in process, where a mutant can reach them; the CLI tests
 * check some of them end to end): each bad input gives one error naming what is wrong. Hand-made panel;
 * the expected text is the message each check in src/did/from-table.ts is written to give.
 */
import { describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../src/errors.js";
import { tableFromColumns } from "../../src/io/table.js";
import { didFromTable } from "../../src/index.js";
import { throwsWith } from "../helpers/throws.js";

/** 4 offices × 4 years (2011–2014), offices a and b are the pilot. */
function panel(over: Partial<Record<"job" | "pilot" | "year" | "region" | "w", number[]>> = {}) {
  const office: string[] = [], year: number[] = [], pilot: number[] = [], job: number[] = [], region: string[] = [], w: number[] = [];
  ["a", "b", "c", "d"].forEach((o, u) =>
    [2011, 2012, 2013, 2014].forEach((y, t) => {
      office.push(o);
      year.push(y);
      pilot.push(u < 2 ? 1 : 0);
      job.push(0.4 + 0.05 * t + 0.03 * u + (u < 2 && y >= 2013 ? 0.1 : 0) + ((u * 7 + t * 3) % 5) * 0.01);
      region.push("east");
      w.push(10 + u + t);
    }),
  );
  const f64 = (xs: number[]) => Float64Array.from(xs);
  return tableFromColumns({ office, year: f64(over.year ?? year), pilot: f64(over.pilot ?? pilot), job: f64(over.job ?? job), region, w: f64(over.w ?? w) }, "panel.csv");
}
const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013 };


describe("didFromTable refuses", () => {
  it("a panel without complete rows, treated or control units, pre- or post-period, or 2 clusters", () => {
    expect(didFromTable(panel(), spec).twfe.estimate).toBeGreaterThan(0); // the panel itself fits
    throwsWith(() => didFromTable(panel({ job: new Array(16).fill(NaN) }), spec), InputError, "no complete rows");
    throwsWith(() => didFromTable(panel({ pilot: new Array(16).fill(0) }), spec), InputError, "no treated units");
    throwsWith(() => didFromTable(panel({ pilot: new Array(16).fill(1) }), spec), InputError, "no control units (every unit is treated)");
    throwsWith(() => didFromTable(panel(), { ...spec, firstTreated: 2011 }), InputError, "no pre-period: every year is ≥ the first treated period 2011");
    throwsWith(() => didFromTable(panel(), { ...spec, firstTreated: 2020 }), InputError, "no post-period: no year is ≥ the first treated period 2020");
    throwsWith(() => didFromTable(panel(), { ...spec, cluster: "region" }), InputError, "fewer than 2 clusters (1)");
  });

  it("a period start without the pilot column, or a column name as the start", () => {
    throwsWith(() => didFromTable(panel(), { ...spec, treated: undefined as unknown as string }), UsageError, "--treated is required when --first-treated is a period (it names the 0/1 pilot column)");
    throwsWith(
      () => didFromTable(panel(), { ...spec, firstTreated: "first" }),
      UsageError,
      'didFromTable: firstTreated is the column name "first"; for staggered adoption use didStaggeredFromTable, for one start give the period (e.g. firstTreated: 2013)',
    );
  });

  it("a share outside [0, 1] with weight type shares, and a reference period not in the data", () => {
    const job = Array.from({ length: 16 }, (_, i) => (i === 5 ? 1.5 : 0.5));
    throwsWith(() => didFromTable(panel({ job }), { ...spec, weights: "w", weightType: "shares" }), InputError, "with --weight-type shares the outcome must be a share between 0 and 1, got 1.5");
    throwsWith(() => didFromTable(panel(), { ...spec, referencePeriod: 2030 }), UsageError, "--reference-period 2030 is not a year in the data (2011, 2012, 2013, 2014)");
  });
});
