/**
 * Non-integer case weights → robust (sandwich) variance by default, as R's coxph (has.rwt: weights
 * that are not whole numbers make robust = TRUE, each row its own cluster); the result says which
 * variance it used. R's robust score test (rscore) with a robust variance, with and without --cluster.
 * Expected numbers: R 4.2.2, survival 3.5-3 on ../shared/reference/survival/lung.csv:
 *   lung2 <- lung[!is.na(lung$ph_karno), ]; lung2$w <- lung2$ph_karno / 50
 *   f <- coxph(Surv(time, dead) ~ age + sex, data = lung2, weights = w)
 *   coef(f) 0.019376038419613 -0.531572939290174; sqrt(diag(f$naive.var)) 0.00736017636553693 0.13274487329070569
 *   sqrt(diag(f$var)) 0.00941348593782818 0.16401580519351466; f$wald.test 15.7662099475368
 *   f$score 24.8282764612452; f$rscore 14.5621931934741; summary(f)$coefficients[, "Pr(>|z|)"]
 *   0.03955869137219752 0.00119117006042598; with robust = FALSE: f$wald.test 24.3489965845081
 *   coxph(Surv(time, dead) ~ age + sex + ph_ecog, data = lung, cluster = inst)$rscore 7.26862522140254
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

const S = TOL.survival;

async function lungWeighted() {
  const t = await readTable(refPath("survival", "lung.csv"));
  const karno = t.columns.get("ph_karno")!.values as Float64Array;
  t.columns.set("w", { name: "w", type: "number", values: Float64Array.from(karno, (v) => v / 50) });
  t.names.push("w");
  return t;
}

describe("Cox with fractional case weights: robust variance by default (R)", () => {
  it("uses and names the robust variance, with R's robust score test", async () => {
    const f = coxphFromTable(await lungWeighted(), { time: "time", event: "dead", covariates: ["age", "sex"], weights: "w" });
    expect(f.variance).toBe("robust");
    expect(f.variance_reason).toMatch(/whole numbers/);
    expectAllRelClose(f.coef, [0.019376038419613, -0.531572939290174], S.coef, "coef");
    expectAllRelClose(f.se, [0.00736017636553693, 0.13274487329070569], S.se, "naive se");
    expectAllRelClose(f.robust_se!, [0.00941348593782818, 0.16401580519351466], S.se, "robust se");
    expectRelClose(f.tests.wald.stat, 15.7662099475368, S.stat, "robust Wald");
    expectRelClose(f.tests.score.stat, 24.8282764612452, S.stat, "score");
    expectRelClose(f.tests.robust_score!.stat, 14.5621931934741, S.stat, "robust score");
    expectAllRelClose(f.p, [0.03955869137219752, 0.00119117006042598], S.se, "p");
  });

  it("robust: false gives the model-based variance (R's robust = FALSE)", async () => {
    const f = coxphFromTable(await lungWeighted(), { time: "time", event: "dead", covariates: ["age", "sex"], weights: "w", robust: false });
    expect(f.variance).toBe("model-based");
    expect(f.robust_se).toBeUndefined();
    expectRelClose(f.tests.wald.stat, 24.3489965845081, S.stat, "model-based Wald");
  });

  it("whole-number weights keep the model-based variance", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    t.columns.set("w2", { name: "w2", type: "number", values: new Float64Array(t.nrows).fill(2) });
    t.names.push("w2");
    expect(coxphFromTable(t, { time: "time", event: "dead", covariates: ["age"], weights: "w2" }).variance).toBe("model-based");
  });
});

describe("robust score test with --cluster (CLI)", { timeout: 30_000 }, () => {
  it("reports R's rscore in JSON and the table", () => {
    const args = ["cox", "--data", refPath("survival", "lung.csv"), "--time", "time", "--event", "dead", "--covariates", "age,sex,ph_ecog", "--cluster", "inst"];
    const j = runCliJson(args);
    expect(j.variance).toBe("cluster-robust");
    expectRelClose(j.tests.robust_score.stat, 7.26862522140254, S.stat, "rscore");
    const r = runCli(args);
    expect(r.stdout).toContain("Robust score test");
    expect(r.stdout).toContain("Variance: cluster-robust");
  });
});
