/** Tests Stryker runs against the publication gate's mutants: its in-process unit tests. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // the run's TMPDIR inside a folder removed at its end (test/setup/example-root.ts): tests run once
    // per mutant, and their temporary folders would otherwise pile up in /tmp
    globalSetup: ["test/setup/example-root.ts"],
    include: ["test/publish/**/*.test.ts", "test/report/suppress.test.ts"],
    // attack.test.ts runs `effekt run` as a child process (built dist/): no mutant reaches it
    exclude: ["test/publish/attack.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
