/**
 * vitest globalSetup: one fresh folder per test run, in which test/helpers/example-run.ts runs the
 * bundled example job (jobs/example.yaml) at most once per language for every test file that reads its
 * output (run-job, key-findings, screenshot). Cheap: it only creates the folder, so a run of unrelated
 * test files waits for nothing; the folder is removed at the end of the run.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    exampleRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), "effekt-example-run-"));
  project.provide("exampleRoot", root);
  const previous = process.env.TMPDIR;
  const tmp = join(root, "tmp");
  mkdirSync(tmp);
  process.env.TMPDIR = tmp;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
