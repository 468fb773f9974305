/** A table from CSV text, read through effekt's one input layer (readTable) via a temporary file; `source` = name. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTable } from "../../src/io/read-table.js";
import type { DataTable } from "../../src/io/table.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-csv-"));

export async function csvTable(text: string, name: string): Promise<DataTable> {
  const p = join(dir, name);
  writeFileSync(p, text);
  const t = await readTable(p);
  t.source = name;
  return t;
}
