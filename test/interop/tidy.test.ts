/**
 * tidy/glance reshape results into rows without changing a number. Expected values are R's, from
 * ../shared/reference/survival/lung.json (the case named in each test, R 4.2.2, survival 3.5-3) and
 * ../shared/reference/did/did_panel.json — so a row that picked the wrong field fails against R.
 */
import { describe, expect, it } from "vitest";
import {
  coxphFromTable, didFromTable, glance, kaplanMeierFromTable, logrankFromTable, readTable, tidy, toArrow, toDataFrame,
} from "../../src/index.js";
import { expectRelClose, loadReference, refPath, TOL } from "../helpers/reference.js";

const lung = loadReference("survival", "lung.json");
const byCall = (call: string) => lung.cases.find((c: { r_call: string }) => c.r_call === call);

describe("tidy and glance", () => {
  it("Cox: one row per term with R's coef, se, p and 95% hazard-ratio limits; glance has R's tests", async () => {
    const ref = byCall("coxph(Surv(time, dead) ~ age + sex + ph_ecog, data = lung2)");
    const t = await readTable(refPath("survival", "lung.csv"));
    const fit = coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "sex", "ph_ecog"] });
    const rows = tidy(fit);
    expect(rows.map((r) => r.term)).toEqual(ref.terms);
    rows.forEach((r, j) => {
      expectRelClose(r.estimate, ref.coef[j], TOL.survival.coef, `${r.term} estimate`);
      expectRelClose(r.std_error, ref.se[j], TOL.survival.se, `${r.term} se`);
      expectRelClose(r.p_value, ref.p[j], TOL.survival.stat, `${r.term} p`);
      expectRelClose(r.conf_low, ref.hr_lower[j], TOL.survival.stat, `${r.term} lower`);
      expectRelClose(r.conf_high, ref.hr_upper[j], TOL.survival.stat, `${r.term} upper`);
      expect(r.robust_std_error).toBeNull();
    });
    const g = glance(fit);
    expect(g.n).toBe(ref.n);
    expect(g.nevent).toBe(ref.nevent);
    expectRelClose(g.loglik, ref.loglik[1], TOL.survival.coef, "loglik");
    expectRelClose(g.lr_statistic, ref.lrt[0], TOL.survival.stat, "LR");
    expectRelClose(g.lr_p_value, ref.lrt_p, TOL.survival.stat, "LR p");
    expectRelClose(g.wald_p_value, ref.wald_p, TOL.survival.stat, "Wald p");
    expectRelClose(g.score_p_value, ref.score_p, TOL.survival.stat, "score p");
    const df = toDataFrame(fit);
    expect(df.shape).toEqual([3, 9]);
    const arrow = toArrow(fit);
    expect(arrow.numRows).toBe(3);
    expect(arrow.getChild("term")!.toArray()).toEqual(ref.terms);
    expect(Array.from(arrow.getChild("estimate")!.toArray() as Float64Array)).toEqual(rows.map((r) => r.estimate));
  });

  it("Kaplan–Meier: one row per time and stratum as R's survfit; glance has the medians", async () => {
    const ref = byCall("survfit(Surv(time, dead) ~ sex, data = lung2)");
    const t = await readTable(refPath("survival", "lung.csv"));
    const km = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex" });
    const rows = tidy(km);
    expect(rows.length).toBe(ref.time.length);
    rows.forEach((r, i) => {
      expect(r.group).toBe(ref.strata[i]);
      expect(r.time).toBe(ref.time[i]);
      expect(r.n_risk).toBe(ref.n_risk[i]);
      expectRelClose(r.estimate, ref.surv[i], TOL.survival.surv, `surv ${i}`);
      expectRelClose(r.conf_low, ref.lower[i], TOL.survival.surv, `lower ${i}`);
    });
    const g = glance(km);
    expect(g.map((x) => x.median)).toEqual(ref.median);
    expect(g.map((x) => x.median_conf_low)).toEqual(ref.median_lower);
  });

  it("log-rank: observed and expected per group; glance has R's chisq and p", async () => {
    const ref = byCall("survdiff(Surv(time, dead) ~ sex, data = lung2)");
    const t = await readTable(refPath("survival", "lung.csv"));
    const lr = logrankFromTable(t, { time: "time", event: "dead", group: "sex" });
    expect(tidy(lr).map((r) => r.observed)).toEqual(ref.observed);
    const g = glance(lr);
    expectRelClose(g.statistic, ref.chisq, TOL.survival.stat, "chisq");
    expectRelClose(g.p_value, ref.p, TOL.survival.stat, "p");
  });

  it("DiD: one row per inference method with R's estimate, SE and df", async () => {
    const ref = loadReference("did", "did_panel.json");
    const t = await readTable(refPath("did", "did_panel.csv"));
    const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, cluster: "office" });
    const rows = tidy(r);
    const by = (m: string) => rows.find((x) => x.method.startsWith(m))!;
    expectRelClose(by("2x2").estimate, ref.did_2x2.estimate, TOL.did.estimate, "2x2");
    expectRelClose(by("TWFE, iid").std_error!, ref.twfe.se_iid, TOL.did.se, "iid");
    expectRelClose(by("TWFE, CR1").std_error!, ref.twfe.se_cr1, TOL.did.se, "CR1");
    expectRelClose(by("TWFE, CR2").std_error!, ref.twfe.se_cr2, TOL.did.se, "CR2");
    expectRelClose(by("TWFE, CR2").df!, ref.twfe.df_satterthwaite, TOL.did.df, "df");
    expectRelClose(by("TWFE, CR2").p_value!, ref.twfe.p_cr2_satterthwaite, TOL.did.p, "p");
    expect(by("wild").p_value).toBe(ref.wild_cluster_bootstrap.p_value);
    expect(glance(r).clusters).toBe(10);
  });

  it("refuses what is not a result, with a clear message", () => {
    expect(() => tidy({ a: 1 } as never)).toThrow(/not a result/);
  });
});
