/**
 * The key-findings generator on diagnostics that fail. The bundled example's population is simulated
 * with parallel trends and a constant hazard ratio (data/extracts/truth.json), so its report takes the
 * "not rejected" branches (test/job/key-findings.test.ts); the failing branches are checked here on
 * the input the report builds (FindingsInput). The numbers are those of the example job's
 * results.json at commit 4fd80e9 (before the design issue's simulator), where both tests failed:
 * event-study pre-trend Wald χ² = 12.4 on 2 df (p = 0.002), 2011 at −5.4 pp (CI −9.0 to −1.9)
 * relative to 2012; PH test for pilot p = 0.0004; share in work 8.3 % vs 11.8 % by day 90 and
 * 20.2 % vs 25.7 % by day 180; hazard ratios 0.76 before and 1.28 after day 180; Cox randomization
 * p = 0.31 over 252 assignments. Each expected sentence must carry these input numbers, formatted.
 */
import { describe, expect, it } from "vitest";
import { keyFindings, type FindingsInput } from "../../src/report/key-findings.js";

const failing: FindingsInput = {
  offices: 10,
  pilotOffices: 5,
  spellOrigin: "1 November 2012",
  did: {
    estimate: 0.089,
    ci: [0.041, 0.137],
    p: 0.003,
    df: 7.6,
    pre: [2011, 2012],
    post: [2014, 2015],
    wildP: 0.004,
    riP: 0.008,
    riAssignments: 252,
    mde: 0.067,
    pretrend: { chisq: 12.4, df: 2, p: 0.002, worst: { period: 2011, estimate: -0.054, ci: [-0.09, -0.019] }, reference: 2012 },
    placeboStart: { falseStart: 2012, estimate: 0.05, p: 0.01 },
    breakdown: 0.5,
    deltaPre: 0.054,
  },
  cox: {
    hr: 1.22,
    ci: [1.12, 1.33],
    p: 0.0002,
    df: 9,
    riP: 0.31,
    riAssignments: 252,
    phP: 0.0004,
    mdeHr: 1.07,
    byPeriod: [
      { label: "days 0–180", hr: 0.76, ci: [0.62, 0.93], p: 0.01 },
      { label: "days 180 and later", hr: 1.28, ci: [1.15, 1.42], p: 0.0001 },
    ],
  },
  overTime: {
    days: [
      { day: 90, pilot: 0.083, control: 0.118, difference: -0.035, ci: [-0.06, -0.01], p: 0.01 },
      { day: 180, pilot: 0.202, control: 0.257, difference: -0.055, ci: [-0.09, -0.02], p: 0.01 },
    ],
    rmst: { tau: 730, pilot: 420, control: 430, difference: -10, ci: [-40, 20], p: 0.5 },
    logrankP: 2e-11,
    logrankRiP: 0.3,
    assignments: 252,
  },
};

describe("key findings when the diagnostics fail", () => {
  const all = keyFindings(failing).join("\n");

  it("the failed pre-trend test, its worst year, the placebo and the breakdown value qualify the DiD", () => {
    expect(all).toContain("the test of parallel pre-trends fails (Wald χ² = 12.4 on 2 df, p = 0.002)");
    expect(all).toContain("in 2011 the pilot − control difference was −5.4 points relative to 2012 (95% CI −9.0 to −1.9)");
    expect(all).toContain('A placebo pilot start in 2012, before the real one, shows an "effect" of 5.0 points');
    expect(all).toContain("less than 0.50 times the largest year-to-year change before it, 5.4 points");
    expect(all).toContain("The estimate should therefore not be read as the pilot's effect.");
    expect(all).toContain("minimum detectable effect");
  });

  it("a rejected PH test gives the effect over time instead of one hazard ratio, never 'times as fast'", () => {
    expect(all).toContain("proportional hazards are rejected for pilot (p < 0.001)");
    expect(all).toContain("8.3% vs 11.8% by day 90");
    expect(all).toContain("20.2% vs 25.7% by day 180");
    expect(all).toContain("0.76 for days 0–180");
    expect(all).toContain("1.28 for days 180 and later");
    expect(all).toContain("The average hazard ratio (1.22) mixes these phases");
    expect(all).not.toMatch(/times as fast/);
    expect(all).not.toMatch(/times the rate at control offices/);
  });

  it("the Cox randomization p-value over the office assignments and the clustered log-rank", () => {
    expect(all).toContain("over 252 possible assignments of offices, gives p = 0.31");
    expect(all).toContain("differences between offices alone could produce a hazard ratio this far from 1");
    expect(all).toContain("with offices as the unit (randomization over 252 assignments) it is p = 0.30");
  });

  it("two offices: no inference, no p-values", () => {
    const two = keyFindings({ ...failing, offices: 2, pilotOffices: 1 }).join("\n");
    expect(two).toMatch(/The data cannot support an inference/);
    expect(two).not.toMatch(/p [=<]/);
  });
});
