/**
 * Smoke test of the benchmark core (bench/cases.ts, used by `npm run bench`) at a tiny n, without R:
 * every case runs, and effekt's variants agree with each other and with the simulation's truth.
 */
import { describe, expect, it } from "vitest";
import { CASE_IDS, KM_TIMES, fitCox, fitCoxRobust, fitCoxStartStop, headCox, makeData, runEffekt, twfeFit } from "../../bench/cases.js";

const N = 20_000;
const data = makeData([...CASE_IDS], N, N);
const results = runEffekt([...CASE_IDS], data);
const byId = new Map(results.map((r) => [r.id, r]));

describe("bench core at 20k rows", () => {
  it("runs every case once with finite estimates and timings", () => {
    // "did-cr2" is folded into the "did" row (same fit); every other case has its own row
    expect(results.map((r) => r.id).sort()).toEqual(CASE_IDS.filter((c) => c !== "did-cr2").sort());
    for (const r of results) {
      expect(r.rows).toBe(N);
      expect(r.seconds).toBeGreaterThanOrEqual(0);
      expect(r.estimates.length).toBeGreaterThan(0);
      for (const e of r.estimates) expect(Number.isFinite(e)).toBe(true);
    }
  });

  it("cluster-robust and plain Cox give the same coefficients (the cluster only changes the variance)", () => {
    const plain = byId.get("cox")!.estimates;
    const robust = byId.get("cox-robust")!.estimates;
    expect(robust).toHaveLength(10); // 5 coefficients, 5 robust SEs
    for (let j = 0; j < 5; j++) expect(robust[j]).toBeCloseTo(plain[j], 12);
  });

  it("Cox fits recover the simulated log hazard ratios (bench/data.ts coxData: beta) within 4 SE", () => {
    const d = data.cox!;
    for (const fit of [fitCox(d), fitCoxStartStop(d)]) {
      fit.coef.forEach((b, j) => expect(Math.abs(b - d.beta[j])).toBeLessThan(4 * fit.se[j]));
    }
  });

  it("headCox gives the same fit as generating only those rows' data (the R-at-smaller-n comparison relies on it)", () => {
    const a = fitCoxRobust(headCox(data.cox!, 5000));
    expect(a.n).toBe(5000);
    const b = fitCoxRobust(headCox(makeData(["cox"], 5000, 5000).cox!, 5000));
    expect(a.coef).toEqual(b.coef);
    expect(a.robust_se).toEqual(b.robust_se);
  });

  it("KM survival at the report days is a probability and falls with time in every group", () => {
    const s = byId.get("km")!.estimates;
    expect(s).toHaveLength(10 * KM_TIMES.length);
    for (let g = 0; g < 10; g++)
      for (let k = 0; k < KM_TIMES.length; k++) {
        const v = s[g * KM_TIMES.length + k];
        expect(v).toBeGreaterThan(0);
        expect(v).toBeLessThan(1);
        if (k > 0) expect(v).toBeLessThanOrEqual(s[g * KM_TIMES.length + k - 1]);
      }
  });

  it("log-rank: expected events sum to the observed total; groups differ (scale 300·(1 + g/20) in kmData)", () => {
    const [chisq, ...expected] = byId.get("logrank")!.estimates;
    let events = 0;
    for (const e of data.km!.event) events += e;
    expect(expected.reduce((a, b) => a + b, 0)).toBeCloseTo(events, 6);
    expect(chisq).toBeGreaterThan(16.9); // 5% critical value of chi-squared with 9 df
  });

  it("DiD: the bench row equals twfe on the same data, and the estimate is near the truth 0.05", () => {
    const [est, se] = byId.get("did")!.estimates;
    const again = twfeFit(data.did!).res;
    expect(est).toBe(again.estimate);
    expect(Math.abs(est - 0.05)).toBeLessThan(4 * Math.max(se, again.se_iid));
    const [, p] = byId.get("did-boot")!.estimates;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });
});
