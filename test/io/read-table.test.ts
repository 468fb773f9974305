import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { buildFrame, InputError, readTable, requireBinary } from "../../src/index.js";
import { refPath } from "../helpers/reference.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-io-"));
function file(name: string, text: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("readTable", () => {
  it("reads the reference CSV with R's conventions: empty cell is missing, quoted numbers are numbers", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    // lung.json says n_rows 228
    expect(t.nrows).toBe(228);
    const wt = t.columns.get("wt_loss")!;
    expect(wt.type).toBe("number");
    expect(Number.isNaN(wt.values[0] as number)).toBe(true); // first row's wt_loss cell is empty in the file
    const heart = await readTable(refPath("survival", "heart.csv"));
    expect(heart.columns.get("transplant")!.type).toBe("number"); // cells are "0"/"1", quoted
  });

  it("reads Arrow IPC with the same values as CSV", async () => {
    const arrow = tableFromArrays({ time: Float64Array.from([5, 3, 9]), event: Int32Array.from([1, 0, 1]), g: ["a", "b", "a"] });
    const p = file("t.arrow", tableToIPC(arrow, "file"));
    const t = await readTable(p);
    expect(t.nrows).toBe(3);
    expect(Array.from(t.columns.get("time")!.values as Float64Array)).toEqual([5, 3, 9]);
    expect(Array.from(t.columns.get("event")!.values as Float64Array)).toEqual([1, 0, 1]);
    expect(t.columns.get("g")!.values).toEqual(["a", "b", "a"]);
  });

  it("names the file for a missing file, an unknown extension and ragged CSV", async () => {
    await expect(readTable(join(dir, "nope.csv"))).rejects.toThrow(/nope\.csv: file not found/);
    await expect(readTable(file("x.xlsx", "a"))).rejects.toThrow(/x\.xlsx: unknown file type/);
    await expect(readTable(file("ragged.csv", "a,b\n1,2\n3\n"))).rejects.toThrow(/ragged\.csv.*row \d/);
  });
});

describe("buildFrame", () => {
  const csv = "time,event,age,grp\n5,1,60,a\n3,0,,b\n9,1,70,a\n4,2,55,b\n";
  const parseCsv = (text: string, name: string) => readTable(file(name, text));

  it("drops rows with a missing value in a used column and counts them per column", async () => {
    const t = await parseCsv(csv, "d.csv");
    const f = buildFrame(t, { numeric: ["time", "event"], covariates: ["age"] });
    expect(f.n).toBe(3); // row 2 has no age
    expect(f.dropped).toEqual({ total: 1, missing: { age: 1 } });
    expect(Array.from(f.rows)).toEqual([0, 2, 3]);
  });

  it("codes a factor as R does: one dummy per non-reference level, named column+level", async () => {
    const t = await parseCsv(csv, "d.csv");
    const f = buildFrame(t, { numeric: ["time"], covariates: ["grp"], factors: { grp: "b" } });
    expect(f.design.names).toEqual(["grpa"]);
    expect(Array.from(f.design.columns[0])).toEqual([1, 0, 1, 0]);
  });

  it("errors name file, column and row", async () => {
    const t = await parseCsv(csv, "d.csv");
    expect(() => buildFrame(t, { numeric: ["tme"] })).toThrow(/d\.csv, column "tme": no such column/);
    expect(() => buildFrame(t, { numeric: ["grp"] })).toThrow(/d\.csv, column "grp", row 1: column must be numeric/);
    const f = buildFrame(t, { numeric: ["time", "event"] });
    expect(() => requireBinary(f, "event")).toThrow(InputError);
    expect(() => requireBinary(f, "event")).toThrow(/d\.csv, column "event", row 4: value 2 is not 0 or 1/);
    expect(() => buildFrame(t, { covariates: ["grp"], factors: { grp: "z" } })).toThrow(/reference level "z" does not occur/);
  });
});
