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
import { BusyError } from "../../src/index.js";
import { acquireLock } from "../../src/output/lock.js";
import { removeOwned } from "../../src/output/marker.js";
import { cli, leftovers, spawnCli, tree, type Workspace, workspace } from "./helpers.js";

let ws: Workspace;
let job: string;
beforeAll(async () => {
  ws = await workspace();
  job = ws.job("A");
  writeFileSync(join(ws.root, "notes.txt"), "the analyst's notes\n");
}, 60_000);

/** Run the CLI and check: exit code, one line on stderr matching `msg`, and the whole workspace unchanged. */
async function refuses(args: string[], code: number, msg: RegExp, cwd?: string) {
  const before = tree(ws.root);
  const r = await cli(args, { cwd: cwd ?? ws.root });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(tree(ws.root)).toEqual(before);
}

describe("an output folder that holds inputs or files effekt did not write is refused, nothing deleted", () => {
  it("`output: .` in the job (the job's own folder with the extracts and notes)", async () => {
    const dotJob = join(ws.root, "dot.yaml");
    writeFileSync(dotJob, readFileSync(job, "utf8").replace("output: out", "output: ."));
    await refuses(["run", dotJob], 3, /contains the input/);
  });
  it("run --out onto the extracts, onto the folder holding the job, onto a parent of both", async () => {
    await refuses(["run", job, "--out", "extracts"], 3, /is the input/);
    await refuses(["run", job, "--out", ws.root], 3, /contains the input/);
    await refuses(["run", job, "--out", join(ws.root, "..")], 3, /contains the input/);
  });
  it("run --out onto a folder of the analyst's files, or onto a file", async () => {
    mkdirSync(join(ws.root, "mine"));
    writeFileSync(join(ws.root, "mine", "draft.docx"), "draft");
    await refuses(["run", job, "--out", "mine"], 3, /not written by effekt/);
    await refuses(["run", job, "--out", "notes.txt"], 3, /not a folder/);
  });
  it("prepare --out onto the extracts or the folder of its config; simulate --out onto the analyst's folder", async () => {
    await refuses(["prepare", "--extracts", "extracts", "--out", "extracts"], 3, /is the input/);
    writeFileSync(join(ws.root, "mine", "cfg.json"), "{}");
    await refuses(["prepare", "--extracts", "extracts", "--out", "mine", "--config", "mine/cfg.json"], 3, /contains the input/);
    await refuses(["simulate", "--out", "mine", "--persons", "10"], 3, /not written by effekt/);
  });
  it("one command does not replace another's output (simulated extracts are data, not a run's output)", async () => {
    const sim = join(ws.root, "sim");
    expect((await cli(["simulate", "--out", sim, "--persons", "10"])).code).toBe(0);
    await refuses(["run", job, "--out", sim], 3, /output of `effekt simulate`, not of `effekt run`/);
  });
  it("a missing parent folder for prepare: one line, exit 5", async () => {
    await refuses(["prepare", "--extracts", "extracts", "--out", "no/such/folder"], 5, /no[/]such: the folder that should hold the output does not exist/);
  });
  it("an empty folder and an earlier effekt output are written; the marker is in the output", async () => {
    const out = join(ws.root, "empty");
    mkdirSync(out);
    const r = await cli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, ".effekt-output"), "utf8"))).toMatchObject({ effekt: "output", command: "prepare" });
    const again = await cli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(again.code, again.stderr).toBe(0);
    expect(leftovers(ws.root, "empty")).toEqual([]);
  });
});

describe("leftovers of killed runs, locks and signals", () => {
  it("removeOwned empties only folders carrying the marker (or empty ones)", async () => {
    const d = join(ws.root, "unmarked");
    mkdirSync(d);
    writeFileSync(join(d, "x"), "x");
    expect(removeOwned(d)).toBe(false);
    expect(readFileSync(join(d, "x"), "utf8")).toBe("x");
  });

  it("the next start removes a killed run's temporary folder with person data, and leaves a look-alike without the marker", async () => {
    const out = join(ws.root, "prep");
    const stale = join(ws.root, ".prep.effekt-tmp-999999999");
    mkdirSync(join(stale, "sub"), { recursive: true });
    writeFileSync(join(stale, ".effekt-output"), JSON.stringify({ effekt: "output", command: "prepare" }));
    writeFileSync(join(stale, "exits.arrow"), "person-level data");
    const lookAlike = join(ws.root, ".prep.effekt-old-999999998");
    mkdirSync(lookAlike);
    writeFileSync(join(lookAlike, "keep.txt"), "not effekt's");
    const r = await cli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(join(lookAlike, "keep.txt"), "utf8")).toBe("not effekt's");
    expect(r.stderr).toMatch(/effekt-old-999999998 looks like an effekt temporary folder but is not marked/);
  });

  it("a lock held by a live process: exit 6, one line; a stale lock (dead pid) is broken", async () => {
    const out = join(ws.root, "locked");
    const lock = join(ws.root, ".locked.effekt-lock");
    // This test process is alive: its pid holds the lock.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: "", command: "prepare" }));
    await refuses(["prepare", "--extracts", "extracts", "--out", out], 6, /effekt prepare \(pid \d+\) is writing this output folder; try again/);
    // pid 2^22 + 1 is above Linux's pid_max limit (2^22): no such process.
    writeFileSync(lock, JSON.stringify({ pid: 4194305, host: hostname(), started: "", command: "prepare" }));
    const r = await cli(["prepare", "--extracts", "extracts", "--out", out], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it("lock liveness: a reused pid (other start time) is stale; a lock from another host is never broken", async () => {
    const lock = join(ws.root, ".x.effekt-lock");
    // Our own pid, but a start time that is not ours: the pid was reused, the old owner is gone.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: "1", command: "run" }));
    const l = acquireLock(lock, join(ws.root, "x"), "run");
    expect(JSON.parse(readFileSync(lock, "utf8"))).toMatchObject({ pid: process.pid, command: "run" });
    expect(() => acquireLock(lock, join(ws.root, "x"), "run")).toThrow(BusyError); // now held by a live process: us
    l.release();
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, JSON.stringify({ pid: 4194305, host: "elsewhere.example", started: "", command: "run" }));
    expect(() => acquireLock(lock, join(ws.root, "x"), "run")).toThrow(/effekt run \(pid 4194305 on elsewhere.example\) is writing .*if it is no longer running, remove .*\.x\.effekt-lock/);
    rmSync(lock);
  });

  it("SIGTERM or SIGINT while writing removes the temporary folder and the lock; the previous output stays", async () => {
    const out = join(ws.root, "out");
    expect((await cli(["run", job, "--no-png", "--progress", "quiet"], { cwd: ws.root })).code).toBe(0);
    const before = tree(out);
    for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      const p = spawnCli(["run", job, "--no-png", "--progress", "log"], {}, ws.root);
      await p.waitFor(/preparing analysis data/);
      expect(leftovers(ws.root, "out").some((f) => f.includes("effekt-tmp-"))).toBe(true);
      p.child.kill(signal);
      const e = await p.exit;
      expect(e.code, signal).toBe(code); // 128 + signal number
      expect(leftovers(ws.root, "out")).toEqual([]);
      expect(tree(out)).toEqual(before);
    }
  }, 60_000);

  it("an effekt output where the analyst saved a file is refused (the marker lists every file effekt wrote)", async () => {
    const out = join(ws.root, "out");
    const marker = JSON.parse(readFileSync(join(out, ".effekt-output"), "utf8"));
    expect(marker.files).toContain("data/exits.arrow");
    expect(marker.files).toContain("report.html");
    mkdirSync(join(out, "tables", "mine"));
    writeFileSync(join(out, "tables", "mine", "notes.txt"), "keep me");
    await refuses(["run", job, "--no-png", "--progress", "quiet"], 3, /holds 1 file\(s\) effekt did not write \(tables\/mine\/notes.txt\)/);
    rmSync(join(out, "tables", "mine"), { recursive: true });
  });

  it("an output of effekt before the marker is recognised by its manifest's file list; one extra file and it is refused", async () => {
    const legacy = join(ws.root, "legacy");
    cpSync(join(ws.root, "out"), legacy, { recursive: true });
    rmSync(join(legacy, ".effekt-output"));
    writeFileSync(join(legacy, "analysis-notes.txt"), "mine");
    await refuses(["run", job, "--out", legacy, "--no-png", "--progress", "quiet"], 3, /holds 1?\d+ file\(s\) not written by effekt/);
    rmSync(join(legacy, "analysis-notes.txt"));
    const r = await cli(["run", job, "--out", legacy, "--no-png", "--progress", "quiet"], { cwd: ws.root });
    expect(r.code, r.stderr).toBe(0);
    expect(tree(legacy)).toEqual(tree(join(ws.root, "out")));
    expect(leftovers(ws.root, "legacy")).toEqual([]);
  }, 60_000);

});
