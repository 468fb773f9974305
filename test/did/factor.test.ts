/**
 * `effekt did --factor col=ref` (and `factors` in the API): a numeric-looking covariate is treated as
 * a factor with the given reference level, as the other commands do.
 *
 * Expected values from R 4.x (clubSandwich), on test/fixtures/did/twenty-offices.csv with the
 * covariate grade (related to treatment, so that the model matters) for the 1-based row i:
 *   i <- seq_len(nrow(d)); d$tp <- d$pilot * (d$year >= 2013)
 *   d$grade <- ifelse(d$tp == 1, ifelse(i %% 2 == 0, 3, 2), (7 * i) %% 3 + 1)
 *   m0 <- lm(y ~ tp + grade + factor(office) + factor(year), data = d)     # grade as a number
 *   d$grade <- factor(d$grade, levels = c(2, 1, 3))
 *   m <- lm(y ~ tp + grade + factor(office) + factor(year), data = d)
 *   v <- clubSandwich::vcovCR(m, cluster = d$office, type = "CR2")
 *   coef(m)["tp"] = 0.157050910364; sqrt(v["tp","tp"]) = 0.054932272575; coef(m0)["tp"] = 0.153088889304
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";

const fx = (f: string) => join(ROOT, "test", "fixtures", f);

const R = { estimate: 0.157050910364, seCr2: 0.054932272575, numeric: 0.153088889304 };

function withGrade(): string {
  const lines = readFileSync(fx("did/twenty-offices.csv"), "utf8").trim().split("\n");
  const out = [
    lines[0] + ",grade",
    ...lines.slice(1).map((l, k) => {
      const i = k + 1;
      const [, pilot, year] = l.split(",");
      const tp = pilot === "1" && Number(year) >= 2013;
      return `${l},${tp ? (i % 2 === 0 ? 3 : 2) : ((7 * i) % 3) + 1}`;
    }),
  ];
  const dir = mkdtempSync(join(tmpdir(), "effekt-did-factor-"));
  const file = join(dir, "grade.csv");
  writeFileSync(file, out.join("\n") + "\n");
  return file;
}

const base = ["--outcome", "y", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--draws", "99", "--ri-max", "10", "--ri-draws", "9"];

describe("did --factor", () => {
  const file = withGrade();
  it("CLI: --factor grade=2 gives R's lm with factor(grade, reference 2)", () => {
    const r = runCliJson(["did", "--data", file, ...base, "--covariates", "grade", "--factor", "grade=2"]);
    expect(r.twfe.estimate).toBeCloseTo(R.estimate, 9);
    expect(r.twfe.se_cr2).toBeCloseTo(R.seCr2, 9);
    // Without --factor the column is a number (one slope), a different model.
    const lin = runCliJson(["did", "--data", file, ...base, "--covariates", "grade"]);
    expect(lin.twfe.estimate).toBeCloseTo(R.numeric, 9);
  });
  it("API: factors and levels give the same fit; the reference level does not change the estimate", async () => {
    const t = await readTable(file);
    const spec = { outcome: "y", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, covariates: ["grade"], draws: 99, riMaxAssignments: 10, riDraws: 9 };
    const a = didFromTable(t, { ...spec, factors: { grade: "2" } });
    const b = didFromTable(t, { ...spec, levels: { grade: ["3", "1", "2"] } });
    expect(a.twfe.estimate).toBeCloseTo(R.estimate, 9);
    expect(b.twfe.estimate).toBeCloseTo(R.estimate, 9);
    expect(b.twfe.se_cr2).toBeCloseTo(R.seCr2, 9);
  });
  it("a reference level that is not in the data is one line naming the column, exit 3", () => {
    const r = runCli(["did", "--data", file, ...base, "--covariates", "grade", "--factor", "grade=9"]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/column "grade": reference level "9" does not occur \(levels: 1, 2, 3\)/);
  });
});
