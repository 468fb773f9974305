/**
 * Harrell's concordance of a Cox fit with R's standard error (survival::concordance as coxph stores it).
 * Expected numbers: R 4.2.2, survival 3.5-3, print(fit$concordance, digits = 15) for
 *   lung: coxph(Surv(time, dead) ~ age + sex + ph_ecog, lung)
 *     concordant 12544, discordant 7117, tied.x 126, tied.y 28, concordance 0.637135493000455, std 0.0250679738530796
 *   coxph(Surv(time, dead) ~ age + ph_ecog + strata(sex), lung)
 *     6276, 4061, 126, 17, 0.605849182834751, 0.026523885144640
 *   heart: coxph(Surv(start, stop, event) ~ age + year + surgery + transplant, heart)
 *     2873, 1646, 0, 16, 0.635760123921221, 0.0330796245569992
 *   lung2 <- lung[!is.na(lung$ph_karno), ]; lung2$w <- lung2$ph_karno / 50
 *   coxph(Surv(time, dead) ~ age + sex, lung2, weights = w)
 *     31064.24, 20162.36, 801.96, 71, 0.6047682272967, 0.0257871925823671
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

const lung = refPath("survival", "lung.csv");

function check(c: any, counts: number[], C: number, std: number) {
  expectAllRelClose([c.concordant, c.discordant, c.tied_x, c.tied_y], counts, 1e-12, "counts");
  expectRelClose(c.concordance, C, 1e-10, "concordance");
  expectRelClose(c.std, std, 1e-8, "std");
}

describe("Cox concordance (R's survival::concordance)", { timeout: 30_000 }, () => {
  it("lung, with and without strata", async () => {
    const t = await readTable(lung);
    check(coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "sex", "ph_ecog"] }).concordance, [12544, 7117, 126, 28], 0.637135493000455, 0.0250679738530796);
    check(coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "ph_ecog"], strata: "sex" }).concordance, [6276, 4061, 126, 17], 0.605849182834751, 0.02652388514464);
  });

  it("counting-process data (heart)", async () => {
    const h = await readTable(refPath("survival", "heart.csv"));
    const f = coxphFromTable(h, { start: "start", time: "stop", event: "event", covariates: ["age", "year", "surgery", "transplant"] });
    check(f.concordance, [2873, 1646, 0, 16], 0.635760123921221, 0.0330796245569992);
  });

  it("case weights", async () => {
    const t = await readTable(lung);
    const karno = t.columns.get("ph_karno")!.values as Float64Array;
    t.columns.set("w", { name: "w", type: "number", values: Float64Array.from(karno, (v) => v / 50) });
    t.names.push("w");
    const f = coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "sex"], weights: "w" });
    check(f.concordance, [31064.24, 20162.36, 801.96, 71], 0.6047682272967, 0.0257871925823671);
  });

  it("is in the CLI's JSON and table", () => {
    const args = ["cox", "--data", lung, "--time", "time", "--event", "dead", "--covariates", "age,sex,ph_ecog"];
    check(runCliJson(args).concordance, [12544, 7117, 126, 28], 0.637135493000455, 0.0250679738530796);
    expect(runCli(args).stdout).toMatch(/Concordance = 0\.637/);
  });
});
