/**
 * Covariates on extreme scales (issue 12, "Scale"): effekt centres and scales every non-binary
 * covariate before fitting as R's coxph.fit / agfit4 do, and a failing cox.zph never takes the fit
 * down (its failure is reported in the result, the CLI's JSON and the job's tables).
 *
 * Expected numbers: R 4.2.2, survival 3.5-3,
 *   lung <- read.csv("lung.csv"); lung$inc <- lung$age * 1e5 + lung$ph_karno * 3e4   # sd 909 410
 *   lung$lab <- lung$wt_loss * 1e-4
 *   f <- coxph(Surv(time, dead) ~ inc + sex + lab, lung); coef(f); sqrt(diag(vcov(f))); f$loglik
 *     coef 9.34767722815477e-08 -5.32731662517737e-01 1.45121002128729e+01
 *     se   9.54276364816576e-08  1.74335378690400e-01 6.13756906355073e+01
 *     loglik -680.390349333354 -674.786675607044
 *   cox.zph(f) fails in R itself ("system is computationally singular"); the test is invariant to
 *   the covariates' scale, so R's value is cox.zph(coxph(Surv(time, dead) ~ I(inc/1e6) + sex + I(lab*1e4)))$table[, 1]:
 *     0.21579286626356789 2.62251520660226456 0.00836712526966421 2.88427727373514831
 *   Income ×10 and lab ×1e-4 once more (coxph(Surv(time, dead) ~ I(inc*10) + sex + I(lab*1e-4))):
 *     coef 9.34767722815477e-09 -5.32731662517737e-01 1.45121002128729e+05
 *     se   9.54276364816576e-09  1.74335378690400e-01 6.13756906355073e+05
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tableFromColumns } from "../../src/io/table.js";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, refPath } from "../helpers/reference.js";

const S = TOL.survival;
const R = {
  coef: [9.34767722815477e-8, -5.32731662517737e-1, 1.45121002128729e1],
  se: [9.54276364816576e-8, 1.743353786904e-1, 6.13756906355073e1],
  loglik: [-680.390349333354, -674.786675607044],
  zph: [0.21579286626356789, 2.62251520660226456, 0.00836712526966421, 2.88427727373514831],
};

async function lungScaled(f: number, g: number): Promise<string> {
  const t = await readTable(refPath("survival", "lung.csv"));
  const col = (n: string) => t.columns.get(n)!.values as Float64Array;
  const age = col("age");
  const karno = col("ph_karno");
  const wl = col("wt_loss");
  const lines = ["time,dead,sex,inc,lab"];
  for (let i = 0; i < age.length; i++) {
    const inc = (age[i] * 1e5 + karno[i] * 3e4) * f;
    const lab = wl[i] * 1e-4 * g;
    const v = (x: number) => (Number.isNaN(x) ? "" : String(x));
    lines.push([col("time")[i], col("dead")[i], col("sex")[i], v(inc), v(lab)].join(","));
  }
  const dir = mkdtempSync(join(tmpdir(), "effekt-scale-"));
  const file = join(dir, "lung-scale.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("Cox with covariates on large and small scales", { timeout: 30_000 }, () => {
  it("income in øre (sd ≈ 9e5) and a lab value ×1e-4 fit as R, with cox.zph, through the CLI's JSON", async () => {
    const file = await lungScaled(1, 1);
    const j = runCliJson(["cox", "--data", file, "--time", "time", "--event", "dead", "--covariates", "inc,sex,lab"]);
    expectAllRelClose(j.coef, R.coef, S.coef, "coef");
    expectAllRelClose(j.se, R.se, S.se, "se");
    expectAllRelClose(j.loglik, R.loglik, S.coef, "loglik");
    expectAllRelClose(j.zph.chisq, R.zph, S.stat, "zph");
  });

  it("income ×10 and lab ×1e-4 once more: the coefficients scale, nothing is called collinear", async () => {
    const file = await lungScaled(10, 1e-4);
    const f = coxphFromTable(await readTable(file), { time: "time", event: "dead", covariates: ["inc", "sex", "lab"], zph: true });
    expectAllRelClose(f.coef, [9.34767722815477e-9, -5.32731662517737e-1, 1.45121002128729e5], S.coef, "coef");
    expectAllRelClose(f.se, [9.54276364816576e-9, 1.743353786904e-1, 6.13756906355073e5], S.se, "se");
    expectAllRelClose(f.zph!.chisq, R.zph, S.stat, "zph (scale-invariant)");
  });
});

describe("a failing cox.zph does not take the fit down", { timeout: 30_000 }, () => {
  // All deaths at one time: the km-transformed time is constant over the deaths, so the extended
  // information matrix of cox.zph is singular (R: cox.zph(f) stops, "system is exactly singular").
  //   d <- data.frame(time = c(rep(5, 6), 7:12), status = rep(1:0, each = 6),
  //                   x = c(1, 3, 2, 5, 4, 6, 2, 7, 1, 3, 8, 2))
  //   coef(coxph(Surv(time, status) ~ x, d)) = -0.0394073071135223; $loglik -13.4079632836518 -13.3824967353662
  const csv = "time,status,x\n" + [5, 5, 5, 5, 5, 5, 7, 8, 9, 10, 11, 12]
    .map((t, i) => `${t},${i < 6 ? 1 : 0},${[1, 3, 2, 5, 4, 6, 2, 7, 1, 3, 8, 2][i]}`).join("\n") + "\n";

  it("reports the PH test's failure inside the result (API)", () => {
    const rows = csv.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    const t = tableFromColumns({ time: rows.map((r) => r[0]), status: rows.map((r) => r[1]), x: rows.map((r) => r[2]) }, "ties.csv");
    const f = coxphFromTable(t, { time: "time", event: "status", covariates: ["x"], zph: true });
    expectAllRelClose(f.coef, [-0.0394073071135223], S.coef, "coef");
    expectAllRelClose(f.loglik, [-13.4079632836518, -13.3824967353662], S.coef, "loglik");
    expect(f.zph).toBeUndefined();
    expect(f.zph_error).toMatch(/singular/);
  });

  it("prints the fit and the reason through the CLI (JSON and table)", () => {
    const dir = mkdtempSync(join(tmpdir(), "effekt-zph-"));
    const file = join(dir, "ties.csv");
    writeFileSync(file, csv);
    const j = runCliJson(["cox", "--data", file, "--time", "time", "--event", "status", "--covariates", "x"]);
    expectAllRelClose(j.coef, [-0.0394073071135223], S.coef, "coef");
    expect(j.zph_error).toMatch(/singular/);
    const r = runCli(["cox", "--data", file, "--time", "time", "--event", "status", "--covariates", "x", "--zph"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("not available");
  });
});
