/**
 * Case weights and the log-rank test (issue 12 asked for them "as R has them"): R's survdiff has no
 * weights argument (survival 3.5-3: survdiff(formula, data, subset, na.action, rho = 0, timefix = TRUE)),
 * so there is nothing to match. effekt refuses with one line that names the weighted alternative, the
 * score test of a Cox model with the group as covariate, which is checked against R here:
 *   lung$w <- lung$ph_karno / 50; f <- coxph(Surv(time, dead) ~ sex, lung, weights = w)
 *   f$score 17.9619284190276; f$rscore 11.0434634054271 (robust: fractional weights); f$n 227
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, runCliJson } from "../helpers/cli.js";
import { TOL, expectRelClose, refPath } from "../helpers/reference.js";

describe("log-rank with case weights", { timeout: 30_000 }, () => {
  const lung = refPath("survival", "lung.csv");
  it("is refused with one line naming the alternative (exit 2)", () => {
    const r = runCli(["logrank", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--weights", "ph_karno"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/R's survdiff has none.*effekt cox --covariates sex --weights ph_karno/);
  });
  it("the alternative: effekt cox --weights gives R's weighted score and robust score tests", () => {
    const lines = readFileSync(lung, "utf8").trim().split("\n");
    const head = lines[0].split(",").map((h) => h.replace(/"/g, ""));
    const k = head.indexOf("ph_karno");
    const out = [`${lines[0]},w`, ...lines.slice(1).map((l) => {
      const v = l.split(",")[k];
      return `${l},${v === "" || v === "NA" ? "" : Number(v) / 50}`;
    })];
    const f = join(mkdtempSync(join(tmpdir(), "effekt-lrw-")), "lung-w.csv");
    writeFileSync(f, out.join("\n") + "\n");
    const j = runCliJson(["cox", "--data", f, "--time", "time", "--event", "dead", "--covariates", "sex", "--weights", "w"]);
    expect(j.n).toBe(227);
    expectRelClose(j.tests.score.stat, 17.9619284190276, TOL.survival.stat, "score");
    expectRelClose(j.tests.robust_score.stat, 11.0434634054271, TOL.survival.stat, "robust score");
  });
});
