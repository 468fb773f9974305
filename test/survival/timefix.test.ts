/**
 * Near-equal times (R's timefix / aeqSurv): follow-up in years computed as exit age − entry age
 * differs in the last bits between subjects followed for the same number of days. R merges times
 * closer than sqrt(.Machine$double.eps) (relative) in coxph, survfit and survdiff; so does effekt.
 * Data and every expected number: Rscript test/fixtures/survival/timefix.R (R 4.2.2, survival 3.5-3),
 * which writes test/fixtures/survival/timefix.csv and prints:
 *   distinct times 152, after timefix 115
 *   km <- survfit(Surv(time, status) ~ 1, d): 115 rows; surv[c(1, 10, 50, 115)]
 *     0.987500000000000 0.954903510811439 0.664881013331047 0; time[c(1, 10, 50)]
 *     0.0027378507871311797 0.0273785078713189023 0.1396303901437363493; n.risk 400 383 230;
 *     std.err 0.00562543950463012 0.01087775602895076 0.03697681975685414
 *   survdiff(Surv(time, status) ~ grp, d)$chisq 0.0153443567389273
 *   coxph(Surv(time, status) ~ x + grp, d): coef 0.00655836885775223 -0.01528615088912264,
 *     se 0.056994722260205 0.116977396654655, loglik -1482.14163690856 -1482.12539662191
 *   survfit(Surv(time, factor(cause)) ~ 1, d): 115 rows; pstate[c(10, 50, 115), 2:3]
 *     (0.0225644036270635, 0.0225320855614973), (0.1528957842322321, 0.1822232024367214),
 *     (0.4739111807824894, 0.5260888192175104); std.err[c(10, 50, 115), 2:3]
 *     (0.00743624399095784, 0.0074256838503329), (0.01869280333811107, 0.0200421358312005),
 *     (0.03050183714802564, 0.0305018371480256)
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxph, coxphFromTable } from "../../src/survival/cox/index.js";
import { aalenJohansenFromTable } from "../../src/survival/cuminc-from-table.js";
import { kaplanMeierFromTable, logrankFromTable } from "../../src/survival/km-from-table.js";
import { logrank } from "../../src/survival/logrank.js";
import { timefix } from "../../src/survival/timefix.js";
import { kaplanMeier } from "../../src/survival/kaplan-meier.js";
import { ROOT, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

const file = join(ROOT, "test", "fixtures", "survival", "timefix.csv");
const S = TOL.survival;

describe("timefix: near-equal times merged as R", { timeout: 30_000 }, () => {
  it("merges 152 distinct floating-point times into R's 115", async () => {
    const t = await readTable(file);
    const time = t.columns.get("time")!.values as Float64Array;
    expect(new Set(time).size).toBe(152);
    expect(new Set(timefix(time).time).size).toBe(115);
    // whole days are never merged
    const days = Float64Array.from([1, 2, 3, 3, 4]);
    expect(timefix(days).time).toBe(days);
  });

  it("Cox with and without timefix, and its iteration count, as R", async () => {
    // R 4.2.2, survival 3.5-3 (d <- read.csv("timefix.csv")):
    //   f1 <- coxph(Surv(time, status) ~ x, d); f0 <- update(f1, timefix = FALSE)
    //   coef 0.00705026668729578 / 0.00716948249543621; loglik (-1482.14163690856, -1482.13393714042) /
    //   (-1481.81169269052, -1481.80373265382); f$iter 2 / 2
    const t = await readTable(file);
    const time = t.columns.get("time")!.values as Float64Array;
    const event = t.columns.get("status")!.values as Float64Array;
    const x = [t.columns.get("x")!.values as Float64Array];
    const f1 = coxph({ time, event, x, names: ["x"] });
    const f0 = coxph({ time, event, x, names: ["x"], timefix: false });
    expectRelClose(f1.coef[0], 0.00705026668729578, S.coef, "coef (timefix)");
    expectAllRelClose(f1.loglik, [-1482.14163690856, -1482.13393714042], S.coef, "loglik (timefix)");
    expectRelClose(f0.coef[0], 0.00716948249543621, S.coef, "coef (timefix = FALSE)");
    expectAllRelClose(f0.loglik, [-1481.81169269052, -1481.80373265382], S.coef, "loglik (timefix = FALSE)");
    expect([f1.iter, f0.iter]).toEqual([2, 2]);
    // lung, coxph(Surv(time, dead) ~ age + sex + ph_ecog): fit$iter = 3
    const lung = await readTable(refPath("survival", "lung.csv"));
    expect(coxphFromTable(lung, { time: "time", event: "dead", covariates: ["age", "sex", "ph_ecog"] }).iter).toBe(3);
  });

  it("merges by the relative rule at large magnitudes, and start times with stop times (R's aeqSurv)", () => {
    // R: aeqSurv(Surv(c(19000, 19000.00001, 19001, 19002, 19000.5), c(1, 1, 1, 0, 1)))[, 1] =
    //   19000 19000 19001 19002 19000.5 — a difference of 1e-5 is above the tolerance 1.49e-8 but
    //   below it relative to the mean |time| (1e-5 / 19000.7 = 5.3e-10)
    const t = Float64Array.from([19000, 19000.00001, 19001, 19002, 19000.5]);
    expect(Array.from(timefix(t).time)).toEqual([19000, 19000, 19001, 19002, 19000.5]);
    // R: survfit(Surv(t, c(1, 1, 1, 0, 1)) ~ 1): times 19000 19000.5 19001 19002, events 2 1 1 0
    const km = kaplanMeier({ time: t, event: Float64Array.from([1, 1, 1, 0, 1]) }).curves[0];
    expect(Array.from(km.time)).toEqual([19000, 19000.5, 19001, 19002]);
    expect(Array.from(km.n_event)).toEqual([2, 1, 1, 0]);
    // R: survfit(Surv(c(0, 0, 4.999999999999, 0, 1), c(5, 7, 9, 6, 8), c(1, 1, 1, 0, 1)) ~ 1): the death
    // at 5 and the start 4.999999999999 merge (to the first of the run), so that row is not at risk then:
    // times 4.999999999999 6 7 8 9, at risk 4 4 3 2 1 (with timefix = FALSE: time 5, 5 at risk)
    const start = Float64Array.from([0, 0, 4.999999999999, 0, 1]);
    const stop = Float64Array.from([5, 7, 9, 6, 8]);
    const ev = Float64Array.from([1, 1, 1, 0, 1]);
    const c = kaplanMeier({ time: stop, start, event: ev }).curves[0];
    expect(Array.from(c.time)).toEqual([4.999999999999, 6, 7, 8, 9]);
    expect(Array.from(c.n_risk)).toEqual([4, 4, 3, 2, 1]);
    const raw = kaplanMeier({ time: stop, start, event: ev, timefix: false }).curves[0];
    expect([raw.time[0], raw.n_risk[0]]).toEqual([5, 5]);
  });

  it("Kaplan–Meier (API and CLI JSON)", async () => {
    const km = kaplanMeierFromTable(await readTable(file), { time: "time", event: "status" });
    const j = runCliJson(["km", "--data", file, "--time", "time", "--event", "status"]);
    for (const c of [km.curves[0], j.curves[0]]) {
      expect(c.time.length).toBe(115);
      const at = (a: ArrayLike<number>, i: number[]) => i.map((k) => a[k]);
      expectAllRelClose(at(c.surv, [0, 9, 49]), [0.9875, 0.954903510811439, 0.664881013331047], S.surv, "surv");
      expect(c.surv[114]).toBe(0);
      expectAllRelClose(at(c.time, [0, 9, 49]), [0.0027378507871311797, 0.0273785078713189023, 0.1396303901437363493], 1e-15, "time");
      expect(at(c.n_risk, [0, 9, 49])).toEqual([400, 383, 230]);
      expectAllRelClose(at(c.std_err, [0, 9, 49]), [0.00562543950463012, 0.01087775602895076, 0.03697681975685414], S.se, "se");
    }
  });

  it("log-rank (CLI JSON)", () => {
    const j = runCliJson(["logrank", "--data", file, "--time", "time", "--event", "status", "--group", "grp"]);
    expectRelClose(j.chisq, 0.0153443567389273, S.stat, "chisq");
  });

  it("log-rank (API); timefix: false keeps the 152 times apart, which changes the statistic", async () => {
    const t = await readTable(file);
    const num = (k: string) => t.columns.get(k)!.values as Float64Array;
    const group = Int32Array.from(t.columns.get("grp")!.values as string[], (g) => (g === "a" ? 0 : 1));
    expectRelClose(logrankFromTable(t, { time: "time", event: "status", group: "grp" }).chisq, 0.0153443567389273, S.stat, "chisq");
    expectRelClose(logrank({ time: num("time"), event: num("status"), group }).chisq, 0.0153443567389273, S.stat, "chisq (logrank)");
    const apart = logrank({ time: num("time"), event: num("status"), group, timefix: false }).chisq;
    expect(Math.abs(apart / 0.0153443567389273 - 1)).toBeGreaterThan(1e-6);
  });

  it("Cox", async () => {
    const f = coxphFromTable(await readTable(file), { time: "time", event: "status", covariates: ["x", "grp"] });
    expectAllRelClose(f.coef, [0.00655836885775223, -0.01528615088912264], S.coef, "coef");
    expectAllRelClose(f.se, [0.056994722260205, 0.116977396654655], S.se, "se");
    expectAllRelClose(f.loglik, [-1482.14163690856, -1482.12539662191], S.coef, "loglik");
  });

  it("Aalen–Johansen", async () => {
    const aj = aalenJohansenFromTable(await readTable(file), { time: "time", cause: "cause" });
    const c = aj.curves[0];
    expect(c.time.length).toBe(115);
    const rows = [9, 49, 114];
    expectAllRelClose(rows.map((r) => c.causes[0].cuminc[r]), [0.0225644036270635, 0.1528957842322321, 0.4739111807824894], S.surv, "F1");
    expectAllRelClose(rows.map((r) => c.causes[1].cuminc[r]), [0.0225320855614973, 0.1822232024367214, 0.5260888192175104], S.surv, "F2");
    expectAllRelClose(rows.map((r) => c.causes[0].std_err_cuminc[r]), [0.00743624399095784, 0.01869280333811107, 0.03050183714802564], S.se, "se1");
    expectAllRelClose(rows.map((r) => c.causes[1].std_err_cuminc[r]), [0.0074256838503329, 0.0200421358312005, 0.0305018371480256], S.se, "se2");
  });
});
