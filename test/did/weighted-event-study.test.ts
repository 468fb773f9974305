/**
 * Weighted fits (issue 12): event-study and covariate CR2 SEs (and Satterthwaite df) through clubSandwich's
 * weighted-lm path, not the unweighted shortcut. Expected numbers: test/fixtures/did/weighted-es.R
 * (R 4.2.2, clubSandwich 0.5.8) on weighted-cr2.csv with pilot = offices 0–3 and x = (row · 37) mod 11.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { runCliJsonAsync } from "../helpers/cli-async.js";
import { expectAllRelClose } from "../helpers/reference.js";

// Rscript weighted-es.R
const R = {
  es_estimate: [-0.109622135059, 0.159131342723, 0.211612502287, 0.424466494317],
  es_se_cr2: [0.175005424796, 0.188507208202, 0.145979144262, 0.161898165778],
  es_df: [5.75338821786, 5.87248677184, 5.54815437407, 5.73336569439],
  cov_estimate: [0.313475549139, -0.00219190464769],
  cov_se_cr2: [0.0862141164781, 0.0109287012153],
  cov_df: [5.89796786117, 6.81537252985],
  esu_se_cr2: [0.18613789471, 0.204972556978, 0.139367746289, 0.187149649377],
  esu_df: [5.93476322681, 5.94936243048, 5.75947257688, 5.82973668483],
};

function file(): string {
  const lines = readFileSync(new URL("../fixtures/did/weighted-cr2.csv", import.meta.url), "utf8").trim().split("\n");
  const out = [`${lines[0]},pilot,x`, ...lines.slice(1).map((l, i) => `${l},${Number(l.split(",")[0]) < 4 ? 1 : 0},${((i + 1) * 37) % 11}`)];
  const f = join(mkdtempSync(join(tmpdir(), "effekt-wes-")), "wes.csv");
  writeFileSync(f, out.join("\n") + "\n");
  return f;
}
const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 64, riDraws: 99 };
const args = (f: string, extra: string[]) => ["did", "--data", f, "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--draws", "64", ...extra];

function check(r: any, weighted: boolean, cov: boolean) {
  const c = r.event_study.coefficients;
  if (cov) {
    // (the event study then includes x too; R's numbers above are without it)
  } else if (weighted) {
    expectAllRelClose(c.map((x: any) => x.estimate), R.es_estimate, 1e-8, "ES estimate");
    expectAllRelClose(c.map((x: any) => x.se_cr2), R.es_se_cr2, 1e-6, "ES CR2 (weighted)");
    expectAllRelClose(c.map((x: any) => x.df_cr2), R.es_df, 1e-6, "ES df (weighted)");
  } else {
    expectAllRelClose(c.map((x: any) => x.se_cr2), R.esu_se_cr2, 1e-6, "ES CR2");
    expectAllRelClose(c.map((x: any) => x.df_cr2), R.esu_df, 1e-6, "ES df");
  }
  if (cov) {
    expectAllRelClose([r.twfe.estimate, ...r.twfe.covariates.estimate], R.cov_estimate, 1e-8, "TWFE + x estimates");
    expectAllRelClose([r.twfe.se_cr2, ...r.twfe.covariates.se_cr2], R.cov_se_cr2, 1e-6, "TWFE + x CR2 (weighted)");
    expectAllRelClose([r.twfe.df_satterthwaite], [R.cov_df[0]], 1e-6, "TWFE + x df (weighted)");
  }
}

describe("weighted event study and covariates: clubSandwich's weighted CR2", async () => {
  it("API", async () => {
    const t = await readTable(file());
    check(didFromTable(t, { ...spec, weights: "w" }), true, false);
    check(didFromTable(t, { ...spec, weights: "w", covariates: ["x"] }), true, true);
    check(didFromTable(t, spec), false, false);
  });
  it("CLI --format json", async () => {
    const f = file();
    check(await runCliJsonAsync(args(f, ["--weights", "w"])), true, false);
    check(await runCliJsonAsync(args(f, ["--weights", "w", "--covariates", "x"])), true, true);
  }, 30000);
});
