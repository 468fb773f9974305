/**
 * The two ways of time-walk.ts (dense counts per time slot for few distinct times; radix-ordered walk
 * for many) must give identical curves and tests. The reference cases run the dense path; here the
 * limit is set to 0 to force the sorted walk on the same R datasets, with and without delayed entry.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { kaplanMeierFromTable, logrankFromTable } from "../../src/survival/km-from-table.js";
import { RISK_TABLE_LIMIT } from "../../src/survival/risk-table.js";
import { radixOrder } from "../../src/survival/time-slots.js";
import { aalenJohansen } from "../../src/survival/cumulative-incidence.js";
import { expectAllRelClose, refPath } from "../helpers/reference.js";

const saved = { ...RISK_TABLE_LIMIT };
afterEach(() => Object.assign(RISK_TABLE_LIMIT, saved));

function bothPaths<T>(f: () => T): [T, T] {
  const dense = f();
  RISK_TABLE_LIMIT.extra = 0;
  RISK_TABLE_LIMIT.perRow = 0;
  const sorted = f();
  Object.assign(RISK_TABLE_LIMIT, saved);
  return [dense, sorted];
}

describe("dense and sorted paths agree", () => {
  it("veteran KM and stratified log-rank (integer days), ρ = 0 and 1", async () => {
    const t = await readTable(refPath("survival", "veteran.csv"));
    const [a, b] = bothPaths(() => kaplanMeierFromTable(t, { time: "time", event: "status", group: "trt" }));
    expect(b).toEqual(a);
    for (const rho of [0, 1]) {
      const [x, y] = bothPaths(() => logrankFromTable(t, { time: "time", event: "status", group: "trt", strata: "celltype", rho }));
      expect(y.chisq).toBeCloseTo(x.chisq, 12);
      expect(y.observed).toEqual(x.observed);
      y.expected.forEach((e, i) => expect(e).toBeCloseTo(x.expected[i], 10));
    }
  });

  it("heart (start, stop] with fractional times", async () => {
    const t = await readTable(refPath("survival", "heart.csv"));
    const [a, b] = bothPaths(() => kaplanMeierFromTable(t, { time: "stop", start: "start", event: "event", group: "transplant" }));
    expect(b).toEqual(a);
    const [x, y] = bothPaths(() => logrankFromTable(t, { time: "stop", start: "start", event: "event", group: "transplant", rho: 1 }));
    expect(y.chisq).toBeCloseTo(x.chisq, 12);
  });

  it("Aalen–Johansen with delayed entry, fractional weights and groups: both paths (row → visit numbering)", () => {
    // the IJ terms are summed per visit through rowVisits, which each path computes its own way
    let seed = 5;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 400;
    const time = new Float64Array(n), start = new Float64Array(n), weights = new Float64Array(n);
    const cause = new Int32Array(n), group = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = 1 + Math.floor(rnd() * 60);
      start[i] = Math.floor(rnd() * (time[i] - 1));
      cause[i] = rnd() < 0.3 ? 0 : 1 + Math.floor(rnd() * 2);
      group[i] = Math.floor(rnd() * 3);
      weights[i] = 0.2 + rnd() * 2;
    }
    const [a, b] = bothPaths(() => aalenJohansen({ time, start, cause, group, weights }));
    a.curves.forEach((c, g) => {
      const d = b.curves[g];
      expect(Array.from(d.time)).toEqual(Array.from(c.time));
      expect(Array.from(d.n_risk)).toEqual(Array.from(c.n_risk));
      expectAllRelClose(d.surv, c.surv, 1e-12, "surv");
      expectAllRelClose(d.std_err_surv, c.std_err_surv, 1e-10, "se surv");
      c.causes.forEach((q, k) => expectAllRelClose(d.causes[k].std_err_cuminc, q.std_err_cuminc, 1e-10, `se cause ${k + 1}`));
    });
  });

  it("radixOrder sorts non-negative doubles (ties keep row order)", () => {
    const x = Float64Array.of(3.5, 0, 1e-300, 2, -0, 7e10, 2, 0.25);
    expect(Array.from(radixOrder(x))).toEqual([1, 4, 2, 7, 3, 6, 0, 5]);
  });
});
