/**
 * Precision of the running sums in the counting-process Cox walk (issue 12: agfit4's centring per
 * stratum, "remove early, defer additions", rebuilding sums that lost their digits).
 *
 * Four subjects, x = 1, 2, 50, 51 (the example of R survival's noweb/agreg.Rnw):
 *   d <- data.frame(start = c(0, 0, 5, 5), stop = c(4, 6, 8, 9), status = c(1, 0, 1, 1), x = c(1, 2, 50, 51))
 *   coxph(Surv(start, stop, status) ~ x, d, init = 1, iter.max = 0)   # R 4.2.2, survival 3.5-3
 *     $loglik  -2.62652337503644;  $score 5.43656365692224;  1/$var 0.393223866482662
 *   coxph(..., init = 0.6, iter.max = 0): $loglik -2.07497590097177; 1/$var 0.457568480913693
 * Derivation: the deaths at 8 and 9 see {x = 50, 51} (and 51 alone), the death at 4 sees {1, 2}, so
 *   loglik(β) = 2·[β − log(1 + e^β)] + 0 ... at β = 1: −2·log(1 + e) = −2.62652337503645,
 *   information(β) = 2·π(1 − π), π = e^β/(1 + e^β): at 0.6, 0.457568480913315 (positive).
 * A naive walk adds the censored x = 2 to sums of size e^51 and subtracts e^50 + e^51 again:
 * effekt gave −13.84 and a negative information before.
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxph, coxphFromTable } from "../../src/survival/cox/index.js";
import { expectAllRelClose, expectRelClose, refPath } from "../helpers/reference.js";

const four = (stop: number[], init: number) =>
  coxph({
    start: Float64Array.from([0, 0, 5, 5]),
    time: Float64Array.from(stop),
    event: Float64Array.from([1, 0, 1, 1]),
    x: [Float64Array.from([1, 2, 50, 51])],
    names: ["x"],
    init: [init],
    maxIter: 0,
  });

describe("Cox running sums: agreg.Rnw's four subjects", () => {
  it("log-likelihood at β = 1 is −2·log(1 + e) as in R", () => {
    const f = four([4, 6, 8, 9], 1);
    expect(f.iter).toBe(0);
    expect(f.coef[0]).toBe(1);
    expectAllRelClose(f.loglik, [-2.62652337503644, -2.62652337503644], 1e-12, "loglik");
    expectRelClose(f.loglik[1], -2 * Math.log(1 + Math.E), 1e-12, "exact");
    expectRelClose(f.tests.score.stat, 5.43656365692224, 1e-10, "score test at init");
    expectRelClose(1 / f.var[0][0], 0.393223866482662, 1e-10, "information at 1");
  });

  it("information at β = 0.6 is positive and exact", () => {
    const f = four([4, 6, 8, 9], 0.6);
    const pi = Math.exp(0.6) / (1 + Math.exp(0.6));
    expectRelClose(1 / f.var[0][0], 2 * pi * (1 - pi), 1e-12, "exact information");
    expectRelClose(1 / f.var[0][0], 0.457568480913693, 1e-10, "R");
    expectAllRelClose(f.loglik, [-2.07497590097177, -2.07497590097177], 1e-12, "loglik");
  });

  it("rebuilds sums when removals cancel them (x = 2 at risk beside 50, 51)", () => {
    // stop of the second subject 20 instead of 6: it is at risk at 8 and 9 beside x = 50, 51.
    // Exact: −log(1 + e^−49) − log(1 + e + e^−48) − log(1 + e) = −2.62652337503645 (to 1e-16).
    // R 3.5-3's agfit4 does not rebuild here: coxph(..., init = 1, iter.max = 0)$loglik = −14.7899123409449.
    const f = four([4, 20, 8, 9], 1);
    const exact = -Math.log1p(Math.exp(-49)) - Math.log(1 + Math.E + Math.exp(-48)) - Math.log(1 + Math.E);
    expectRelClose(f.loglik[1], exact, 1e-12, "exact loglik");
  });
});

describe("Cox: covariates centred per stratum", () => {
  it("a covariate shifted by 1e6 in one stratum fits as the unshifted one", async () => {
    // lung <- read.csv("lung.csv"); lung$age2 <- lung$age + 1e6 * lung$sex; lung$t0 <- 0
    // coxph(Surv(t0, time, dead) ~ age2 + ph_ecog + strata(sex), lung)  (agfit4 centres per stratum)
    //   coef 0.0105662546009746 0.4624244343583748; se 0.00924137882558535 0.11476109955791888
    //   loglik -638.509764984236 -628.770939501200
    // (R's right-censored coxph(Surv(time, dead) ~ age2 + ...) centres overall and does not converge.)
    const t = await readTable(refPath("survival", "lung.csv"));
    const age = t.columns.get("age")!.values as Float64Array;
    const sex = t.columns.get("sex")!.values as Float64Array;
    t.columns.set("age2", { name: "age2", type: "number", values: Float64Array.from(age, (v, i) => v + 1e6 * sex[i]) });
    t.names.push("age2");
    const f = coxphFromTable(t, { time: "time", event: "dead", covariates: ["age2", "ph_ecog"], strata: "sex" });
    expectAllRelClose(f.coef, [0.0105662546009746, 0.4624244343583748], 1e-6, "coef");
    expectAllRelClose(f.se, [0.00924137882558535, 0.11476109955791888], 1e-5, "se");
    expectAllRelClose(f.loglik, [-638.509764984236, -628.7709395012], 1e-9, "loglik");
  });
});
