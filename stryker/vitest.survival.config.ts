/** Tests Stryker runs against src/survival's mutants: unit and R-reference tests, in process. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // the run's TMPDIR inside a folder removed at its end (test/setup/example-root.ts): tests run once
    // per mutant, and their temporary folders would otherwise pile up in /tmp
    globalSetup: ["test/setup/example-root.ts"],
    include: ["test/survival/**/*.test.ts", "test/stats/**/*.test.ts"],
    // simulations (hundreds of refits per test) and tests that only drive the CLI
    exclude: ["test/survival/cox-simulation.test.ts", "test/survival/cox-null-rejection.test.ts", "test/survival/*-cli.test.ts"],
    // tests that only drive the CLI (name mentions the CLI, not the API) cannot see a mutant: left out
    testNamePattern: /^(?!.*\bCLI\b)|\bAPI\b/,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
