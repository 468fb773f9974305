/**
 * DiD designs beyond the shared reference panels (issue 12): one pilot office of ten, an unbalanced
 * panel (covariate, analytic weights, event study), the same data aggregated to office × year shares,
 * twenty offices, and staggered adoption — each against R.
 * Data and every expected number: Rscript test/fixtures/did/r-designs.R (R 4.2.2, sandwich 3.0-2,
 * clubSandwich 0.5.8, estimatr 1.0.0) → test/fixtures/did/{one-of-ten,unbalanced,staggered}.csv and
 * r-designs.json (twenty-offices.csv is written by twenty-offices.gen.mjs). The R calls:
 *   m <- lm(job ~ treat_post [+ age] + factor(office) + factor(year), d [, weights = w])
 *   sqrt(vcovCL(m, cluster = ~office, type = "HC1")["treat_post", "treat_post"])           # CR1
 *   coef_test(m, vcov = "CR2", cluster = d$office, test = "Satterthwaite")                  # CR2, df, p
 *   lm_robust(..., clusters = office, se_type = "CR2")                                       # estimatr, same CR2
 *   one of ten: every office in turn as the pilot, lm + vcovCL refitted, p = mean(|t*| >= |t|)
 *   event study: lm(job ~ ev2010 + ev2011 + ev2013 + ev2014 + ev2015 + factor(office) + factor(year)),
 *     CR1 (HC1) and CR2 per coefficient, pre-trend Wald χ² = b' V_CR1⁻¹ b over 2010, 2011
 *   staggered: ATT(g,t) = lm_robust(dy ~ D, se_type = "HC0") on the change y_t − y_b (b = g − 1 after
 *     the start, t − 1 before) of cohort g's and never-treated offices — did's analytical SE for a panel
 *     without covariates; simple = Σ_g,t≥g n_g ATT(g,t) / Σ n_g; TWFE lm(y ~ treated + FE) with CR1, CR2;
 *     not yet treated: the controls are the offices never treated or first treated after max(t, b)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, didStaggeredFromTable, readTable, tableFromColumns } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";
import { runCliJsonAsync } from "../helpers/cli-async.js";
import { TOL, expectAllRelClose, expectRelClose } from "../helpers/reference.js";

const D = TOL.did;
const fx = (f: string) => join(ROOT, "test", "fixtures", "did", f);
const R = JSON.parse(readFileSync(fx("r-designs.json"), "utf8"));

function checkTwfe(t: any, r: any, what: string) {
  expectRelClose(t.estimate, r.estimate, D.estimate, `${what} estimate`);
  expectRelClose(t.se_iid, r.se_iid, D.se, `${what} se_iid`);
  expectRelClose(t.se_cr1, r.se_cr1, D.se, `${what} se_cr1`);
  expectRelClose(t.se_cr2, r.se_cr2, D.se, `${what} se_cr2`);
  expectRelClose(t.df_satterthwaite, r.df_satterthwaite, D.df, `${what} df`);
  expectRelClose(t.p_cr2_satterthwaite, r.p_cr2_satterthwaite, D.p, `${what} p_cr2`);
  expect(t.n, `${what} n`).toBe(r.n);
}

describe("one pilot office of ten", async () => {
  const file = fx("one-of-ten.csv");
  const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 1024 };
  it("TWFE, CR1, CR2 as R; randomization over the 10 assignments as R's brute force, p ≥ 1/10, no 95% interval", async () => {
    const r = R.one_of_ten;
    const res = didFromTable(await readTable(file), spec);
    checkTwfe(res.twfe, r, "1 of 10");
    expectRelClose(r.estimatr_cr2, r.se_cr2, 1e-10, "estimatr = clubSandwich");
    expect(res.twfe.n_treated_clusters).toBe(1);
    const ri = res.randomization_inference;
    expect(ri.method).toBe("exhaustive");
    expect(ri.assignments).toBe(r.ri_assignments);
    expectRelClose(ri.t, r.ri_t, D.se, "RI t");
    expect(ri.p_value).toBe(r.ri_p);
    // with 10 assignments no p-value is below 1/10: a 95% (or 90%) interval cannot be finite
    expect(ri.ci).toBeNull();
    expect(ri.ci_note).toMatch(/smallest attainable p-value is 0\.100/);
    // the cluster-robust p is tiny (the lone pilot's own variation is absorbed): effekt must say so. Under
    // the null, CR2-Satterthwaite rejects 43 % at 5 % on this design (test/fixtures/did/one-of-ten-size.R)
    expect(r.p_cr2_satterthwaite).toBeLessThan(0.001);
    expect(res.warnings.join("\n")).toMatch(/only 1 treated cluster of 10: CR1 and CR2 .* over-reject .* use randomization inference/);
  });
});

describe("unbalanced panel: 12 offices, cells of 5–80, 8 office-years missing", async () => {
  const file = fx("unbalanced.csv");
  const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 1024 };
  const t = await readTable(file);
  it("TWFE, with a covariate, with analytic weights, and the event study as R (API)", () => {
    const u = R.unbalanced;
    const res = didFromTable(t, spec);
    checkTwfe(res.twfe, u, "unbalanced");
    checkTwfe(didFromTable(t, { ...spec, covariates: ["age"] }).twfe, u.cov, "covariate");
    const w = didFromTable(t, { ...spec, weights: "w" });
    checkTwfe(w.twfe, u.weighted, "weighted");
    expectRelClose(u.weighted.estimatr_cr2, u.weighted.se_cr2, 1e-10, "estimatr = clubSandwich (weighted)");
    const es = res.event_study;
    const byPeriod = new Map(es.coefficients.map((c: any) => [Number(c.period), c]));
    u.event_study.periods.forEach((p: number, i: number) => {
      const c: any = byPeriod.get(p);
      expectRelClose(c.estimate, u.event_study.estimate[i], D.estimate, `ES ${p}`);
      expectRelClose(c.se_cr1, u.event_study.se_cr1[i], D.se, `ES ${p} CR1`);
      expectRelClose(c.se_cr2, u.event_study.se_cr2[i], D.se, `ES ${p} CR2`);
      expectRelClose(c.df_cr2, u.event_study.df_cr2[i], D.df, `ES ${p} df`);
    });
    expectRelClose(es.pretrend_wald_chisq, u.event_study.pretrend_wald_chisq, D.se, "pre-trend Wald");
    // randomization over all C(12, 6) = 924 assignments; R brute force (test/fixtures/did/r-unbalanced-ri.R):
    // "unbalanced RI t 3.44515805915 p 0.0194805194805 assignments 924" (= 18/924)
    const ri = res.randomization_inference;
    expect([ri.method, ri.assignments]).toEqual(["exhaustive", 924]);
    expectRelClose(ri.t, 3.44515805915, 1e-10, "RI t");
    expect(ri.p_value).toBe(18 / 924);
  });
  it("aggregated to office × year shares with counts: R's individual-level numbers (CLI JSON)", async () => {
    const cells = new Map<string, { office: string; year: number; pilot: number; n: number; s: number }>();
    const col = (n: string) => t.columns.get(n)!.values as any;
    for (let i = 0; i < t.nrows; i++) {
      const k = `${col("office")[i]}|${col("year")[i]}`;
      const c = cells.get(k) ?? { office: col("office")[i], year: col("year")[i], pilot: col("pilot")[i], n: 0, s: 0 };
      c.n++;
      c.s += col("job")[i];
      cells.set(k, c);
    }
    const cs = [...cells.values()];
    expect(cs.length).toBe(64);
    const agg = tableFromColumns({ office: cs.map((c) => c.office), year: cs.map((c) => c.year), pilot: cs.map((c) => c.pilot), share: cs.map((c) => c.s / c.n), n: cs.map((c) => c.n) }, "shares.csv");
    const a = didFromTable(agg, { ...spec, outcome: "share", weights: "n", weightType: "shares" });
    checkTwfe(a.twfe, R.unbalanced, "shares");
    const j = await runCliJsonAsync(["did", "--data", file, "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--draws", "1024"]);
    checkTwfe(j.twfe, R.unbalanced, "CLI");
  });
});

describe("twenty offices (ten pilots)", async () => {
  it("TWFE, CR1, CR2 and df as R (CLI JSON; randomization sampled)", async () => {
    const j = await runCliJsonAsync(["did", "--data", fx("twenty-offices.csv"), "--outcome", "y", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--draws", "99", "--ri-draws", "199"]);
    checkTwfe(j.twfe, R.twenty, "20 offices");
    expect(j.randomization_inference.method).toBe("sampled");
  });
});

describe("staggered adoption: 30 offices, cohorts 2012 and 2014, 14 never treated", async () => {
  it("ATT(g,t) and SEs, the simple aggregation and the TWFE as R", async () => {
    const s = R.staggered;
    const res = didStaggeredFromTable(await readTable(fx("staggered.csv")), { outcome: "y", unit: "office", time: "year", firstTreated: "first", draws: 99 });
    const gt = res.callaway_santanna.group_time;
    expect(gt.map((c) => [Number(c.group), Number(c.period), Number(c.base_period)])).toEqual(s.group.map((g: number, i: number) => [g, s.period[i], s.base[i]]));
    expectAllRelClose(gt.map((c) => c.estimate), s.att, D.estimate, "ATT(g,t)");
    expectAllRelClose(gt.map((c) => c.se), s.se, D.se, "SE");
    expectRelClose(res.callaway_santanna.simple.estimate, s.simple, D.estimate, "simple");
    expectRelClose(res.twfe.estimate, s.twfe.estimate, D.estimate, "TWFE");
    expectRelClose(res.twfe.se_cr1, s.twfe.se_cr1, D.se, "TWFE CR1");
    expectRelClose(res.twfe.se_cr2, s.twfe.se_cr2, D.se, "TWFE CR2");
    expectRelClose(res.twfe.df_satterthwaite, s.twfe.df_satterthwaite, D.df, "TWFE df");
  });
  it("not-yet-treated controls: ATT(g,t) and SEs as R", async () => {
    const s = R.staggered;
    const res = didStaggeredFromTable(await readTable(fx("staggered.csv")), { outcome: "y", unit: "office", time: "year", firstTreated: "first", control: "notyet", draws: 99 });
    const gt = res.callaway_santanna.group_time;
    expectAllRelClose(gt.map((c) => c.estimate), s.notyet_att, D.estimate, "ATT(g,t) not yet");
    expectAllRelClose(gt.map((c) => c.se), s.notyet_se, D.se, "SE not yet");
  });
});
