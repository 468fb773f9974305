/**
 * Kaplan–Meier and log-rank against R (survival 3.5-3): every survfit and survdiff case in
 * ../shared/reference/survival/*.json, through the API and through `effekt km|logrank --format json`.
 * Expected numbers: the reference files (R's output); tolerances from ../shared/README.md.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { kaplanMeierFromTable, logrankFromTable } from "../../src/survival/km-from-table.js";
import { runCliJson } from "../helpers/cli.js";
import { expectAllRelClose, expectRelClose, loadReference, refPath, TOL } from "../helpers/reference.js";

const DATASETS = ["lung", "veteran", "ovarian", "colon", "heart"];
const cases = DATASETS.flatMap((d) =>
  loadReference<{ cases: any[] }>("survival", `${d}.json`)
    .cases.filter((c) => c.kind === "survfit" || c.kind === "survdiff")
    .map((c) => ({ d, c })),
);

/** R's level order for the group, read from the reference labels ("rx=Obs" → "Obs"). */
function levelsOf(c: any): string[] | undefined {
  const labels: string[] = c.kind === "survdiff" ? c.groups : [...new Set<string>(c.strata)];
  return c.spec.group ? labels.map((l) => l.slice(l.indexOf("=") + 1)) : undefined;
}

const asList = (v: any): (number | null)[] => (Array.isArray(v) ? v : [v]);
const orNull = (v: number | null) => (v === null || Number.isNaN(v) || !Number.isFinite(v) ? null : v);

/**
 * Compare a survfit result (curves stacked as R stacks strata) with the reference. At level 0.9 the
 * limits are the reference's `lower_90`/`upper_90` (R: the same call with conf.int = 0.9); at 0.95 also
 * the median's limits (R: print(fit) / summary(fit)$table "0.95LCL", "0.95UCL"; NA = not reached).
 */
function checkSurvfit(r: any, c: any, medians: number | (number | null)[], level: 0.95 | 0.9 = 0.95) {
  const curves: any[] = r.curves;
  expect(r.conf_level).toBe(level);
  const cat = (k: string) => curves.flatMap((cv) => Array.from(cv[k] as ArrayLike<number | null>).map((v) => (v === null ? NaN : v)));
  expect(curves.flatMap((cv) => Array(cv.time.length).fill(cv.group))).toEqual(c.strata);
  for (const k of ["time", "n_risk", "n_event", "n_censor"]) expect(cat(k), k).toEqual(c[k]);
  const near = (k: string, tol: number) => {
    const a = cat(k);
    const e: (number | null)[] = c[k];
    expect(a.length).toBe(e.length);
    // R's NA/Inf is null in the reference: we must give a non-finite value there
    e.forEach((v, i) => (v === null ? expect(Number.isFinite(a[i]), `${k}[${i}]`).toBe(false) : expectRelClose(a[i], v, tol, `${k}[${i}]`)));
  };
  near("surv", TOL.survival.surv);
  if (level === 0.95) {
    near("lower", TOL.survival.surv);
    near("upper", TOL.survival.surv);
    expect(curves.map((cv) => orNull(cv.median_lower)), "median lower").toEqual(asList(c.median_lower));
    expect(curves.map((cv) => orNull(cv.median_upper)), "median upper").toEqual(asList(c.median_upper));
  } else {
    c = { ...c, lower: c.lower_90, upper: c.upper_90 };
    near("lower", TOL.survival.surv);
    near("upper", TOL.survival.surv);
  }
  near("std_err", TOL.survival.se);
  const med = Array.isArray(medians) ? medians : [medians];
  expect(curves.map((cv) => (cv.median === null || Number.isNaN(cv.median) ? null : cv.median))).toEqual(med);
}

describe("survfit / survdiff reference cases (API)", () => {
  const tables: Record<string, any> = {};
  beforeAll(async () => {
    for (const d of DATASETS) tables[d] = await readTable(refPath("survival", `${d}.csv`));
  });
  for (const { d, c } of cases) {
    it(`${d}: ${c.r_call}`, () => {
      const s = c.spec;
      if (c.kind === "survfit") {
        const spec = { time: s.time, event: s.event, start: s.start, group: s.group, groupLevels: levelsOf(c), confType: s.conf_type };
        const r = kaplanMeierFromTable(tables[d], spec);
        expect(r.dropped.total).toBe(0);
        checkSurvfit(r, c, c.median);
        checkSurvfit(kaplanMeierFromTable(tables[d], { ...spec, confLevel: 0.9 }), c, c.median, 0.9);
      } else {
        const r = logrankFromTable(tables[d], { time: s.time, event: s.event, group: s.group, groupLevels: levelsOf(c), strata: s.strata, rho: s.rho });
        expect(r.groups).toEqual(c.groups);
        expectRelClose(r.chisq, c.chisq, TOL.survival.stat, "chisq");
        expect(r.df).toBe(c.df);
        expectAllRelClose(r.observed, c.observed, TOL.survival.stat, "observed");
        expectAllRelClose(r.expected, c.expected, TOL.survival.stat, "expected");
        expectRelClose(r.p, c.p, TOL.survival.stat, "p");
      }
    }, 30_000);
  }
});

describe("survfit / survdiff reference cases (CLI --format json)", () => {
  for (const { d, c } of cases) {
    it(`effekt ${c.kind === "survfit" ? "km" : "logrank"}: ${c.r_call}`, () => {
      const s = c.spec;
      const args = ["--data", refPath("survival", `${d}.csv`), "--time", s.time, "--event", s.event];
      if (s.start) args.push("--start", s.start);
      if (s.group) args.push("--group", s.group, "--levels", levelsOf(c)!.join(","));
      if (c.kind === "survfit") {
        const r = runCliJson(["km", ...args, "--conf-type", s.conf_type]);
        expect(r.dropped.total).toBe(0);
        checkSurvfit(r, c, c.median);
        checkSurvfit(runCliJson(["km", ...args, "--conf-type", s.conf_type, "--conf-level", "0.9"]), c, c.median, 0.9);
      } else {
        if (s.strata) args.push("--strata", s.strata);
        const r = runCliJson(["logrank", ...args, "--rho", String(s.rho)]);
        expectRelClose(r.chisq, c.chisq, TOL.survival.stat, "chisq");
        expect(r.df).toBe(c.df);
        expect(r.groups).toEqual(c.groups);
        expectAllRelClose(r.observed, c.observed, TOL.survival.stat, "observed");
        expectAllRelClose(r.expected, c.expected, TOL.survival.stat, "expected");
        expectRelClose(r.p, c.p, TOL.survival.stat, "p");
      }
    }, 30_000);
  }
});
