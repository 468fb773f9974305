/**
 * The same register extracts as Arrow IPC (the bundled data/extracts), as CSV and as Parquet give
 * identical prepared tables: every output file of `prepare` is compared exactly — CSV and JSON files
 * byte for byte (the summary without the extract paths and the run time), Arrow tables column by
 * column, every value and type. The CSV copy writes measure months as "YYYY-MM" text
 * and dates as "YYYY-MM-DD" (the text and date paths); the Parquet copy is DuckDB's reading of that
 * CSV (BIGINT ids and months, VARCHAR codes, DATE columns). Both are streamed in batches of 7 919
 * rows, so batch boundaries fall inside persons and months.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { writeFormats } from "../helpers/extract-formats.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { prepare } from "../../src/index.js";
import { createDuckDB, sqlString } from "../../src/io/duckdb.js";
import { ROOT } from "../helpers/cli.js";

const SRC = join(ROOT, "data", "extracts");

function readAll(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    if (f.startsWith(".")) continue;
    if (f === "prepare-summary.json") {
      const s = JSON.parse(readFileSync(join(dir, f), "utf8"));
      delete s.extracts;
      delete s.seconds;
      out[f] = JSON.stringify(s);
    } else if (f.endsWith(".arrow")) {
      // Values and types; the order of a dictionary's levels follows the input's (first seen in CSV
      // and Parquet, the dictionary's own in Arrow) and is not part of the result.
      const t = tableFromIPC(readFileSync(join(dir, f)));
      out[f] = JSON.stringify(t.schema.fields.map((c) => [c.name, String(c.type), JSON.stringify(Array.from(t.getChild(c.name)!.toArray()))]));
    } else out[f] = readFileSync(join(dir, f)).toString("base64");
  }
  return out;
}

describe("prepare from Arrow, CSV and Parquet extracts", () => {
  it("writes identical tables from each format (streamed in small batches)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "effekt-formats-"));
    const csv = join(dir, "csv");
    const pq = join(dir, "parquet");
    await writeFormats(SRC, csv, pq);
    const db = await createDuckDB();
    const con = await db.connect();
    try {
      const types = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(join(pq, "persons.parquet"))})`)).getRows();
      expect(types.find((r) => r[0] === "moved_date")?.[1]).toBe("DATE");
    } finally {
      con.closeSync();
      db.closeSync();
    }
    await prepare({ extracts: SRC, out: join(dir, "out-arrow") });
    await prepare({ extracts: csv, out: join(dir, "out-csv"), read: { batchRows: 7919 } });
    await prepare({ extracts: pq, out: join(dir, "out-parquet"), read: { batchRows: 7919 } });
    const a = readAll(join(dir, "out-arrow"));
    expect(Object.keys(a)).toContain("exits.arrow");
    expect(Object.keys(a)).toContain("spells-tv.arrow");
    for (const other of ["out-csv", "out-parquet"]) {
      const b = readAll(join(dir, other));
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const f of Object.keys(a)) expect(b[f], `${other}/${f}`).toBe(a[f]);
    }
  }, 300_000);
});
