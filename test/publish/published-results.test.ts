/**
 * results.json through the gate (src/publish/published-results.ts): only whitelisted fields are
 * copied, counts come from the linked cells (":" when hidden), per-pair Cox models below the
 * threshold are withheld, KM medians are read off the published (binned) curve. Inputs are hand-made
 * result objects; the gate decisions are given (a stub gate) or, for the DiD counts, come from
 * ExitsCells on hand-made baseline rows whose sums are worked out in the comments.
 */
import { describe, expect, it } from "vitest";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "../../src/job/analyses.js";
import { ExitsCells } from "../../src/publish/exits-cells.js";
import { didCellSpecs, publishedCox, publishedDid, publishedSurvival } from "../../src/publish/published-results.js";
import type { PublishedKm, SurvivalGate } from "../../src/publish/survival-gate.js";
import type { BaselineRow } from "../../src/registers/baseline-tables.js";

type Any = any;  

function gate(o: { counts?: string[]; estimates?: string[]; groupN?: string[]; km?: PublishedKm[]; aj?: SurvivalGate["aj"] }): SurvivalGate {
  return {
    k: 5,
    km: o.km ?? [],
    aj: o.aj ?? [],
    cox: {
      counts: (m) => (o.counts ?? []).includes(m),
      estimates: (m) => (o.estimates ?? []).includes(m),
      groupN: (g) => (o.groupN ?? []).includes(g),
      withheld: [],
    },
  };
}

describe("publishedCox", () => {
  const fit = (n: number) => ({ terms: ["pilot"], coef: [0.1], se: [0.05], hazard_ratio: [1.105], hr_lower: [1], hr_upper: [1.2], p: [0.04], n, nevent: n / 2, means: [0.5], linear_predictors: [1, 2] });
  const cox = {
    pooled: fit(100),
    by_period: { ...fit(100), periods: ["0-90", "90+"] },
    per_pair: [
      { county: "K1", pilot_office: "P1", control_office: "C1", fit: fit(40) },
      { county: "K2", pilot_office: "P2", control_office: "C2", fit: fit(60) },
    ],
  } as unknown as CoxAnalysis;

  it("copies the whitelisted fields only, and n/events only where the gate allows", () => {
    const r = publishedCox(cox, gate({ counts: ["pooled"], estimates: ["K1", "K2"] }), 5) as Any;
    expect(r.pooled).toEqual({ terms: ["pilot"], coef: [0.1], se: [0.05], hazard_ratio: [1.105], hr_lower: [1], hr_upper: [1.2], p: [0.04], n: 100, nevent: 50 });
    expect(r.by_period.periods).toEqual(["0-90", "90+"]);
    expect(r.by_period.n).toBe(100);
    expect(r.by_period.means).toBeUndefined();
    // K1, K2: estimates shown, their counts not
    expect(r.per_pair.map((p: Any) => [p.county, p.pilot_office, p.control_office, p.fit.coef[0], p.fit.n, p.fit.nevent])).toEqual([
      ["K1", "P1", "C1", 0.1, ":", ":"],
      ["K2", "P2", "C2", 0.1, ":", ":"],
    ]);
  });

  it("a pair whose estimates are withheld shows the reason with the threshold, nothing else", () => {
    const r = publishedCox(cox, gate({ counts: ["pooled", "K1"], estimates: ["K1"] }), 7) as Any;
    expect(r.per_pair[0].fit.n).toBe(40);
    expect(r.per_pair[0].fit.nevent).toBe(20);
    expect(r.per_pair[1].fit).toEqual({ withheld: "an office of this pair has fewer than 7 persons with, or without, the event" });
    const none = publishedCox({ per_pair: [] } as unknown as CoxAnalysis, gate({}), 5) as Any;
    expect(none.pooled).toBeUndefined();
    expect(none.by_period).toBeUndefined();
  });
});

describe("publishedSurvival", () => {
  const km = (group: string, o: Partial<PublishedKm> = {}): PublishedKm => ({
    group,
    withheld: false,
    bins: [
      { s: 0, e: 2, from: -Infinity, to: 3, n_risk: 40, n_event: 8, n_censor: 0, n_enter: 0 },
      { s: 3, e: 5, from: 3, to: 6, n_risk: 32, n_event: 12, n_censor: 0, n_enter: 0 },
      { s: 6, e: 9, from: 6, to: 9, n_risk: 20, n_event: 8, n_censor: 0, n_enter: 0 },
      { s: 10, e: 12, from: 9, to: Infinity, n_risk: 12, n_event: 5, n_censor: 7, n_enter: 0 },
    ],
    time: [3, 6, 9],
    n_risk: [40, 32, 20],
    surv: [0.8, 0.5, 0.3],
    lower: [0.6, 0.4, 0.2],
    upper: [0.9, 0.7, 0.5],
    n: 40,
    events: 33,
    ...o,
  });
  const lr = { chisq: 4.2, df: 1, p: 0.04, rho: 0, groups: ["pilot=0", "pilot=1"], n: [40, 30], observed: [33, 20], expected: [30, 23], variance: [[1]], dropped: {} };
  const s = {
    km: { conf_type: "log", conf_level: 0.95, curves: [], dropped: { rows: 1 } },
    logrank: lr,
    logrank_by_pair: { ...lr, chisq: 3.1 },
    effect_over_time: { days: [90], estimate: [0.1], dropped: { rows: 2 } },
  } as unknown as SurvivalAnalysis;

  it("medians and their limits are read off the published steps (first time at or below 0.5)", () => {
    // S = 0.8, 0.5, 0.3 at t = 3, 6, 9 → median 6 (S reaches 0.5 there); the lower limit of the
    // median is where the UPPER band reaches 0.5 (0.9, 0.7, 0.5 → 9) and its upper limit where the
    // LOWER band does (0.6, 0.4 → 6), as R's survfit.
    const g = gate({ km: [km("pilot=0"), km("pilot=1", { surv: [0.9, 0.8, 0.7], upper: [1, 1, 1], lower: [0.8, 0.7, 0.6], n: 30, events: 20 })], groupN: ["pilot=0", "pilot=1"] });
    const r = publishedSurvival(s, g) as Any;
    const [c0, c1] = r.km.curves;
    expect([c0.median, c0.median_lower, c0.median_upper]).toEqual([6, 9, 6]);
    expect([c1.median, c1.median_lower, c1.median_upper]).toEqual([null, null, null]);
    expect(c0.bins[0]).toEqual({ from: null, to: 3, n_risk: 40, n_event: 8 });
    expect(c0.bins[3]).toEqual({ from: 9, to: null, n_risk: 12, n_event: 5 });
    expect([c0.group, c0.n, c0.events, c0.time, c0.n_risk, c0.surv, c0.lower, c0.upper]).toEqual(["pilot=0", 40, 33, [3, 6, 9], [40, 32, 20], [0.8, 0.5, 0.3], [0.6, 0.4, 0.2], [0.9, 0.7, 0.5]]);
    expect([r.km.conf_type, r.km.conf_level]).toEqual(["log", 0.95]);
    expect(r.km.note).toMatch(/at least min_cell events/);
    expect(r.competing).toBeUndefined();
    // dropped rows are not published (they are in manifest.json)
    expect(r.effect_over_time).toEqual({ days: [90], estimate: [0.1] });
  });

  it("a group's size is shown only where the gate allows; a withheld curve shows nothing", () => {
    const g = gate({ km: [km("pilot=0"), km("pilot=1", { withheld: true })], groupN: ["pilot=1"] });
    const r = publishedSurvival(s, g) as Any;
    expect(r.km.curves[0].n).toBe(":");
    expect(r.km.curves[0].events).toBe(33);
    expect(r.km.curves[1]).toEqual({ group: "pilot=1", withheld: true });
    // log-rank: n needs a published curve AND the group size allowed; observed needs the curve only.
    // pilot=0: curve shown, size not → n ":", observed 33. pilot=1: curve withheld → both ":".
    expect(r.logrank).toEqual({ chisq: 4.2, df: 1, p: 0.04, rho: 0, groups: ["pilot=0", "pilot=1"], n: [":", ":"], observed: [33, ":"] });
    expect(r.logrank_by_pair.chisq).toBe(3.1);
    const g2 = gate({ km: [km("pilot=0"), km("pilot=1")], groupN: ["pilot=0", "pilot=1"] });
    expect((publishedSurvival(s, g2) as Any).logrank.n).toEqual([40, 30]);
  });

  it("competing risks: the gate's curves with the result's settings", () => {
    const aj = [{ group: "pilot=0", causes: [{ cause: "work", time: [3], cuminc: [0.2], lower: [0.1], upper: [0.3] }] }];
    const sc = { ...s, competing: { std_err_type: "infinitesimal-jackknife", conf_type: "log", conf_level: 0.9, curves: [{ secret: 1 }], dropped: {} } } as unknown as SurvivalAnalysis;
    const r = publishedSurvival(sc, gate({ aj })) as Any;
    expect(r.competing).toEqual({ std_err_type: "infinitesimal-jackknife", conf_type: "log", conf_level: 0.9, curves: aj });
  });
});

describe("publishedDid", () => {
  const row = (office: string, pilot: number, year: number, exits: number, job: number) => ({ office, pilot, user_group: "g", year, exits, job }) as BaselineRow;
  // Pilot office P and control office C, 2011–2014, pilot from 2013; all counts ≥ 5 apart from the
  // variant below. Exits (job): P 20 (10), 30 (12), 40 (30), 50 (35); C 25 (5), 35 (14), 45 (18), 55 (22).
  const rows = [
    row("P", 1, 2011, 20, 10), row("P", 1, 2012, 30, 12), row("P", 1, 2013, 40, 30), row("P", 1, 2014, 50, 35),
    row("C", 0, 2011, 25, 5), row("C", 0, 2012, 35, 14), row("C", 0, 2013, 45, 18), row("C", 0, 2014, 55, 22),
  ];
  const sum = (o: string | null, years: number[], what: "exits" | "job") => rows.filter((r) => (o === null || r.office === o) && years.includes(r.year)).reduce((s, r) => s + r[what], 0);
  /** A DiD result whose counts are the sums of the rows (as the analysis would report them). */
  function result(pre: number[], post: number[], extra: Record<string, unknown> = {}) {
    const cell = (o: string, ys: number[]) => ({ n: sum(o, ys, "exits"), mean: sum(o, ys, "job") / sum(o, ys, "exits") });
    const n = sum(null, [...pre, ...post], "exits");
    return {
      did_2x2: { estimate: 0.123, cells: { treated_pre: cell("P", pre), treated_post: cell("P", post), control_pre: cell("C", pre), control_post: cell("C", post) } },
      twfe: { estimate: 0.1, se_cr2: 0.05, df_satterthwaite: 3.2, p_cr2_satterthwaite: 0.2, ci: { cr2: [-0.05, 0.25] }, n, covariate_means: [0.4], residuals: [1, 2] },
      wild_cluster_bootstrap: { p: 0.25 },
      randomization_inference: { p: 0.5 },
      event_study: { estimates: [0.1] },
      n,
      warnings: ["few clusters"],
      ...extra,
    };
  }
  const analysis = (over: Record<string, unknown> = {}) =>
    ({
      comparison: { ...result([2012], [2014]), pre: [2012], post: [2014], rows: sum(null, [2012, 2014], "exits"), ...over },
      all_years: result([2011, 2012], [2013, 2014], { twfe_no_covariates: { estimate: 0.09, n: sum(null, [2011, 2012, 2013, 2014], "exits"), secret: 1 } }),
      robustness: { placebo: [0.01] },
    }) as unknown as DidAnalysis;

  /** Declare, solve, read: as the job does. */
  function run(did: DidAnalysis, rs = rows): Any {
    const cells = new ExitsCells(rs, 5);
    publishedDid(did, cells, 2013);
    cells.solve();
    return publishedDid(did, cells, 2013);
  }

  it("the 2×2 cells' n and share come from the linked cells; model fields are whitelisted", () => {
    const r = run(analysis());
    // comparison 2012 vs 2014: P 30 (12) → 50 (35); C 35 (14) → 55 (22)
    expect(r.comparison.did_2x2.cells).toEqual({
      treated_pre: { n: 30, mean: 12 / 30 },
      treated_post: { n: 50, mean: 35 / 50 },
      control_pre: { n: 35, mean: 14 / 35 },
      control_post: { n: 55, mean: 22 / 55 },
    });
    expect(r.comparison.did_2x2.estimate).toBe(0.123);
    expect([r.comparison.pre, r.comparison.post, r.comparison.rows, r.comparison.n]).toEqual([[2012], [2014], 170, 170]);
    expect(r.comparison.twfe).toEqual({ estimate: 0.1, se_cr2: 0.05, df_satterthwaite: 3.2, p_cr2_satterthwaite: 0.2, ci: { cr2: [-0.05, 0.25] }, n: 170 });
    expect(r.comparison.twfe_no_covariates).toBeUndefined();
    expect([r.comparison.wild_cluster_bootstrap, r.comparison.randomization_inference, r.comparison.event_study, r.comparison.warnings]).toEqual([{ p: 0.25 }, { p: 0.5 }, { estimates: [0.1] }, ["few clusters"]]);
    // all years: pre = 2011, 2012 (before the pilot start 2013), post = 2013, 2014
    expect(r.all_years.did_2x2.cells.treated_pre).toEqual({ n: 50, mean: 22 / 50 });
    expect(r.all_years.did_2x2.cells.control_post).toEqual({ n: 100, mean: 40 / 100 });
    expect(r.all_years.n).toBe(300);
    expect(r.all_years.twfe_no_covariates).toEqual({ estimate: 0.09, n: 300 });
    expect(r.robustness).toEqual({ placebo: [0.01] });
    expect(r.sensitivity).toBeNull();
  });

  it("a count the analysis reports differently from the rows is withheld, and the 2×2 estimate with it", () => {
    // The comparison's treated_pre n is reported as 29 (a row dropped): that cell is not shown, and
    // the estimate (which with the other three shares would give its share back) is hidden too.
    const a = analysis();
    (a.comparison.did_2x2.cells.treated_pre as { n: number }).n = 29;
    const r = run(a);
    expect(r.comparison.did_2x2.cells.treated_pre).toEqual({ n: ":", mean: ":" });
    expect(r.comparison.did_2x2.estimate).toBe(":");
    // its true value 30 = the comparison's total − the other three cells: not all of those are shown
    const rest = ["treated_post", "control_pre", "control_post"].map((k) => r.comparison.did_2x2.cells[k].n);
    expect([...rest, r.comparison.n]).toContain(":");
    // rows reported as 169: the comparison's total is withheld wherever it appears
    const b = analysis({ rows: 169 });
    const rb = run(b);
    expect([rb.comparison.rows, rb.comparison.n, rb.comparison.twfe.n]).toEqual([":", ":", ":"]);
  });

  it("a small 2×2 cell is hidden with its share and the estimate; it cannot be worked out from the rest", () => {
    // C in 2012 has 4 exits (1 to work): control_pre of the comparison is 4 < 5. Totals: comparison
    // 30 + 50 + 4 + 55 = 139, all years 300 − 35 + 4 = 269.
    const rs = rows.map((r) => (r.office === "C" && r.year === 2012 ? { ...r, exits: 4, job: 1 } : r));
    const cell = (o: string, ys: number[]) => {
      const f = rs.filter((r) => r.office === o && ys.includes(r.year));
      const n = f.reduce((s, r) => s + r.exits, 0);
      return { n, mean: f.reduce((s, r) => s + r.job, 0) / n };
    };
    const a = analysis({ rows: 139, n: 139, twfe: { estimate: 0.1, n: 139 } });
    const c = a.comparison.did_2x2.cells as Any;
    c.control_pre = cell("C", [2012]);
    const all = a.all_years as Any;
    all.n = 269;
    all.twfe.n = 269;
    all.twfe_no_covariates.n = 269;
    all.did_2x2.cells.control_pre = cell("C", [2011, 2012]);
    const r = run(a, rs);
    const cp = r.comparison.did_2x2.cells.control_pre;
    expect(cp).toEqual({ n: ":", mean: ":" });
    expect(r.comparison.did_2x2.estimate).toBe(":");
    // control_pre = n − (the other three cells): not all four may be shown
    const others = ["treated_pre", "treated_post", "control_post"].map((k) => r.comparison.did_2x2.cells[k].n);
    expect([...others, r.comparison.n]).toContain(":");
  });

  it("didCellSpecs: treated = pilot offices, control = the others, over the given years", () => {
    const cells = new ExitsCells([...rows, row("Q", 1, 2011, 9, 9)], 5);
    const s = didCellSpecs(cells, [2011], [2013, 2014]);
    expect(s.treated_pre).toEqual({ exits: { measure: "exits", offices: ["P", "Q"], years: [2011] }, job: { measure: "job", offices: ["P", "Q"], years: [2011] } });
    expect(s.control_post).toEqual({ exits: { measure: "exits", offices: ["C"], years: [2013, 2014] }, job: { measure: "job", offices: ["C"], years: [2013, 2014] } });
    expect(s.treated_post.exits.years).toEqual([2013, 2014]);
    expect(s.control_pre.job.offices).toEqual(["C"]);
  });
});
