/**
 * Rossi recidivism data (../shared/peers/rossi.csv; Rossi, Berk & Lenihan 1980): every Cox, cox.zph,
 * Kaplan–Meier and log-rank value that R (survival 3.5-3) and lifelines 0.30.1 give, through the API
 * and `effekt cox|km|logrank --format json`, at the peers README's tolerances (relative 1e-6 on
 * coefficients, statistics, survival and p-values, 1e-5 on SEs). Expected numbers: rossi.R.json and
 * rossi.py.json (their `call` fields give the exact calls).
 * Concordance (R 0.640329, lifelines 0.640329) is checked when the Cox result carries it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coxphFromTable, kaplanMeierFromTable, logrankFromTable, readTable } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";
import { runCliJsonAsync } from "../helpers/cli-async.js";

const PEERS = process.env.EFFEKT_PEERS ?? join(ROOT, "..", "shared", "peers");
const R = JSON.parse(readFileSync(join(PEERS, "rossi.R.json"), "utf8"));
// rossi.py.json writes lifelines' unreached median as the bare token Infinity (not JSON): read it as null
const PY = JSON.parse(readFileSync(join(PEERS, "rossi.py.json"), "utf8").replace(/-?\bInfinity\b/g, "null"));
const FILE = join(PEERS, "rossi.csv");
const COV = ["fin", "age", "race", "wexp", "mar", "paro", "prio"];
const TOL = { coef: 1e-6, se: 1e-5, stat: 1e-6, surv: 1e-6 };

function close(actual: number, expected: number, rel: number, what: string) {
  const diff = Math.abs(actual - expected);
  if (!(diff <= rel * Math.abs(expected) + 1e-14)) expect.fail(`${what}: effekt ${actual}, peer ${expected} (relative difference ${diff / Math.abs(expected)}, tolerance ${rel})`);
}
const closeAll = (a: ArrayLike<number>, e: number[], rel: number, what: string) => {
  expect(a.length, `${what} length`).toBe(e.length);
  e.forEach((v, i) => close(a[i], v, rel, `${what}[${i}]`));
};

function checkCox(fit: any, ties: "efron" | "breslow") {
  expect(fit.terms).toEqual(COV);
  if (ties === "breslow") {
    closeAll(fit.coef, R.cox_breslow.coef, TOL.coef, "Breslow coef");
    closeAll(fit.se, R.cox_breslow.se, TOL.se, "Breslow se");
    close(fit.loglik[1], R.cox_breslow.loglik, TOL.coef, "Breslow loglik");
    return;
  }
  const c = R.cox;
  closeAll(fit.coef, c.coef, TOL.coef, "coef");
  closeAll(fit.se, c.se, TOL.se, "se");
  closeAll(fit.z, c.z, TOL.stat, "z");
  closeAll(fit.p, c.p, TOL.stat, "p");
  close(fit.loglik[0], c.loglik_null, TOL.coef, "loglik null");
  close(fit.loglik[1], c.loglik, TOL.coef, "loglik");
  expect(fit.n).toBe(c.n);
  expect(fit.nevent).toBe(c.nevent);
  close(fit.tests.lr.stat, c.lr_test, TOL.stat, "LR test");
  close(fit.tests.wald.stat, c.wald_test, TOL.stat, "Wald test");
  close(fit.tests.score.stat, c.score_test, TOL.stat, "score test");
  // lifelines (Efron)
  const l = PY.cox_lifelines;
  closeAll(fit.coef, l.coef, TOL.coef, "lifelines coef");
  closeAll(fit.se, l.se, TOL.se, "lifelines se");
  close(fit.loglik[1], l.loglik, TOL.coef, "lifelines loglik");
  // cox.zph(fit), transform "km"; every term is a single column, so terms = TRUE equals terms = FALSE
  const z = R.zph;
  expect(fit.zph.rows).toEqual(z.terms);
  closeAll(fit.zph.chisq, z.chisq, TOL.stat, "zph chisq");
  expect(fit.zph.df).toEqual(z.df);
  closeAll(fit.zph.p, z.p, TOL.stat, "zph p");
  if (fit.concordance !== undefined) {
    const cc = typeof fit.concordance === "number" ? fit.concordance : fit.concordance.concordance;
    close(cc, c.concordance, TOL.stat, "concordance (R)");
    close(cc, l.concordance, TOL.stat, "concordance (lifelines)");
  }
}

function checkKm(curves: any[]) {
  expect(curves.map((c) => c.group)).toEqual(R.km.strata);
  for (const cv of curves) {
    const e = R.km.curves[cv.group];
    for (const k of ["time", "n_risk", "n_event", "n_censor"]) expect(Array.from(cv[k]), `${cv.group} ${k}`).toEqual(e[k]);
    closeAll(cv.surv, e.surv, TOL.surv, `${cv.group} surv`);
    closeAll(cv.std_err, e.std_err_cumhaz, TOL.se, `${cv.group} std.err`);
    closeAll(cv.lower, e.lower, TOL.surv, `${cv.group} lower`);
    closeAll(cv.upper, e.upper, TOL.surv, `${cv.group} upper`);
    const lf = PY.km_lifelines.curves[cv.group];
    expect(Array.from(cv.time)).toEqual(lf.time);
    closeAll(cv.surv, lf.surv, TOL.surv, `${cv.group} lifelines surv`);
    // medians: not reached in either group (R NA, lifelines inf)
    expect(cv.median === null || !Number.isFinite(cv.median)).toBe(true);
    expect(lf.median === null || !Number.isFinite(lf.median)).toBe(true);
  }
}

function checkLogrank(r: any) {
  const e = R.logrank;
  close(r.chisq, e.chisq, TOL.stat, "log-rank chisq");
  close(r.p, e.p, TOL.stat, "log-rank p");
  closeAll(r.observed, e.observed, TOL.stat, "observed");
  closeAll(r.expected, e.expected, TOL.stat, "expected");
  expect(Array.from(r.n)).toEqual(e.n);
  close(r.chisq, PY.logrank_lifelines.chisq, TOL.stat, "lifelines chisq");
  close(r.p, PY.logrank_lifelines.p, TOL.stat, "lifelines p");
}

describe("rossi through the API", async () => {
  it("coxph Efron and Breslow, cox.zph", async () => {
    const t = await readTable(FILE);
    checkCox(coxphFromTable(t, { time: "week", event: "arrest", covariates: COV, zph: true }), "efron");
    checkCox(coxphFromTable(t, { time: "week", event: "arrest", covariates: COV, ties: "breslow" }), "breslow");
  });
  it("Kaplan–Meier by fin and the log-rank test", async () => {
    const t = await readTable(FILE);
    checkKm(kaplanMeierFromTable(t, { time: "week", event: "arrest", group: "fin", confType: "log" }).curves);
    checkLogrank(logrankFromTable(t, { time: "week", event: "arrest", group: "fin" }));
  });
});

describe("rossi through the CLI --format json", async () => {
  it("effekt cox (Efron, Breslow)", async () => {
    const base = ["cox", "--data", FILE, "--time", "week", "--event", "arrest", "--covariates", COV.join(",")];
    checkCox(await runCliJsonAsync(base), "efron");
    checkCox(await runCliJsonAsync([...base, "--ties", "breslow"]), "breslow");
  }, 30000);
  it("effekt km and logrank", async () => {
    checkKm((await runCliJsonAsync(["km", "--data", FILE, "--time", "week", "--event", "arrest", "--group", "fin", "--conf-type", "log"])).curves);
    checkLogrank(await runCliJsonAsync(["logrank", "--data", FILE, "--time", "week", "--event", "arrest", "--group", "fin"]));
  }, 30000);
});
