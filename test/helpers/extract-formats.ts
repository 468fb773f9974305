/**
 * The same register extracts in three formats: Arrow IPC extracts (as `simulate` writes them)
 * copied as CSV (measure months as "YYYY-MM" text, *_date columns as "YYYY-MM-DD") and as Parquet
 * (DuckDB's reading of that CSV: BIGINT ids and months, VARCHAR codes, DATE columns).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { createDuckDB, sqlString } from "../../src/io/duckdb.js";

export const EXTRACTS = ["measures", "employment", "benefits", "persons"];

const ymd = (v: number) => `${String(v).slice(0, 4)}-${String(v).slice(4, 6)}-${String(v).slice(6, 8)}`;

/** An Arrow extract as CSV text. */
export function arrowToCsv(file: string, name: string): string {
  const t = tableFromIPC(readFileSync(file));
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

/** Write CSV and Parquet copies of the Arrow extracts in `src` into `csvDir` and `parquetDir` (CSV files copied as they are). */
export async function writeFormats(src: string, csvDir: string, parquetDir: string): Promise<void> {
  mkdirSync(csvDir, { recursive: true });
  mkdirSync(parquetDir, { recursive: true });
  for (const f of ["offices.csv", "office_months.csv"]) {
    if (!existsSync(join(src, f))) continue;
    copyFileSync(join(src, f), join(csvDir, f));
    copyFileSync(join(src, f), join(parquetDir, f));
  }
  const db = await createDuckDB();
  const con = await db.connect();
  try {
    for (const name of EXTRACTS) {
      if (!existsSync(join(src, `${name}.arrow`))) continue;
      writeFileSync(join(csvDir, `${name}.csv`), arrowToCsv(join(src, `${name}.arrow`), name));
      await con.run(`COPY (SELECT * FROM read_csv(${sqlString(join(csvDir, `${name}.csv`))})) TO ${sqlString(join(parquetDir, `${name}.parquet`))} (FORMAT parquet)`);
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
