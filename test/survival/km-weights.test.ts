/**
 * Case weights in Kaplan–Meier, as R's survfit(weights=). Expected numbers: R 4.2.2, survival 3.5-3,
 *   lung2 <- lung[!is.na(lung$ph_karno), ]; lung2$w <- lung2$ph_karno / 50; lung2$w2 <- round(lung2$w * 2)
 *   f3 <- survfit(Surv(time, dead) ~ sex, lung2, weights = w2)        # whole numbers: R's default is Greenwood
 *     f3$std.err[c(1, 10, 50)] 0.00733009902984038 0.01523328013465747 0.03816623053009556
 *   f2 <- survfit(Surv(time, dead) ~ sex, lung2, weights = w, robust = FALSE)
 *     f2$n.risk[1:4] 224.2 219.2 217.8 214.8; f2$n.event[1:4] 5 1.4 3 1.8
 *     f2$surv[c(1, 10, 50)] 0.977698483496878 0.903657448706512 0.599425926997521
 *     f2$std.err[c(1, 10, 50)] 0.0100866493443559 0.0218066699738387 0.0549872973742433
 *     summary(f2)$table: records 137 / 90, events 180 / 84.2, median 284 / 433
 *   survfit(Surv(time, dead) ~ sex, lung2, weights = ph_karno)$std.err[c(1, 10, 50)]
 *     0.00142646763016898 0.00308392884271968 0.00777637817048974
 *   f <- survfit(Surv(time, dead) ~ sex, lung2, weights = w)   # R's default: robust = TRUE (IJ)
 *     f$std.err[c(1, 10, 50)] 0.0128113847564514 0.0248840946480929 0.0423144653315593 (the SE of S)
 *     f$lower[c(10, 50)] 0.85617830914372 0.521972715288561; summary(f)$table 0.95LCL 223 / 350, 0.95UCL 337 / 641
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { kaplanMeierFromTable } from "../../src/survival/km-from-table.js";
import { RISK_TABLE_LIMIT } from "../../src/survival/risk-table.js";
import { runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose, refPath } from "../helpers/reference.js";

const S = TOL.survival;
const at = (a: ArrayLike<number>, i: number[]) => i.map((k) => a[k]);

async function lungW() {
  const t = await readTable(refPath("survival", "lung.csv"));
  const karno = t.columns.get("ph_karno")!.values as Float64Array;
  t.columns.set("w", { name: "w", type: "number", values: Float64Array.from(karno, (v) => v / 50) });
  t.names.push("w");
  return t;
}

describe("Kaplan–Meier with case weights", { timeout: 30_000 }, () => {
  it("fractional weights: R's default robust (infinitesimal-jackknife) SE and limits", async () => {
    const r = kaplanMeierFromTable(await lungW(), { time: "time", event: "dead", group: "sex", weights: "w" });
    expect(r.std_err_type).toBe("infinitesimal-jackknife");
    const c = r.curves[0];
    // R's f$std.err holds the SE of S here: std_err (of −log S) × S
    expectAllRelClose(at(c.std_err, [0, 9, 49]).map((v, k) => v * c.surv[[0, 9, 49][k]]), [0.0128113847564514, 0.0248840946480929, 0.0423144653315593], S.se, "IJ se");
    expectAllRelClose(at(c.lower, [9, 49]), [0.85617830914372, 0.521972715288561], S.surv, "lower");
    expect(r.curves.map((k) => [k.median_lower, k.median_upper])).toEqual([[223, 337], [350, 641]]);
  });

  it("fractional weights with robust: false: weighted counts and curve, Greenwood SE as R's robust = FALSE", async () => {
    const r = kaplanMeierFromTable(await lungW(), { time: "time", event: "dead", group: "sex", weights: "w", robust: false });
    expect(r.std_err_type).toBe("greenwood");
    const c = r.curves[0];
    expectAllRelClose(at(c.n_risk, [0, 1, 2, 3]), [224.2, 219.2, 217.8, 214.8], 1e-12, "n.risk");
    expectAllRelClose(at(c.n_event, [0, 1, 2, 3]), [5, 1.4, 3, 1.8], 1e-12, "n.event");
    expectAllRelClose(at(c.surv, [0, 9, 49]), [0.977698483496878, 0.903657448706512, 0.599425926997521], S.surv, "surv");
    expectAllRelClose(at(c.std_err, [0, 9, 49]), [0.0100866493443559, 0.0218066699738387, 0.0549872973742433], S.se, "se");
    expect(r.curves.map((k) => k.n)).toEqual([137, 90]);
    expectAllRelClose(r.curves.map((k) => k.events), [180, 84.2], 1e-12, "events");
    expect(r.curves.map((k) => k.median)).toEqual([284, 433]);
  });

  it("the sorted path (many distinct times) gives the same weighted curve", async () => {
    const t = await lungW();
    const dense = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex", weights: "w", robust: false });
    const saved = { ...RISK_TABLE_LIMIT };
    const denseIJ = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex", weights: "w" });
    RISK_TABLE_LIMIT.extra = 0;
    RISK_TABLE_LIMIT.perRow = 0;
    try {
      const sorted = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex", weights: "w", robust: false });
      const sortedIJ = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex", weights: "w" });
      for (let g = 0; g < 2; g++) expectAllRelClose(sortedIJ.curves[g].std_err, denseIJ.curves[g].std_err, 1e-12, "IJ se");
      for (let g = 0; g < 2; g++) {
        expectAllRelClose(sorted.curves[g].surv, dense.curves[g].surv, 1e-12, "surv");
        expectAllRelClose(sorted.curves[g].n_risk, dense.curves[g].n_risk, 1e-12, "n_risk");
        expectAllRelClose(sorted.curves[g].std_err, dense.curves[g].std_err, 1e-12, "Greenwood se");
      }
    } finally {
      Object.assign(RISK_TABLE_LIMIT, saved);
    }
  });

  it("whole-number weights through the CLI: R's default SE", () => {
    const j = runCliJson(["km", "--data", refPath("survival", "lung.csv"), "--time", "time", "--event", "dead", "--group", "sex", "--weights", "ph_karno"]);
    // ph_karno itself as weights (whole numbers); Greenwood with weighted counts is scale-dependent,
    // so compare with R: survfit(Surv(time, dead) ~ sex, lung2, weights = ph_karno)$std.err[c(1, 10, 50)]
    expectAllRelClose(at(j.curves[0].std_err, [0, 9, 49]), R_KARNO, S.se, "se");
  });
});
const R_KARNO = [0.00142646763016898, 0.00308392884271968, 0.00777637817048974];
