/**
 * Property-based test (fast-check) for `effekt prepare` and `effekt run`: one register extract of a
 * small simulated set (CSV, Parquet or Arrow) is corrupted or truncated; the run must end within a
 * time limit with exit 0, or with one line on stderr and exit 3 — never an internal error (exit 1),
 * a stack trace or a hang. Right numbers: a measures CSV cut after a whole line is still a valid
 * extract, and prepare on it must equal prepare on the same rows written independently as Arrow.
 * Few runs each, seeded, in-process (src/cli/main.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { tableFromArrays, tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/index.js";
import { corrupt, corruption, expectClean, runInProcess } from "../helpers/corrupt.js";
import { writeFormats } from "../helpers/extract-formats.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-corrupt-extracts-"));
const FORMATS = ["csv", "parquet", "arrow"] as const;
const folder = (fmt: string) => join(dir, `base-${fmt}`);
let counter = 0;

beforeAll(async () => {
  await simulate({ out: folder("arrow"), persons: 150, seed: 11 });
  await writeFormats(folder("arrow"), folder("csv"), folder("parquet"));
}, 120_000);

afterAll(() => {
  process.exitCode = undefined;
});

/** A copy of the extracts of one format with `name` replaced by `bytes`. */
function damaged(fmt: string, name: string, bytes: Uint8Array): string {
  const d = join(dir, `x${counter++}`);
  mkdirSync(d);
  for (const f of readdirSync(folder(fmt))) if (f !== "truth.json") copyFileSync(join(folder(fmt), f), join(d, f));
  writeFileSync(join(d, `${name}.${name === "offices" ? "csv" : fmt}`), bytes);
  return d;
}

const original = (fmt: string, name: string) => readFileSync(join(folder(fmt), `${name}.${name === "offices" ? "csv" : fmt}`));

function job(extracts: string): string {
  const file = join(dir, `job${counter++}.yaml`);
  writeFileSync(
    file,
    [
      `extracts: ${extracts}`,
      "design:",
      "  pre: [2011, 2012]",
      "  post: [2014, 2015]",
      "outcome: job",
      "covariates: [age]",
      "analyses:",
      "  did: { draws: 99 }",
      "  cox: { per_office: false }",
      "  km: { times: [90, 365] }",
      "  competing_risks: false",
      "  background: false",
    ].join("\n") + "\n",
  );
  return file;
}

describe("corrupted and truncated register extracts (fast-check)", () => {
  for (const fmt of FORMATS) {
    it(`prepare, ${fmt}: ends with the tables or one clear line (exit 3), never an internal error or a hang`, async () => {
      await fc.assert(
        fc.asyncProperty(corruption, fc.constantFrom("measures", "employment", "persons", "offices"), async (c, name) => {
          const d = damaged(fmt, name, corrupt(original(fmt, name), c));
          const r = await runInProcess(["prepare", "--extracts", d, "--out", join(d, "prepared")], 60_000);
          expectClean(r, `prepare with ${name}.${fmt} ${JSON.stringify(c)}`, [3]);
        }),
        { numRuns: 10, seed: 20261130, endOnFailure: true },
      );
    }, 600_000);

    it(`run, ${fmt}: a job on damaged extracts ends with results or one clear line (exit 3)`, async () => {
      await fc.assert(
        fc.asyncProperty(corruption, fc.constantFrom("measures", "employment"), async (c, name) => {
          const d = damaged(fmt, name, corrupt(original(fmt, name), c));
          const r = await runInProcess(["run", job(d), "--out", join(d, "out"), "--progress", "quiet", "--no-png"], 120_000);
          expectClean(r, `run with ${name}.${fmt} ${JSON.stringify(c)}`, [3, 4]);
        }),
        { numRuns: 3, seed: 17, endOnFailure: true },
      );
    }, 600_000);
  }

  it("a measures CSV cut after a whole line gives the tables of the same rows written as Arrow", async () => {
    const text = original("csv", "measures").toString("utf8");
    const lines = text.trimEnd().split("\n");
    const src = tableFromIPC(readFileSync(join(folder("arrow"), "measures.arrow")));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: lines.length - 1 }), async (keep) => {
        const d = damaged("csv", "measures", Buffer.from(lines.slice(0, keep + 1).join("\n") + "\n"));
        const r = await runInProcess(["prepare", "--extracts", d, "--out", join(d, "prepared")], 60_000);
        expectClean(r, `cut after row ${keep}`, [3]);
        expect(r.code).toBe(0);
        // The same first `keep` rows, independently: sliced from the Arrow extract.
        const a = join(dir, `arrow-cut${counter++}`);
        mkdirSync(a);
        for (const f of readdirSync(folder("arrow"))) if (f !== "truth.json") copyFileSync(join(folder("arrow"), f), join(a, f));
        const cols: Record<string, unknown> = {};
        for (const f of src.schema.fields) {
          const v = src.getChild(f.name)!;
          cols[f.name] = f.name === "measure_code" || f.name === "user_group" ? Array.from({ length: keep }, (_, i) => v.get(i)) : Int32Array.from({ length: keep }, (_, i) => v.get(i));
        }
        writeFileSync(join(a, "measures.arrow"), tableToIPC(tableFromArrays(cols as never), "file"));
        const ra = await runInProcess(["prepare", "--extracts", a, "--out", join(a, "prepared")], 60_000);
        expect(ra.code).toBe(0);
        for (const f of ["exits", "spells", "waits"]) {
          const x = tableFromIPC(readFileSync(join(d, "prepared", `${f}.arrow`)));
          const y = tableFromIPC(readFileSync(join(a, "prepared", `${f}.arrow`)));
          expect(x.numRows, f).toBe(y.numRows);
          for (const c of x.schema.fields) expect(Array.from(x.getChild(c.name)!.toArray()), `${f}.${c.name}`).toEqual(Array.from(y.getChild(c.name)!.toArray()));
        }
        for (const f of ["settings.csv", "baseline.csv", "quality.csv"]) expect(readFileSync(join(d, "prepared", f), "utf8"), f).toBe(readFileSync(join(a, "prepared", f), "utf8"));
      }),
      { numRuns: 3, seed: 5 },
    );
  }, 600_000);
});
