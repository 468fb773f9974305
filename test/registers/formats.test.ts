/**
 * The same register extracts as Arrow IPC (the bundled data/extracts), as CSV and as Parquet give
 * identical prepared tables: every output file of `prepare` is compared exactly — CSV and JSON files
 * byte for byte (the summary without the extract paths and the run time), Arrow tables column by
 * column, every value and type. The CSV copy writes measure months as "YYYY-MM" text
 * and dates as "YYYY-MM-DD" (the text and date paths); the Parquet copy is DuckDB's reading of that
 * CSV (BIGINT ids and months, VARCHAR codes, DATE columns). Both are streamed in batches of 7 919
 * rows, so batch boundaries fall inside persons and months.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, copyFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { prepare } from "../../src/index.js";
import { createDuckDB, sqlString } from "../../src/io/duckdb.js";
import { ROOT } from "../helpers/cli.js";

const SRC = join(ROOT, "data", "extracts");
const EXTRACTS = ["measures", "employment", "benefits", "persons"];

const ymd = (v: number) => `${String(v).slice(0, 4)}-${String(v).slice(4, 6)}-${String(v).slice(6, 8)}`;

/** An Arrow extract as CSV text (months of the measures extract as "YYYY-MM", *_date as "YYYY-MM-DD"). */
function toCsv(name: string): string {
  const t = tableFromIPC(readFileSync(join(SRC, `${name}.arrow`)));
  const names = t.schema.fields.map((f) => f.name);
  const cols = names.map((n) => t.getChild(n)!);
  const lines = [names.join(",")];
  for (let i = 0; i < t.numRows; i++) {
    lines.push(
      cols
        .map((c, j) => {
          const v = c.get(i);
          if (v === null || v === undefined) return "";
          if (names[j].endsWith("_date")) return ymd(Number(v));
          if (name === "measures" && names[j] === "month") return `${String(v).slice(0, 4)}-${String(v).slice(4)}`;
          return String(v);
        })
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

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
    mkdirSync(csv);
    mkdirSync(pq);
    for (const f of ["offices.csv", "office_months.csv"]) {
      copyFileSync(join(SRC, f), join(csv, f));
      copyFileSync(join(SRC, f), join(pq, f));
    }
    const db = await createDuckDB();
    const con = await db.connect();
    try {
      for (const name of EXTRACTS) {
        writeFileSync(join(csv, `${name}.csv`), toCsv(name));
        await con.run(`COPY (SELECT * FROM read_csv(${sqlString(join(csv, `${name}.csv`))})) TO ${sqlString(join(pq, `${name}.parquet`))} (FORMAT parquet)`);
      }
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
