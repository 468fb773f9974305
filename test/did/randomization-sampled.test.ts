/**
 * Randomization inference never takes the other methods down (issue 16, issue 12):
 * - within-pair RI interval centred on pilot×post (not a period effect), against a brute-force R run;
 * - exhaustive when assignments are few, seeded sampling with its Monte-Carlo SE otherwise
 *   (castle_2007: C(42,13) ≈ 2.5e10; a 20-office design: C(20,10) = 184 756 > 100 000);
 * - an office whose weights are all 0 does not crash (its rows are left out and counted).
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { randomizationInference } from "../../src/did/randomization.js";
import { twfe } from "../../src/did/twfe.js";
import { ROOT } from "../helpers/cli.js";
import { runCliAsync, runCliJsonAsync } from "../helpers/cli-async.js";
import { expectRelClose, PEERS_DIR } from "../helpers/reference.js";

const fx = (f: string) => join(ROOT, "test", "fixtures", "did", f);
const PEERS = PEERS_DIR;

describe("RI interval within county pairs (12 offices, 64 assignments)", async () => {
  // test/fixtures/did/ri-pairs.R (R 4.2.2, sandwich 3.0-2) on ri-pairs.csv (written by ri-pairs.gen.mjs):
  // every one of the 64 assignments refitted by lm + vcovCL(type = "HC1"), bisection to 1e-10:
  // "estimate 1.72055533874 t 8.37068989403 p 0.03125 lower 1.1934934560 upper 2.3681713150"
  const R = { estimate: 1.72055533874, t: 8.37068989403, p: 0.03125, lower: 1.193493456, upper: 2.368171315 };
  const spec = { outcome: "y", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, pair: "county", draws: 64 };
  it("API: p and interval as brute force", async () => {
    const r = didFromTable(await readTable(fx("ri-pairs.csv")), spec);
    const ri = r.randomization_inference;
    expect(ri.method).toBe("exhaustive");
    expect(ri.assignments).toBe(64);
    expect(ri.p_value).toBe(R.p);
    expectRelClose(ri.t, R.t, 1e-9, "t");
    expect(ri.ci).not.toBeNull();
    // the interval lies around the pilot×post estimate
    expectRelClose(r.twfe.estimate, R.estimate, 1e-9, "estimate");
    expect(Math.abs(ri.ci![0] - R.lower)).toBeLessThan(1e-8);
    expect(Math.abs(ri.ci![1] - R.upper)).toBeLessThan(1e-8);
  });
  it("CLI --format json: the same interval", async () => {
    const r = await runCliJsonAsync(["did", "--data", fx("ri-pairs.csv"), "--outcome", "y", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--pair", "county", "--draws", "64"]);
    expect(Math.abs(r.randomization_inference.ci[0] - R.lower)).toBeLessThan(1e-8);
    expect(Math.abs(r.randomization_inference.ci[1] - R.upper)).toBeLessThan(1e-8);
  });
});

describe("sampled randomization inference", async () => {
  it("castle_2007 (13 of 42 states): TWFE, CR1, CR2 printed, RI sampled with its MC SE", async () => {
    const ref = JSON.parse(readFileSync(join(PEERS, "castle_2007.R.json"), "utf8")).twfe;
    const args = ["did", "--data", join(PEERS, "castle_2007.csv"), "--outcome", "l_homicide", "--unit", "sid", "--time", "year", "--treated", "treated", "--first-treated", "2007", "--draws", "999", "--ri-draws", "1999"];
    const r = await runCliJsonAsync(args);
    expectRelClose(r.twfe.estimate, ref.lm.estimate, 1e-8, "estimate");
    expectRelClose(r.twfe.se_cr1, ref.vcovCL_HC1.se, 1e-6, "CR1");
    expectRelClose(r.twfe.se_cr2, ref.clubSandwich_CR2.se, 1e-6, "CR2");
    const ri = r.randomization_inference;
    expect(ri.method).toBe("sampled");
    expect(ri.assignments).toBe(2000);
    expect(ri.possible_assignments).toBe(25518731280); // choose(42, 13) in R
    expect(ri.mc_se).toBeCloseTo(Math.sqrt((ri.p_value * (1 - ri.p_value)) / 2000), 12);
    expect(ri.note).toMatch(/too many to enumerate.*1999 seeded random assignments \(seed 1\)/);
    // the same seed gives the same draws
    expect((await runCliJsonAsync(args)).randomization_inference.p_value).toBe(ri.p_value);
    // the table output shows every method
    const txt = await runCliAsync(args.slice(0));
    expect(txt.code).toBe(0);
    expect(txt.stdout).toMatch(/CR2, Satterthwaite/);
    expect(txt.stdout).toMatch(/randomization \(2000 sampled, MC SE/);
  });

  it("20 offices, no pairs: sampled p agrees with full enumeration within 4 MC SE", async () => {
    // twenty-offices.csv (written by twenty-offices.gen.mjs); C(20,10) = 184 756 assignments
    const t = await readTable(fx("twenty-offices.csv"));
    const spec = { outcome: "y", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 99 };
    const sampled = didFromTable(t, spec);
    expect(sampled.randomization_inference.method).toBe("sampled");
    expect(sampled.twfe.se_cr2).toBeGreaterThan(0);
    expect(sampled.warnings.some((w) => /randomization inference: .* too many to enumerate/.test(w))).toBe(true);
    // exhaustive reference on the same design (pilots are offices o0..o9), without the interval
    const rows = 20 * 6 * 10;
    const y = new Float64Array(rows), post = new Float64Array(rows), unit = new Int32Array(rows), time = new Int32Array(rows);
    const lines = readFileSync(fx("twenty-offices.csv"), "utf8").trim().split("\n").slice(1);
    const officeCode = new Map<string, number>();
    lines.forEach((l, i) => {
      const [o, , yr, v] = l.split(",");
      if (!officeCode.has(o)) officeCode.set(o, officeCode.size);
      unit[i] = officeCode.get(o)!;
      time[i] = Number(yr) - 2010;
      post[i] = Number(yr) >= 2013 ? 1 : 0;
      y[i] = Number(v);
    });
    const treatedUnits = Uint8Array.from({ length: 20 }, (_, u) => (u < 10 ? 1 : 0));
    const full = randomizationInference({ y, post, unit, time, cluster: unit, treatedUnits, maxAssignments: 200000, ci: false });
    expect(full.method).toBe("exhaustive");
    expect(full.assignments).toBe(184756);
    const s = randomizationInference({ y, post, unit, time, cluster: unit, treatedUnits, maxAssignments: 100000, draws: 9999, ci: false });
    expect(s.t).toBeCloseTo(full.t, 10);
    expect(s.t).toBeCloseTo(sampled.randomization_inference.t, 10);
    expect(Math.abs(s.p_value - full.p_value)).toBeLessThan(4 * s.mc_se);
  }, 60000);

  it("20 offices through the CLI: exit 0, TWFE and CR2 printed", async () => {
    const r = await runCliAsync(["did", "--data", fx("twenty-offices.csv"), "--outcome", "y", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--draws", "99", "--ri-draws", "999"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TWFE estimate/);
    expect(r.stdout).toMatch(/CR2, Satterthwaite/);
    expect(r.stdout).toMatch(/randomization \(1000 sampled/);
  });
});

describe("an office whose weights are all 0", async () => {
  // weighted-cr2.csv with office 5's weights set to 0 and pilot = offices 0–3. R 4.2.2:
  //   f <- lm(job ~ tp + factor(office) + factor(year), data = d, weights = w)   # tp = pilot*(year>=2013)
  //   coef(f)["tp"] 0.2358442062; summary(f) SE 0.1093802555
  //   coef_test(f, vcov = "CR2", cluster = d$office, test = "Satterthwaite"): SE 0.06226088233, df 4.43363018805
  //   vcovCL HC1 on subset(d, w > 0) (7 offices): SE 0.05556817984
  const R = { est: 0.2358442062, iid: 0.1093802555, cr2: 0.06226088233, df: 4.43363018805, cr1: 0.05556817984 };
  const csv = () => {
    const lines = readFileSync(fx("weighted-cr2.csv"), "utf8").trim().split("\n");
    return [`${lines[0]},pilot`, ...lines.slice(1).map((l) => {
      const c = l.split(",");
      if (c[0] === "5") c[2] = "0";
      return `${c.join(",")},${Number(c[0]) < 4 ? 1 : 0}`;
    })].join("\n") + "\n";
  };
  it("API and CLI: rows left out and counted, numbers as R", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "effekt-zw-")), "zw.csv");
    writeFileSync(file, csv());
    const api = didFromTable(await readTable(file), { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, weights: "w", draws: 64 });
    const cli = await runCliJsonAsync(["did", "--data", file, "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--weights", "w", "--draws", "64"]);
    for (const r of [api, cli]) {
      expect(r.dropped.zero_weight).toBeGreaterThan(0);
      expect(r.twfe.n_clusters).toBe(7);
      expectRelClose(r.twfe.estimate, R.est, 1e-8, "estimate");
      expectRelClose(r.twfe.se_iid, R.iid, 1e-6, "iid");
      expectRelClose(r.twfe.se_cr1, R.cr1, 1e-6, "CR1");
      expectRelClose(r.twfe.se_cr2, R.cr2, 1e-6, "CR2");
      expectRelClose(r.twfe.df_satterthwaite, R.df, 1e-6, "df");
    }
  });
  it("API, the estimator itself (twfe) given the zero-weight rows: estimate, CR2 and its df as R", async () => {
    // didFromTable leaves the rows out before the estimator sees them; called directly, twfe keeps
    // them, and the weighted CR2 must give office 5 no part, as clubSandwich (which drops
    // zero-weight rows) does. (iid and CR1 count rows and clusters, so they are not comparable here.)
    const t = await readTable(fx("weighted-cr2.csv"));
    const num = (k: string) => t.columns.get(k)!.values as Float64Array;
    const office = Int32Array.from(num("office"));
    const year = num("year");
    const w = Float64Array.from(num("w"), (v, i) => (office[i] === 5 ? 0 : v));
    const d = Float64Array.from(year, (y, i) => (office[i] < 4 && y >= 2013 ? 1 : 0));
    const r = twfe({ y: num("job"), d, unit: office, time: Int32Array.from(year, (y) => y - 2010), cluster: office, weights: w });
    expectRelClose(r.estimate, R.est, 1e-8, "estimate");
    expectRelClose(r.se_cr2, R.cr2, 1e-6, "CR2");
    expectRelClose(r.df_satterthwaite, R.df, 1e-6, "df");
  });
});
