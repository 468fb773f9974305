/**
 * Simulation with known truth → prepare → simple estimators recover the truth within its 95%
 * confidence interval, on the population the truth is for: the four pilot measures (`pilot_measure`
 * = 1; only they respond in the simulation). Pooled over all 19 measures the effect is diluted. Truth (src/registers/simulate.ts): DiD effect on the exit→job share
 * P(λp·hr) − P(λp) = 0.1016 with λp = 0.05, hr = 1.5, μ = 0.04; hazard ratio on time to work from
 * the pilot start λp·hr/λc = 0.075/0.06 = 1.25.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobShareAt, prepare, readTable, simulate, type SimulateResult } from "../../src/index.js";
import { runCliJson } from "../helpers/cli.js";

const root = mkdtempSync(join(tmpdir(), "effekt-sim-"));
let truth: SimulateResult["truth"];

beforeAll(async () => {
  const sim = await simulate({ out: join(root, "extracts"), persons: 60000, seed: 11 });
  truth = sim.truth;
  // Origin at the pilot start, so that the pilot-vs-control hazard ratio is constant (1.25).
  await prepare({ extracts: join(root, "extracts"), out: join(root, "prepared"), config: { timeToWork: { origin: "2013-04-01", end: "2015-12-31" } } });
}, 60_000);

describe("recovery of the simulated truth", () => {
  it("truth as documented", () => {
    expect(truth.didEffect).toBeCloseTo(jobShareAt(0.075, 0.04) - jobShareAt(0.05, 0.04), 12);
    expect(truth.didEffect).toBeCloseTo(0.1016, 4);
    expect(truth.hazardRatio).toBeCloseTo(1.25, 12);
  });

  const twoByTwo = (onlyPilotMeasures: boolean) => async () => {
    const e = await readTable(join(root, "prepared", "exits.arrow"));
    const job = e.columns.get("job")!.values as Float64Array;
    const pilot = e.columns.get("pilot")!.values as Float64Array;
    const post = e.columns.get("post")!.values as Float64Array;
    const pm = e.columns.get("pilot_measure")!.values as Float64Array;
    const s = [0, 0, 0, 0];
    const n = [0, 0, 0, 0];
    for (let i = 0; i < e.nrows; i++) {
      if (onlyPilotMeasures && !pm[i]) continue;
      const k = pilot[i] * 2 + post[i];
      s[k] += job[i];
      n[k]++;
    }
    const p = s.map((v, k) => v / n[k]);
    const did = p[3] - p[2] - (p[1] - p[0]);
    const se = Math.sqrt(p.reduce((a, pk, k) => a + (pk * (1 - pk)) / n[k], 0));
    return { did, se };
  };

  it("2×2 DiD on the pilot measures' exits covers the true effect", async () => {
    const { did, se } = await twoByTwo(true)();
    expect(Math.abs(did - truth.didEffect)).toBeLessThan(3.29 * se); // 99.9 % band: not one seed's 95 % luck
    expect(se).toBeLessThan(0.04); // informative: the band excludes 0
    expect(did - 1.96 * se).toBeGreaterThan(0);
  });

  it("pooled over all 19 measures the effect is diluted: the band excludes the pilot's effect", async () => {
    const { did, se } = await twoByTwo(false)();
    expect(did + 1.96 * se).toBeLessThan(truth.didEffect);
    expect(Math.abs(did - truth.background.didEffectApprox)).toBeLessThan(1.96 * se + 0.01);
  });

  it("hazard ratio from spells.arrow covers the true ratio", async () => {
    // Monthly data: each person-month at risk is a Bernoulli trial with h = 1 − e^{−λ}, so
    // λ̂ = −log(1 − d/months) per group; se(log HR) ≈ sqrt(1/d_pilot + 1/d_control).
    const t = await readTable(join(root, "prepared", "spells.arrow"));
    const col = (c: string) => t.columns.get(c)!.values as Float64Array;
    const [stop, event, pilot, entry, pm] = [col("stop"), col("event"), col("pilot"), col("entry_month"), col("pilot_measure")];
    const origin = Date.UTC(2013, 3, 1);
    const d = [0, 0];
    const months = [0, 0];
    for (let i = 0; i < t.nrows; i++) {
      if (!pm[i]) continue; // the population the truth is for: entries on a pilot measure
      const end = new Date(origin + stop[i] * 86_400_000);
      const m = end.getUTCFullYear() * 12 + end.getUTCMonth() - (Math.floor(entry[i] / 100) * 12 + (entry[i] % 100) - 1);
      d[pilot[i]] += event[i];
      months[pilot[i]] += m;
    }
    const lam = (g: number) => -Math.log(1 - d[g] / months[g]);
    const logHr = Math.log(lam(1) / lam(0));
    const se = Math.sqrt(1 / d[0] + 1 / d[1]);
    expect(Math.abs(logHr - Math.log(truth.hazardRatio))).toBeLessThan(3.29 * se); // 99.9 % band
    expect(logHr - 1.96 * se).toBeGreaterThan(0);
  });

  it("CLI prepare --format json gives the API's counts", async () => {
    const api = JSON.parse(
      JSON.stringify((await prepare({ extracts: join(root, "extracts"), out: join(root, "api"), config: {} })).summary),
    );
    const cli = runCliJson(["prepare", "--extracts", join(root, "extracts"), "--out", join(root, "cli")]);
    expect(cli.exits).toEqual(api.exits);
    expect(cli.spells).toEqual(api.spells);
    expect(cli.rows).toEqual(api.rows);
    expect(cli.quality).toEqual(api.quality);
  }, 30_000);

  it("the bundled example data prepares through the CLI", () => {
    const out = join(root, "bundled");
    const r = runCliJson(["prepare", "--extracts", "data/extracts", "--out", out]);
    expect(r.exits.kept).toBeGreaterThan(1000);
    expect(r.exits.found).toBe(r.exits.kept + Object.values(r.exits.excluded as Record<string, number>).reduce((a, b) => a + b, 0));
  });
});
