/**
 * Case weights against R, and the CLI's text output, help and exit codes.
 * Expected weighted numbers: R 4.2.2, survival 3.5-3 on ../shared/reference/survival/lung.csv:
 *   lung2 <- lung2[!is.na(lung2$ph_karno) & !is.na(lung2$inst), ]; lung2$w <- lung2$ph_karno / 50
 *   fit <- coxph(Surv(time, dead) ~ age + sex, data = lung2, weights = w, cluster = inst)
 *   coef(fit); sqrt(diag(fit$naive.var)); sqrt(diag(fit$var)); fit$loglik; fit$score; fit$wald.test
 *   cox.zph(fit)$table[, 1]
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { runCli } from "../helpers/cli.js";
import { TOL, expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

describe("coxph with case weights (R survival 3.5-3)", () => {
  it("matches R's weighted, clustered fit and cox.zph", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    const karno = t.columns.get("ph_karno")!.values as Float64Array;
    t.columns.set("w", { name: "w", type: "number", values: Float64Array.from(karno, (v) => v / 50) });
    t.names.push("w");
    const S = TOL.survival;
    const f = coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "sex"], weights: "w", cluster: "inst", zph: true });
    expect(f.n).toBe(226);
    expectAllRelClose(f.coef, [1.93496869214362e-2, -5.29958215051393e-1], S.coef, "coef");
    expectAllRelClose(f.se, [7.36686656713375e-3, 1.32891993314887e-1], S.se, "se");
    expectAllRelClose(f.robust_se!, [7.56231220839032e-3, 1.38913635531985e-1], S.se, "robust se");
    expectAllRelClose(f.loglik, [-1.31921889600391e3, -1.30654385058741e3], S.coef, "loglik");
    expectRelClose(f.tests.score.stat, 24.6010939532058, S.stat, "score");
    expectRelClose(f.tests.wald.stat, 24.7216298952997, S.stat, "robust wald");
    expectAllRelClose(f.zph!.chisq, [0.130250592396395, 3.723009650707418, 3.81905131780226], S.stat, "zph");
  });
});

describe("effekt cox (CLI)", { timeout: 30_000 }, () => {
  const lung = refPath("survival", "lung.csv");
  it("prints an R-like summary table with tests, counts and dropped rows", () => {
    const r = runCli(["cox", "--data", lung, "--time", "time", "--event", "dead", "--covariates", "age,sex,ph_ecog", "--zph"]);
    expect(r.code).toBe(0);
    for (const s of ["exp(coef)", "lower .95", "Likelihood ratio test", "Score (logrank) test", "n = 227", "rows dropped = 1", "GLOBAL"]) {
      expect(r.stdout).toContain(s);
    }
  });
  it("explains every option in --help with examples", () => {
    const r = runCli(["cox", "--help"]);
    expect(r.code).toBe(0);
    for (const s of ["--start", "--factor", "--levels", "--strata", "--cluster", "--ties", "--zph", "Examples:"]) expect(r.stdout).toContain(s);
  });
  it("exits 3 with file, column and row on bad input", () => {
    const r = runCli(["cox", "--data", lung, "--time", "time", "--event", "ph_ecog", "--covariates", "age"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/lung\.csv, column "ph_ecog", row \d+: value \d is not 0 or 1/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
  it("exits 4 when the model cannot be estimated (collinear terms)", () => {
    const r = runCli(["cox", "--data", lung, "--time", "time", "--event", "dead", "--covariates", "sex,sex"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/singular: term "sex" is constant or collinear with "sex"/);
  });
});
