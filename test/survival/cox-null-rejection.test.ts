/**
 * Rejection rates of the Cox few-cluster methods under no effect, 10 offices (issue 14): the
 * report's default (randomization inference over the 252 assignments of the pilot label, robust z
 * statistic) must hold its level, and R's robust z (sandwich, normal reference) must be seen to
 * over-reject on the same replicates (a paired design, so the test tells the two apart).
 *
 * Design (bench/cox-null-rejection.ts, simulateOffices): 10 offices, 5 pilot, 20 spells each,
 * exponential times with an office frailty e^{0.3·Z}, uniform censoring, covariate age, HR = 1;
 * seeded (mulberry32(20261130)). R = 400 replicates (each: one fit + 252 refits; about 15 s of CPU).
 *
 * Expected values and their sources:
 * - Randomization inference is exact under the sharp null when offices are exchangeable (they are
 *   iid here): P(reject at 5%) = 12/252 = 4.76 % (p ≤ 0.05 ⇔ at most 12 of the 252 assignments are
 *   as extreme, and the complementary assignment always ties, so hits are even). Band: the binomial
 *   99 % interval 0.0476 ± 2.576·sqrt(0.0476·0.9524/400) = [0.020, 0.075].
 * - Robust z over-rejects: 11.4 % in 1500 replicates of this design with 20 spells per office
 *   (another seed, MC SE 0.8 points; the long bench with 60 spells: see docs/testing.md), so it lies
 *   outside the band; here it must fall ABOVE the band's upper end, and the paired comparison must show it:
 *   b = #(robust z rejects, randomization does not), c = #(the reverse); McNemar z = (b − c)/√(b + c) > 2.576.
 */
import { describe, expect, it } from "vitest";
import { simulateOffices } from "../../bench/cox-null-rejection.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { mulberry32 } from "../../src/stats/rng.js";

const R = 400;
const P0 = 12 / 252;
const HALF = 2.576 * Math.sqrt((P0 * (1 - P0)) / R);

describe("Cox under no effect, 10 offices: the default (randomization) holds its level, robust z does not", () => {
  it(`paired over ${R} replicates`, async () => {
    const rng = mulberry32(20261130);
    let ri = 0;
    let rz = 0;
    let b = 0;
    let c = 0;
    for (let r = 0; r < R; r++) {
      // let the worker answer vitest between replicates (a loaded machine otherwise times out its RPC)
      if (r % 10 === 0) await new Promise((res) => setImmediate(res));
      const t = simulateOffices(rng, 20, 0.3);
      const f = coxphFromTable(t, { time: "time", event: "event", covariates: ["pilot", "age"], cluster: "office", randomization: "pilot", randomizationCi: false, jackknife: false, concordance: false });
      const z = f.p[0] < 0.05;
      const x = f.randomization!.p_value <= 0.05;
      if (x) ri++;
      if (z) rz++;
      if (z && !x) b++;
      if (x && !z) c++;
    }
    const rateRi = ri / R;
    const rateZ = rz / R;
    console.log(`randomization ${(100 * rateRi).toFixed(1)} %, robust z ${(100 * rateZ).toFixed(1)} %, band [${(100 * (P0 - HALF)).toFixed(1)}, ${(100 * (P0 + HALF)).toFixed(1)}] %, b = ${b}, c = ${c}`);
    expect(rateRi).toBeGreaterThanOrEqual(P0 - HALF);
    expect(rateRi).toBeLessThanOrEqual(P0 + HALF);
    expect(rateZ).toBeGreaterThan(P0 + HALF);
    expect((b - c) / Math.sqrt(b + c)).toBeGreaterThan(2.576);
  }, 300_000);
});
