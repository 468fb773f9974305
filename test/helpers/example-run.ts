/**
 * The bundled example job (jobs/example.yaml), run at most once per language per test run and shared by
 * the test files that only read its output. The first file to ask runs it (an atomic mkdir is the
 * lock); the others wait for its result file. The folder comes from test/setup/example-root.ts, so
 * nothing is reused across test runs. Callers must not write into the output folder.
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

export async function exampleRun(lang: "en" | "nb" = "en", timeoutMs = 900_000): Promise<ExampleRun> {
  const root = inject("exampleRoot");
  const dir = join(root, lang);
  const done = join(root, `${lang}.json`);
  try {
    mkdirSync(join(root, `${lang}.lock`));
  } catch {
    // another test file runs it: wait for its result
    for (const t0 = Date.now(); !existsSync(done); await sleep(250)) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`the shared example run (${lang}) did not finish within ${timeoutMs / 1000} s`);
    }
    return JSON.parse(readFileSync(done, "utf8")) as ExampleRun;
  }
  const r = await runCliAsync(["run", join(ROOT, "jobs", "example.yaml"), "--out", dir, "--progress", "log", "--format", "json", ...(lang === "nb" ? ["--language", "nb"] : [])]);
  const result: ExampleRun = { ...r, dir };
  writeFileSync(`${done}.tmp`, JSON.stringify(result));
  renameSync(`${done}.tmp`, done);
  return result;
}
