/**
 * Cluster jackknife (CV3) variance of the Cox coefficients with t(G−1) (src/survival/cox/jackknife.ts).
 *
 * Data: test/fixtures/cox/ri-offices.csv (10 offices, delayed entry; see cox-randomization.test.ts).
 * Expected numbers from R 4.2.2 / survival 3.5-3, one coxph per office left out:
 *
 *   d <- read.csv("ri-offices.csv"); offs <- sort(unique(d$office)); G <- length(offs)
 *   f <- coxph(Surv(start, stop, event) ~ pilot + age, data = d, cluster = office); b <- coef(f)
 *   loo <- t(sapply(offs, function(o) coef(coxph(Surv(start, stop, event) ~ pilot + age,
 *                                                data = d[d$office != o, ]))))
 *   V <- (G - 1) / G * crossprod(sweep(loo, 2, b)); se <- sqrt(diag(V)); tt <- b / se
 *   2 * pt(-abs(tt), G - 1); exp(b + c(-1, 1) * qt(0.975, G - 1) * se)
 *   # the same with + strata(county): se = 0.135556467750647, 0.005724144446188
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { makeTable } from "../../src/io/table.js";
import { ROOT, runCliJson } from "../helpers/cli.js";

const FILE = join(ROOT, "test", "fixtures", "cox", "ri-offices.csv");
const SPEC = { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"], cluster: "office" } as const;

describe("Cox cluster jackknife (CV3)", () => {
  it("equals R's leave-one-office-out coxph refits: SE, t, p and limits with t(9)", async () => {
    const f = coxphFromTable(await readTable(FILE), SPEC);
    const jk = f.jackknife!;
    expect(jk.clusters).toBe(10);
    expect(jk.df).toBe(9);
    // R: coef of the fit without o10
    const o10 = jk.leave_one_out[jk.left_out.indexOf("o10")];
    expect(o10[0]).toBeCloseTo(0.3738548990742, 7);
    expect(jk.se[0] / 0.10828903122057).toBeCloseTo(1, 6);
    expect(jk.se[1] / 0.00577706533052).toBeCloseTo(1, 6);
    expect(jk.t[0]).toBeCloseTo(4.063957566974, 5);
    expect(jk.p[0]).toBeCloseTo(0.002825125436689, 7);
    expect(jk.p[1]).toBeCloseTo(0.071490128046861, 6);
    expect(jk.hr_lower[0]).toBeCloseTo(1.2154510229576, 6);
    expect(jk.hr_upper[0]).toBeCloseTo(1.983868716347, 6);
    // larger than the uncorrected sandwich here, as it should be with 10 clusters
    expect(jk.se[0]).toBeGreaterThan(f.robust_se![0]);
  });

  it("with strata, and through the CLI's JSON", async () => {
    const f = coxphFromTable(await readTable(FILE), { ...SPEC, strata: "county" });
    expect(f.jackknife!.se[0] / 0.135556467750647).toBeCloseTo(1, 6);
    expect(f.jackknife!.se[1] / 0.005724144446188).toBeCloseTo(1, 6);
    const cli = (await runCliJson(["cox", "--data", FILE, "--time", "stop", "--start", "start", "--event", "event", "--covariates", "pilot,age", "--cluster", "office", "--strata", "county"])) as { jackknife: { se: number[]; df: number } };
    expect(cli.jackknife.se[0] / 0.135556467750647).toBeCloseTo(1, 6);
    expect(cli.jackknife.df).toBe(9);
  });

  it("is off with jackknife: false, and a term without variation when a cluster is left out is reported, not fatal", () => {
    // 3 clusters; the label varies only in cluster c (hand-made): without c, "x" is constant.
    const time = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const event = Float64Array.from([1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0]);
    const x = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0]);
    const z = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]);
    const cl = ["a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"];
    const t = makeTable("hand", [
      { name: "time", type: "number", values: time },
      { name: "event", type: "number", values: event },
      { name: "x", type: "number", values: x },
      { name: "z", type: "number", values: z },
      { name: "cl", type: "string", values: cl },
    ]);
    const f = coxphFromTable(t, { time: "time", event: "event", covariates: ["x", "z"], cluster: "cl" });
    expect(f.jackknife).toBeUndefined();
    expect(f.jackknife_error).toMatch(/without "c"/);
    expect(f.warnings.some((w) => /jackknife/.test(w))).toBe(true);
    const g = coxphFromTable(t, { time: "time", event: "event", covariates: ["z"], cluster: "cl", jackknife: false });
    expect(g.jackknife).toBeUndefined();
    expect(g.jackknife_error).toBeUndefined();
  });
});
