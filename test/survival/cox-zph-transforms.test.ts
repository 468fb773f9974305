/**
 * cox.zph's other time transforms (the library offers identity, log and rank beside R's default km;
 * src/survival/cox/zph.ts) against R 4.2.2, survival 3.5-3, on lung (ties in time, so rank averages):
 *   d <- read.csv("lung.csv"); f <- coxph(Surv(time, dead) ~ age + sex, d)
 *   for (tr in c("identity", "log", "rank", "km")) z <- cox.zph(f, transform = tr, terms = FALSE)
 *   z$table[, "chisq"], z$table[, "p"]   (rows age, sex, GLOBAL)
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxph, coxZph } from "../../src/survival/cox/index.js";
import { TOL, expectAllRelClose, refPath } from "../helpers/reference.js";

const R = {
  identity: { chisq: [0.141747561344693, 2.71840108814625, 2.83339138310203], p: [0.706549843730457, 0.099197337797211, 0.242514035591659] },
  log: { chisq: [3.43740004418633, 2.32690535316119, 5.4251845769407], p: [0.0637359173999165, 0.127154440680778, 0.066364547487385] },
  rank: { chisq: [0.137016195389135, 2.3781257184494, 2.47529183850763], p: [0.71126552294388, 0.123045095510515, 0.290066254224025] },
  km: { chisq: [0.20920282636381, 2.60767170353677, 2.77078537593772], p: [0.647392939198047, 0.106347797927751, 0.250225519945118] },
};

describe("cox.zph transforms", () => {
  it("identity, log, rank and km give R's chi-squares and p-values (df 1, 1, 2)", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    const col = (k: string) => t.columns.get(k)!.values as Float64Array;
    const fit = coxph({ time: col("time"), event: col("dead"), x: [col("age"), col("sex")], names: ["age", "sex"] });
    for (const tr of ["identity", "log", "rank", "km"] as const) {
      const z = coxZph(fit, { transform: tr });
      expect(z.rows, tr).toEqual(["age", "sex", "GLOBAL"]);
      expect(z.df, tr).toEqual([1, 1, 2]);
      expect(z.transform).toBe(tr);
      expectAllRelClose(z.chisq, R[tr].chisq, TOL.survival.stat, `${tr} chisq`);
      expectAllRelClose(z.p, R[tr].p, TOL.survival.stat, `${tr} p`);
    }
  });
});
