/**
 * Staggered adoption (issue 16 / issue 12): group and calendar aggregations on noiseless data with known
 * truth, refused options, a cohort without base-period rows (R's did stops), `--treated` optional.
 * Data as test/did/staggered.test.ts: offices 0–3 start in 2012, 4–7 in 2014, 8–11 never;
 * y = unit effect + year effect + τ(g,t), τ = 0.1·(1 + t − g) after the start (t, g period codes).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didStaggeredFromTable, tableFromColumns, UsageError, InputError } from "../../src/index.js";
import { runCliAsync, runCliJsonAsync } from "../helpers/cli-async.js";
import { PEERS_DIR } from "../helpers/reference.js";

const years = [2010, 2011, 2012, 2013, 2014, 2015];
function rows(skip?: (u: number, t: number) => boolean) {
  const r = { office: [] as string[], year: [] as number[], first: [] as number[], job: [] as number[], pair: [] as string[], age: [] as number[] };
  for (let u = 0; u < 12; u++)
    for (const [t, yr] of years.entries()) {
      if (skip?.(u, t)) continue;
      for (let k = 0; k < 3; k++) {
        const g = u < 4 ? 2 : u < 8 ? 4 : -1;
        r.office.push(`o${u}`);
        r.year.push(yr);
        r.first.push(g >= 0 ? years[g] : 0);
        r.job.push(0.05 * u + 0.02 * t * t + (g >= 0 && t >= g ? 0.1 * (1 + t - g) : 0));
        r.pair.push(`p${u % 6}`);
        r.age.push(30 + k);
      }
    }
  return r;
}
const spec = { outcome: "job", unit: "office", time: "year", firstTreated: "first" };

describe("Callaway–Sant'Anna aggregations (truth known, no noise)", async () => {
  it("group: mean of each cohort's post cells; calendar: cohorts weighted by size per period", async () => {
    const cs = didStaggeredFromTable(tableFromColumns(rows(), "stag.csv"), spec).callaway_santanna!;
    // cohort 2012 (code 2): τ = 0.1, 0.2, 0.3, 0.4 → 0.25; cohort 2014 (code 4): 0.1, 0.2 → 0.15
    expect(cs.group.map((g) => g.group)).toEqual([2012, 2014]);
    expect(cs.group[0].estimate).toBeCloseTo(0.25, 12);
    expect(cs.group[1].estimate).toBeCloseTo(0.15, 12);
    expect(cs.group_overall.estimate).toBeCloseTo(0.2, 12); // equal cohort sizes
    // calendar: 2012 0.1; 2013 0.2; 2014 (0.3 + 0.1)/2; 2015 (0.4 + 0.2)/2; overall their mean 0.2
    expect(cs.calendar.map((c) => c.period)).toEqual([2012, 2013, 2014, 2015]);
    [0.1, 0.2, 0.2, 0.3].forEach((v, i) => expect(cs.calendar[i].estimate).toBeCloseTo(v, 12));
    expect(cs.calendar_overall.estimate).toBeCloseTo(0.2, 12);
    // dynamic overall: mean over e = 0..3 of (0.1, 0.2, 0.3, 0.4) = 0.25
    expect(cs.dynamic_overall.estimate).toBeCloseTo(0.25, 12);
  });
});

describe("staggered designs refuse what they do not support", async () => {
  const t = () => tableFromColumns(rows(), "stag.csv");
  for (const [opt, extra] of [["--pair", { pair: "pair" }], ["--reference-period", { referencePeriod: 2011 }], ["--covariates", { covariates: ["age"] }]] as const) {
    it(`${opt}: one line, usage error`, () => {
      expect(() => didStaggeredFromTable(t(), { ...spec, ...extra })).toThrow(UsageError);
      expect(() => didStaggeredFromTable(t(), { ...spec, ...extra })).toThrow(new RegExp(`${opt}.*not supported with staggered adoption`));
    });
  }
  it("CLI: exit 2 with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stag-"));
    const f = join(dir, "s.csv");
    const d = rows();
    writeFileSync(f, "office,year,first,job,pair\n" + d.job.map((_, i) => `${d.office[i]},${d.year[i]},${d.first[i]},${d.job[i]},${d.pair[i]}`).join("\n") + "\n");
    const r = await runCliAsync(["did", "--data", f, "--outcome", "job", "--unit", "office", "--time", "year", "--first-treated", "first", "--pair", "pair"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // --treated is not needed when --first-treated names a column
    const ok = await runCliJsonAsync(["did", "--data", f, "--outcome", "job", "--unit", "office", "--time", "year", "--first-treated", "first", "--draws", "99"]);
    expect(ok.callaway_santanna.simple.estimate).toBeCloseTo(1.3 / 6, 12);
    // ... but is with a first-treated period
    const bad = await runCliAsync(["did", "--data", f, "--outcome", "job", "--unit", "office", "--time", "year", "--first-treated", "2012"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--treated is required/);
  }, 30000);
});

describe("a cohort without rows in its base period", async () => {
  it("stops with one line naming the cohort and the period (R's did stops too)", async () => {
    // cohort 2014 (offices 4–7) has no rows in 2013, its base period for every post period
    const t = tableFromColumns(rows((u, tt) => u >= 4 && u < 8 && tt === 3), "gap.csv");
    expect(() => didStaggeredFromTable(t, spec)).toThrow(InputError);
    expect(() => didStaggeredFromTable(t, spec)).toThrow(/gap\.csv, column "first": ATT\(2014, 2013\): the cohort first treated in 2014 has no rows in 2013/);
  });
});

describe("weighted Callaway–Sant'Anna (castle by popwt)", async () => {
  // test/fixtures/did/cs-weighted.R (did's formulas written out in R; the did package was not installed):
  //   "2006 2001 -0.085772201901 0.0210568611331", "2006 2002 0.0243475517797 0.0232161015042",
  //   "2006 2003 -0.0195349077228 0.019619506033", "simple 0.0785429935531 0.0512699867553"
  const R = [[2006, 2001, -0.085772201901, 0.0210568611331], [2006, 2002, 0.0243475517797, 0.0232161015042], [2006, 2003, -0.0195349077228, 0.019619506033]];
  it("ATT(g,t), SEs and the simple aggregation with the weights' influence", async () => {
    const { readTable } = await import("../../src/index.js");
    const t = await readTable(join(PEERS_DIR, "castle.csv"));
    const cs = didStaggeredFromTable(t, { outcome: "l_homicide", unit: "sid", time: "year", firstTreated: "first_treated", weights: "popwt", draws: 99 }).callaway_santanna;
    for (const [g, p, est, se] of R) {
      const c = cs.group_time.find((x) => x.group === g && x.period === p)!;
      expect(Math.abs(c.estimate / est - 1)).toBeLessThan(1e-8);
      expect(Math.abs(c.se / se - 1)).toBeLessThan(1e-8);
    }
    expect(Math.abs(cs.simple.estimate / 0.0785429935531 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(cs.simple.se / 0.0512699867553 - 1)).toBeLessThan(1e-8);
  });
  it("weights that vary within a unit are refused (did's weights are per unit)", async () => {
    const d = rows();
    const t = tableFromColumns({ ...d, w: d.job.map((_, i) => 1 + (i % 2)) }, "w.csv");
    expect(() => didStaggeredFromTable(t, { ...spec, weights: "w" })).toThrow(/w\.csv, column "w", row 2: office "o0" has more than one weight/);
  });
});
