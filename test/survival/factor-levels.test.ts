/**
 * Level order of text columns: R's default is the locale's collation; for Norwegian names that is
 * bergen, Bodø, Oslo, Zeta, Ærøy, Ørsta, Ålesund (case after letters, Æ Ø Å after Z), not code-point
 * order (Bodø, Oslo, Zeta, bergen, Ærøy, Ørsta, Ålesund). The first level is the reference, and every
 * Cox result says which it is.
 * Data and R's numbers: Rscript test/fixtures/survival/levels.R (R 4.2.2, survival 3.5-3), with the
 * levels given explicitly (this machine has no nb_NO locale; under one R's factor() gives this order):
 *   coxph(Surv(time, status) ~ office + age, d)  with
 *   d$office <- factor(d$office, levels = c("bergen", "Bodø", "Oslo", "Zeta", "Ærøy", "Ørsta", "Ålesund"))
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { kaplanMeierFromTable } from "../../src/survival/km-from-table.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose } from "../helpers/reference.js";

const file = join(ROOT, "test", "fixtures", "survival", "levels.csv");
const ORDER = ["bergen", "Bodø", "Oslo", "Zeta", "Ærøy", "Ørsta", "Ålesund"];
const R = {
  terms: ["officeBodø", "officeOslo", "officeZeta", "officeÆrøy", "officeØrsta", "officeÅlesund", "age"],
  coef: [0.15229904937811936, -0.22973428954644409, 0.3276806657555289, 0.03951036769142598, -0.59866209921257119, 0.33820001830958241, 0.00893399972365842],
  se: [0.22630588674699986, 0.23015914969443885, 0.22564800427028248, 0.23235578731019632, 0.24177035016330709, 0.22494503989256479, 0.00564620712350387],
};

describe("factor levels in Norwegian collation order", { timeout: 30_000 }, () => {
  it("Cox: R's terms, coefficients and the reference level named (API)", async () => {
    const f = coxphFromTable(await readTable(file), { time: "time", event: "status", covariates: ["office", "age"] });
    expect(f.terms).toEqual(R.terms);
    expectAllRelClose(f.coef, R.coef, TOL.survival.coef, "coef");
    expectAllRelClose(f.se, R.se, TOL.survival.se, "se");
    expect(f.factors.office).toEqual({ levels: ORDER, reference: "bergen" });
  });

  it("Cox CLI: JSON and table name the reference level", () => {
    const args = ["cox", "--data", file, "--time", "time", "--event", "status", "--covariates", "office,age"];
    const j = runCliJson(args);
    expect(j.factors.office.reference).toBe("bergen");
    expect(runCli(args).stdout).toContain("reference level of office: bergen");
  });

  it("Kaplan–Meier curves come in the same order", async () => {
    const km = kaplanMeierFromTable(await readTable(file), { time: "time", event: "status", group: "office" });
    expect(km.curves.map((c) => c.group)).toEqual(ORDER.map((o) => `office=${o}`));
  });
});
