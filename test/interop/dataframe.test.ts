import { describe, expect, it } from "vitest";
import { tableFromColumns, toDataFrame } from "../../src/index.js";

describe("toDataFrame (danfo.js, loaded lazily)", () => {
  it("turns a DataTable into a DataFrame with the same columns and missing values as null", () => {
    const t = tableFromColumns({ office: ["Ski", "Stange", "Ski"], job: [1, null, 0] });
    const df = toDataFrame(t);
    expect(df.shape).toEqual([3, 2]);
    expect(df.columns).toEqual(["office", "job"]);
    expect(df["office"].values).toEqual(["Ski", "Stange", "Ski"]);
    expect(df["job"].values[0]).toBe(1);
    expect(df["job"].values[2]).toBe(0);
    expect(df["job"].isNa().values).toEqual([false, true, false]);
  });

  it("accepts typed-array result columns and row objects", () => {
    const df = toDataFrame({ time: Float64Array.from([1, 2]), surv: Float64Array.from([0.9, 0.8]) });
    expect(df.shape).toEqual([2, 2]);
    const rows = toDataFrame([{ term: "pilot", hr: 1.2 }]);
    expect(rows.shape).toEqual([1, 2]);
  });
});
