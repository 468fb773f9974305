/**
 * Options R has that effekt refused or lacked (issue 12): --rho any value ≥ 0, --conf-type logit and
 * arcsin, negative entry/stop times in km, events and censorings between --times points, --times in
 * cuminc's JSON. Each against R 4.2.2, survival 3.5-3 (calls next to the numbers).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { kaplanMeierFromTable } from "../../src/survival/km-from-table.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

const S = TOL.survival;
const lung = refPath("survival", "lung.csv");

describe("logrank --rho", { timeout: 30_000 }, () => {
  it("takes any rho ≥ 0 (R: survdiff(Surv(time, dead) ~ sex, lung, rho = 0.5)$chisq 12.2506683372477, rho = 2: 12.1541077865737)", () => {
    for (const [rho, chisq] of [["0.5", 12.2506683372477], ["2", 12.1541077865737]] as const) {
      const j = runCliJson(["logrank", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--rho", rho]);
      expectRelClose(j.chisq, chisq, S.stat, `rho ${rho}`);
    }
    const r = runCli(["logrank", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--rho", "-1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--rho must be ≥ 0");
  });
});

describe("km --conf-type logit and arcsin", { timeout: 30_000 }, () => {
  // f <- survfit(Surv(time, dead) ~ sex, lung, conf.type = "logit"|"arcsin"); f$lower[c(1:3, 50, 100, 138:140)],
  // f$upper[...] (the two curves concatenated as R stores them); summary(f)$table[, c("median", "0.95LCL", "0.95UCL")];
  // lower90/upper90: the same call with conf.int = 0.9 (R 4.2.2, survival 3.5-3, d = read.csv(lung.csv))
  const R = {
    logit: {
      lower: [0.934781684431963, 0.925328091478865, 0.906608240897286, 0.499626771032485, 0.144543512600699, 0.737614271027351, 0.724147986636023, 0.724147986636023],
      upper: [0.992971665139416, 0.989078565846063, 0.980337383489411, 0.663628588816165, 0.300029536840167, 0.895225841167407, 0.885909396406679, 0.885909396406679],
      median: [[270, 210, 310], [426, 345, 524]],
      // the same with conf.int = 0.9
      lower90: [0.945138105549436, 0.935651765297919, 0.917165386836146, 0.513309466343489, 0.154044817122034, 0.754538907516349, 0.741218222266496, 0.741218222266496],
      upper90: [0.991564315387977, 0.987209215241617, 0.977635086341059, 0.651301118721271, 0.284552784542039, 0.886543009754954, 0.876797107458869, 0.876797107458869],
    },
    arcsin: {
      lower: [0.947401596300008, 0.936613054159877, 0.916315556971966, 0.500432232108794, 0.139945595763453, 0.745711486254449, 0.731831629401353, 0.731831629401353],
      upper: [0.995837812750101, 0.992334848692502, 0.984049333484956, 0.665107164802852, 0.294548329279129, 0.90104152633292, 0.89165359217136, 0.89165359217136],
      median: [[270, 212, 310], [426, 345, 524]],
      lower90: [0.953227856113589, 0.942991068863193, 0.923592834261215, 0.513921992559996, 0.150724395360564, 0.76016970232883, 0.746578206179513, 0.746578206179513],
      upper90: [0.993932702550178, 0.989818572245063, 0.980514971736018, 0.652313843299939, 0.280703244822354, 0.890807128218147, 0.880994578510003, 0.880994578510003],
    },
  };
  for (const ct of ["logit", "arcsin"] as const) {
    it(`${ct} limits and median CI as R (CLI JSON)`, () => {
      const j = runCliJson(["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--conf-type", ct]);
      const lo = [...j.curves[0].lower, ...j.curves[1].lower];
      const up = [...j.curves[0].upper, ...j.curves[1].upper];
      const idx = [1, 2, 3, 50, 100, 138, 139, 140].map((i) => i - 1);
      expectAllRelClose(idx.map((i) => lo[i]), R[ct].lower, S.surv, "lower");
      expectAllRelClose(idx.map((i) => up[i]), R[ct].upper, S.surv, "upper");
      expect(j.curves.map((c: any) => [c.median, c.median_lower, c.median_upper])).toEqual(R[ct].median);
    });
    it(`${ct} limits and median CI as R at 95 % and 90 % (API)`, async () => {
      const lungTable = await readTable(lung);
      const fit = (confLevel: number) => kaplanMeierFromTable(lungTable, { time: "time", event: "dead", group: "sex", confType: ct, confLevel });
      const f = fit(0.95);
      const lo = [...f.curves[0].lower, ...f.curves[1].lower];
      const up = [...f.curves[0].upper, ...f.curves[1].upper];
      const idx = [1, 2, 3, 50, 100, 138, 139, 140].map((i) => i - 1);
      expectAllRelClose(idx.map((i) => lo[i]), R[ct].lower, S.surv, "lower");
      expectAllRelClose(idx.map((i) => up[i]), R[ct].upper, S.surv, "upper");
      expect(f.curves.map((c) => [c.median, c.median_lower, c.median_upper])).toEqual(R[ct].median);
      const g = fit(0.9);
      expectAllRelClose(idx.map((i) => [...g.curves[0].lower, ...g.curves[1].lower][i]), R[ct].lower90, S.surv, "lower 90 %");
      expectAllRelClose(idx.map((i) => [...g.curves[0].upper, ...g.curves[1].upper][i]), R[ct].upper90, S.surv, "upper 90 %");
    });
  }
});

describe("km with negative times (start/stop data shifted, as cox accepts)", () => {
  it("matches R on heart with start and stop − 100", async () => {
    // h <- survfit(Surv(start - 100, stop - 100, event) ~ 1, heart): 111 times; surv[c(1, 20, 50, 111)]
    // 0.990291262135922 0.795243809316025 0.594826272051646 0.151912117361313; time[c(1, 20)] -99 -77;
    // n.risk[c(1, 20, 50)] 103 81 59; std.err[c(20, 50)] 0.0501208260426676 0.0822376252630899
    const h = await readTable(refPath("survival", "heart.csv"));
    for (const k of ["start", "stop"]) {
      const v = h.columns.get(k)!.values as Float64Array;
      h.columns.set(k, { name: k, type: "number", values: Float64Array.from(v, (x) => x - 100) });
    }
    const c = kaplanMeierFromTable(h, { start: "start", time: "stop", event: "event" }).curves[0];
    expect(c.time.length).toBe(111);
    expectAllRelClose([0, 19, 49, 110].map((i) => c.surv[i]), [0.990291262135922, 0.795243809316025, 0.594826272051646, 0.151912117361313], S.surv, "surv");
    expect([c.time[0], c.time[19]]).toEqual([-99, -77]);
    expect([0, 19, 49].map((i) => c.n_risk[i])).toEqual([103, 81, 59]);
    expectAllRelClose([19, 49].map((i) => c.std_err[i]), [0.0501208260426676, 0.0822376252630899], S.se, "se");
  });
});

describe("events and censorings between --times points", { timeout: 30_000 }, () => {
  it("km: as R's summary(fit, times = c(100, 200, 365, 500))", () => {
    // s <- summary(survfit(Surv(time, dead) ~ sex, lung), times = c(100, 200, 365, 500))
    //   sex=1: n.risk 114 78 35 20, n.event 24 30 31 11, n.censor 0 6 12 4
    //   sex=2: n.risk 82 66 30 21, n.event 7 11 18 6, n.censor 1 5 18 3
    const j = runCliJson(["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--times", "100,200,365,500"]);
    const a = j.curves.map((c: any) => c.at_times);
    expect(a[0].n_risk).toEqual([114, 78, 35, 20]);
    expect(a[0].n_event).toEqual([24, 30, 31, 11]);
    expect(a[0].n_censor).toEqual([0, 6, 12, 4]);
    expect(a[1].n_risk).toEqual([82, 66, 30, 21]);
    expect(a[1].n_event).toEqual([7, 11, 18, 6]);
    expect(a[1].n_censor).toEqual([1, 5, 18, 3]);
    const r = runCli(["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--times", "100,200"]);
    expect(r.stdout).toContain("n.censor");
  });

  it("cuminc: --times in JSON, as R's summary(survfit(Surv(time, factor(cause, 0:2)) ~ grp, d), times = c(2, 5, 10))", () => {
    // d <- read.csv("test/fixtures/cuminc/aj.csv")
    //   grp=a: n.risk 21 17 9; n.event cause 1: 2 2 5, cause 2: 2 1 2; n.censor 2 1 1
    //          pstate 1: 0.0769230769230769 0.1597476597476598 0.3856964794464794; std.err 1: 0.0522589400374429 0.073412474497337 0.1013665762866896
    //          pstate 2: 0.0769230769230769 0.1172161172161172 0.2075956450956451; std.err 2: 0.0522589400374429 0.063640773047757 0.0831740755735617
    //   grp=b: n.risk 31 26 15; n.event cause 1: 0 2 2, cause 2: 1 0 4; n.censor 1 3 5
    //          pstate 1: 0 0.0660367111980015 0.1494609832439744; pstate 2: 0.0303030303030303 0.0303030303030303 0.1906616507203018
    const file = join(ROOT, "test", "fixtures", "cuminc", "aj.csv");
    const j = runCliJson(["cuminc", "--data", file, "--time", "time", "--cause", "cause", "--group", "grp", "--times", "2,5,10"]);
    const [a, b] = j.curves.map((c: any) => c.at_times);
    expect(a.time).toEqual([2, 5, 10]);
    expect(a.n_risk).toEqual([21, 17, 9]);
    expect(a.causes.map((q: any) => q.n_event)).toEqual([[2, 2, 5], [2, 1, 2]]);
    expect(a.n_censor).toEqual([2, 1, 1]);
    expectAllRelClose(a.causes[0].cuminc, [0.0769230769230769, 0.1597476597476598, 0.3856964794464794], S.surv, "F1 a");
    expectAllRelClose(a.causes[0].std_err_cuminc, [0.0522589400374429, 0.073412474497337, 0.1013665762866896], S.se, "se1 a");
    expectAllRelClose(a.causes[1].cuminc, [0.0769230769230769, 0.1172161172161172, 0.2075956450956451], S.surv, "F2 a");
    expectAllRelClose(a.causes[1].std_err_cuminc, [0.0522589400374429, 0.063640773047757, 0.0831740755735617], S.se, "se2 a");
    expect(b.n_risk).toEqual([31, 26, 15]);
    expect(b.causes.map((q: any) => q.n_event)).toEqual([[0, 2, 2], [1, 0, 4]]);
    expect(b.n_censor).toEqual([1, 3, 5]);
    expect(b.causes[0].cuminc[0]).toBe(0);
    expectAllRelClose(b.causes[1].cuminc, [0.0303030303030303, 0.0303030303030303, 0.1906616507203018], S.surv, "F2 b");
  });
});
