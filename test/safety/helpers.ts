/**
 * Helpers of the safety tests: a small simulated workspace (300 persons, `effekt simulate --seed 5`),
 * job files, a whole-tree fingerprint (every file, hidden ones included, by SHA-256) and an async
 * CLI spawn that can be killed at a chosen moment.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { simulate } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";

const BIN = join(ROOT, "bin", "effekt.js");

/** path → sha256 of every file below `dir` ("<dir>" entries for folders, so empty folders count). */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out[relative(dir, p) + "/"] = "<dir>";
        walk(p);
      } else out[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

export interface Workspace {
  root: string;
  extracts: string;
  /** Job file writing to `out/` with report title `name`. */
  job(name: string, extra?: string): string;
}

/** A temporary folder with simulated extracts in `extracts/` (300 persons, seed 5). */
export async function workspace(): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), "effekt-safety-"));
  const extracts = join(root, "extracts");
  await simulate({ out: extracts, persons: 300, seed: 5 });
  return {
    root,
    extracts,
    job(name, extra = "") {
      const file = join(root, `${name}.yaml`);
      writeFileSync(
        file,
        [
          `name: ${name}`,
          "extracts: extracts",
          "output: out",
          "design: { pre: [2011, 2012], post: [2014, 2015] }",
          // Few analyses keep the crash tests fast; the output still holds person-level data/, tables, a figure, the report.
          "analyses: { did: { draws: 99 }, cox: { enabled: false }, km: { enabled: false }, competing_risks: false, baseline: false }",
          // 300 persons: too few for the default population (the four pilot measures) — take all.
          'population: { measures: ["*"] }',
          extra,
        ].join("\n") + "\n",
      );
      return file;
    },
  };
}

export interface Spawned {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stderr has a line matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
}

export function spawnCli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (s: string) => {
    err += s;
    for (const w of waiters.splice(0)) {
      if (w.re.test(err)) w.resolve();
      else waiters.push(w);
    }
  });
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on("exit", (code, signal) => res({ code, signal })));
  return {
    child,
    stderr: () => err,
    exit,
    waitFor(re, timeoutMs = 60_000) {
      if (re.test(err)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} in stderr: ${err}`)), timeoutMs);
        waiters.push({ re, resolve: () => (clearTimeout(t), resolve()) });
        void exit.then(() => setTimeout(() => reject(new Error(`process exited before ${re}: ${err}`)), 50));
      });
    },
  };
}

/**
 * Run the CLI and wait for it without blocking the test worker (spawnSync would stall vitest's
 * worker for the whole run, which a loaded machine turns into RPC timeouts).
 */
export async function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const code = await new Promise<number>((res) => child.on("close", (c) => res(c ?? -1)));
  return { code, stdout, stderr };
}

/** Entries beside `target` that effekt uses while writing it (temporary, old, lock). */
export function leftovers(parent: string, name: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent).filter((f) => f.startsWith(`.${name}.effekt-`));
}
