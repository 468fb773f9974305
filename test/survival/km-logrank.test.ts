/**
 * Kaplan–Meier and log-rank beyond the reference files: survival at given times (R's summary),
 * delayed entry consistency, input validation, and simulations with known truth.
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { tableFromColumns } from "../../src/io/table.js";
import { kaplanMeier } from "../../src/survival/kaplan-meier.js";
import { kaplanMeierFromTable, logrankFromTable } from "../../src/survival/km-from-table.js";
import { logrank } from "../../src/survival/logrank.js";
import { runCli } from "../helpers/cli.js";
import { expectAllRelClose, refPath, TOL } from "../helpers/reference.js";

/** Park–Miller generator, so every run draws the same numbers. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe("Kaplan–Meier at requested times", () => {
  it("matches R's summary(survfit(Surv(time, dead) ~ sex, lung), times = c(100, 365))", async () => {
    // Expected: printed by R 4.x / survival 3.5-3 with digits = 15 (run while writing this test).
    const t = await readTable(refPath("survival", "lung.csv"));
    const r = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex", times: [100, 365] });
    const [m, f] = r.curves.map((c) => c.at_times!);
    expect(m.n_risk).toEqual([114, 35]);
    expect(f.n_risk).toEqual([82, 30]);
    expectAllRelClose(m.surv, [0.826086956521739, 0.336087834639379], TOL.survival.surv, "surv sex=1");
    expectAllRelClose(f.surv, [0.922088353413655, 0.526463030185906], TOL.survival.surv, "surv sex=2");
    expectAllRelClose(m.std_err_surv, [0.0322655755878818, 0.0434235888417982], TOL.survival.se, "se sex=1");
    expectAllRelClose(f.std_err_surv, [0.0282794136527423, 0.0597368539904425], TOL.survival.se, "se sex=2");
    expectAllRelClose(m.lower, [0.765207566185233, 0.260900503789725], TOL.survival.surv, "lower sex=1");
    expectAllRelClose(f.upper, [0.979214715731928, 0.657585537902179], TOL.survival.surv, "upper sex=2");
    // median CI, R's summary(fit)$table: sex=1 270 (212, 310), sex=2 426 (348, 550)
    expect(r.curves.map((c) => [c.median, c.median_lower, c.median_upper])).toEqual([[270, 212, 310], [426, 348, 550]]);
  });
});

describe("delayed entry", () => {
  it("entry at 0 for everyone gives the same curves and test as no entry column", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    const time = t.columns.get("time")!.values as Float64Array;
    const event = t.columns.get("dead")!.values as Float64Array;
    const group = Int32Array.from(t.columns.get("sex")!.values as Float64Array, (v) => v - 1);
    const start = new Float64Array(time.length);
    const a = kaplanMeier({ time, event, group }).curves;
    const b = kaplanMeier({ time, event, group, start }).curves;
    expect(b.map((c) => Array.from(c.n_risk))).toEqual(a.map((c) => Array.from(c.n_risk)));
    expect(b.map((c) => Array.from(c.surv))).toEqual(a.map((c) => Array.from(c.surv)));
    expect(logrank({ time, event, group, start }).chisq).toBeCloseTo(logrank({ time, event, group }).chisq, 12);
  });

  it("log-rank: rho must be ≥ 0, and groups without rows still count when their levels are given (API)", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    const time = t.columns.get("time")!.values as Float64Array;
    const event = t.columns.get("dead")!.values as Float64Array;
    const group = Int32Array.from(t.columns.get("sex")!.values as Float64Array, (v) => v - 1);
    for (const rho of [-1, NaN]) expect(() => logrank({ time, event, group, rho }), `rho ${rho}`).toThrow(/rho must be ≥ 0/);
    // rho = 0 is the log-rank test itself; R: survdiff(Surv(time, dead) ~ sex, lung)$chisq 10.3267419548856
    expect(logrank({ time, event, group, rho: 0 }).chisq).toBeCloseTo(10.3267419548856, 9);
    // a third level with no rows: R's survdiff(Surv(time, dead) ~ factor(sex, levels = 1:3), lung) drops
    // it (chisq 10.3267419548856 on 1 df); the level list still names it
    const r = logrank({ time, event, group, groupLevels: ["1", "2", "3"] });
    expect(r.groups.length).toBe(3);
    expect(r.chisq).toBeCloseTo(10.3267419548856, 9);
    expect(r.df).toBe(1);
  });

  it("risk set at t is start < t ≤ stop (hand-worked)", () => {
    // rows (0,2] event, (1,3] event, (2,4] censored, (3,5] event:
    // t=2: at risk rows 1,2 (row 3 enters at 2, not at risk at 2) → n=2, S = 1/2
    // t=3: rows 2,3 → n=2, S = 1/4; t=4: rows 3,4 → n=2, censor; t=5: row 4 → n=1, S = 0
    const r = kaplanMeier({ time: Float64Array.of(2, 3, 4, 5), start: Float64Array.of(0, 1, 2, 3), event: Uint8Array.of(1, 1, 0, 1) });
    expect(Array.from(r.curves[0].n_risk)).toEqual([2, 2, 2, 1]);
    expect(Array.from(r.curves[0].surv)).toEqual([0.5, 0.25, 0.25, 0]);
  });
});

describe("bad input", () => {
  const base = { time: [5, 3, 8], event: [1, 0, 1], start: [0, 0, 0], g: ["a", "b", "a"] };
  it("event not 0/1 names file, column and row", () => {
    const t = tableFromColumns({ ...base, event: [1, 2, 0] }, "spells.csv");
    expect(() => kaplanMeierFromTable(t, { time: "time", event: "event" })).toThrow('spells.csv, column "event", row 2: value 2 is not 0 or 1');
  });
  it("negative time", () => {
    const t = tableFromColumns({ ...base, time: [5, 3, -1] }, "spells.csv");
    expect(() => logrankFromTable(t, { time: "time", event: "event", group: "g" })).toThrow('spells.csv, column "time", row 3: time -1 is negative');
  });
  it("stop ≤ start", () => {
    const t = tableFromColumns({ ...base, start: [0, 3, 0] }, "spells.csv");
    expect(() => kaplanMeierFromTable(t, { time: "time", event: "event", start: "start" })).toThrow(/spells\.csv, column "time", row 2: stop time 3 is not after entry time 3/);
  });
  it("rows with missing values are dropped and counted, row numbers still refer to the file", () => {
    const t = tableFromColumns({ time: [5, null, 8, 4], event: [1, 0, null, 7], g: ["a", "b", "a", "b"] }, "spells.csv");
    expect(() => kaplanMeierFromTable(t, { time: "time", event: "event" })).toThrow(/row 4/);
    const ok = tableFromColumns({ time: [5, null, 8, 4], event: [1, 0, null, 0], g: ["a", "b", "a", "b"] }, "spells.csv");
    const r = kaplanMeierFromTable(ok, { time: "time", event: "event", group: "g" });
    expect(r.dropped).toEqual({ total: 2, missing: { time: 1, event: 1 } });
    expect(r.curves.map((c) => c.n)).toEqual([1, 1]);
  });
  it("CLI: exit code 3 and one line on stderr", () => {
    const r = runCli(["km", "--data", refPath("survival", "lung.csv"), "--time", "time", "--event", "sex"]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/column "sex".*--event-value 2/);
    expect(runCli(["km", "--data", refPath("survival", "lung.csv"), "--time", "time", "--event", "dead", "--conf-type", "probit"]).code).toBe(2);
  });
});

describe("simulation with known truth", () => {
  it("KM of exponential times is within 4 SE of exp(−λt)", () => {
    // T ~ Exp(λ = 0.01), censoring C ~ Uniform(0, 300): S(t) = exp(−λt) is the truth.
    const u = rng(42);
    const n = 20000;
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const T = -Math.log(u()) / 0.01;
      const C = u() * 300;
      time[i] = Math.min(T, C);
      event[i] = T <= C ? 1 : 0;
    }
    const c = kaplanMeier({ time, event, times: [25, 50, 100, 200] }).curves[0];
    const a = c.at_times!;
    a.time.forEach((t, i) => {
      const truth = Math.exp(-0.01 * t);
      expect(Math.abs(a.surv[i] - truth) / a.std_err_surv[i]).toBeLessThan(4);
    });
    // median: truth log(2)/λ = 69.3; the KM median lies within its own 95% CI band's range of the truth
    expect(c.median_lower).toBeLessThan(Math.log(2) / 0.01 + 2);
    expect(c.median_upper).toBeGreaterThan(Math.log(2) / 0.01 - 2);
  });

  it("log-rank under H0 rejects about 5% (300 replications), Peto–Peto too", () => {
    // Both groups Exp(1) with Exp(0.3) censoring: H0 true, P(p < 0.05) = 0.05. With 300 replications
    // the share has SD 0.0126, so [0.015, 0.095] is a ±3.5 SD band; the mean p-value should be ≈ 0.5.
    const u = rng(2024);
    const n = 120;
    let rej0 = 0;
    let rej1 = 0;
    let sumP = 0;
    const R = 300;
    for (let rep = 0; rep < R; rep++) {
      const time = new Float64Array(n);
      const event = new Uint8Array(n);
      const group = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const T = -Math.log(u());
        const C = -Math.log(u()) / 0.3;
        time[i] = Math.min(T, C);
        event[i] = T <= C ? 1 : 0;
        group[i] = i % 2;
      }
      const p0 = logrank({ time, event, group }).p;
      sumP += p0;
      if (p0 < 0.05) rej0++;
      if (logrank({ time, event, group, rho: 1 }).p < 0.05) rej1++;
    }
    expect(rej0 / R).toBeGreaterThan(0.015);
    expect(rej0 / R).toBeLessThan(0.095);
    expect(rej1 / R).toBeGreaterThan(0.015);
    expect(rej1 / R).toBeLessThan(0.095);
    expect(Math.abs(sumP / R - 0.5)).toBeLessThan(0.06);
  });

  it("log-rank detects a hazard ratio of 2 with 400 per group", () => {
    const u = rng(99);
    const n = 800;
    const time = new Float64Array(n);
    const event = new Uint8Array(n).fill(1);
    const group = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      group[i] = i % 2;
      time[i] = -Math.log(u()) / (group[i] ? 2 : 1);
    }
    const r = logrank({ time, event, group });
    expect(r.p).toBeLessThan(1e-6);
    expect(r.observed[1]).toBeGreaterThan(r.expected[1]);
  });
});
