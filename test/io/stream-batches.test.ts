/**
 * readTableBatches (the streamed read under `prepare`) against readTable (whole, a JS string per
 * cell): the same cells, whatever the batch size. Text is coded per batch from DuckDB's string bytes
 * (src/io/text-codes.ts), so the test covers what that coding must get right: strings of every
 * length around the 12-byte inline limit, non-ASCII text, missing cells, more distinct values than
 * the first hash table holds (5 000), and a number column that holds a non-number only far beyond
 * the CSV sniffer's sample (read again as text from the first row not yet delivered). Such a late
 * conversion error used to END DuckDB's stream silently (rows missing, exit 0): every streamed read
 * is now checked against count(*).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable, readTableBatches } from "../../src/io/read-table.js";
import { createDuckDB, sqlString } from "../../src/io/duckdb.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-stream-"));
const N = 30_000;

function text(i: number): string | null {
  if (i % 97 === 0) return null;
  const len = i % 17; // 0..16: inline (≤ 12 bytes) and pointer strings
  const base = i % 5 === 0 ? "ø" : "k";
  return `${base}${i % 5000}`.padEnd(Math.max(1, len), "x");
}

async function cells(file: string, batchRows: number) {
  const code: (string | null)[] = [];
  const num: number[] = [];
  const id: (string | number | null)[] = [];
  let rows = 0;
  for await (const b of readTableBatches(file, {}, batchRows)) {
    expect(b.rowBase).toBe(rows);
    rows += b.n;
    const c = b.columns.get("code")!;
    if (c.type !== "codes") throw new Error("code should be text");
    for (let i = 0; i < b.n; i++) code.push(c.codes[i] < 0 ? null : c.levels[c.codes[i]]);
    const x = b.columns.get("x")!;
    if (x.type !== "number") throw new Error("x should be numbers");
    for (let i = 0; i < b.n; i++) num.push(x.values[i]);
    const p = b.columns.get("id")!;
    for (let i = 0; i < b.n; i++) id.push(p.type === "number" ? p.values[i] : p.codes[i] < 0 ? null : p.levels[p.codes[i]]);
  }
  return { code, num, id, rows };
}

describe("readTableBatches", () => {
  const lines = ["id,code,x"];
  for (let i = 0; i < N; i++) {
    const t = text(i);
    lines.push(`${i === N - 5 ? "abc" : i + 1},${t === null ? "" : t},${i % 13 === 0 ? "" : i / 4}`);
  }
  const csv = join(dir, "t.csv");
  writeFileSync(csv, lines.join("\n") + "\n");

  it("CSV: every cell as readTable reads it, for batches of 2 048, 7 919 and one batch", async () => {
    const whole = await readTable(csv);
    const code = whole.columns.get("code")!.values;
    const x = whole.columns.get("x")!.values;
    for (const batch of [2048, 7919, 1 << 20]) {
      const s = await cells(csv, batch);
      expect(s.rows).toBe(N);
      expect(s.code).toEqual(Array.from(code));
      expect(s.num).toEqual(Array.from(x));
      // id: numbers until the sniffed type fails at "abc", then text for the rest
      expect(s.id[N - 5]).toBe("abc");
      expect(s.id.map((v) => (v === null ? null : String(v)))).toEqual(Array.from(whole.columns.get("id")!.values, (v) => (v === null ? null : String(v))));
    }
  }, 120_000);

  it("Parquet: the same cells", async () => {
    const pq = join(dir, "t.parquet");
    const db = await createDuckDB();
    const con = await db.connect();
    await con.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)}, types = {'id': 'VARCHAR'})) TO ${sqlString(pq)} (FORMAT parquet)`);
    con.closeSync();
    db.closeSync();
    const whole = await readTable(pq);
    const s = await cells(pq, 4096);
    expect(s.code).toEqual(Array.from(whole.columns.get("code")!.values));
    expect(s.num).toEqual(Array.from(whole.columns.get("x")!.values));
    expect(s.id).toEqual(Array.from(whole.columns.get("id")!.values));
  }, 120_000);

  it("readTable: a 3M-row CSV with a non-number near its end is read whole (DuckDB's stream ended early, silently, before the count check)", async () => {
    const n = 3_000_000;
    const parts = ["id,x\n"];
    for (let i = 0; i < n; i++) parts.push(`${i === n - 5 ? "abc" : i + 1},${i % 7}\n`);
    const big = join(dir, "big.csv");
    writeFileSync(big, parts.join(""));
    const t = await readTable(big);
    expect(t.nrows).toBe(n);
    expect(t.columns.get("id")!.values[n - 5]).toBe("abc");
    expect(t.columns.get("id")!.values[n - 1]).toBe(String(n));
  }, 120_000);
});
