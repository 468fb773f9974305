// Mutation testing (StrykerJS): `npm run mutate` — not part of CI (it runs the estimator tests once per
// mutant). Incremental: results are kept in test/mutation/stryker-incremental.json (committed), so a
// rerun only tests mutants in changed code or covered by changed tests. Scope: the estimators
// (src/survival, src/did) and the publication gate (src/report/suppress.ts). CPU: concurrency 2.
// One folder or file at a time: `npm run mutate -- --mutate 'src/did/**/*.ts'`. See docs/testing.md.
import { resolve } from "node:path";

// Tests run in a sandbox copy (.stryker-tmp/sandbox-*), where ../shared is not beside the project:
// point them at the reference folder explicitly (test/helpers/reference.ts reads EFFEKT_REFERENCE).
process.env.EFFEKT_REFERENCE ??= resolve(import.meta.dirname, "..", "shared", "reference");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ["src/survival/**/*.ts", "src/did/**/*.ts", "src/report/suppress.ts", "!src/**/index.ts"],
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // module-level code (constants, tables) would be run against every test: skipped, and reported as such
  ignoreStatic: true,
  incremental: true,
  incrementalFile: "test/mutation/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 60000,
  dryRunTimeoutMinutes: 20,
  timeoutFactor: 2,
  reporters: ["clear-text", "progress-append-only", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
