/**
 * R survival's pbc data (the 312 randomised patients) beyond the shared reference sets (issue 12):
 * covariates on extreme scales, floating-point follow-up times and fractional case weights.
 * Data and every expected number: Rscript test/fixtures/survival/r-beyond.R (R 4.2.2, survival 3.5-3),
 * part A; it writes test/fixtures/survival/pbc.csv and r-beyond.json. The R calls:
 *   coxph(Surv(time, dead) ~ age_e6 + edema + logbili + logalb_e4, pbc)      # age ×1e6, log albumin ×1e-4
 *   cox.zph(coxph(Surv(time, dead) ~ age + edema + logbili + logalb, pbc))  # R's cox.zph fails on the scaled
 *     fit ("system is computationally singular"); the test is scale-invariant, so its value is the unscaled one
 *   years = (age + time/365.25) − age;  years_eps = time/365.25 + (id %% 3)·1e-12
 *   length(unique(aeqSurv(Surv(years))[, 1])); coxph(Surv(years, dead) ~ ...); survfit(Surv(years_eps, dead) ~ trt);
 *   survdiff(Surv(years_eps, dead) ~ trt)
 *   coxph(Surv(time, dead) ~ age + edema + logbili + logalb, pbc, weights = w)   # w = round(runif(312, 0.2, 3), 3)
 *   survfit(Surv(time, dead) ~ trt, pbc, weights = w)                            # robust (IJ) SE: R's default
 * R's std.err of a robust (IJ) Kaplan–Meier holds the SE of S; effekt's std_err is always the SE of −log S
 * (the convention of R's Greenwood std.err), so std_err·S is compared (as test/survival/km-weights.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { kaplanMeierFromTable } from "../../src/survival/km-from-table.js";
import { timefix } from "../../src/survival/timefix.js";
import { ROOT, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, expectRelClose } from "../helpers/reference.js";

const S = TOL.survival;
const FX = join(ROOT, "test", "fixtures", "survival");
const file = join(FX, "pbc.csv");
const R = JSON.parse(readFileSync(join(FX, "r-beyond.json"), "utf8"));
const COV = ["age", "edema", "logbili", "logalb"];

function checkCox(f: any, r: any, what: string) {
  expectAllRelClose(f.coef, r.coef, S.coef, `${what} coef`);
  expectAllRelClose(f.se, r.naive_se ?? r.se, S.se, `${what} se`);
  expectAllRelClose(f.loglik, r.loglik, S.coef, `${what} loglik`);
  expect(f.n).toBe(r.n);
  expect(f.nevent).toBe(r.nevent);
}

describe("pbc: covariates ×1e6 and ×1e-4", { timeout: 30_000 }, () => {
  it("fit as R (API), cox.zph as R's on the unscaled covariates", async () => {
    const f = coxphFromTable(await readTable(file), { time: "time", event: "dead", covariates: ["age_e6", "edema", "logbili", "logalb_e4"], zph: true });
    checkCox(f, R.scale, "scaled");
    // The Wald test does not depend on the covariates' scale: R's unscaled fit gives 193.815487249201.
    // R's scaled fit reports 176.077764126465 (and coxph.wtest(f$var, coef(f)) 41.10 on 2 df): R's own
    // Cholesky of a variance with 1e-17 and 1e7 on its diagonal loses columns; effekt tests in scaled units.
    expect(R.scale.wald).not.toBeCloseTo(R.unscaled.wald, 0);
    expectRelClose(f.tests.wald.stat, R.unscaled.wald, S.stat, "wald (scale-invariant)");
    expectRelClose(f.tests.score.stat, R.scale.score, S.stat, "score");
    expectAllRelClose(f.p, R.scale.p, S.se, "p");
    expect(R.scale.zph_r_scaled).toMatch(/singular/); // R itself cannot; effekt can and gives the invariant value
    expectAllRelClose(f.zph!.chisq, R.unscaled.zph, S.stat, "zph");
  });
  it("the CLI's JSON (which always runs cox.zph) prints the fit", () => {
    const j = runCliJson(["cox", "--data", file, "--time", "time", "--event", "dead", "--covariates", "age_e6,edema,logbili,logalb_e4"]);
    checkCox(j, R.scale, "CLI scaled");
    expectAllRelClose(j.zph.chisq, R.unscaled.zph, S.stat, "CLI zph");
  });
});

describe("pbc: floating-point follow-up times", { timeout: 30_000 }, () => {
  it("timefix merges as R's aeqSurv", async () => {
    const t = await readTable(file);
    const col = (n: string) => t.columns.get(n)!.values as Float64Array;
    const T = R.times;
    expect(new Set(col("time")).size).toBe(T.distinct_days);
    expect(new Set(col("years")).size).toBe(T.distinct_years);
    expect(new Set(timefix(col("years")).time).size).toBe(T.distinct_years_timefix);
    expect(new Set(col("years_eps")).size).toBe(T.distinct_eps);
    expect(new Set(timefix(col("years_eps")).time).size).toBe(T.distinct_eps_timefix);
  });
  it("Cox on years (exit age − entry age) and on times 1e-12 apart equals R's", async () => {
    const t = await readTable(file);
    checkCox(coxphFromTable(t, { time: "years", event: "dead", covariates: COV }), R.times.cox_years, "years");
    checkCox(coxphFromTable(t, { time: "years_eps", event: "dead", covariates: COV }), R.times.cox_eps, "years_eps");
    // and both equal the fit on whole days (Cox depends on the order of times only)
    expectAllRelClose(R.times.cox_eps.coef, R.unscaled.coef, 1e-9, "R: eps vs days");
  });
  it("Kaplan–Meier and log-rank on times 1e-12 apart (CLI JSON)", () => {
    const km = R.times.km_eps;
    const j = runCliJson(["km", "--data", file, "--time", "years_eps", "--event", "dead", "--group", "trt"]);
    const got = j.curves.flatMap((c: any) => c.surv);
    expect(j.curves.map((c: any) => c.time.length)).toEqual(km.strata);
    expect(got.length).toBe(km.nrow);
    expectAllRelClose(got, km.surv, S.surv, "surv");
    expectAllRelClose(j.curves.flatMap((c: any) => c.n_risk), km.n_risk, 0, "n_risk");
    expectAllRelClose(j.curves.flatMap((c: any) => c.std_err), km.std_err, S.se, "std_err");
    const lr = runCliJson(["logrank", "--data", file, "--time", "years_eps", "--event", "dead", "--group", "trt"]);
    expectRelClose(lr.chisq, R.times.logrank_eps.chisq, S.stat, "logrank");
    expectRelClose(lr.chisq, R.times.logrank_days.chisq, 1e-9, "logrank = on days");
  });
});

describe("pbc: fractional case weights", { timeout: 30_000 }, () => {
  it("Cox: robust variance by default, R's Wald, score and robust score", async () => {
    const f = coxphFromTable(await readTable(file), { time: "time", event: "dead", covariates: COV, weights: "w" });
    const r = R.weights;
    expect(f.variance).toBe("robust");
    checkCox(f, r, "weighted");
    expectAllRelClose(f.robust_se!, r.se, S.se, "robust se");
    expectRelClose(f.tests.wald.stat, r.wald, S.stat, "robust Wald");
    expectRelClose(f.tests.score.stat, r.score, S.stat, "score");
    expectRelClose(f.tests.robust_score!.stat, r.rscore, S.stat, "robust score");
    expectAllRelClose(f.p, r.p, S.se, "p");
    const m = coxphFromTable(await readTable(file), { time: "time", event: "dead", covariates: COV, weights: "w", robust: false });
    expectRelClose(m.tests.wald.stat, r.wald_model_based, S.stat, "model-based Wald");
  });
  it("Kaplan–Meier: weighted curve and R's default infinitesimal-jackknife SE (API and CLI)", async () => {
    const k = R.weights.km;
    const api = kaplanMeierFromTable(await readTable(file), { time: "time", event: "dead", group: "trt", weights: "w" });
    const cli = runCliJson(["km", "--data", file, "--time", "time", "--event", "dead", "--group", "trt", "--weights", "w"]);
    for (const [name, res] of [["API", api], ["CLI", cli]] as const) {
      const cs = (res as any).curves;
      expect(cs.map((c: any) => c.time.length), name).toEqual(k.strata);
      const flat = (key: string) => cs.flatMap((c: any) => Array.from(c[key] as ArrayLike<number>));
      expectAllRelClose(flat("surv"), k.surv, S.surv, `${name} surv`);
      expectAllRelClose(flat("n_risk"), k.n_risk, 1e-12, `${name} n_risk`);
      const se = flat("std_err"), surv = flat("surv");
      expectAllRelClose(se.map((v: number, i: number) => v * surv[i]), k.std_err, S.se, `${name} std_err·S`);
      expectAllRelClose(flat("lower"), k.lower, S.surv, `${name} lower`);
      expectAllRelClose(flat("upper"), k.upper, S.surv, `${name} upper`);
    }
  });
});
