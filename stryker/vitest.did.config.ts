/** Tests Stryker runs against src/did's mutants: unit and R-reference tests, in process. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/did/**/*.test.ts"],
    // simulation.test.ts: 1200 replications of four methods (slow per mutant; the reference tests
    // check the same formulas against R)
    exclude: ["test/did/simulation.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
