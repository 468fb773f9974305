/**
 * Gaps that the mutation samples of src/survival found (docs/testing.md, "Mutation testing"): checks
 * and rules that only the CLI tests reached (a spawned CLI cannot see a mutant) or that no test pinned.
 * Hand-made data; each expected value is derived in the test (or is the message the check is written to
 * give); the R call is given where R was run for it.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EstimationError, InputError, UsageError } from "../../src/errors.js";
import { tableFromColumns } from "../../src/io/table.js";
import { coxBaseline, coxph, coxphFromTable, coxZph } from "../../src/survival/cox/index.js";
import { coxClusterJackknife } from "../../src/survival/cox/jackknife.js";
import { coxSmallSample } from "../../src/survival/cox/few-clusters.js";
import { rmstFromKm } from "../../src/survival/rmst.js";
import { kaplanMeier } from "../../src/survival/kaplan-meier.js";
import { aalenJohansen } from "../../src/survival/cumulative-incidence.js";
import { RISK_TABLE_LIMIT } from "../../src/survival/risk-table.js";
import { logrank } from "../../src/survival/logrank.js";
import { hazardRatioByPeriod, periodLabels, splitSpells } from "../../src/survival/split-spells.js";
import { readTable } from "../../src/io/read-table.js";
import { effectOverTimeFromTable } from "../../src/survival/effect-over-time.js";
import { ROOT } from "../helpers/cli.js";
import { throwsExactly } from "../helpers/throws.js";

const f64 = (xs: number[]) => Float64Array.from(xs);


describe("Kaplan–Meier and log-rank refusals (validateSurvival, the weights check)", () => {
  const km = { time: f64([5, 6, 7, 9]), event: f64([1, 0, 1, 1]) };

  it("weights: length, zero, infinite, missing", () => {
    throwsExactly(() => kaplanMeier({ ...km, weights: f64([1, 1]) }), UsageError, "weights has 2 values, time has 4");
    throwsExactly(() => kaplanMeier({ ...km, weights: f64([1, 0, 1, 1]) }), InputError, 'column "weights", row 2: weight 0 is not positive');
    throwsExactly(() => kaplanMeier({ ...km, weights: f64([1, 1, Infinity, 1]) }), InputError, 'column "weights", row 3: weight Infinity is not positive');
    throwsExactly(() => kaplanMeier({ ...km, weights: f64([1, 1, 1, NaN]) }), InputError, 'column "weights", row 4: weight NaN is not positive');
  });

  it("a group code outside the levels, named by column and row", () => {
    const group = Int32Array.from([0, 1, 2, 0]);
    throwsExactly(() => kaplanMeier({ ...km, group, groupLevels: ["a", "b"] }), InputError, 'column "group", row 3: group code 2 is outside 0..1');
    throwsExactly(() => logrank({ ...km, group: Int32Array.from([0, 1, -1, 1]), groupLevels: ["a", "b"] }), InputError, 'column "group", row 3: group code -1 is outside 0..1');
  });

  it("entry times: not finite, or not before the stop time", () => {
    throwsExactly(() => kaplanMeier({ ...km, start: f64([0, -Infinity, 0, 0]) }), InputError, 'column "start", row 2: entry time -Infinity is missing or not finite');
    throwsExactly(() => kaplanMeier({ ...km, start: f64([0, 0, 7, 0]) }), InputError, 'column "time", row 3: stop time 7 is not after entry time 7 (column "start")');
    // a stop time of −Infinity with entry times: not finite (the entry check alone would also refuse it)
    throwsExactly(() => kaplanMeier({ ...km, time: f64([5, -Infinity, 7, 9]), start: f64([0, -9, 0, 0]) }), InputError, 'column "time", row 2: time -Infinity is missing or not finite');
  });
});

describe("Cox: refusals that name the cause", () => {
  const time = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const event = f64([1, 1, 0, 1, 1, 0, 1, 1, 1, 0]);
  const x1 = f64([2, 1, 0, 3, 1, 0, 2, 0, 1, 0]);

  it("Newton–Raphson stopped before convergence", () => {
    // one step from β = 0 cannot meet the convergence rule on data with an effect (R: coxph(..., iter.max = 1)
    // warns "Ran out of iterations and did not converge"; effekt refuses instead)
    let err: unknown;
    try {
      coxph({ time, event, x: [x1], names: ["x1"], maxIter: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EstimationError);
    expect((err as Error).message).toMatch(/^Newton–Raphson did not converge in 1 iterations \(log-likelihood -?\d/);
    // with the default number of steps the same data converge
    expect(() => coxph({ time, event, x: [x1], names: ["x1"] })).not.toThrow();
  });

  it("a term collinear with earlier ones is named with them", () => {
    const x2 = f64(Array.from(x1, (v) => 2 * v + 1));
    throwsExactly(
      () => coxph({ time, event, x: [x1, x2], names: ["x1", "x2"] }),
      EstimationError,
      'information matrix is singular: term "x2" is constant or collinear with "x1" (remove it or merge levels)',
    );
  });
});

describe("splitting spells at cut days", () => {
  const t = tableFromColumns({ start: f64([0, 30, 10]), stop: f64([45, 60, 20]), got_job: f64([1, 0, 1]), id: f64([1, 2, 3]) }, "spells");

  it("splits at every cut inside (start, stop], none at a cut equal to the start, whatever the cuts' order", () => {
    for (const cuts of [[30, 50], [50, 30]]) {
      const r = splitSpells(t, { start: "start", time: "stop", event: "got_job", cuts });
      const col = (n: string) => Array.from(r.table.columns.get(n)!.values as Float64Array);
      // spell 1 (0, 45]: (0, 30] period 0, (30, 45] period 1 with the event;
      // spell 2 (30, 60]: starts at the cut 30, so (30, 50] period 1, (50, 60] period 2;
      // spell 3 (10, 20]: no cut inside, period 0
      expect(col("id")).toEqual([1, 1, 2, 2, 3]);
      expect(col("start")).toEqual([0, 30, 30, 50, 10]);
      expect(col("stop")).toEqual([30, 45, 50, 60, 20]);
      expect(col("got_job")).toEqual([0, 1, 0, 0, 1]);
      expect(Array.from(r.period)).toEqual([0, 1, 1, 2, 0]);
    }
  });

  it("labels the periods in increasing order", () => {
    expect(periodLabels([90, 30, 60])).toEqual(["[0,30)", "[30,60)", "[60,90)", "[90,∞)"]);
  });
});

describe("effect over time: the cluster jackknife of the RMST difference", () => {
  it("matches a leave-one-office-out jackknife in R", async () => {
    // R 4.2.2 / survival 3.5-3, on test/fixtures/cox/ri-offices.csv (10 offices, 5 pilot):
    //   rdiff <- function(x) { tb <- summary(survfit(Surv(start, stop, event) ~ pilot, data = x), rmean = 365)$table[, "rmean"]
    //                          unname(tb[2] - tb[1]) }
    //   th <- sapply(offs, function(o) rdiff(d[d$office != o, ])); sqrt((G - 1)/G * sum((th - mean(th))^2))
    //   → rdiff(d) = -51.801287301503, jackknife SE 10.4015985053436;
    //   interval: rdiff(d) ∓ qt(0.975, 9) · SE = (-75.3313378649171, -28.2712367380889)
    const t = await readTable(join(ROOT, "test", "fixtures", "cox", "ri-offices.csv"));
    const r = effectOverTimeFromTable(t, { time: "stop", start: "start", event: "event", cluster: "office", label: "pilot", days: [90, 180, 365], tau: 365 });
    const rel = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);
    rel(r.rmst.difference, -51.801287301503, 1e-10);
    rel(r.rmst.se_cluster, 10.4015985053436, 1e-9);
    // the t quantile (jStat) agrees with qt to about 1e-9
    rel(r.rmst.ci_cluster[0], -75.3313378649171, 1e-8);
    rel(r.rmst.ci_cluster[1], -28.2712367380889, 1e-8);
  });
});

describe("Kaplan–Meier with delayed entry between exit times", () => {
  // the same curve three ways: the dense risk table (default), the sort-based walk over whole-number
  // slots (RISK_TABLE_LIMIT 0: time-slots.ts maps each entry to the last exit time before it), and
  // times × 1.5 (not whole numbers: the radix path), which leaves S(t), the counts and the SE unchanged
  for (const [how, scale, force] of [["dense table", 1, false], ["walk, whole-number slots", 1, true], ["walk, times × 1.5", 1.5, true]] as const) {
    it(`counts at risk and S(t) as R (${how})`, () => {
      const saved = { ...RISK_TABLE_LIMIT };
      if (force) Object.assign(RISK_TABLE_LIMIT, { extra: 0, perRow: 0 });
      try {
        const sc = (xs: number[]) => f64(xs.map((v) => v * scale));
        const km = kaplanMeier({ start: sc([0, 3, 5, 0, 2, 7, 1, 4]), time: sc([4, 8, 9, 6, 10, 12, 3, 11]), event: f64([1, 1, 0, 1, 1, 1, 0, 1]), times: [2, 5, 7, 11].map((v) => v * scale) });
        const c = km.curves[0];
        expect(Array.from(c.time)).toEqual([3, 4, 6, 8, 9, 10, 11, 12].map((v) => v * scale));
        expect(Array.from(c.n_risk)).toEqual([4, 4, 5, 5, 4, 3, 2, 1]);
        expect(Array.from(c.n_event)).toEqual([0, 1, 1, 1, 0, 1, 1, 1]);
        expect(Array.from(c.n_censor)).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
        const S = [1, 0.75, 0.6, 0.48, 0.48, 0.32, 0.16, 0];
        const se = [0, 0.288675134594813, 0.365148371670111, 0.428174419288838, 0.428174419288838, 0.591607978309962, 0.921954445729289, Infinity];
        c.surv.forEach((s, i) => expect(s).toBeCloseTo(S[i], 14));
        c.std_err.forEach((s, i) => (Number.isFinite(se[i]) ? expect(s).toBeCloseTo(se[i], 13) : expect(s).toBe(Infinity)));
        expect(c.at_times!.n_risk).toEqual([4, 5, 5, 2]);
        c.at_times!.surv.forEach((s, i) => expect(s).toBeCloseTo([1, 0.75, 0.6, 0.16][i], 14));
      } finally {
        Object.assign(RISK_TABLE_LIMIT, saved);
      }
    });
  }
});

describe("refusals of the other survival entry points (the message each check is written to give)", () => {
  const time = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const event = f64([1, 1, 0, 1, 1, 0, 1, 1, 1, 0]);
  const x1 = f64([2, 1, 0, 3, 1, 0, 2, 0, 1, 0]);
  const input = { time, event, x: [x1], names: ["x1"] };

  it("cox.zph and the baseline need the data a fit read back from JSON was fitted on, with as many covariates", () => {
    const fit = coxph(input);
    const plain = JSON.parse(JSON.stringify(fit));
    throwsExactly(() => coxZph(plain), UsageError, "coxZph needs a fit returned by coxph, or { input } with the data it was fitted on (a fit read back from JSON)");
    throwsExactly(() => coxBaseline(plain), UsageError, "coxBaseline needs a fit returned by coxph, or { input } with the data it was fitted on (a fit read back from JSON)");
    throwsExactly(() => coxZph(plain, { input: { ...input, x: [x1, f64(Array.from(x1, (v, i) => v * i))], names: ["x1", "x2"] } }), UsageError, "the input has 2 covariates, the fit 1");
    // with the data, the plain fit serves (same statistic as from the live fit)
    expect(coxZph(plain, { input }).chisq).toEqual(coxZph(fit).chisq);
  });

  it("the cluster jackknife needs clusters, at least 2; the small-sample correction a cluster-robust fit", () => {
    const fit = coxph(input);
    throwsExactly(() => coxClusterJackknife(input, fit.coef), EstimationError, "the cluster jackknife needs a cluster column");
    throwsExactly(() => coxClusterJackknife({ ...input, cluster: new Int32Array(10) }, fit.coef), EstimationError, "the cluster jackknife needs at least 2 clusters, but there is 1");
    throwsExactly(() => coxSmallSample(fit, 5), EstimationError, "small-sample correction needs a cluster-robust fit");
  });

  it("log-rank: rho and the strata's length", () => {
    throwsExactly(() => logrank({ time, event, group: Int32Array.from(x1, (v) => (v > 0 ? 1 : 0)), rho: -1 }), UsageError, "rho must be ≥ 0, got -1");
    throwsExactly(() => logrank({ time, event, group: Int32Array.from(x1, (v) => (v > 0 ? 1 : 0)), strata: new Int32Array(3) }), UsageError, "strata has 3 values, time has 10");
  });

  it("RMST: the horizon, the level, curves from time 0", () => {
    const km = kaplanMeier({ time, event });
    for (const tau of [0, -1, Infinity, NaN]) throwsExactly(() => rmstFromKm(km, tau), UsageError, `the RMST horizon tau must be a positive number, got ${tau}`);
    for (const level of [0, 1, 1.5]) throwsExactly(() => rmstFromKm(km, 5, level), UsageError, `confLevel must be between 0 and 1, got ${level}`);
    const neg = kaplanMeier({ time: f64([-3, 2, 4]), start: f64([-5, 0, 0]), event: f64([1, 1, 0]) });
    throwsExactly(() => rmstFromKm(neg, 5), UsageError, "RMST integrates from time 0; curve all has negative times");
  });

  it("effect over time: a positive horizon, rows left, numeric columns", () => {
    const t = tableFromColumns({ stop: f64([5, 6, 7, 9]), event: f64([1, 0, 1, 1]), pilot: f64([1, 1, 0, 0]), office: ["a", "b", "c", "d"] }, "spells.csv");
    throwsExactly(() => effectOverTimeFromTable(t, { time: "stop", event: "event", cluster: "office", label: "pilot", days: [-5, 0] }), InputError, "RMST horizon must be positive, got 0");
    const empty = tableFromColumns({ stop: f64([5, NaN]), event: f64([1, NaN]), pilot: f64([NaN, 0]), office: ["a", "b"] }, "empty.csv");
    throwsExactly(() => effectOverTimeFromTable(empty, { time: "stop", event: "event", cluster: "office", label: "pilot", days: [5] }), InputError, "empty.csv: no rows left after dropping rows with missing values");
    throwsExactly(() => coxphFromTable(empty, { time: "stop", event: "event", covariates: ["pilot"] }), InputError, "empty.csv: no rows left after dropping rows with missing values");
    throwsExactly(() => splitSpells(t, { time: "office", event: "event", cuts: [3] }), InputError, 'spells.csv, column "office": numeric column needed to split spells');
    throwsExactly(() => hazardRatioByPeriod(t, { time: "stop", event: "event", covariates: ["pilot"], label: "office", cuts: [6] }), InputError, 'spells.csv, column "office": numeric label column needed');
  });
});

describe("effect over time: the cluster jackknife needs 2 offices per arm", () => {
  // 4 offices × 4 spells; leaving out the only pilot office would leave no pilot curve, so with 1 pilot
  // office there is no jackknife (NaN), with 2 and 2 there is (each leave-one-out keeps both arms)
  const rows = (pilot: number[]) => {
    const stop: number[] = [], event: number[] = [], lab: number[] = [], office: string[] = [];
    const t = [3, 5, 8, 12, 4, 6, 9, 11, 2, 7, 10, 13, 5, 6, 8, 14];
    const e = [1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1];
    for (let i = 0; i < 16; i++) {
      stop.push(t[i]);
      event.push(e[i]);
      lab.push(pilot[i >> 2]);
      office.push(`o${i >> 2}`);
    }
    return tableFromColumns({ stop: f64(stop), event: f64(event), pilot: f64(lab), office }, "spells.csv");
  };

  it("is NaN with one pilot office and finite with two of four", () => {
    const one = effectOverTimeFromTable(rows([1, 0, 0, 0]), { time: "stop", event: "event", cluster: "office", label: "pilot", days: [6, 10] });
    expect(one.share_by_day[0].se_cluster).toBeNaN();
    expect(one.rmst.se_cluster).toBeNaN();
    const two = effectOverTimeFromTable(rows([1, 1, 0, 0]), { time: "stop", event: "event", cluster: "office", label: "pilot", days: [6, 10] });
    expect(Number.isFinite(two.share_by_day[0].se_cluster)).toBe(true);
    expect(two.share_by_day[0].se_cluster).toBeGreaterThan(0);
    expect(Number.isFinite(two.rmst.se_cluster)).toBe(true);
  });
});

describe("log-rank with delayed entry", () => {
  // With no tied event times the log-rank statistic is the Cox score test (R 4.2.2 / survival 3.5-3;
  // survdiff takes right-censored data only):
  //   d <- data.frame(start = c(0, 3, 5, 0, 2, 7, 1, 4), stop = c(4, 8, 9, 6, 10, 12, 3, 11),
  //                   event = c(1, 1, 0, 1, 1, 1, 0, 1), g = c(1, 0, 1, 0, 1, 0, 1, 0))
  //   coxph(Surv(start, stop, event) ~ g, data = d)$score → 0.141190198366394
  // Expected events of group 1 by hand, n₁/n at each event time (entries count from the next exit time on):
  //   t = 4: 2/4, t = 6: 2/5, t = 8: 2/5, t = 10: 1/3, t = 11 and 12: 0/2, 0/1 → 1.6333…
  for (const [how, scale, force] of [["dense table", 1, false], ["walk, whole-number slots", 1, true], ["walk, times × 1.5", 1.5, true]] as const) {
    it(`matches the Cox score test (${how})`, () => {
      const saved = { ...RISK_TABLE_LIMIT };
      if (force) Object.assign(RISK_TABLE_LIMIT, { extra: 0, perRow: 0 });
      try {
        const sc = (xs: number[]) => f64(xs.map((v) => v * scale));
        const r = logrank({ start: sc([0, 3, 5, 0, 2, 7, 1, 4]), time: sc([4, 8, 9, 6, 10, 12, 3, 11]), event: f64([1, 1, 0, 1, 1, 1, 0, 1]), group: Int32Array.from([1, 0, 1, 0, 1, 0, 1, 0]) });
        expect(r.chisq).toBeCloseTo(0.141190198366394, 13);
        expect(r.observed).toEqual([4, 2]);
        expect(r.expected[1]).toBeCloseTo(0.5 + 0.4 + 0.4 + 1 / 3, 14);
        expect(r.expected[0]).toBeCloseTo(6 - (0.5 + 0.4 + 0.4 + 1 / 3), 14);
      } finally {
        Object.assign(RISK_TABLE_LIMIT, saved);
      }
    });
  }
});

describe("Aalen–Johansen with delayed entry", () => {
  // R 4.2.2 / survival 3.5-3:
  //   d <- data.frame(id = 1:8, start = c(0, 3, 5, 0, 2, 7, 1, 4), stop = c(4, 8, 9, 6, 10, 12, 3, 11), cause = c(1, 2, 0, 1, 2, 1, 0, 2))
  //   d$cs <- factor(d$cause, 0:2, c("censor", "a", "b"))
  //   f <- survfit(Surv(start, stop, cs) ~ 1, data = d, id = id); f$time, f$n.risk[, 1], f$pstate, f$std.err
  const R = {
    time: [3, 4, 6, 8, 9, 10, 11, 12],
    nRisk: [4, 4, 5, 5, 4, 3, 2, 1],
    surv: [1, 0.75, 0.6, 0.48, 0.48, 0.32, 0.16, 0],
    a: [0, 0.25, 0.4, 0.4, 0.4, 0.4, 0.4, 0.56],
    b: [0, 0, 0, 0.12, 0.12, 0.28, 0.44, 0.44],
    seSurv: [0, 0.21650635094611, 0.204939015319192, 0.177448584102551, 0.177448584102551, 0.153836854419797, 0.132047129633493, 0],
    seA: [0, 0.21650635094611, 0.204939015319192, 0.204939015319192, 0.204939015319192, 0.204939015319192, 0.204939015319192, 0.227265874644166],
    seB: [0, 0, 0, 0.12218019479441, 0.12218019479441, 0.201227345170691, 0.227265874644166, 0.227265874644166],
  };
  for (const [how, scale, force] of [["dense table", 1, false], ["walk, whole-number slots", 1, true], ["walk, times × 1.5", 1.5, true]] as const) {
    it(`matches survfit's multi-state fit (${how})`, () => {
      const saved = { ...RISK_TABLE_LIMIT };
      if (force) Object.assign(RISK_TABLE_LIMIT, { extra: 0, perRow: 0 });
      try {
        const sc = (xs: number[]) => f64(xs.map((v) => v * scale));
        const r = aalenJohansen({ start: sc([0, 3, 5, 0, 2, 7, 1, 4]), time: sc([4, 8, 9, 6, 10, 12, 3, 11]), cause: Int32Array.from([1, 2, 0, 1, 2, 1, 0, 2]), causeLevels: ["a", "b"] });
        const c = r.curves[0];
        expect(Array.from(c.time)).toEqual(R.time.map((v) => v * scale));
        expect(Array.from(c.n_risk)).toEqual(R.nRisk);
        const close = (got: Float64Array, want: number[], what: string) => want.forEach((v, i) => expect(got[i], `${what}[${i}]`).toBeCloseTo(v, 13));
        close(c.surv, R.surv, "surv");
        close(c.causes[0].cuminc, R.a, "cuminc a");
        close(c.causes[1].cuminc, R.b, "cuminc b");
        close(c.std_err_surv, R.seSurv, "se surv");
        close(c.causes[0].std_err_cuminc, R.seA, "se a");
        close(c.causes[1].std_err_cuminc, R.seB, "se b");
      } finally {
        Object.assign(RISK_TABLE_LIMIT, saved);
      }
    });
  }
});

describe("Cox with a stratum that has no events, delayed entry, case weights and clusters", () => {
  it("matches coxph", async () => {
    // test/fixtures/survival/strata-no-events.csv, written by (R 4.2.2 / survival 3.5-3):
    //   set.seed(5); n <- 40
    //   d <- data.frame(start = c(0, 3, 5, 0, 2, 7, 1, 4), stop = c(4, 8, 9, 6, 10, 12, 3, 11)); d <- d[rep(1:8, 5), ]
    //   d$start <- d$start + rep(0:4, each = 8); d$stop <- d$stop + rep(0:4, each = 8) + rep(c(0, 1), 20)
    //   d$x <- round(rnorm(n), 2); d$z <- rep(c(0, 1, 1, 0, 1), 8); d$s <- rep(0:1, each = 20)
    //   d$event <- rbinom(n, 1, 0.7); d$event[d$s == 0] <- 0; d$s[1:3] <- 2; d$event[1:3] <- c(1, 0, 1)
    //   d$cl <- rep(1:8, each = 5); d$w <- rep(c(1, 2, 1, 3), 10)
    //   f <- coxph(Surv(start, stop, event) ~ x + z + strata(s), data = d, weights = w, cluster = cl)
    // stratum 0 (17 rows, first in the data after the 3 rows of stratum 2) has no event
    const t = await readTable(join(ROOT, "test", "fixtures", "survival", "strata-no-events.csv"));
    const col = (c: string) => t.columns.get(c)!.values as Float64Array;
    const f = coxph({
      start: col("start"), time: col("stop"), event: col("event"), x: [col("x"), col("z")], names: ["x", "z"],
      strata: Int32Array.from(col("s")), weights: col("w"), cluster: Int32Array.from(col("cl"), (c) => c - 1), concordance: true,
    });
    const rel = (a: number, b: number, tol: number, what: string) => expect(Math.abs(a - b) / Math.abs(b), what).toBeLessThan(tol);
    rel(f.coef[0], 0.327000281968257, 1e-8, "coef x");
    rel(f.coef[1], -0.928704039299558, 1e-8, "coef z");
    rel(f.naive_var![0][0] ** 0.5, 0.242629538793364, 1e-7, "se x");
    rel(f.naive_var![1][1] ** 0.5, 0.496095177277194, 1e-7, "se z");
    rel(f.robust_se![0], 0.272244597367028, 1e-7, "robust se x");
    rel(f.robust_se![1], 0.629711657288573, 1e-7, "robust se z");
    rel(f.loglik[0], -70.7202200133338, 1e-10, "loglik 0");
    rel(f.loglik[1], -67.9779436304828, 1e-10, "loglik");
    rel(f.tests.score.stat, 5.37786175175239, 1e-8, "score test");
    rel(f.tests.robust_score!.stat, 1.29979065298403, 1e-7, "robust score test");
    rel(f.concordance!.concordance, 0.690140845070423, 1e-10, "concordance");
    rel(f.concordance!.std, 0.08675281388288, 1e-7, "concordance std");
    expect(f.nstrata).toBe(3);
    expect(f.nevent).toBe(17);
  });
});

describe("effect over time within county pairs", () => {
  it("stratifies the log-rank test by pair (as survdiff(... + strata(county))) and re-assigns within pairs", async () => {
    // R 4.2.2 / survival 3.5-3, test/fixtures/cox/ri-offices.csv (10 offices in 5 county pairs, right-censored):
    //   survdiff(Surv(stop, event) ~ pilot + strata(county), data = d)$chisq → 16.5190365518374
    // within pairs: 2^5 = 32 assignments (one office of each pair is the pilot); p by brute force in R:
    //   for each of the 32 flips, survdiff(Surv(stop, event) ~ lab[d$office] + strata(county))$chisq ≥ the
    //   observed · (1 − 1e-10): 2 of 32 (the observed and its complement) → 0.0625
    const t = await readTable(join(ROOT, "test", "fixtures", "cox", "ri-offices.csv"));
    const r = effectOverTimeFromTable(t, { time: "stop", event: "event", cluster: "office", pair: "county", label: "pilot", days: [180] });
    expect(r.logrank.chisq).toBeCloseTo(16.5190365518374, 9);
    expect(r.logrank.stratified_by_pair).toBe(true);
    expect(r.within_pairs).toBe(true);
    expect(r.assignments).toBe(32);
    expect(r.exhaustive).toBe(true);
    expect(r.logrank.p_randomization).toBe(2 / 32);
  });
});

describe("gaps of the survival sample of seed 2015 (written after that run)", () => {
  const time = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const event = f64([1, 1, 0, 1, 1, 0, 1, 1, 1, 0]);
  const x1 = f64([2, 1, 0, 3, 1, 0, 2, 0, 1, 0]);

  it("Cox: a covariate column of the wrong length, and the confidence level", () => {
    throwsExactly(() => coxph({ time, event, x: [x1, f64([1, 2, 3])], names: ["x1", "x2"] }), InputError, "covariate x2 has 3 values but time has 10");
    for (const confLevel of [0, 1, 1.5]) throwsExactly(() => coxph({ time, event, x: [x1], names: ["x1"], confLevel }), UsageError, `confLevel must be between 0 and 1, got ${confLevel}`);
  });

  it("Aalen–Johansen names the causes 1, 2, … when no levels are given", () => {
    const r = aalenJohansen({ time: f64([1, 2, 3, 4]), cause: Int32Array.from([1, 2, 0, 1]) });
    expect(r.curves[0].causes.map((c) => c.cause)).toEqual(["1", "2"]);
  });

  it("effect over time: the normal interval of each difference is d ∓ z·se_iid", async () => {
    // share in work by day 90 on ri-offices.csv: 1 − S from R's summary(survfit(...), times = 90) (the
    // first test of test/survival/effect-over-time.test.ts): control 1 − 0.681796791247, pilot
    // 1 − 0.517381311697, SEs 0.034612263625 and 0.036788553767; z = qnorm(0.975) = 1.95996398454005
    const t = await readTable(join(ROOT, "test", "fixtures", "cox", "ri-offices.csv"));
    const r = effectOverTimeFromTable(t, { time: "stop", start: "start", event: "event", cluster: "office", label: "pilot", days: [90], tau: 365 });
    const d = 0.681796791247 - 0.517381311697;
    const se = Math.hypot(0.034612263625, 0.036788553767);
    const c = r.share_by_day[0];
    expect(c.ci_iid[0]).toBeCloseTo(d - 1.95996398454005 * se, 9);
    expect(c.ci_iid[1]).toBeCloseTo(d + 1.95996398454005 * se, 9);
  });
});
