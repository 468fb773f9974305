/**
 * cox/sort.ts's argsortFloat64: the counting sort (whole-number keys in a narrow range) and the radix
 * sort (any other doubles) must both give the stable ascending order — the order a comparison sort by
 * (key, index) gives, which is the expected value here (derivation: a stable sort's order is unique).
 */
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/stats/rng.js";
import { argsortFloat64 } from "../../src/survival/cox/sort.js";

function stableOrder(keys: Float64Array): number[] {
  return Array.from(keys.keys()).sort((a, b) => (keys[a] === keys[b] ? a - b : keys[a] < keys[b] ? -1 : 1));
}

describe("argsortFloat64 gives the stable ascending order", () => {
  const r = mulberry32(11);
  const cases: Record<string, Float64Array> = {
    "days with ties (counting sort)": Float64Array.from({ length: 5000 }, () => 1 + Math.floor(r() * 730)),
    "negative whole numbers and -0 (counting sort)": Float64Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? -0 : Math.floor(r() * 200) - 100)),
    "whole numbers in a range wider than 2n (radix sort)": Float64Array.from({ length: 2000 }, () => Math.floor(r() * 1e9)),
    "fractions with ties (radix sort)": Float64Array.from({ length: 4000 }, () => Math.floor(r() * 500) / 7 - 30),
    "fractions already in order, with ties (identity after one pass)": Float64Array.from({ length: 3000 }, (_, i) => Math.floor(i / 3) / 7 - 30),
    "in order except the last key (not the identity)": Float64Array.from({ length: 3000 }, (_, i) => (i === 2999 ? -1 : i / 7)),
    "whole numbers with one infinity (radix sort)": Float64Array.from({ length: 1000 }, (_, i) => (i === 500 ? Infinity : Math.floor(r() * 50))),
    "doubles within 2^-32 of each other, relative: long runs of equal high words (radix sort)": Float64Array.from({ length: 3000 }, () => 1 + Math.floor(r() * 5000) * 2 ** -52),
    "doubles in short runs of equal high words, both signs (radix sort)": Float64Array.from({ length: 4000 }, () => (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 40) * 2 ** -20 + Math.floor(r() * 8) * 2 ** -50)),
    "three distinct doubles (radix sort, runs of equal keys)": Float64Array.from({ length: 3000 }, () => [0.25, -1.5, 3.75][Math.floor(r() * 3)]),
    "one key": Float64Array.of(3),
    "no keys": new Float64Array(0),
  };
  for (const [name, keys] of Object.entries(cases)) {
    it(name, () => {
      expect(Array.from(argsortFloat64(keys))).toEqual(stableOrder(keys));
    });
  }
});
