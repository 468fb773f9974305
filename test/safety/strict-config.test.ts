/**
 * Issue 10, part 3: strict configuration. An unknown key anywhere in a job file or a prepare
 * configuration is one line with a "did you mean", exit 3; so are duplicate keys, an office named
 * twice, an office with two county labels, a county spelled two ways; a deeply nested or huge job
 * file is a clear error, not a stack overflow. All stop before anything is written.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError, readPrepareConfig, resolveConfig, UsageError } from "../../src/index.js";
import { loadJob } from "../../src/job/load-job.js";
import { loadOffices } from "../../src/registers/load.js";
import { closest } from "../../src/api/check-options.js";
import { cli, type Workspace, workspace } from "./helpers.js";

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
}, 60_000);

const BASE = "extracts: extracts\noutput: out\ndesign: { pre: [2011, 2012], post: [2014, 2015] }\n";

/** The job (or config) file `file` with `text` is refused by `load` with one InputError naming it; nothing written. */
function fails(file: string, text: string, msg: RegExp, load: (f: string) => unknown = loadJob) {
  const path = join(ws.root, file);
  writeFileSync(path, text);
  let err: unknown;
  try {
    load(path);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  const m = (err as Error).message;
  expect(m.split("\n")).toHaveLength(1);
  expect(m).toContain(file);
  expect(m).toMatch(msg);
  expect(m).not.toMatch(/Maximum call stack/);
  expect(existsSync(join(ws.root, "out"))).toBe(false);
}

/** The same through the CLI: one line, exit 3. */
async function failsCli(args: string[], msg: RegExp) {
  const r = await cli(args, { cwd: ws.root });
  expect(r.code, r.stderr).toBe(3);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe("unknown keys, with a suggestion", () => {
  it("in the job's prepare section (exitgap for exitGap), at the top level, deep in analyses", async () => {
    fails("j1.yaml", BASE + "prepare: { exitgap: 3 }\n", /job field prepare: unknown field "exitgap" \(did you mean "exitGap"\?\)/);
    fails("j2.yaml", BASE + "outptu: elsewhere\n", /job field \(top level\): unknown field "outptu" \(did you mean "output"\?\)/);
    fails("j3.yaml", BASE + "analyses: { did: { draw: 99 } }\n", /job field analyses.did: unknown field "draw" \(did you mean "draws"\?\)/);
    fails("j4.yaml", BASE + "prepare: { timeToWork: { Origin: 2013-01-01 } }\n", /prepare.timeToWork: unknown field "Origin" \(did you mean "origin"\?\)/);
    fails(
      "j5.yaml",
      BASE + "prepare:\n  regimes:\n    - { name: r, from: 2012-01, to: 2012-02, offices: pilot, measures: [], recodes: {} }\n",
      /prepare.regimes.0: unknown field "recodes" \(did you mean "recode"\?\)/,
    );
    fails("j6.yaml", BASE + "zzz: 1\n", /unknown field "zzz" \(allowed: name, language, extracts, output/);
    await failsCli(["run", "j1.yaml"], /j1.yaml: job field prepare: unknown field "exitgap" \(did you mean "exitGap"\?\)/);
  });
  it("in a prepare --config file, JSON or YAML", async () => {
    fails("c1.json", '{"exitgap": 3}', /prepare configuration field \(top level\): unknown field "exitgap" \(did you mean "exitGap"\?\)/, readPrepareConfig);
    fails("c2.yaml", "measures:\n  - { code: A, name: a, category: c, setting: ordinary, pilot: false, baselin: true }\n", /measures.0: unknown field "baselin"/, readPrepareConfig);
    fails("c3.json", '{"exitGap": 0}', /exitGap: must be >= 1/, readPrepareConfig);
    await failsCli(["prepare", "--extracts", "extracts", "--out", "out", "--config", "c1.json"], /c1.json: prepare configuration field \(top level\): unknown field "exitgap"/);
  });
  it("through the API: a UsageError with the suggestion", async () => {
    expect(() => resolveConfig({ exitgap: 3 } as never)).toThrow(UsageError);
    expect(() => resolveConfig({ statuslag: 3 } as never)).toThrow(/did you mean "statusLag"/);
  });
  it("suggestions (the API's closest): near keys only", async () => {
    expect(closest("exitgap", ["exitGap", "statusLag"])).toBe("exitGap");
    expect(closest("outptu", ["output", "name"])).toBe("output"); // one transposition
    expect(closest("colour", ["seed", "name"])).toBeUndefined();
  });
});

describe("nothing merged silently", () => {
  it("a key given twice in a JSON or YAML job", async () => {
    fails("d1.json", '{"extracts": "extracts", "extracts": "other", "design": {"pre": [2011], "post": [2014]}}', /Map keys must be unique/);
    fails("d2.yaml", BASE + "seed: 1\nseed: 2\n", /Map keys must be unique/);
  });
  it("an office listed twice in the design", async () => {
    fails("o1.yaml", BASE.replace("design: {", "design: { offices: [Ski, Nittedal, Ski],"), /design.offices: lists the same value twice \(items 1 and 3\)/);
  });
  it("an office named twice, with one or two county labels; a county spelled two ways", async () => {
    const original = readFileSync(join(ws.extracts, "offices.csv"), "utf8");
    const offices = (edit: (csv: string) => string) => {
      const f = join(ws.root, "offices.csv");
      writeFileSync(f, edit(original));
      return loadOffices(f);
    };
    await expect(offices((csv) => csv.replace("2,Nittedal,Akershus", "2,Ski,Akershus"))).rejects.toThrow(
      /offices.csv, column "name", row 2: office "Ski" appears twice \(rows 1 and 2\)/,
    );
    await expect(offices((csv) => csv.replace("2,Nittedal,Akershus", "2,Ski,Viken"))).rejects.toThrow(
      /offices.csv, column "county", row 2: office "Ski" has two county labels: "Akershus" \(row 1\) and "Viken"/,
    );
    await expect(offices((csv) => csv.replace("2,Nittedal,Akershus", "2,Nittedal,akershus"))).rejects.toThrow(
      /offices.csv, column "county", row 2: county "akershus" is spelled "Akershus" in row 1; use one spelling/,
    );
    await expect(offices((csv) => csv)).resolves.toMatchObject({ names: expect.arrayContaining(["Ski", "Nittedal"]) });
    // Through the CLI: prepare stops with exit 3 before writing anything.
    const bad = join(ws.root, "bad-extracts");
    cpSync(ws.extracts, bad, { recursive: true });
    writeFileSync(join(bad, "offices.csv"), original.replace("2,Nittedal,Akershus", "2,Ski,Viken"));
    await failsCli(["prepare", "--extracts", bad, "--out", join(ws.root, "never")], /office "Ski" has two county labels/);
    expect(existsSync(join(ws.root, "never"))).toBe(false);
  });
});

describe("deep or huge job files", () => {
  it("100 000 nested YAML lists, 100 000 nested JSON objects, 40 nested levels: a clear error", async () => {
    fails("n1.yaml", BASE + "name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n", /job file is nested/);
    fails("n2.json", '{"extracts": "extracts", "prepare": ' + '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000) + "}", /job file is nested more than 32 levels deep/);
    fails("n3.yaml", BASE + "prepare:\n" + Array.from({ length: 40 }, (_, i) => " ".repeat(i + 1) + "a:").join("\n") + " 1\n", /job file is nested more than 32 levels deep/);
  });
  it("a 2 MB job file", async () => {
    fails("h1.yaml", BASE + "# " + "x".repeat(2_000_000) + "\n", /job file has 2\d{6} bytes; it should be a small text file \(at most 1048576 bytes\)/);
  });
});
