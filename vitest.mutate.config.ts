/**
 * The tests Stryker runs against each mutant (npm run mutate): the in-process estimator and publication-
 * gate tests. CLI, job, notebook, browser and benchmark tests spawn processes that Stryker cannot switch
 * mutants in, so they are left out here (they run in `npm test`).
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/survival/**/*.test.ts", "test/did/**/*.test.ts", "test/report/suppress.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
