// A Stryker checker that keeps a seeded random sample of the mutants, so that a folder too large to
// run whole on this machine (src/survival: about 6 000 mutants, several hours per run) gets an
// unbiased estimate of its mutation score in a fraction of the time. Run before the TypeScript
// checker: a mutant outside the sample is reported as a compile error with the reason "not in the
// sample", which Stryker leaves out of the score, and is never compiled or tested.
//
// The sample is a Bernoulli sample: each mutant is kept, independently of every other, when a hash
// of (file relative to the project, start line and column, mutator, replacement) with the seed falls
// below the fraction. That depends on the mutant alone, not on which mutants the run holds, so a rerun
// of the same code keeps the same mutants and Stryker's incremental mode reuses their results.
// With a sample of m scored mutants and k killed, the score estimate is k/m with the binomial
// standard error sqrt(p(1 − p)/m) (selection is independent, outcomes need not be; the finite-population
// correction, sqrt(1 − fraction), is left out, so the interval is slightly conservative).
//
// Options (environment): STRYKER_SAMPLE = the fraction (0 < f ≤ 1), STRYKER_SAMPLE_SEED (default 2013).
import { createHash } from "node:crypto";
import { CheckStatus } from "@stryker-mutator/api/check";
import { PluginKind, declareClassPlugin } from "@stryker-mutator/api/plugin";

/** The mutant's identity: its file from `src/` on (the same in the project and in Stryker's sandbox copy), position, mutator, replacement. */
export function mutantKey(m) {
  const path = m.fileName.replaceAll("\\", "/");
  const at = path.lastIndexOf("/src/");
  const file = at >= 0 ? path.slice(at + 1) : path;
  return `${file}:${m.location.start.line}:${m.location.start.column}:${m.mutatorName}:${m.replacement}`;
}

/** True when the mutant is in the sample: the first 48 bits of sha256(seed + key), as a fraction of 2^48, below `fraction`. */
export function inSample(key, fraction, seed) {
  const h = createHash("sha256").update(`${seed}\n${key}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48 < fraction;
}

class SampleChecker {
  constructor() {
    this.fraction = Number(process.env.STRYKER_SAMPLE);
    this.seed = process.env.STRYKER_SAMPLE_SEED ?? "2013";
    if (!(this.fraction > 0 && this.fraction <= 1)) throw new Error(`STRYKER_SAMPLE must be a fraction in (0, 1], not "${process.env.STRYKER_SAMPLE}"`);
  }
  async init() {}
  async check(mutants) {
    const out = {};
    for (const m of mutants) {
      out[m.id] = inSample(mutantKey(m), this.fraction, this.seed) ? { status: CheckStatus.Passed } : { status: CheckStatus.CompileError, reason: "not in the sample" };
    }
    return out;
  }
  async group(mutants) {
    return [mutants.map((m) => m.id)];
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, "sample", SampleChecker)];
