/**
 * `effekt power` against a simulation of the same design (TWFE with CR2 on simulated persons):
 * the formula's power at its own MDE is 80% by construction (shifted t, derivation in
 * src/power/did-power.ts); the simulated rejection rate there must be within 3 Monte-Carlo SEs
 * (sqrt(0.8·0.2/reps)), and the SD of the simulated estimates within 10% of the formula's SE
 * (the SE of an SD from 400 replicates is about 3.5%). Hand check of the SE:
 *   ρ = 0.01, p = 0.6, m = 200, 2 pre, 2 post, 5 vs 5 offices:
 *   Var = (0.01·0.24 + 0.24/200)·(1/2 + 1/2)·(1/5 + 1/5) = 0.0036·0.4 = 0.00144 → SE 0.0379473.
 */
import { describe, expect, it } from "vitest";
import { didPower, didPowerFormula, minRandomizationP, simulateDidPower } from "../../src/power/did-power.js";
import { runCli, runCliJson } from "../helpers/cli.js";

const DESIGN = { offices: 10, persons: 200, pre: 2, post: 2, baseline: 0.6, icc: 0.01 };

describe("power and MDE", () => {
  it("formula SE by hand; simulated power at the formula's MDE is 80% within Monte-Carlo error", () => {
    const f = didPowerFormula(DESIGN);
    expect(f.se).toBeCloseTo(Math.sqrt(0.00144), 12);
    expect(f.power_at(f.mde)).toBeCloseTo(0.8, 2);
    const reps = 400;
    const s = simulateDidPower(DESIGN, "cr2", f.mde, reps, 11);
    expect(Math.abs(s.power - 0.8)).toBeLessThan(3 * Math.sqrt((0.8 * 0.2) / reps));
    expect(Math.abs(s.sd_estimate / f.se - 1)).toBeLessThan(0.1);
    expect(Math.abs(s.mean_estimate - f.mde)).toBeLessThan(4 * (f.se / Math.sqrt(reps)));
  }, 120000);

  it("randomization inference with too few assignments cannot reject: no MDE", () => {
    expect(minRandomizationP(10, 5)).toBeCloseTo(2 / 252, 15);
    expect(minRandomizationP(4, 2)).toBeCloseTo(2 / 6, 15);
    const r = didPower({ ...DESIGN, offices: 4 }, { method: "ri" });
    expect(r.mde).toBeNull();
    expect(r.note).toMatch(/cannot reach p ≤ 0.05/);
  });

  it("CLI: effekt power --format json; bad input is a usage error", () => {
    const j = runCliJson(["power", "--offices", "10", "--persons", "200", "--pre", "2", "--post", "2", "--baseline", "0.6", "--icc", "0.01", "--effect", "0.08"]);
    expect(j.mde_source).toBe("formula");
    expect(j.mde).toBeCloseTo(didPowerFormula(DESIGN).mde, 12);
    expect(j.formula.power_at_effect).toBeGreaterThan(0.3);
    const bad = runCli(["power", "--offices", "10", "--persons", "200", "--baseline", "1.2", "--icc", "0.01"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--baseline/);
  });
});
