/**
 * The bundled example job (jobs/example.yaml), run at most once per language per test run and shared by
 * the test files that only read its output. The first file to ask runs it (an atomic mkdir is the
 * lock, holding the owner's pid); the others wait for its result file — and fail at once, saying so,
 * if the owner's test process has ended without writing it (e.g. its file timed out and vitest ended
 * the worker), instead of waiting out the timeout. The folder comes from test/setup/example-root.ts,
 * so nothing is reused across test runs. Callers must not write into the output folder.
 *
 * The run: `effekt run jobs/example.yaml --out DIR --progress log --format json [--language nb]`,
 * PNG figures included (run-job checks them).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { ROOT, runCliAsync, type CliResult } from "./cli.js";

export interface ExampleRun extends CliResult {
  /** The output folder (report.html, results.json, tables/, figures/, …). */
  dir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function exampleRun(lang: "en" | "nb" = "en", timeoutMs = 900_000): Promise<ExampleRun> {
  const root = inject("exampleRoot");
  const dir = join(root, lang);
  const done = join(root, `${lang}.json`);
  const lock = join(root, `${lang}.lock`);
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, "pid"), String(process.pid));
  } catch {
    // another test file runs it: wait for its result
    for (const t0 = Date.now(); !existsSync(done); await sleep(250)) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`the shared example run (${lang}) did not finish within ${timeoutMs / 1000} s`);
      const owner = Number(existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : NaN);
      if (owner > 0 && !alive(owner) && !existsSync(done)) throw new Error(`the shared example run (${lang}) was started by test process ${owner}, which ended without a result`);
    }
    return JSON.parse(readFileSync(done, "utf8")) as ExampleRun;
  }
  const r = await runCliAsync(["run", join(ROOT, "jobs", "example.yaml"), "--out", dir, "--progress", "log", "--format", "json", ...(lang === "nb" ? ["--language", "nb"] : [])]);
  const result: ExampleRun = { ...r, dir };
  writeFileSync(`${done}.tmp`, JSON.stringify(result));
  renameSync(`${done}.tmp`, done);
  return result;
}
