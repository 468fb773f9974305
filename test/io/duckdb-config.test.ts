/**
 * Every DuckDB instance effekt creates has extension autoinstall and autoload off (a machine behind a
 * stalling proxy would otherwise wait about two minutes per statement), and the built-in extensions
 * effekt needs (parquet, json, icu) are there without any download.
 */
import { describe, expect, it } from "vitest";
import { createDuckDB } from "../../src/io/duckdb.js";

describe("DuckDB instances", () => {
  it("have autoinstall and autoload of extensions off, and parquet, json and icu built in", async () => {
    const db = await createDuckDB();
    const con = await db.connect();
    const r = await con.runAndReadAll(
      "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')",
    );
    expect(r.getRows()[0]).toEqual([false, false]);
    const ext = await con.runAndReadAll("SELECT extension_name FROM duckdb_extensions() WHERE loaded ORDER BY 1");
    const loaded = ext.getRows().map((row) => row[0]);
    for (const e of ["icu", "json", "parquet"]) expect(loaded).toContain(e);
    con.closeSync();
    db.closeSync();
  });
});
