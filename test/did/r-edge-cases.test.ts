/**
 * Covariates and treatments aliased by the office fixed effects.
 * 1. An office-level covariate (`size`, constant within every office) beside an individual one (`age`):
 *    R's lm keeps `size` and drops an office dummy (the same column space), so the treatment's estimate,
 *    CR1, CR2 and df are R's; effekt leaves `size` out (NaN, with a warning) instead of fitting rounding
 *    noise (before: estimate 0.2155 where R has 0.0464, and 24523180897221 for `size`).
 *    Data and numbers: Rscript test/fixtures/did/r-edge.R (R 4.2.2, sandwich 3.0-2, clubSandwich 0.5.8):
 *      lm(y ~ treat_post + size + age + factor(office) + factor(year), d [, weights = w])
 *      coef_test(m, vcov = "CR2", cluster = d$office, test = "Satterthwaite"); vcovCL(m, cluster = ~office, type = "HC1")
 *    Two covariates collinear with each other (age2 = 2·age) with weights: R gives NA for age2; effekt
 *    leaves it out with a warning (before: "a coefficient of interest is collinear", exit 4).
 * 2. A treatment indicator collinear with the fixed effects (pilot offices observed only after the start):
 *    R's lm gives NA for treat_post; effekt stops with one line, exit 4 (estimation failed) — with and
 *    without weights.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";
import { runCliAsync, runCliJsonAsync } from "../helpers/cli-async.js";
import { TOL, expectRelClose } from "../helpers/reference.js";

const D = TOL.did;
const fx = (f: string) => join(ROOT, "test", "fixtures", "did", f);
const R = JSON.parse(readFileSync(fx("r-edge.json"), "utf8"));
const spec = { outcome: "y", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, covariates: ["size", "age"], draws: 256 };

function check(t: any, r: any, what: string) {
  expectRelClose(t.estimate, r.estimate, D.estimate, `${what} estimate`);
  expectRelClose(t.se_cr1, r.se_cr1, D.se, `${what} CR1`);
  expectRelClose(t.se_cr2, r.se_cr2, D.se, `${what} CR2`);
  expectRelClose(t.df_satterthwaite, r.df_satterthwaite, D.df, `${what} df`);
  expectRelClose(t.covariates.estimate[1], r.age, D.estimate, `${what} age`);
  expectRelClose(t.covariates.se_cr2[1], r.age_se_cr2, D.se, `${what} age CR2`);
}

describe("a covariate constant within every office", async () => {
  const t = await readTable(fx("fe-aliased.csv"));
  it("unweighted and weighted: the treatment as R's lm, the covariate left out with a warning (API)", () => {
    for (const [name, extra] of [["unweighted", {}], ["weighted", { weights: "w" }]] as const) {
      const res = didFromTable(t, { ...spec, ...extra });
      check(res.twfe, R[name], name);
      expect(Number.isNaN(res.twfe.covariates!.estimate[0])).toBe(true);
      expect(res.warnings).toContain("covariate size is constant within every office (absorbed by the office fixed effects): left out, its coefficient is NaN");
    }
  });
  it("two collinear covariates (age2 = 2·age), weighted: age2 left out as R's NA, the rest as R (was: exit 4)", () => {
    // R: lm(y ~ treat_post + age + age2 + factor(office) + factor(year), d, weights = w) gives NA for age2
    // and for treat_post and age the same numbers as without age2 (R.weighted, from r-edge.R)
    const age = t.columns.get("age")!.values as Float64Array;
    const t2 = { ...t, names: [...t.names, "age2"], columns: new Map(t.columns) };
    t2.columns.set("age2", { name: "age2", type: "number", values: Float64Array.from(age, (v) => 2 * v) });
    const res = didFromTable(t2, { ...spec, covariates: ["age", "age2"], weights: "w" });
    expectRelClose(res.twfe.estimate, R.weighted.estimate, D.estimate, "estimate");
    expectRelClose(res.twfe.se_cr2, R.weighted.se_cr2, D.se, "CR2");
    expectRelClose(res.twfe.covariates!.estimate[0], R.weighted.age, D.estimate, "age");
    expectRelClose(res.twfe.covariates!.se_cr2[0], R.weighted.age_se_cr2, D.se, "age CR2");
    expect(Number.isNaN(res.twfe.covariates!.estimate[1])).toBe(true);
    expect(res.warnings.some((w) => /covariate age2 is collinear/.test(w))).toBe(true);
  });
  it("CLI --format json (NaN is null)", async () => {
    const j = await runCliJsonAsync(["did", "--data", fx("fe-aliased.csv"), "--outcome", "y", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--covariates", "size,age", "--weights", "w", "--draws", "256"]);
    check(j.twfe, R.weighted, "CLI weighted");
    expect(j.twfe.covariates.estimate[0]).toBeNull();
  });
});

describe("a treatment collinear with the fixed effects", () => {
  it("exits 4 with one line, with and without weights", async () => {
    const rows = ["office,year,pilot,y,w"];
    for (let o = 0; o < 6; o++)
      for (let yr = 2010; yr <= 2015; yr++) {
        if (o < 3 && yr < 2013) continue; // pilots only after the start: d = pilot within every office
        for (let i = 0; i < 4; i++) rows.push(`o${o},${yr},${o < 3 ? 1 : 0},${((o * 7 + yr * 3 + i * 5) % 11) / 10},${1 + (i % 3) / 2}`);
      }
    const f = join(mkdtempSync(join(tmpdir(), "effekt-collinear-")), "collinear.csv");
    writeFileSync(f, rows.join("\n") + "\n");
    for (const extra of [[], ["--weights", "w"]]) {
      const r = await runCliAsync(["did", "--data", f, "--outcome", "y", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", ...extra]);
      expect(r.code).toBe(4);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/treatment indicator is collinear with the unit and period fixed effects/);
    }
  });
});
