/**
 * R's numbers on the two reference panels (../shared/reference/did/*.json, R 4.2.2, sandwich 3.0-2,
 * clubSandwich 0.5.8), through the API and through `effekt did --format json`.
 */
import { describe, expect, it } from "vitest";
import { didFromTable, readTable, type DidResult } from "../../src/index.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runCliJson } from "../helpers/cli.js";
import { expectRelClose, loadReference, refPath, TOL } from "../helpers/reference.js";

const base = ["--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--cluster", "office"];

/**
 * 90 % intervals: R's numbers from test/fixtures/did-90.R (the same lm fits as the reference, with
 * confint(level = 0.9), qt(0.95, G − 1)·se_CR1 and clubSandwich::conf_int(level = 0.9)).
 */
const R90 = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "did-90.json"), "utf8"));

/** An interval [lo, hi] against R's at the p-value/se tolerance (limits are est ± q·se). */
function expectCi(got: [number, number] | null, ref: number[], what: string) {
  expect(got, what).not.toBeNull();
  expectRelClose(got![0], ref[0], TOL.did.se, `${what} lower`);
  expectRelClose(got![1], ref[1], TOL.did.se, `${what} upper`);
}

function checkTwfe(got: DidResult["twfe"], ref: any, what: string, r90?: any) {
  if (!r90) {
    expectRelClose(got.p_iid, ref.p_iid, TOL.did.p, `${what} p_iid`);
    expectRelClose(got.p_cr1_t, ref.p_cr1, TOL.did.p, `${what} p_cr1`);
    expectCi(got.ci.iid, ref.ci_iid, `${what} ci_iid`);
    expectCi(got.ci.cr1_t, ref.ci_cr1, `${what} ci_cr1`);
    expectCi(got.ci.cr2_satterthwaite, ref.ci_cr2, `${what} ci_cr2`);
  } else {
    expectCi(got.ci.iid, r90.ci_iid_90, `${what} ci_iid 90%`);
    expectCi(got.ci.cr1_t, r90.ci_cr1_90, `${what} ci_cr1 90%`);
    expectCi(got.ci.cr2_satterthwaite, r90.ci_cr2_90, `${what} ci_cr2 90%`);
  }
  expectRelClose(got.estimate, ref.estimate, TOL.did.estimate, `${what} estimate`);
  expectRelClose(got.se_iid, ref.se_iid, TOL.did.se, `${what} se_iid`);
  expectRelClose(got.se_cr1, ref.se_cr1, TOL.did.se, `${what} se_cr1`);
  expectRelClose(got.se_cr2, ref.se_cr2, TOL.did.se, `${what} se_cr2`);
  expectRelClose(got.df_satterthwaite, ref.df_satterthwaite, TOL.did.df, `${what} df`);
  expectRelClose(got.p_cr2_satterthwaite, ref.p_cr2_satterthwaite, TOL.did.p, `${what} p`);
  expect(got.n_clusters).toBe(10);
  expect(got.n_treated_clusters).toBe(5);
}

function checkAll(r: DidResult, ref: any, ds: string, withCov: boolean, level: 0.95 | 0.9 = 0.95) {
  expect(r.conf_level).toBe(level);
  const at90 = (key: string) => (level === 0.9 ? R90[key] : undefined);
  expectRelClose(r.did_2x2.estimate, ref.did_2x2.estimate, TOL.did.estimate, `${ds} 2x2`);
  checkTwfe(r.twfe, withCov ? ref.twfe_covariates : ref.twfe, ds, at90(withCov ? `${ds}_cov` : ds));
  if (withCov) checkTwfe(r.twfe_no_covariates!, ref.twfe, ds + " (no covariates)", at90(ds));
  const b = r.wild_cluster_bootstrap;
  expect(b.draws).toBe(ref.wild_cluster_bootstrap.draws);
  expect(b.weights).toBe("rademacher");
  if (!withCov) {
    expectRelClose(b.t, ref.wild_cluster_bootstrap.t, TOL.did.estimate, `${ds} bootstrap t`);
    // Exact comparison with the reference: a share of the 2^10 sign vectors, ties counted (on
    // did_unbalanced the all-signs-flipped draw gives t* = −t exactly and ties with the identity draw,
    // so the reference gives 6/1024 — see its `tie_rule`).
    expect(b.p_value).toBe(ref.wild_cluster_bootstrap.p_value);
    expect(b.ci![0]).toBeLessThan(r.twfe.estimate);
    expect(b.ci![1]).toBeGreaterThan(r.twfe.estimate);
    // randomization: the observed t is the TWFE CR1 t
    expectRelClose(r.randomization_inference.t, ref.wild_cluster_bootstrap.t, TOL.did.estimate, `${ds} RI t`);
    // swapping pilot and control labels gives β* = −β̂ (post is absorbed by the period FE), so the
    // observed and the complementary assignment both count: p ≥ 2/assignments (hand argument)
    const ri = r.randomization_inference;
    expect(ri.p_value).toBeGreaterThanOrEqual(2 / ri.assignments);
    if (2 / ri.assignments > 0.05) {
      // e.g. within county pairs: 2/32 > 0.05, so no finite 95% interval exists
      expect(ri.ci).toBeNull();
      expect(ri.ci_note).toMatch(/no finite 95% interval/);
    } else {
      expect(ri.ci![0]).toBeLessThan(r.twfe.estimate);
      expect(ri.ci![1]).toBeGreaterThan(r.twfe.estimate);
    }
  }
  const es = r.event_study;
  if (!withCov) {
    expect(String(es.reference_period)).toBe(String(ref.event_study.reference_year));
    expect(es.coefficients.map((c) => Number(c.period))).toEqual(ref.event_study.coefficients.map((c: any) => c.year));
    es.coefficients.forEach((c, j) => {
      expectRelClose(c.estimate, ref.event_study.coefficients[j].estimate, TOL.did.estimate, `${ds} event ${c.period}`);
      expectRelClose(c.se_cr1, ref.event_study.coefficients[j].se_cr1, TOL.did.se, `${ds} event se ${c.period}`);
    });
    es.coefficients.forEach((c, j) => {
      const rc = ref.event_study.coefficients[j];
      const lims = level === 0.95 ? [rc.lower, rc.upper] : [R90[`${ds}_es`].lower_90[j], R90[`${ds}_es`].upper_90[j]];
      expectCi(c.ci_cr1_t, lims, `${ds} event ${c.period} CR1 t(G-1) ${level}`);
      expectRelClose(c.p_cr1_t, rc.p_cr1, TOL.did.p, `${ds} event ${c.period} p_cr1`);
    });
    expectRelClose(es.pretrend_wald_chisq, ref.event_study.pretrend_wald_chisq, TOL.did.p, `${ds} pretrend Wald`);
    expectRelClose(es.pretrend_p, ref.event_study.pretrend_p, TOL.did.p, `${ds} pretrend p`);
    expect(es.pretrend_df).toBe(ref.event_study.pretrend_df);
  }
}

for (const ds of ["did_panel", "did_unbalanced"]) {
  const ref = loadReference("did", `${ds}.json`);
  const file = refPath("did", `${ds}.csv`);
  describe(`DiD on ${ds} vs R`, () => {
    it("API: TWFE, CR1, CR2 + Satterthwaite, bootstrap, event study", async () => {
      const t = await readTable(file);
      const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, cluster: "office", pair: "county" });
      checkAll(r, ref, ds, false);
      expect(r.randomization_inference.assignments).toBe(32); // 2^5 pairs
      expect(r.dropped.total).toBe(0);
    });
    it("API with covariates age, impaired", async () => {
      const t = await readTable(file);
      const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, covariates: ["age", "impaired"] });
      checkAll(r, ref, ds, true);
      expect(r.randomization_inference.assignments).toBe(252); // C(10,5)
    });
    it("CLI --format json", () => {
      const r = runCliJson<DidResult>(["did", "--data", file, ...base]);
      checkAll(r, ref, ds, false);
      const rc = runCliJson<DidResult>(["did", "--data", file, ...base, "--covariates", "age,impaired"]);
      checkAll(rc, ref, ds, true);
    }, 60_000);
    it("API and CLI at --conf-level 0.9", async () => {
      const t = await readTable(file);
      const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, cluster: "office", level: 0.9 };
      checkAll(didFromTable(t, spec), ref, ds, false, 0.9);
      checkAll(didFromTable(t, { ...spec, covariates: ["age", "impaired"] }), ref, ds, true, 0.9);
      checkAll(runCliJson<DidResult>(["did", "--data", file, ...base, "--conf-level", "0.9"]), ref, ds, false, 0.9);
    }, 60_000);
  });
}
