/**
 * The survival estimators' refusals, through the API (in process, where a mutant can reach them; the CLI
 * tests check the same lines end to end): each bad input gives one error naming what is wrong, and
 * where the input says it, the file, column and original row. Hand-made data; the expected text is the
 * message each check is written to give (src/survival/cox/risk-sets.ts, from-table.ts, fit.ts,
 * baseline.ts, timefix.ts, cumulative-incidence.ts, kaplan-meier.ts).
 */
import { describe, expect, it } from "vitest";
import { EstimationError, InputError, UsageError } from "../../src/errors.js";
import { tableFromColumns } from "../../src/io/table.js";
import { coxBaseline, coxph, coxphFromTable } from "../../src/survival/cox/index.js";
import { aalenJohansen } from "../../src/survival/cumulative-incidence.js";
import { kaplanMeier } from "../../src/survival/kaplan-meier.js";
import { effectOverTimeFromTable } from "../../src/survival/effect-over-time.js";
import { throwsExactly } from "../helpers/throws.js";

const f64 = (xs: number[]) => Float64Array.from(xs);
const base = { time: f64([5, 6, 7, 9]), event: f64([1, 0, 1, 1]), x: [f64([1, 2, 3, 5])], names: ["x"] };


describe("Cox input checks (prepareCox and coxph)", () => {
  it("column lengths, names, no rows, no events, no covariates, init", () => {
    throwsExactly(() => coxph({ ...base, event: f64([1, 0, 1]) }), InputError, "event has 3 values but time has 4");
    throwsExactly(() => coxph({ ...base, names: ["x", "y"] }), InputError, "2 names for 1 covariate columns");
    throwsExactly(() => coxph({ time: f64([]), event: f64([]), x: [f64([])], names: ["x"] }), InputError, "no rows to fit");
    throwsExactly(() => coxph({ ...base, event: f64([0, 0, 0, 0]) }), EstimationError, "no events: the Cox model cannot be fitted");
    throwsExactly(() => coxph({ ...base, x: [], names: [] }), EstimationError, "no covariates given");
    throwsExactly(() => coxph({ ...base, init: [0, 1] }), UsageError, "init has 2 values for 1 terms");
  });

  it("times, events, starts, weights, clusters, strata: the value and the row (1-based)", () => {
    throwsExactly(() => coxph({ ...base, time: f64([5, -1, 7, 9]) }), InputError, 'column "time", row 2: time -1 is negative');
    throwsExactly(() => coxph({ ...base, time: f64([5, 6, Infinity, 9]) }), InputError, 'column "time", row 3: time Infinity is not a finite number');
    throwsExactly(() => coxph({ ...base, event: f64([1, 2, 1, 1]) }), InputError, 'column "event", row 2: event value 2 is not 0 or 1');
    throwsExactly(() => coxph({ ...base, start: f64([0, NaN, 0, 0]) }), InputError, 'column "start", row 2: start NaN is not a finite number');
    // with start times a negative stop is allowed (counting-process data on any scale)
    expect(() => coxph({ ...base, time: f64([-5, 6, 7, 9]), start: f64([-8, 0, 0, 0]) })).not.toThrow(InputError);
    throwsExactly(() => coxph({ ...base, cluster: Int32Array.from([0, -1, 1, 1]) }), InputError, 'column "cluster", row 2: cluster code -1 is negative');
    throwsExactly(() => coxph({ ...base, strata: Int32Array.from([0, 0, -2, 1]) }), InputError, 'column "strata", row 3: stratum code -2 is negative');
    // names from `where`, rows mapped to the original rows
    const where = { file: "spells.csv", names: { time: "stop", event: "got_job" }, rows: [10, 11, 12, 13] };
    throwsExactly(() => coxph({ ...base, event: f64([1, 0, 3, 1]), where }), InputError, 'spells.csv, column "got_job", row 13: event value 3 is not 0 or 1');
  });

  it("an interval that merging near-equal times makes empty (timefix, as R's aeqSurv)", () => {
    const t = f64([5, 6, 1 + 1e-12, 9]);
    const s = f64([0, 0, 1, 0]);
    expect(() => coxph({ ...base, time: t, start: s })).toThrow(/^column "time", row 3: the interval \(1, 1\.000000000001\] has length 0 once times closer than 1\.49e-8 \(relative\) are merged, as R's aeqSurv does$/);
    // without timefix the interval stays (1, 1 + 1e-12]
    expect(() => coxph({ ...base, time: t, start: s, timefix: false })).not.toThrow(InputError);
  });

  it("the table front end: randomization needs a cluster and must be a covariate; covariates must be given", () => {
    const t = tableFromColumns({ time: [5, 6, 7, 9, 3, 4], dead: [1, 0, 1, 1, 1, 0], x: [1, 2, 3, 5, 1, 2], pilot: [0, 0, 1, 1, 0, 1], office: ["a", "a", "b", "b", "c", "c"] }, "s.csv");
    const spec = { time: "time", event: "dead", covariates: ["x"] };
    throwsExactly(() => coxphFromTable(t, { ...spec, randomization: "pilot" }), InputError, "s.csv: randomization inference needs a cluster column (the label is assigned to clusters)");
    throwsExactly(() => coxphFromTable(t, { ...spec, randomization: "pilot", cluster: "office" }), InputError, 's.csv: randomization column "pilot" must be one of the covariates');
    throwsExactly(() => coxphFromTable(t, { ...spec, covariates: [] }), InputError, "s.csv: no covariates given");
  });

  it("baseline profiles: length and term names", () => {
    // eight rows where x does not separate the events (the fit converges)
    const fit = coxph({ time: f64([5, 6, 7, 9, 3, 4, 8, 2]), event: f64([1, 0, 1, 1, 1, 0, 1, 1]), x: [f64([1, 2, 3, 5, 4, 1, 2, 6])], names: ["x"] });
    throwsExactly(() => coxBaseline(fit, { profiles: [[1, 2]] }), UsageError, "a profile has 2 values for 1 terms (x)");
    throwsExactly(() => coxBaseline(fit, { profiles: [{ age: 1 }] }), UsageError, 'profile names unknown term "age"');
    // a named profile takes the mean for terms it leaves out: {} is the curve at the means
    expect(coxBaseline(fit, { profiles: [{}] }).strata[0].surv[0]).toEqual(coxBaseline(fit).strata[0].surv[0]);
  });
});

describe("Cox fits R flags", () => {
  it("a coefficient that runs off to infinity (R: 'Loglik converged before variable 1; coefficient may be infinite')", () => {
    // R: coxph(Surv(time, status) ~ x + z) on these 8 rows warns as above: x = 1 for the 4 earliest deaths
    const d = { time: f64([1, 2, 3, 4, 5, 6, 7, 8]), event: f64([1, 1, 1, 1, 1, 1, 1, 1]), x: [f64([1, 1, 1, 1, 0, 0, 0, 0]), f64([0.3, -0.2, 0.1, 0.5, 0.2, -0.4, 0.6, 0])], names: ["x", "z"] };
    expect(() => coxph(d)).toThrow(/^log-likelihood converged before the coefficient of "x" \([0-9.]+\): it may be infinite \(monotone likelihood, e\.g\. a level with no events\)$/);
  });
  it("a constant covariate (R: NA coefficient) is named", () => {
    const d = { time: f64([5, 6, 7, 9, 3, 4]), event: f64([1, 0, 1, 1, 1, 0]), x: [f64([2, 2, 2, 2, 2, 2]), f64([1, 2, 3, 4, 5, 1])], names: ["c", "z"] };
    throwsExactly(() => coxph(d), EstimationError, 'information matrix is singular: term "c" is constant or collinear with the other terms (remove it or merge levels)');
  });
});

describe("Aalen–Johansen and Kaplan–Meier checks", () => {
  it("Kaplan–Meier's level", () => {
    for (const level of [0, 1, -0.5, 95]) throwsExactly(() => kaplanMeier({ time: f64([5, 6]), event: f64([1, 0]), confLevel: level }), UsageError, `confLevel must be between 0 and 1, got ${level}`);
  });
  const aj = { time: f64([5, 6, 7, 9]), cause: f64([1, 0, 2, 1]) };
  it("level and weights", () => {
    for (const level of [0, 1, 1.5]) throwsExactly(() => aalenJohansen({ ...aj, confLevel: level }), UsageError, `confLevel must be between 0 and 1, got ${level}`);
    throwsExactly(() => aalenJohansen({ ...aj, weights: f64([1, 1]) }), UsageError, "weights has 2 values, time has 4");
    throwsExactly(() => aalenJohansen({ ...aj, weights: f64([1, 0, 1, 1]) }), InputError, 'column "weights", row 2: weight 0 is not positive');
    throwsExactly(() => aalenJohansen({ ...aj, weights: f64([1, 1, Infinity, 1]) }), InputError, 'column "weights", row 3: weight Infinity is not positive');
  });
  it("Kaplan–Meier at a time after the last: nobody at risk, nothing else known", () => {
    const km = kaplanMeier({ time: f64([5, 6, 7, 9]), event: f64([1, 0, 1, 1]), times: [7, 9, 10] });
    const at = km.curves[0].at_times!;
    expect(at.n_risk).toEqual([2, 1, 0]);
    expect(at.surv[2]).toBeNaN();
    expect([at.n_event[2], at.n_censor[2], at.std_err_surv[2], at.lower[2], at.upper[2]]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    // up to 9: R's summary(survfit(Surv(c(5,6,7,9), c(1,0,1,1)) ~ 1), times = c(7, 9)): events 2 and 1, censored 1 and 0
    expect(at.n_event.slice(0, 2)).toEqual([2, 1]);
    expect(at.n_censor.slice(0, 2)).toEqual([1, 0]);
    expect(at.surv[1]).toBe(0);
  });
});

describe("effect over time: the label", () => {
  it("must be 0/1 and constant within a cluster, named by file, column and row", () => {
    const cols = { stop: [5, 6, 7, 9, 4, 8], event: [1, 0, 1, 1, 1, 0], office: ["a", "a", "b", "b", "c", "c"], pilot: [1, 1, 0, 0, 2, 2] };
    throwsExactly(() => effectOverTimeFromTable(tableFromColumns(cols, "e.csv"), { time: "stop", event: "event", cluster: "office", label: "pilot", days: [5] }), InputError, 'e.csv, column "pilot", row 5: value 2 is not 0 or 1');
    const mixed = { ...cols, pilot: [1, 1, 0, 1, 0, 0] };
    throwsExactly(() => effectOverTimeFromTable(tableFromColumns(mixed, "e.csv"), { time: "stop", event: "event", cluster: "office", label: "pilot", days: [5] }), InputError, 'e.csv, column "pilot", row 4: pilot is not constant within office "b"');
  });
});
