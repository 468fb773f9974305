/**
 * Issue 10, part 1: file-system failures while writing give one clear line naming the path and exit
 * 5 — never "internal error" — and leave the previous output, no temporary folder and no lock.
 *
 * Read-only and full targets are real file systems: a tmpfs mounted read-only, and a tmpfs smaller
 * than the output (`mount -t tmpfs -o size=…`). Mounting needs root (CI runs as root); otherwise
 * the read-only case uses a folder without write permission and the full-disk cases are skipped
 * with a message.
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, leftovers, tree, type Workspace, workspace } from "./helpers.js";

const isRoot = process.getuid?.() === 0;
const mounted: string[] = [];

/** Mount a tmpfs at a new folder (root only); undefined when mounting is not possible here. */
function tmpfs(options: string): string | undefined {
  if (!isRoot) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "effekt-tmpfs-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "pipe" });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  mounted.push(dir);
  return dir;
}

/** Unmount (lazily if busy) and remove a folder from tmpfs(). */
function unmount(dir: string): void {
  try {
    execFileSync("umount", [dir], { stdio: "pipe" });
  } catch {
    execFileSync("umount", ["-l", dir], { stdio: "pipe" });
  }
  rmSync(dir, { recursive: true, force: true });
  mounted.splice(mounted.indexOf(dir), 1);
}

const canMount = (() => {
  const d = tmpfs("size=64k");
  if (d) unmount(d);
  return d !== undefined;
})();
if (!canMount) {
  console.warn(`io-errors.test: full-disk cases skipped: mounting a tmpfs needs root (uid ${process.getuid?.()})${isRoot ? " and CAP_SYS_ADMIN" : ""}`);
}

// Each test unmounts its own file systems; this catches any a failed test left.
afterAll(() => {
  for (const d of [...mounted]) unmount(d);
});

let ws: Workspace;
let job: string;
let bytesA = 0;
beforeAll(async () => {
  ws = await workspace();
  job = ws.job("A");
  const r = await cli(["run", job, "--out", join(ws.root, "refA"), "--no-png", "--progress", "quiet"]);
  if (r.code !== 0) throw new Error(r.stderr);
  const du = (d: string): number =>
    readdirSync(d, { withFileTypes: true }).reduce((s, f) => s + (f.isDirectory() ? 4096 + du(join(d, f.name)) : Math.ceil(statSync(join(d, f.name)).size / 4096) * 4096), 0);
  bytesA = du(join(ws.root, "refA"));
}, 60_000);

function expectOneLine(r: { code: number; stderr: string }, code: number, msg: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(msg);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe("a read-only target", () => {
  it("exit 5, one line naming the folder; the previous output untouched", async () => {
    let parent: string;
    if (canMount) {
      parent = tmpfs("size=4m")!;
    } else {
      parent = mkdtempSync(join(tmpdir(), "effekt-ro-"));
    }
    const target = join(parent, "out");
    cpSync(join(ws.root, "refA"), target, { recursive: true });
    if (canMount) execFileSync("mount", ["-o", "remount,ro", parent]);
    else chmodSync(parent, 0o555);
    try {
      const r = await cli(["run", job, "--out", target, "--no-png", "--progress", "quiet"]);
      expectOneLine(r, 5, canMount ? /out.*the file system is read-only \(EROFS\)/ : /out.*permission denied \(EACCES\)/);
      expect(tree(target)).toEqual(tree(join(ws.root, "refA")));
    } finally {
      if (canMount) unmount(parent);
      else chmodSync(parent, 0o755);
    }
  }, 60_000);
});

describe.skipIf(!canMount)("a full disk (tmpfs smaller than the output)", () => {
  it("run: exit 5 naming the output folder; previous output kept; no temporary folder, no lock", async () => {
    // Room for the previous output and half of the new one.
    const parent = tmpfs(`size=${Math.round(bytesA * 1.5)}`)!;
    try {
      const target = join(parent, "out");
      cpSync(join(ws.root, "refA"), target, { recursive: true });
      const r = await cli(["run", job, "--out", target, "--no-png", "--progress", "quiet"]);
      expectOneLine(r, 5, /out.*no space left on the device \(disk full\) \(ENOSPC\)/);
      expect(tree(target)).toEqual(tree(join(ws.root, "refA")));
      expect(leftovers(parent, "out")).toEqual([]);
    } finally {
      unmount(parent);
    }
  }, 60_000);

  it("prepare (Arrow and Parquet writers) and simulate: exit 5, nothing left behind", async () => {
    const parent = tmpfs("size=24k")!;
    try {
      const p = await cli(["prepare", "--extracts", ws.extracts, "--out", join(parent, "prepared")]);
      expectOneLine(p, 5, /prepared.*ENOSPC/);
      // Parquet is written by DuckDB, whose I/O errors carry only the system's text.
      const q = await cli(["prepare", "--extracts", ws.extracts, "--out", join(parent, "prepared"), "--output-format", "parquet"]);
      expectOneLine(q, 5, /prepared.*no space left on the device \(disk full\) \(ENOSPC\)/);
      const s = await cli(["simulate", "--out", join(parent, "sim"), "--persons", "3000"]);
      expectOneLine(s, 5, /sim.*ENOSPC/);
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      unmount(parent);
    }
  }, 60_000);
});

describe("a missing or unusable parent", () => {
  it("run creates missing parents; a parent path through a file: exit 5", async () => {
    const base = join(ws.root, "deep", "er");
    const ok = await cli(["run", job, "--out", join(base, "out"), "--no-png", "--progress", "quiet"]);
    expect(ok.code, ok.stderr).toBe(0);
    const r = await cli(["run", job, "--out", join(job, "sub", "out"), "--no-png", "--progress", "quiet"]);
    expectOneLine(r, 5, /A\.yaml\/sub\/out.*a part of the path is not a folder \(ENOTDIR\)/);
  }, 60_000);
});
