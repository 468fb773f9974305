/**
 * Restricted mean survival time per group and the difference with a CI (issue 12).
 * Expected numbers: R 4.2.2, survival 3.5-3, on ../shared/reference/survival/{lung,heart}.csv:
 *   f <- survfit(Surv(time, dead) ~ sex, lung); summary(f, rmean = 365)$table[, c("rmean", "se(rmean)")]
 *     sex=1 241.495085192057 10.3582264910969; sex=2 297.465409532037 10.7913239788001
 *   summary(f, rmean = 1200)  (beyond sex=2's last time 1022: S extended, as R)
 *     sex=1 332.441178581117 25.1213796947548; sex=2 475.459481737313 41.0101781839794
 *   lung$w <- lung$ph_karno / 50; summary(survfit(Surv(time, dead) ~ sex, lung, weights = w), rmean = 365)
 *     (the same with robust = FALSE) sex=1 247.193219603896 8.04840373378977; sex=2 301.627066039991 8.29903345290487
 *   summary(survfit(Surv(start, stop, event) ~ surgery, heart), rmean = 1000)
 *     surgery=0 312.232059769391 43.4271258338476; surgery=1 616.868269230769 108.5928282113482
 * The difference: survRM2::rmst2's unadjusted contrast (independent arms), derived from R's values:
 *   RMST_2 − RMST_1 ± qnorm(0.975)·sqrt(se_1² + se_2²), p = 2·pnorm(−|diff/se|).
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { kaplanMeierFromTable } from "../../src/survival/km-from-table.js";
import { rmstFromKm } from "../../src/survival/rmst.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

const lung = refPath("survival", "lung.csv");

function check(r: any, rmean: number[], se: number[], what: string) {
  expectAllRelClose(r.curves.map((c: any) => c.rmean), rmean, 1e-10, `${what} rmean`);
  expectAllRelClose(r.curves.map((c: any) => c.se), se, 1e-9, `${what} se`);
  const d = r.difference;
  const est = rmean[1] - rmean[0];
  const s = Math.hypot(se[0], se[1]);
  expectRelClose(d.estimate, est, 1e-10, `${what} difference`);
  expectRelClose(d.se, s, 1e-9, `${what} difference se`);
  expectAllRelClose(d.ci, [est - 1.959963984540054 * s, est + 1.959963984540054 * s], 1e-9, `${what} CI`);
}

describe("RMST per group as R's summary(survfit, rmean = τ), and the difference", { timeout: 30_000 }, () => {
  it("lung by sex at 365 and 1200 days, and with fractional weights (API)", async () => {
    const t = await readTable(lung);
    const km = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex" });
    check(rmstFromKm(km, 365), [241.495085192057, 297.465409532037], [10.3582264910969, 10.7913239788001], "365");
    check(rmstFromKm(km, 1200), [332.441178581117, 475.459481737313], [25.1213796947548, 41.0101781839794], "1200");
    const karno = t.columns.get("ph_karno")!.values as Float64Array;
    t.columns.set("w", { name: "w", type: "number", values: Float64Array.from(karno, (v) => v / 50) });
    t.names.push("w");
    const kw = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex", weights: "w" });
    check(rmstFromKm(kw, 365), [247.193219603896, 301.627066039991], [8.04840373378977, 8.29903345290487], "weighted");
  });
  it("the difference's p-value and a 90 % interval; a bad tau, level or a curve with negative times is a usage error (API)", async () => {
    const km = kaplanMeierFromTable(await readTable(lung), { time: "time", event: "dead", group: "sex" });
    // from R's values at 365 (above): est = 297.465409532037 − 241.495085192057, se = hypot of the SEs;
    // survRM2's unadjusted contrast: p = 2·(1 − Φ(|est/se|)); at 90 % z = qnorm(0.95) = 1.644853626951472
    const est = 297.465409532037 - 241.495085192057;
    const se = Math.hypot(10.3582264910969, 10.7913239788001);
    const r = rmstFromKm(km, 365, 0.9);
    expect(r.conf_level).toBe(0.9);
    expectAllRelClose(r.difference!.ci, [est - 1.644853626951472 * se, est + 1.644853626951472 * se], 1e-9, "90 % CI");
    // R: est <- 297.465409532037 - 241.495085192057; se <- sqrt(10.3582264910969^2 + 10.7913239788001^2);
    // 2 * pnorm(-abs(est / se)) = 0.000182706461311147
    expectRelClose(r.difference!.p, 0.000182706461311147, 1e-8, "p");
    for (const tau of [0, -5, Infinity, NaN]) expect(() => rmstFromKm(km, tau), `tau ${tau}`).toThrow(/tau must be a positive number/);
    for (const level of [0, 1, 1.5]) expect(() => rmstFromKm(km, 365, level), `level ${level}`).toThrow(/confLevel must be between 0 and 1/);
    const shifted = { curves: [{ ...km.curves[0], time: Float64Array.from(km.curves[0].time, (t) => t - 100) }] };
    expect(() => rmstFromKm(shifted, 365)).toThrow(/integrates from time 0/);
  });
  it("heart (start, stop] by surgery at 1000 days", async () => {
    const km = kaplanMeierFromTable(await readTable(refPath("survival", "heart.csv")), { start: "start", time: "stop", event: "event", group: "surgery" });
    check(rmstFromKm(km, 1000), [312.232059769391, 616.868269230769], [43.4271258338476, 108.5928282113482], "heart");
  });
  it("CLI: effekt km --tau in JSON and the table; a bad tau is a usage error", () => {
    const args = ["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--tau", "365"];
    const j = runCliJson(args);
    check(j.rmst, [241.495085192057, 297.465409532037], [10.3582264910969, 10.7913239788001], "CLI");
    expect(j.rmst.difference.groups).toEqual(["sex=2", "sex=1"]);
    const r = runCli(args);
    expect(r.stdout).toContain("Restricted mean survival time up to 365");
    expect(r.stdout).toMatch(/difference sex=2 − sex=1: 55\.97/);
    expect(runCli([...args.slice(0, -1), "-5"]).code).toBe(2);
  });
});
