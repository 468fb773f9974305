// Shared StrykerJS options for the three mutation targets (stryker/<target>.config.mjs, run by
// `npm run mutate:<target>`; `npm run mutate` runs all three). Not part of CI. See docs/testing.md.
//
// Each target mutates one folder and runs only a fast, in-process test subset for it
// (stryker/vitest.<target>.config.ts): unit and reference tests, no simulations, no CLI/job/notebook
// tests (a spawned CLI runs the built dist/, so it cannot see Stryker's active mutant anyway). A score
// measured on that subset is a LOWER BOUND of the whole suite's score.
//
// Incremental: results are kept in stryker/incremental/<target>.json (committed), so a rerun only
// tests mutants in changed code or covered by changed tests, and an interrupted run can be resumed.
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
// Tests run in a sandbox copy (.stryker-tmp/sandbox-*), where ../shared is not beside the project:
// point them at the reference and peers folders explicitly (the tests read EFFEKT_REFERENCE, EFFEKT_PEERS).
process.env.EFFEKT_REFERENCE ??= resolve(ROOT, "..", "shared", "reference");
process.env.EFFEKT_PEERS ??= resolve(ROOT, "..", "shared", "peers");

/**
 * @param {string} name  name used for the vitest config, the incremental file and the reports
 * @param {string[]} mutate  globs of the files to mutate
 * @param {number} timeoutMS  extra time a mutant's tests get beyond timeoutFactor × their dry-run time
 *   before the mutant counts as "timed out" (an endless loop); generous against a loaded machine
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function target(name, mutate, timeoutMS = 60000) {
  // STRYKER_SAMPLE=f: a seeded random sample of the mutants (stryker/sample-checker.mjs), with its own
  // incremental file and reports (<target>-sample-<seed>), so that it never mixes with a whole-folder run
  const sample = process.env.STRYKER_SAMPLE;
  const target = sample ? `${name}-sample-${process.env.STRYKER_SAMPLE_SEED ?? "2013"}` : name;
  return {
    mutate: [...mutate, "!src/**/index.ts"],
    testRunner: "vitest",
    vitest: { configFile: `stryker/vitest.${name}.config.ts` },
    checkers: sample ? ["sample", "typescript"] : ["typescript"],
    tsconfigFile: "tsconfig.json",
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    // each mutant runs only the tests that executed it in the dry run
    coverageAnalysis: "perTest",
    // module-level code (constants, tables) would be run against every test: skipped, and reported as such
    ignoreStatic: true,
    incremental: true,
    incrementalFile: `stryker/incremental/${target}.json`,
    // the machine is shared: at most 2 test processes
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
    timeoutMS,
    timeoutFactor: 3,
    dryRunTimeoutMinutes: 30,
    plugins: ["@stryker-mutator/*", "./stryker/partial-reporter.mjs", "./stryker/sample-checker.mjs"],
    reporters: ["clear-text", "progress-append-only", "json", "html", "partial"],
    jsonReporter: { fileName: `reports/mutation/${target}.json` },
    htmlReporter: { fileName: `reports/mutation/${target}.html` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    // one sandbox folder per target, so two targets can run at once; neither copies the other's
    tempDirName: `.stryker-tmp/${target}`,
    ignorePatterns: [".stryker-tmp", "reports", "bench/data", "out"],
    cleanTempDir: "always",
  };
}
