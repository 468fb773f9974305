/**
 * Pre-trend test of the event study (issue 12): rank-aware Wald (pseudo-inverse, df = rank) and the
 * small-sample tests beside χ². Expected numbers: test/fixtures/did/pretrend.R (R 4.2.2, sandwich 3.0-2,
 * clubSandwich 0.5.8) and the peers' organ donations (clubSandwich Wald_test run for this test, below).
 */
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";
import { runCliJsonAsync } from "../helpers/cli-async.js";
import { expectRelClose, PEERS_DIR } from "../helpers/reference.js";

const fx = (f: string) => join(ROOT, "test", "fixtures", "did", f);

describe("pre-trend Wald test with more coefficients than the clusters support", async () => {
  // pretrend.R: "months48 wald 3.10816840603 rank 8 p_chisq 0.927386989753 F 0.388521050754 p_F 0.901134986756"
  const R = { wald: 3.10816840603, rank: 8, p: 0.927386989753, F: 0.388521050754, pF: 0.901134986756 };
  const check = (e: any) => {
    expect(e.pretrend_coefficients).toBe(23);
    expect(e.pretrend_df).toBe(R.rank);
    expectRelClose(e.pretrend_wald_chisq, R.wald, 1e-6, "Wald");
    expectRelClose(e.pretrend_p, R.p, 1e-6, "p χ²(rank)");
    expectRelClose(e.pretrend_f_g1.F, R.F, 1e-6, "F");
    expect([e.pretrend_f_g1.df1, e.pretrend_f_g1.df2]).toEqual([8, 9]);
    expectRelClose(e.pretrend_f_g1.p, R.pF, 1e-6, "p F(8, 9)");
    expect(e.pretrend_htz).toBeNull(); // singular covariance: clubSandwich's HTZ fails there too
    expect(e.pretrend_note).toMatch(/23 pre-period coefficients has rank 8/);
  };
  it("API and CLI (months48.csv: 10 offices, 48 months, written by months48.gen.mjs)", async () => {
    const spec = { outcome: "y", unit: "office", time: "month", treated: "pilot", firstTreated: 25, draws: 99, riDraws: 99 };
    const r = didFromTable(await readTable(fx("months48.csv")), spec);
    check(r.event_study);
    expect(r.warnings.join(" ")).toMatch(/rank 8/);
    check((await runCliJsonAsync(["did", "--data", fx("months48.csv"), "--outcome", "y", "--unit", "office", "--time", "month", "--treated", "pilot", "--first-treated", "25", "--draws", "99", "--ri-draws", "99"])).event_study);
  }, 30000);
});

describe("HTZ (clubSandwich Wald_test, CR2)", async () => {
  it("unequal cells: weighted-cr2.csv without weights, 8 offices", async () => {
    // pretrend.R: "weighted-cr2.csv unweighted htz F 0.872222003767 df_denom 4.8954540611 p 0.474240029283"
    const lines = readFileSync(fx("weighted-cr2.csv"), "utf8").trim().split("\n");
    const f = join(mkdtempSync(join(tmpdir(), "effekt-htz-")), "u.csv");
    writeFileSync(f, [`${lines[0]},pilot`, ...lines.slice(1).map((l) => `${l},${Number(l.split(",")[0]) < 4 ? 1 : 0}`)].join("\n") + "\n");
    const e = didFromTable(await readTable(f), { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 64 }).event_study;
    expectRelClose(e.pretrend_htz!.F, 0.872222003767, 1e-6, "HTZ F");
    expectRelClose(e.pretrend_htz!.df2, 4.8954540611, 1e-6, "HTZ df");
    expectRelClose(e.pretrend_htz!.p, 0.474240029283, 1e-6, "HTZ p");
  });
  it("organ donations, CLI", async () => {
    // R: es <- lm(rate ~ ev_1 + ev_2 + ev_4 + ev_5 + ev_6 + factor(state) + factor(quarter_num)), ev_q = california*(quarter_num == q);
    //    Wald_test(es, constraints = constrain_zero(c("ev_1", "ev_2")), vcov = "CR2", cluster = d$state, test = c("HTZ", "chi-sq"))
    //    HTZ: Fstat 4.20781790055, df_denom 24, p 0.0271319100830
    const r = await runCliJsonAsync(["did", "--data", join(PEERS_DIR, "organ_donations.csv"), "--outcome", "rate", "--unit", "state", "--time", "quarter_num", "--treated", "california", "--first-treated", "4", "--draws", "99", "--ri-draws", "99"]);
    expectRelClose(r.event_study.pretrend_htz.F, 4.20781790055, 1e-6, "HTZ F");
    expectRelClose(r.event_study.pretrend_htz.df2, 24, 1e-6, "HTZ df");
    expectRelClose(r.event_study.pretrend_htz.p, 0.027131910083, 1e-6, "HTZ p");
  }, 30000);
});
