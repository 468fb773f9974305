/**
 * `effekt prepare --output-format parquet` writes the same prepared tables as Arrow IPC: every column
 * of exits.* and spells.* read back through readTable is identical (the bundled synthetic extracts).
 * Register extracts in CSV are read through the same layer, so a Windows-1252 offices.csv with
 * --encoding windows-1252 gives the same tables as the UTF-8 one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { prepare, readTable } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";

describe("prepare output formats and extract encodings", () => {
  it("Parquet output equals Arrow output; a Windows-1252 offices.csv reads as the UTF-8 one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "effekt-prep-fmt-"));
    const src = join(ROOT, "data", "extracts");
    await prepare({ extracts: src, out: join(dir, "arrow") });
    // the same extracts with offices.csv re-encoded as Windows-1252 (office names with å, ø)
    const w = join(dir, "extracts-1252");
    mkdirSync(w);
    for (const f of readdirSync(src)) copyFileSync(join(src, f), join(w, f));
    const offices = readFileSync(join(src, "offices.csv"), "utf8").replace("Ski", "Åsane–Askøy");
    writeFileSync(join(w, "offices.csv"), iconv.encode(offices, "win1252"));
    await expect(prepare({ extracts: w, out: join(dir, "bad") })).rejects.toThrow(/offices\.csv, row 1: not valid UTF-8/);
    await prepare({ extracts: w, out: join(dir, "parquet"), outputFormat: "parquet", read: { encoding: "windows-1252" } });
    for (const name of ["exits", "spells"]) {
      const a = await readTable(join(dir, "arrow", `${name}.arrow`));
      const p = await readTable(join(dir, "parquet", `${name}.parquet`));
      expect(p.names).toEqual(a.names);
      expect(p.nrows).toBe(a.nrows);
      for (const c of a.names) {
        const va = a.columns.get(c)!.values;
        const vp = p.columns.get(c)!.values;
        const expected = c === "office" ? Array.from(va as string[], (s) => (s === "Ski" ? "Åsane–Askøy" : s)) : Array.from(va);
        expect(Array.from(vp), `${name}.${c}`).toEqual(expected);
      }
    }
  }, 120_000);
});
