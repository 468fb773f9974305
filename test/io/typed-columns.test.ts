/**
 * Typed columns of Arrow IPC and Parquet files, and the same estimates from every format.
 * Expected values are hand-derived from the stored representation: decimal128(10, 2) holding 12345
 * is 123.45; date32 holds days since 1970-01-01 (2020-03-01 = day 18322); an instant at
 * 2020-03-01 23:30 UTC is 2020-03-02 00:30 in Oslo (UTC+1 in winter) → day 18323; 2020-07-01 22:30 UTC
 * is 2020-07-02 00:30 in Oslo (UTC+2 in summer) → day 18445; a timestamp without a zone is wall-clock
 * time (2020-03-01 23:30 → day 18322).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Bool, DateDay, Decimal, Dictionary, Float64, Int32, Int64, Table, TimestampMillisecond, Utf8,
  makeData, makeVector, tableFromArrays, tableToIPC, vectorFromArray,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import { coxphFromTable, kaplanMeierFromTable, readTable, tableFromColumns } from "../../src/index.js";
import { createDuckDB } from "../../src/io/duckdb.js";
import { writeParquet } from "../../src/io/write-parquet.js";
import { runCliJson } from "../helpers/cli.js";
import { refPath } from "../helpers/reference.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-typed-"));
const path = (name: string) => join(dir, name);
const nums = (t: Awaited<ReturnType<typeof readTable>>, c: string) => Array.from(t.columns.get(c)!.values as Float64Array);

describe("Arrow IPC typed columns", () => {
  it("scales decimal128, converts date32 and zoned timestamps to Oslo days, int64, booleans, dictionaries", async () => {
    const dec = makeData({
      type: new Decimal(2, 10, 128),
      length: 3,
      nullCount: 0,
      // 12345 → 123.45; −250 (two's complement over four 32-bit words) → −2.50; 100 → 1.00
      data: new Uint32Array([12345, 0, 0, 0, -250 >>> 0, 0xffffffff, 0xffffffff, 0xffffffff, 100, 0, 0, 0]),
    });
    const t = new Table({
      dec: makeVector(dec),
      day: vectorFromArray([new Date("2020-03-01"), new Date("1970-01-01"), null], new DateDay()),
      ts: vectorFromArray(
        [new Date("2020-03-01T23:30:00Z"), new Date("2020-07-01T22:30:00Z"), new Date("2020-07-01T21:30:00Z")],
        new TimestampMillisecond("UTC"),
      ),
      wall: vectorFromArray([new Date("2020-03-01T23:30:00Z"), new Date("2020-07-01T22:30:00Z"), null], new TimestampMillisecond()),
      big: vectorFromArray([1n, -(2n ** 40n), 2n ** 52n], new Int64()),
      flag: vectorFromArray([true, false, null], new Bool()),
      office: vectorFromArray(["Åsane", "Askøy", "Åsane"], new Dictionary(new Utf8(), new Int32())),
    });
    const p = path("typed.arrow");
    writeFileSync(p, tableToIPC(t, "file"));
    const r = await readTable(p);
    expect(nums(r, "dec")).toEqual([123.45, -2.5, 1]);
    expect(nums(r, "day")).toEqual([18322, 0, NaN]);
    expect(nums(r, "ts")).toEqual([18323, 18445, 18444]);
    expect(nums(r, "wall")).toEqual([18322, 18444, NaN]);
    expect(nums(r, "big")).toEqual([1, -(2 ** 40), 2 ** 52]);
    expect(nums(r, "flag")).toEqual([1, 0, NaN]);
    expect(r.columns.get("office")!.values).toEqual(["Åsane", "Askøy", "Åsane"]);
    // only the columns asked for
    const some = await readTable(p, { columns: ["dec"] });
    expect(some.names).toEqual(["dec"]);
    await expect(readTable(p, { columns: ["nope"] })).rejects.toThrow(/typed\.arrow, column "nope": no such column/);
  });

  it("doubles: one chunk without missing cells is read as it is stored, several chunks or missing cells are converted; both can be written as Parquet", async () => {
    // the same values three ways: one record batch, two record batches, one batch with a missing cell
    const vals = [0.1, -2.5e300, 3, Number.MIN_VALUE, -0];
    const one = new Table({ x: vectorFromArray(vals, new Float64()) });
    const two = new Table({ x: vectorFromArray(vals.slice(0, 2), new Float64()) }).concat(new Table({ x: vectorFromArray(vals.slice(2), new Float64()) }));
    const gap = new Table({ x: vectorFromArray([0.1, null, 3], new Float64()) });
    expect(two.getChild("x")!.data.length).toBe(2);
    for (const [name, t, want] of [["one", one, vals], ["two", two, vals], ["gap", gap, [0.1, NaN, 3]]] as const) {
      writeFileSync(path(`f64-${name}.arrow`), tableToIPC(t, "file"));
      const r = await readTable(path(`f64-${name}.arrow`));
      const got = nums(r, "x");
      expect(got.length, name).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]), `${name}[${i}]: ${got[i]}`).toBe(true);
      // the stored values, written out as Parquet (the writer copies a view of the file's shared bytes) and read back
      const out = path(`f64-${name}.parquet`);
      await writeParquet(out, [{ name: "x", kind: "f64", values: r.columns.get("x")!.values as Float64Array }]);
      const back = nums(await readTable(out), "x");
      for (let i = 0; i < want.length; i++) expect(Object.is(back[i], want[i]) || (want[i] === 0 && back[i] === 0), `${name} parquet [${i}]: ${back[i]}`).toBe(true);
    }
  });

  it("refuses a 64-bit integer beyond 2^53, naming the row", async () => {
    const p = path("big.arrow");
    writeFileSync(p, tableToIPC(tableFromArrays({ id: BigInt64Array.from([1n, 2n ** 53n + 1n]) }), "file"));
    await expect(readTable(p)).rejects.toThrow(/big\.arrow, column "id", row 2: whole number too large to be held exactly \(beyond 2\^53/);
  });
});

describe("Parquet and JSON typed columns (through DuckDB)", () => {
  it("reads decimal, date, zoned timestamp, int64, boolean and enum columns", async () => {
    const db = await createDuckDB();
    const con = await db.connect();
    const p = path("typed.parquet");
    await con.run(`CREATE TYPE office AS ENUM ('Åsane', 'Askøy')`);
    await con.run(`COPY (SELECT * FROM (VALUES
        (123.45::DECIMAL(10,2), DATE '2020-03-01', TIMESTAMPTZ '2020-03-01 23:30:00+00', TIMESTAMP '2020-03-01 23:30:00', 1::BIGINT, true, 'Åsane'::office),
        (-2.5::DECIMAL(10,2), DATE '1970-01-01', TIMESTAMPTZ '2020-07-01 22:30:00+00', TIMESTAMP '2020-07-01 22:30:00', (2::BIGINT ** 52)::BIGINT, false, 'Askøy'::office),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) v(dec, day, ts, wall, big, flag, office)) TO '${p}' (FORMAT parquet)`);
    const r = await readTable(p);
    expect(nums(r, "dec")).toEqual([123.45, -2.5, NaN]);
    expect(nums(r, "day")).toEqual([18322, 0, NaN]);
    expect(nums(r, "ts")).toEqual([18323, 18445, NaN]);
    expect(nums(r, "wall")).toEqual([18322, 18444, NaN]);
    expect(nums(r, "big")).toEqual([1, 2 ** 52, NaN]);
    expect(nums(r, "flag")).toEqual([1, 0, NaN]);
    expect(r.columns.get("office")!.values).toEqual(["Åsane", "Askøy", null]);
    const big = path("big.parquet");
    await con.run(`COPY (SELECT * FROM (VALUES (1::BIGINT), (9007199254740993::BIGINT)) v(id)) TO '${big}' (FORMAT parquet)`);
    await expect(readTable(big)).rejects.toThrow(/big\.parquet, column "id", row 2: whole number too large .*beyond 2\^53/);
    con.closeSync();
    db.closeSync();
  });
});

describe("every format gives the in-memory estimates exactly", () => {
  it("Cox and Kaplan–Meier on lung from CSV, Parquet, JSON and Arrow IPC equal the in-memory fit", async () => {
    const csv = refPath("survival", "lung.csv");
    const base = await readTable(csv, { columns: ["time", "dead", "age", "sex", "ph_ecog", "inst"] });
    const data: Record<string, Float64Array> = {};
    for (const n of base.names) data[n] = base.columns.get(n)!.values as Float64Array;
    const mem = tableFromColumns(data, "memory");
    const spec = { time: "time", event: "dead", covariates: ["age", "sex", "ph_ecog"], cluster: "inst" };
    const ref = coxphFromTable(mem, spec);
    const km = kaplanMeierFromTable(mem, { time: "time", event: "dead", group: "sex" });

    const db = await createDuckDB();
    const con = await db.connect();
    const src = `read_csv('${csv}', header = true, nullstr = ['NA', ''])`;
    const cols = "time, dead, age, sex, ph_ecog, inst";
    await con.run(`COPY (SELECT ${cols} FROM ${src}) TO '${path("lung.parquet")}' (FORMAT parquet)`);
    await con.run(`COPY (SELECT ${cols} FROM ${src}) TO '${path("lung.json")}' (FORMAT json, ARRAY true)`);
    con.closeSync();
    db.closeSync();
    writeFileSync(path("lung.arrow"), tableToIPC(tableFromArrays(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v]))), "file"));
    for (const f of [csv, path("lung.parquet"), path("lung.json"), path("lung.arrow")]) {
      const t = await readTable(f);
      const fit = coxphFromTable(t, spec);
      expect(fit.coef, f).toEqual(ref.coef);
      expect(fit.robust_se, f).toEqual(ref.robust_se);
      expect(fit.loglik, f).toEqual(ref.loglik);
      expect(kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex" }).curves, f).toEqual(km.curves);
      const cli = runCliJson(["cox", "--data", f, "--time", "time", "--event", "dead", "--covariates", "age,sex,ph_ecog", "--cluster", "inst"]);
      expect(cli.coef, f).toEqual(Array.from(ref.coef));
    }
  });
});
