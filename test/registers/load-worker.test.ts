/**
 * `prepare` reads employment, benefits and persons on a worker thread while the main thread reads
 * the measures (src/registers/load-worker.ts) when the extracts are large; `EFFEKT_LOAD_THREADS`
 * forces one way or the other. The two ways must be indistinguishable: the same prepared tables byte
 * for byte, the same input record (size and SHA-256 of each extract, for `effekt run`'s manifest),
 * the same error (file, column, row; exit 3), and a bad measures extract reported before a bad
 * employment extract, as when they were read one after the other.
 *
 * A worker thread runs compiled code, so these tests drive the built `dist/` (the CLI, and the module
 * itself); the expected values are the main-thread run's and the files' own SHA-256.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import { arrowToCsv } from "../helpers/extract-formats.js";

const SRC = join(ROOT, "data", "extracts");
const dir = mkdtempSync(join(tmpdir(), "effekt-load-worker-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dist = (p: string) => import(pathToFileURL(join(ROOT, "dist", "src", p)).href);

/** A copy of the bundled extracts with `name` replaced by CSV text whose data row `row` has month `month`. */
function withBadMonth(to: string, name: string, row: number, month: string): string {
  mkdirSync(to);
  for (const f of readdirSync(SRC)) if (f !== `${name}.arrow`) copyFileSync(join(SRC, f), join(to, f));
  const lines = arrowToCsv(join(SRC, `${name}.arrow`), name).split("\n");
  const header = lines[0].split(",");
  const cells = lines[row].split(",");
  cells[header.indexOf("month")] = month;
  lines[row] = cells.join(",");
  writeFileSync(join(to, `${name}.csv`), lines.join("\n"));
  return to;
}

describe("reading employment and persons on a worker thread", () => {
  it("the CLI's prepared tables are byte-identical with and without the worker", () => {
    const outs = ["1", "2"].map((threads) => {
      const out = join(dir, `prep-${threads}`);
      const r = runCli(["prepare", "--extracts", SRC, "--out", out], { env: { EFFEKT_LOAD_THREADS: threads } });
      expect(r.code, r.stderr).toBe(0);
      return out;
    });
    const files = readdirSync(outs[0]).filter((f) => !f.startsWith(".")).sort();
    expect(readdirSync(outs[1]).filter((f) => !f.startsWith(".")).sort()).toEqual(files);
    expect(files).toContain("spells-tv.arrow");
    for (const f of files) {
      const [a, b] = outs.map((o) => readFileSync(join(o, f)));
      if (f === "prepare-summary.json") {
        const strip = (x: Buffer) => ({ ...JSON.parse(x.toString("utf8")), seconds: 0 });
        expect(strip(b), f).toEqual(strip(a));
      } else expect(b.equals(a), f).toBe(true);
    }
  }, 120_000);

  it("hands back the same rows and the same input record (size and SHA-256 of each file read)", async () => {
    const { startLoadingPeople } = await dist("registers/load-worker.js");
    const { InputLog } = await dist("io/input-log.js");
    const { resolveConfig } = await dist("registers/config.js");
    const files = { employment: join(SRC, "employment.arrow"), benefits: join(SRC, "benefits.arrow"), persons: join(SRC, "persons.arrow") };
    const run = async (threads: string) => {
      process.env.EFFEKT_LOAD_THREADS = threads;
      try {
        const log = new InputLog();
        const people = await startLoadingPeople(files, resolveConfig({}), { log }).people;
        return { people, log: log.list() };
      } finally {
        delete process.env.EFFEKT_LOAD_THREADS;
      }
    };
    const main = await run("1");
    const worker = await run("2");
    expect(worker.people.emp.n).toBeGreaterThan(1000);
    expect(worker.people).toEqual(main.people);
    const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    const expected = Object.values(files)
      .map((f) => ({ file: f.split("/").pop(), bytes: readFileSync(f).byteLength, sha256: sha(f) }))
      .sort((a, b) => (a.file! < b.file! ? -1 : 1));
    expect(main.log).toEqual(expected);
    expect(worker.log).toEqual(expected);
  }, 60_000);

  it("a bad employment row read on the worker is the same one-line error with exit 3", () => {
    const ex = withBadMonth(join(dir, "bad-employment"), "employment", 3, "2013-13");
    const lines = ["1", "2"].map((threads) => {
      const r = runCli(["prepare", "--extracts", ex, "--out", join(dir, `out-bad-${threads}`)], { env: { EFFEKT_LOAD_THREADS: threads } });
      expect(r.code, r.stderr).toBe(3);
      return r.stderr.trim();
    });
    expect(lines[0]).toMatch(/employment\.csv, column "month", row 3: "2013-13" is not a month/);
    expect(lines[0].split("\n")).toHaveLength(1);
    expect(lines[1]).toBe(lines[0]);
  }, 60_000);

  it("with a bad measures extract and a bad employment extract, the measures' error is the one reported", () => {
    const ex = withBadMonth(join(dir, "bad-both"), "employment", 3, "2013-13");
    rmSync(join(ex, "measures.arrow"));
    const m = arrowToCsv(join(SRC, "measures.arrow"), "measures").split("\n");
    const header = m[0].split(",");
    const cells = m[5].split(",");
    cells[header.indexOf("month")] = "not a month";
    m[5] = cells.join(",");
    writeFileSync(join(ex, "measures.csv"), m.join("\n"));
    for (const threads of ["1", "2"]) {
      const r = runCli(["prepare", "--extracts", ex, "--out", join(dir, `out-both-${threads}`)], { env: { EFFEKT_LOAD_THREADS: threads } });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/measures\.csv, column "month", row 5: "not a month" is not a month/);
    }
  }, 60_000);
});
