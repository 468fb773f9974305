/**
 * coxph and cox.zph against R 4.2.2 / survival 3.5-3 on the datasets in ../shared/reference/survival
 * (expected numbers: the `coxph` cases of NAME.json, produced by the `r_call` stored with each case).
 * Tolerances from ../shared/README.md. Coefficients are matched by R's term name.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { runCliJson } from "../helpers/cli.js";
import { TOL, expectRelClose, loadReference, refPath } from "../helpers/reference.js";

const DATASETS = ["lung", "veteran", "ovarian", "heart", "colon"];

interface Case {
  kind: string;
  r_call: string;
  spec: any;
  terms: string[];
  coef: number[];
  se: number[];
  robust_se?: number[];
  loglik: number[];
  lrt: number[];
  wald: number[];
  score: number[];
  n: number;
  nevent: number;
  zph_km: { rows: string[]; chisq: number[]; df: number[]; p: number[] };
  // what a reader sees (summary(coxph)): p per term (robust when clustered), 95 % and 90 % HR limits,
  // and the p-values of the three global tests
  p: number[];
  hr_lower: number[];
  hr_upper: number[];
  hr_lower_90: number[];
  hr_upper_90: number[];
  lrt_p: number;
  wald_p: number;
  score_p: number;
}

/**
 * The numbers a reader reads, at the level the fit was asked for: per-term p, the HR limits
 * (summary(fit)$conf.int at conf.int = 0.95, and 0.90 for the `_90` fields) and the global tests' p.
 */
function compareReader(fit: any, c: Case, level: 0.95 | 0.9): void {
  const S = TOL.survival;
  expect(fit.conf_level).toBe(level);
  const [lo, hi] = level === 0.95 ? [c.hr_lower, c.hr_upper] : [c.hr_lower_90, c.hr_upper_90];
  c.terms.forEach((t, i) => {
    const j = fit.terms.indexOf(t);
    expectRelClose(fit.p[j], c.p[i], S.stat, `${t} p`);
    expectRelClose(fit.hr_lower[j], lo[i], S.stat, `${t} HR lower ${level}`);
    expectRelClose(fit.hr_upper[j], hi[i], S.stat, `${t} HR upper ${level}`);
  });
  expectRelClose(fit.tests.lr.p, c.lrt_p, S.stat, "LR test p");
  expectRelClose(fit.tests.wald.p, c.wald_p, S.stat, "Wald test p");
  expectRelClose(fit.tests.score.p, c.score_p, S.stat, "score test p");
}

function compare(fit: any, c: Case): void {
  const S = TOL.survival;
  expect(fit.n).toBe(c.n);
  expect(fit.nevent).toBe(c.nevent);
  expect([...fit.terms].sort()).toEqual([...c.terms].sort());
  c.terms.forEach((t, i) => {
    const j = fit.terms.indexOf(t);
    expectRelClose(fit.coef[j], c.coef[i], S.coef, `${t} coef`);
    expectRelClose(fit.se[j], c.se[i], S.se, `${t} se`);
    if (c.robust_se) expectRelClose(fit.robust_se[j], c.robust_se[i], S.se, `${t} robust se`);
  });
  if (!c.robust_se) expect(fit.robust_se).toBeUndefined();
  expectRelClose(fit.loglik[0], c.loglik[0], S.coef, "loglik at 0");
  expectRelClose(fit.loglik[1], c.loglik[1], S.coef, "loglik at beta");
  for (const [k, r] of [["lr", c.lrt], ["wald", c.wald], ["score", c.score]] as const) {
    expectRelClose(fit.tests[k].stat, r[0], S.stat, `${k} test`);
    expect(fit.tests[k].df).toBe(r[1]);
  }
  // zph rows: R's term order, then GLOBAL
  c.zph_km.rows.forEach((row, i) => {
    const j = fit.zph.rows.indexOf(row);
    expect(j, `zph row ${row}`).toBeGreaterThanOrEqual(0);
    expectRelClose(fit.zph.chisq[j], c.zph_km.chisq[i], S.stat, `zph ${row} chisq`);
    expectRelClose(fit.zph.p[j], c.zph_km.p[i], S.stat, `zph ${row} p`);
    expect(fit.zph.df[j]).toBe(c.zph_km.df[i]);
  });
}

function cliArgs(name: string, s: any): string[] {
  const a = ["cox", "--data", refPath("survival", `${name}.csv`), "--time", s.time, "--event", s.event];
  a.push("--covariates", s.covariates.join(","));
  if (s.start) a.push("--start", s.start);
  for (const [col, ref] of Object.entries(s.factors ?? {})) a.push("--factor", `${col}=${ref}`);
  if (s.strata) a.push("--strata", s.strata);
  if (s.cluster) a.push("--cluster", s.cluster);
  if (s.ties) a.push("--ties", s.ties);
  return a;
}

for (const name of DATASETS) {
  const cases = loadReference<{ cases: Case[] }>("survival", `${name}.json`).cases.filter((c) => c.kind === "coxph");
  describe(`coxph on ${name} (R survival 3.5-3)`, () => {
    let table: Awaited<ReturnType<typeof readTable>>;
    beforeAll(async () => {
      table = await readTable(refPath("survival", `${name}.csv`));
    });
    for (const c of cases) {
      it(`API: ${c.r_call}`, () => {
        // the reference's spec is R's call in plain fields plus a free-text `note`, which is not an option
        const { note: _note, ...s } = c.spec as typeof c.spec & { note?: string };
        const fit = coxphFromTable(table, { ...s, zph: true });
        compare(fit, c);
        compareReader(fit, c, 0.95);
        compareReader(coxphFromTable(table, { ...s, confLevel: 0.9 }), c, 0.9);
      });
      it(`CLI: ${c.r_call}`, () => {
        const fit = runCliJson(cliArgs(name, c.spec));
        compare(fit, c);
        compareReader(fit, c, 0.95);
        expect(fit.dropped.total).toBe(table.nrows - c.n);
        compareReader(runCliJson([...cliArgs(name, c.spec), "--conf-level", "0.9"]), c, 0.9);
      }, 30_000); // spawns the CLI; generous under a loaded machine
    }
  });
}
