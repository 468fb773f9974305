/**
 * R survival's bundled data beyond the shared reference sets (issue 12): time-dependent covariates
 * built with tmerge (pbc + pbcseq, survival's "timedep" vignette), competing risks (mgus2: progression
 * to plasma-cell malignancy before death, Aalen–Johansen) and a factor with 30 Norwegian levels.
 * Data and every expected number: Rscript test/fixtures/survival/r-beyond.R (R 4.2.2, survival 3.5-3),
 * parts B–D, written to test/fixtures/survival/{pbc-tmerge,mgus2,levels30}.csv and r-beyond.json:
 *   pbc2 <- tmerge(temp, temp, id = id, death = event(time, status))
 *   pbc2 <- tmerge(pbc2, pbcseq, id = id, ascites = tdc(day, ascites), bili = tdc(day, bili), albumin = ..., protime = ...)
 *   coxph(Surv(tstart, tstop, dead) ~ age + logbili + logprotime + logalb, pbc2)   (+ ties = "breslow", cluster = id)
 *   cox.zph(fit)$table[, 1]; concordance(fit); survfit(Surv(tstart, tstop, dead) ~ trt, pbc2)
 *   survfit(Surv(etime, factor(event, 0:2, labels = c("censor", "pcm", "death"))) ~ sex, mgus2)
 *   summary(that, times = c(60, 120, 240))
 *   icuSetCollate(locale = "nb_NO"); office <- factor(office, levels = sort(unique(office)))
 *   coxph(Surv(time, status) ~ office + age, d); coxph(... ~ relevel(office, "Oslo") + age, d); survdiff(... ~ office, d)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { aalenJohansenFromTable } from "../../src/survival/cuminc-from-table.js";
import { kaplanMeierFromTable, logrankFromTable } from "../../src/survival/km-from-table.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, expectRelClose } from "../helpers/reference.js";

const S = TOL.survival;
const FX = join(ROOT, "test", "fixtures", "survival");
const R = JSON.parse(readFileSync(join(FX, "r-beyond.json"), "utf8"));
const flat = (cs: any[], key: string) => cs.flatMap((c: any) => Array.from(c[key] as ArrayLike<number>));
/** R's NA (null in the JSON) where the limit is undefined (cumulative incidence 0): NaN in the API, null in JSON. */
function expectLimits(got: (number | null)[], want: (number | null)[], what: string) {
  const undef = (v: number | null) => v === null || Number.isNaN(v);
  expect(got.map(undef), `${what}: where undefined`).toEqual(want.map(undef));
  expectAllRelClose(got.filter((v) => !undef(v)) as number[], want.filter((v) => !undef(v)) as number[], S.surv, what);
}

describe("time-dependent covariates: pbc + pbcseq through tmerge, (start, stop] rows", { timeout: 30_000 }, () => {
  const file = join(FX, "pbc-tmerge.csv");
  const spec = { start: "tstart", time: "tstop", event: "dead", covariates: ["age", "logbili", "logprotime", "logalb"] };
  it("Cox (Efron and Breslow), cox.zph, concordance, robust SE by patient (API)", async () => {
    const t = await readTable(file);
    const r = R.tdc;
    expect(t.nrows).toBe(r.nrow);
    const f = coxphFromTable(t, { ...spec, zph: true, concordance: true });
    expectAllRelClose(f.coef, r.coef, S.coef, "coef");
    expectAllRelClose(f.se, r.se, S.se, "se");
    expectAllRelClose(f.loglik, r.loglik, S.coef, "loglik");
    expectRelClose(f.tests.wald.stat, r.wald, S.stat, "wald");
    expectRelClose(f.tests.score.stat, r.score, S.stat, "score");
    expect([f.n, f.nevent]).toEqual([r.n, r.nevent]);
    expectAllRelClose(f.zph!.chisq, r.zph, S.stat, "zph");
    expectRelClose(f.concordance!.concordance, r.concordance.c, 1e-10, "concordance");
    expectRelClose(f.concordance!.std, r.concordance.se, 1e-8, "concordance se");
    expectAllRelClose(coxphFromTable(t, { ...spec, ties: "breslow" }).coef, r.breslow_coef, S.coef, "breslow");
    const c = coxphFromTable(t, { ...spec, cluster: "id" });
    expectAllRelClose(c.robust_se!, r.robust_se, S.se, "robust se");
    expectRelClose(c.tests.robust_score!.stat, r.rscore, S.stat, "robust score");
    // strata with (start, stop] rows and a robust variance: the score residuals add back, per stratum,
    // the event times at or before each row's start (robust.ts). R 4.2.2, survival 3.5-3:
    //   coxph(Surv(tstart, tstop, dead) ~ age + logbili + strata(trt), data = d, cluster = id)
    //   coef 0.0622800403480092 1.50548923052499; se 0.00884954354156465 0.106252916405156;
    //   robust se 0.0106435089994211 0.122416614635762; loglik -553.978639105347 -396.797704387344
    const st = coxphFromTable(t, { start: "tstart", time: "tstop", event: "dead", covariates: ["age", "logbili"], strata: "trt", cluster: "id" });
    expectAllRelClose(st.coef, [0.0622800403480092, 1.50548923052499], S.coef, "strata coef");
    expectAllRelClose(st.se, [0.00884954354156465, 0.106252916405156], S.se, "strata se");
    expectAllRelClose(st.robust_se!, [0.0106435089994211, 0.122416614635762], S.se, "strata robust se");
    expectAllRelClose(st.loglik, [-553.978639105347, -396.797704387344], S.coef, "strata loglik");
  });
  it("Kaplan–Meier on (start, stop] rows (CLI JSON)", () => {
    const k = R.tdc.km;
    const j = runCliJson(["km", "--data", file, "--start", "tstart", "--time", "tstop", "--event", "dead", "--group", "trt"]);
    expect(j.curves.map((c: any) => c.time.length)).toEqual(k.strata);
    expectAllRelClose(flat(j.curves, "time"), k.time, 1e-15, "time");
    expectAllRelClose(flat(j.curves, "n_risk"), k.n_risk, 0, "n_risk");
    expectAllRelClose(flat(j.curves, "surv"), k.surv, S.surv, "surv");
    expectAllRelClose(flat(j.curves, "std_err"), k.std_err, S.se, "std_err");
  });
});

describe("competing risks: mgus2 (pcm before death), Aalen–Johansen", { timeout: 30_000 }, () => {
  const file = join(FX, "mgus2.csv");
  function check(res: any, what: string) {
    const m = R.mgus2;
    const cs = res.curves;
    expect(cs.map((c: any) => c.group), what).toEqual(["sex=F", "sex=M"]);
    expect(cs.map((c: any) => c.time.length), what).toEqual(m.strata);
    expectAllRelClose(flat(cs, "time"), m.time, 1e-15, `${what} time`);
    expectAllRelClose(flat(cs, "n_risk"), m.n_risk, 0, `${what} n_risk`);
    const cause = (q: number, key: string) => cs.flatMap((c: any) => Array.from(c.causes[q][key] as ArrayLike<number>));
    expectAllRelClose(cause(0, "cuminc"), m.p_pcm, S.surv, `${what} P(pcm)`);
    expectAllRelClose(cause(1, "cuminc"), m.p_death, S.surv, `${what} P(death)`);
    expectAllRelClose(cause(0, "std_err_cuminc"), m.se_pcm, S.se, `${what} se pcm`);
    expectAllRelClose(cause(1, "std_err_cuminc"), m.se_death, S.se, `${what} se death`);
    expectLimits(cause(0, "lower"), m.lower_pcm, `${what} lower pcm`);
    expectLimits(cause(0, "upper"), m.upper_pcm, `${what} upper pcm`);
  }
  it("API", async () => {
    check(aalenJohansenFromTable(await readTable(file), { time: "etime", cause: "event", group: "sex" }), "API");
  });
  it("API, at times (test/fixtures/survival/mgus2-at.R: R's summary(aj, times = c(0.5, 60, 120, 240, 400)))", async () => {
    const A = JSON.parse(readFileSync(join(FX, "mgus2-at.json"), "utf8"));
    const res = aalenJohansenFromTable(await readTable(file), { time: "etime", cause: "event", group: "sex", times: [0.5, 60, 120, 240, 400] });
    // R leaves out a time after a curve's last time (extend = FALSE): 400 for sex=F (last time 394); effekt gives NaN there
    const at = res.curves.map((c) => c.at_times!);
    const fAt400 = at[0];
    expect([fAt400.n_risk[4], fAt400.surv[4], fAt400.causes[0].cuminc[4], fAt400.causes[0].lower[4]]).toEqual([0, NaN, NaN, NaN]);
    const keep = (xs: ArrayLike<number>[]) => [...Array.from(xs[0]).slice(0, 4), ...Array.from(xs[1])];
    const both = (f: (a: (typeof at)[number]) => ArrayLike<number>) => keep(at.map(f));
    expect(both((a) => a.time)).toEqual(A.time);
    expect(both((a) => a.n_risk)).toEqual(A.n_risk);
    // each curve's n: its rows, all at risk at 0.5 days (R's n.risk there: 631 women, 753 men)
    expect(res.curves.map((c) => c.n)).toEqual([A.n_risk[0], A.n_risk[4]]);
    expect(both((a) => a.n_censor)).toEqual(A.n_censor);
    expect(both((a) => a.causes[0].n_event)).toEqual(A.n_event_pcm);
    expect(both((a) => a.causes[1].n_event)).toEqual(A.n_event_death);
    expectAllRelClose(both((a) => a.surv), A.surv, S.surv, "surv at times");
    for (const [q, name] of [[0, "pcm"], [1, "death"]] as const) {
      expectAllRelClose(both((a) => a.causes[q].cuminc), A[`cuminc_${name}`], S.surv, `P(${name}) at times`);
      expectAllRelClose(both((a) => a.causes[q].std_err_cuminc), A[`se_${name}`], S.se, `se ${name} at times`);
      expectAllRelClose(both((a) => a.causes[q].lower), A[`lower_${name}`], S.surv, `lower ${name} at times`);
      expectAllRelClose(both((a) => a.causes[q].upper), A[`upper_${name}`], S.surv, `upper ${name} at times`);
    }
  });
  it("CLI JSON, with --times", () => {
    const j = runCliJson(["cuminc", "--data", file, "--time", "etime", "--cause", "event", "--group", "sex", "--times", "60,120,240"]);
    check(j, "CLI");
    const at = R.mgus2.at;
    const got = j.curves.flatMap((c: any) => c.at_times.causes[0].cuminc);
    expectAllRelClose(got, at.p_pcm, S.surv, "P(pcm) at times");
    expectAllRelClose(j.curves.flatMap((c: any) => c.at_times.causes[1].cuminc), at.p_death, S.surv, "P(death) at times");
    expectAllRelClose(j.curves.flatMap((c: any) => c.at_times.causes[0].std_err_cuminc), at.se_pcm, S.se, "se pcm at times");
  });
});

describe("a factor with 30 Norwegian levels", { timeout: 30_000 }, () => {
  const file = join(FX, "levels30.csv");
  const r = R.levels30;
  it("levels in R's Norwegian order (ICU nb), the first the reference; a named reference as relevel()", async () => {
    const t = await readTable(file);
    const f = coxphFromTable(t, { time: "time", event: "status", covariates: ["office", "age"] });
    expect(f.factors.office).toEqual({ levels: r.levels, reference: r.levels[0] });
    expect(f.terms).toEqual(r.terms);
    expectAllRelClose(f.coef, r.coef, S.coef, "coef");
    expectAllRelClose(f.se, r.se, S.se, "se");
    expectAllRelClose(f.loglik, r.loglik, S.coef, "loglik");
    const o = coxphFromTable(t, { time: "time", event: "status", covariates: ["office", "age"], factors: { office: "Oslo" } });
    expect(o.factors.office.reference).toBe("Oslo");
    expectAllRelClose(o.coef, r.oslo_coef, S.coef, "coef (Oslo reference)");
    expectAllRelClose(o.se, r.oslo_se, S.se, "se (Oslo reference)");
    const km = kaplanMeierFromTable(t, { time: "time", event: "status", group: "office" });
    expect(km.curves.map((c) => c.group)).toEqual(r.levels.map((l: string) => `office=${l}`));
    expectRelClose(logrankFromTable(t, { time: "time", event: "status", group: "office" }).chisq, r.logrank, S.stat, "log-rank, 29 df");
  });
  it("CLI: JSON and table name the reference level", () => {
    const args = ["cox", "--data", file, "--time", "time", "--event", "status", "--covariates", "office,age"];
    const j = runCliJson(args);
    expect(j.factors.office.reference).toBe(r.levels[0]);
    expectAllRelClose(j.coef, r.coef, S.coef, "CLI coef");
    expect(runCli(args).stdout).toContain(`reference level of office: ${r.levels[0]}`);
  });
});
