/**
 * The printed summaries are the library's (src/summaries), and the CLI's table output is exactly
 * them: the same text from `coxSummary(coxphFromTable(...))` and from `effekt cox ...`, and so on.
 * Their numbers are checked against R elsewhere (the JSON and API tests); here, that the two ways a
 * user gets a summary cannot drift apart, and that the labels follow the confidence level.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coxSummary, coxphFromTable, kaplanMeierFromTable, kaplanMeierSummary, logrankFromTable, logrankSummary, readTable, rmstFromKm, rmstSummary } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";
import { runCliAsync } from "../helpers/cli-async.js";
import { refPath } from "../helpers/reference.js";

const lung = refPath("survival", "lung.csv");
const offices = join(ROOT, "test", "fixtures", "cox", "ri-offices.csv");

describe("printed summaries: library and CLI give the same text", { timeout: 60_000 }, () => {
  it("cox at 90 % with clusters: the small-sample and jackknife headers say .9", async () => {
    const api = coxSummary(coxphFromTable(await readTable(offices), { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"], cluster: "office", confLevel: 0.9 }));
    const cli = await runCliAsync(["cox", "--data", offices, "--start", "start", "--time", "stop", "--event", "event", "--covariates", "pilot,age", "--cluster", "office", "--conf-level", "0.9"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(api + "\n");
    expect(api).toMatch(/Small-sample cluster-robust inference[^\n]*\n[^\n]*lower \.9 +upper \.9/);
    expect(api).not.toMatch(/\.95/);
  });

  it("km with RMST, and logrank", async () => {
    const t = await readTable(lung);
    const km = kaplanMeierFromTable(t, { time: "time", event: "dead", group: "sex" });
    const kmCli = await runCliAsync(["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--tau", "365"]);
    expect(kmCli.stdout).toBe(`${kaplanMeierSummary(km)}\n\n${rmstSummary(rmstFromKm(km, 365))}\n`);
    const lrCli = await runCliAsync(["logrank", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex"]);
    expect(lrCli.stdout).toBe(logrankSummary(logrankFromTable(t, { time: "time", event: "dead", group: "sex" })) + "\n");
  });
});
