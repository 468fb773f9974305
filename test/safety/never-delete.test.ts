/**
 * Issue 10, part 1: effekt never deletes what it did not write. Every command that writes a folder
 * (run, prepare, simulate) refuses — one line, exit 3, nothing touched — a folder holding the job
 * file or the extracts, or any non-empty folder without effekt's marker from the same command.
 * Stale leftovers of killed runs are removed on the next start (marker-checked); a live lock makes
 * a second run refuse (exit 6); SIGTERM removes the temporary folder.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { removeOwned } from "../../src/output/marker.js";
import { runCli } from "../helpers/cli.js";
import { leftovers, spawnCli, tree, type Workspace, workspace } from "./helpers.js";

let ws: Workspace;
let job: string;
beforeAll(async () => {
  ws = await workspace();
  job = ws.job("A");
  writeFileSync(join(ws.root, "notes.txt"), "the analyst's notes\n");
}, 60_000);

/** Run the CLI and check: exit code, one line on stderr matching `msg`, and the whole workspace unchanged. */
function refuses(args: string[], code: number, msg: RegExp, cwd?: string) {
  const before = tree(ws.root);
  const r = runCli(args, { cwd: cwd ?? ws.root });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(tree(ws.root)).toEqual(before);
}

describe("an output folder that holds inputs or files effekt did not write is refused, nothing deleted", () => {
  it("`output: .` in the job (the job's own folder with the extracts and notes)", () => {
    const dotJob = join(ws.root, "dot.yaml");
    writeFileSync(dotJob, readFileSync(job, "utf8").replace("output: out", "output: ."));
    refuses(["run", dotJob], 3, /contains the input/);
  });
  it("run --out onto the extracts, onto the folder holding the job, onto a parent of both", () => {
    refuses(["run", job, "--out", "extracts"], 3, /is the input/);
    refuses(["run", job, "--out", ws.root], 3, /contains the input/);
    refuses(["run", job, "--out", join(ws.root, "..")], 3, /contains the input/);
  });
  it("run --out onto a folder of the analyst's files, or onto a file", () => {
    mkdirSync(join(ws.root, "mine"));
    writeFileSync(join(ws.root, "mine", "draft.docx"), "draft");
    refuses(["run", job, "--out", "mine"], 3, /not written by effekt/);
    refuses(["run", job, "--out", "notes.txt"], 3, /not a folder/);
  });
  it("prepare --out onto the extracts or the folder of its config; simulate --out onto the analyst's folder", () => {
    refuses(["prepare", "--extracts", "extracts", "--out", "extracts"], 3, /is the input/);
    writeFileSync(join(ws.root, "mine", "cfg.json"), "{}");
    refuses(["prepare", "--extracts", "extracts", "--out", "mine", "--config", "mine/cfg.json"], 3, /contains the input/);
    refuses(["simulate", "--out", "mine", "--persons", "10"], 3, /not written by effekt/);
  });
  it("one command does not replace another's output (simulated extracts are data, not a run's output)", () => {
    const sim = join(ws.root, "sim");
    expect(runCli(["simulate", "--out", sim, "--persons", "10"]).code).toBe(0);
    refuses(["run", job, "--out", sim], 3, /output of `effekt simulate`, not of `effekt run`/);
  });
  it("a missing parent folder for prepare: one line, exit 5", () => {
    refuses(["prepare", "--extracts", "extracts", "--out", "no/such/folder"], 5, /no[/]such: the folder that should hold the output does not exist/);
  });
  it("an empty folder and an earlier effekt output are written; the marker is in the output", () => {
    const out = join(ws.root, "empty");
    mkdirSync(out);
    const r = runCli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, ".effekt-output"), "utf8"))).toMatchObject({ effekt: "output", command: "prepare" });
    const again = runCli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(again.code, again.stderr).toBe(0);
    expect(leftovers(ws.root, "empty")).toEqual([]);
  });
});

describe("leftovers of killed runs, locks and signals", () => {
  it("removeOwned empties only folders carrying the marker (or empty ones)", () => {
    const d = join(ws.root, "unmarked");
    mkdirSync(d);
    writeFileSync(join(d, "x"), "x");
    expect(removeOwned(d)).toBe(false);
    expect(readFileSync(join(d, "x"), "utf8")).toBe("x");
  });

  it("the next start removes a killed run's temporary folder with person data, and leaves a look-alike without the marker", () => {
    const out = join(ws.root, "prep");
    const stale = join(ws.root, ".prep.effekt-tmp-999999999");
    mkdirSync(join(stale, "sub"), { recursive: true });
    writeFileSync(join(stale, ".effekt-output"), JSON.stringify({ effekt: "output", command: "prepare" }));
    writeFileSync(join(stale, "exits.arrow"), "person-level data");
    const lookAlike = join(ws.root, ".prep.effekt-old-999999998");
    mkdirSync(lookAlike);
    writeFileSync(join(lookAlike, "keep.txt"), "not effekt's");
    const r = runCli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(join(lookAlike, "keep.txt"), "utf8")).toBe("not effekt's");
    expect(r.stderr).toMatch(/effekt-old-999999998 looks like an effekt temporary folder but is not marked/);
  });

  it("a lock held by a live process: exit 6, one line; a stale lock (dead pid) is broken", () => {
    const out = join(ws.root, "locked");
    const lock = join(ws.root, ".locked.effekt-lock");
    // This test process is alive: its pid holds the lock.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: "", command: "prepare" }));
    refuses(["prepare", "--extracts", "extracts", "--out", out], 6, /effekt prepare \(pid \d+\) is writing this output folder; try again/);
    // pid 2^22 + 1 is above Linux's pid_max limit (2^22): no such process.
    writeFileSync(lock, JSON.stringify({ pid: 4194305, host: hostname(), started: "", command: "prepare" }));
    const r = runCli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it("SIGTERM while writing removes the temporary folder and the lock; the previous output stays", async () => {
    const out = join(ws.root, "out");
    expect(runCli(["run", job, "--no-png", "--progress", "quiet"], { cwd: ws.root }).code).toBe(0);
    const before = tree(out);
    const p = spawnCli(["run", job, "--no-png", "--progress", "log"], {}, ws.root);
    await p.waitFor(/preparing analysis data/);
    expect(leftovers(ws.root, "out").some((f) => f.includes("effekt-tmp-"))).toBe(true);
    p.child.kill("SIGTERM");
    const e = await p.exit;
    expect(e.code).toBe(143);
    expect(leftovers(ws.root, "out")).toEqual([]);
    expect(tree(out)).toEqual(before);
  }, 60_000);

  it("an output of effekt before the marker is recognised by its manifest's file list; one extra file and it is refused", () => {
    const legacy = join(ws.root, "legacy");
    cpSync(join(ws.root, "out"), legacy, { recursive: true });
    rmSync(join(legacy, ".effekt-output"));
    writeFileSync(join(legacy, "analysis-notes.txt"), "mine");
    refuses(["run", job, "--out", legacy, "--no-png", "--progress", "quiet"], 3, /holds 1?\d+ file\(s\) not written by effekt/);
    rmSync(join(legacy, "analysis-notes.txt"));
    const r = runCli(["run", job, "--out", legacy, "--no-png", "--progress", "quiet"], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(tree(legacy)).toEqual(tree(join(ws.root, "out")));
    expect(leftovers(ws.root, "legacy")).toEqual([]);
  }, 60_000);

  it("a copy of an effekt output (marker included) can be replaced", () => {
    const copy = join(ws.root, "copy");
    cpSync(join(ws.root, "out"), copy, { recursive: true });
    const r = runCli(["run", job, "--out", copy, "--no-png", "--progress", "quiet"], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});
