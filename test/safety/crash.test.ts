/**
 * Issue 10, part 1: atomic replacement, locking and provenance, tried on a small simulated
 * population (300 persons). Reference outputs A and B are complete runs of two job files (they
 * differ in the report title, so every run of B into any folder is byte-identical to B).
 *
 *  - kill -9 at spread-out random moments of a run of B into a folder holding A, and at each step
 *    of the swap (EFFEKT_TEST_SWAP_PAUSE_MS, docs/DEVELOPING.md): the folder is exactly A or exactly
 *    B — or, killed between the swap's two renames, absent with A complete beside it — and the next
 *    start restores/cleans up: B complete, no temporary folder (person-level data) and no lock left;
 *  - two runs into one folder started at the same moment: one writes, the other refuses with exit 6;
 *  - an extract replaced after it was read: the manifest records the bytes that were read, and the
 *    results are those of a clean run.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError, simulate } from "../../src/index.js";
import { InputLog } from "../../src/io/input-log.js";
import { mulberry32 } from "../../src/stats/rng.js";
import { cli, leftovers, spawnCli, tree, type Workspace, workspace } from "./helpers.js";

let ws: Workspace;
let jobB: string;
let treeA: Record<string, string>;
let treeB: Record<string, string>;
let secondsB = 0;
const runArgs = (job: string, out: string) => ["run", job, "--out", out, "--no-png", "--progress", "log"];

beforeAll(async () => {
  ws = await workspace();
  const jobA = ws.job("A");
  jobB = ws.job("B");
  const a = await cli(runArgs(jobA, join(ws.root, "refA")));
  if (a.code !== 0) throw new Error(a.stderr);
  const t0 = Date.now();
  const b = await cli(runArgs(jobB, join(ws.root, "refB")));
  if (b.code !== 0) throw new Error(b.stderr);
  secondsB = (Date.now() - t0) / 1000;
  treeA = tree(join(ws.root, "refA"));
  treeB = tree(join(ws.root, "refB"));
}, 120_000);

/** After a kill: the target is A or B, or (between the two renames) absent with a complete A beside it. */
function expectAOrB(target: string) {
  if (existsSync(target)) {
    const t = tree(target);
    expect([treeA, treeB]).toContainEqual(t);
    return;
  }
  const olds = leftovers(ws.root, "t").filter((f) => f.includes(".effekt-old-"));
  expect(olds.map((o) => tree(join(ws.root, o)))).toContainEqual(treeA);
}

describe("kill -9 at any moment leaves the previous or the new output complete", () => {
  it("at random moments of the run and at each step of the swap; the next start cleans up", async () => {
    const target = join(ws.root, "t");
    const reset = () => {
      rmSync(target, { recursive: true, force: true });
      cpSync(join(ws.root, "refA"), target, { recursive: true });
    };
    // Random moments, spread over the run's duration (seeded, so a failure can be repeated).
    const rand = mulberry32(10);
    const n = 4;
    for (let i = 0; i < n; i++) {
      reset();
      const delay = 1000 * secondsB * ((i + rand()) / n);
      const p = spawnCli(runArgs(jobB, target));
      await new Promise((r) => setTimeout(r, delay));
      p.child.kill("SIGKILL");
      await p.exit;
      expectAOrB(target);
    }
    // Inside the swap: paused at each step, killed there.
    for (const step of ["before-old", "before-remove-old", "before-new"]) {
      reset();
      const p = spawnCli(runArgs(jobB, target), { EFFEKT_TEST_SWAP_PAUSE_MS: "500" });
      await p.waitFor(new RegExp(`effekt-swap: ${step}`));
      p.child.kill("SIGKILL");
      await p.exit;
      expectAOrB(target);
      if (step === "before-remove-old") expect(tree(target)).toEqual(treeB);
    }
    // Killed between the renames: no target, the previous output complete beside it.
    expect(existsSync(target)).toBe(false);
    expect(leftovers(ws.root, "t").length).toBeGreaterThan(0);
    // The next start: restores A, writes B, leaves no temporary folder and no lock.
    const next = await cli(runArgs(jobB, target));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/restored .* left by a run that was killed while replacing it/);
    expect(tree(target)).toEqual(treeB);
    expect(leftovers(ws.root, "t")).toEqual([]);
  }, 180_000);
});

describe("two runs into the same folder", () => {
  it("started at the same moment: one writes, the other refuses; never a broken output", async () => {
    const target = join(ws.root, "c2");
    const runs = [spawnCli(runArgs(jobB, target)), spawnCli(runArgs(jobB, target))];
    const codes = (await Promise.all(runs.map((r) => r.exit))).map((e) => e.code).sort();
    expect(codes, runs.map((r) => r.stderr()).join("\n")).toEqual([0, 6]);
    expect(tree(target)).toEqual(treeB);
    expect(leftovers(ws.root, "c2")).toEqual([]);
  }, 60_000);
});

describe("provenance: inputs are hashed as they are read", () => {
  it("an extract replaced after reading: the manifest has the bytes read, the results are a clean run's", async () => {
    const measures = join(ws.extracts, "measures.arrow");
    const original = readFileSync(measures);
    const other = join(ws.root, "other");
    await simulate({ out: other, persons: 300, seed: 6 });
    const target = join(ws.root, "prov");
    const p = spawnCli(runArgs(jobB, target));
    try {
      await p.waitFor(/difference in differences/); // every extract has been read
      cpSync(join(other, "measures.arrow"), `${measures}.new`);
      renameSync(`${measures}.new`, measures);
      expect((await p.exit).code, p.stderr()).toBe(0);
    } finally {
      // put the original back for the other tests
      writeFileSync(`${measures}.new`, original);
      renameSync(`${measures}.new`, measures);
    }
    const manifest = JSON.parse(readFileSync(join(target, "manifest.json"), "utf8"));
    const m = manifest.inputs.find((i: { file: string }) => i.file === "measures.arrow");
    expect(m).toEqual({ file: "measures.arrow", bytes: original.byteLength, sha256: createHash("sha256").update(original).digest("hex"), rows: expect.any(Number) });
    expect(tree(target)).toEqual(treeB);
    // Only files that were read are listed (truth.json of the simulation is not an input).
    expect(manifest.inputs.map((i: { file: string }) => i.file)).toEqual(["benefits.arrow", "employment.arrow", "measures.arrow", "office_months.csv", "offices.csv", "persons.arrow"]);
  }, 60_000);

  it("a file read twice with different bytes stops the run", async () => {
    const log = new InputLog();
    log.record("x/offices.csv", Buffer.from("a"));
    log.record("x/offices.csv", Buffer.from("a"));
    expect(() => log.record("x/offices.csv", Buffer.from("b"))).toThrow(InputError);
    expect(() => log.record("x/offices.csv", Buffer.from("b"))).toThrow(/changed while effekt was reading it/);
  });
});
