/**
 * Access to ../shared/reference (R's results on real datasets; see ../shared/README.md) and the
 * closeness checks with the tolerances that README states.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { ROOT } from "./cli.js";

export const REFERENCE_DIR = process.env.EFFEKT_REFERENCE ?? join(ROOT, "..", "shared", "reference");
/** ../shared/peers (published studies with R's results), or EFFEKT_PEERS (set for mutation runs' sandboxes). */
export const PEERS_DIR = process.env.EFFEKT_PEERS ?? join(ROOT, "..", "shared", "peers");

export function refPath(...parts: string[]): string {
  return join(REFERENCE_DIR, ...parts);
}

export function loadReference<T = any>(...parts: string[]): T {
  return JSON.parse(readFileSync(refPath(...parts), "utf8")) as T;
}

/** |actual − expected| ≤ rel·|expected| (+ a tiny absolute floor for values that are 0). */
export function expectRelClose(actual: number, expected: number, rel: number, what = ""): void {
  const tol = rel * Math.abs(expected) + 1e-12;
  const diff = Math.abs(actual - expected);
  if (!(diff <= tol)) {
    expect.fail(`${what}: got ${actual}, R gives ${expected} (relative difference ${diff / Math.abs(expected)}, tolerance ${rel})`);
  }
}

export function expectAllRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, what = ""): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectRelClose(actual[i], expected[i], rel, `${what}[${i}]`);
}

/** Tolerances from ../shared/README.md. */
export const TOL = {
  survival: { coef: 1e-6, se: 1e-5, stat: 1e-6, surv: 1e-6 },
  did: { estimate: 1e-8, se: 1e-6, df: 1e-6, p: 1e-6 },
} as const;
