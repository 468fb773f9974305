import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Two test files at a time even on a 2-core machine (vitest's default there is one): many tests wait on
// a child process (the CLI, Chromium, Jupyter), so a second worker keeps both cores busy. Measured on
// the 2-core CI shape: the whole suite 576 s with one worker, 484 s with two under extra load.
const workers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // one folder per run for the shared example-job output (test/helpers/example-run.ts)
    globalSetup: ["test/setup/example-root.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: workers,
    minWorkers: Math.min(2, workers),
  },
});
