/**
 * Case weights in the Aalen–Johansen cumulative incidence, as R's survfit(weights=) with a
 * multi-state status: weighted estimates, infinitesimal-jackknife SEs Σ (w_i·∂F/∂w_i)², and — as R
 * reports for multi-state curves — unweighted counts n.risk / n.event / n.censor.
 * Data: test/fixtures/cuminc/aj-weighted.csv = aj.csv with w <- round(0.5 + (seq_len(nrow(d)) %% 7) / 4, 2).
 * R 4.2.2, survival 3.5-3, rows c(1, 5, 20, 30) of (strata a then b):
 *   f1 <- survfit(Surv(time, factor(cause, 0:2)) ~ grp, data = d, weights = w)
 *     n.risk 27 21 5 28; pstate[, 2:3] (0, 0) (0.1187110503115975, 0.062015503875969) (0.4502980362431015, 0.2879305219072833)
 *     (0.0127429372871168, 0.0124223602484472); std.err[, 1:3] (0, 0, 0) (0.0773081336683398, 0.0668268247114904, 0.0442778066851625)
 *     (0.101450693379459, 0.1134031285764536, 0.1062389204014492) (0.0179804553776474, 0.0128108772054861, 0.0124852211603989)
 *   f2 <- survfit(Surv(start, time, factor(cause, 0:2)) ~ grp, data = d, weights = w, id = seq_len(nrow(d)))
 *     n.risk 20 16 4 19; pstate[, 2:3] (0, 0) (0.1409858560508433, 0.0747663551401869) (0.5101894339083857, 0.2908114709420457)
 *     (0.0194059405940594, 0.02); std.err[, 1:3] (0, 0, 0) (0.0906545186786899, 0.0784641675346924, 0.0532234603127432)
 *     (0.0982152380216863, 0.1154904799535597, 0.1025156124111816) (0.0282460675445619, 0.0195630015765229, 0.0201494416796099)
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCliJson } from "../helpers/cli.js";
import { TOL, expectAllRelClose } from "../helpers/reference.js";

const file = join(ROOT, "test", "fixtures", "cuminc", "aj-weighted.csv");
const idx = [1, 5, 20, 30].map((i) => i - 1);
const S = TOL.survival;

function check(j: any, R: { nrisk: number[]; F: number[][]; se: number[][] }) {
  const all = (f: (c: any) => number[]) => [...f(j.curves[0]), ...f(j.curves[1])];
  const nr = all((c) => c.n_risk);
  const F1 = all((c) => c.causes[0].cuminc);
  const F2 = all((c) => c.causes[1].cuminc);
  const s0 = all((c) => c.std_err_surv);
  const s1 = all((c) => c.causes[0].std_err_cuminc);
  const s2 = all((c) => c.causes[1].std_err_cuminc);
  expect(idx.map((i) => nr[i])).toEqual(R.nrisk);
  expectAllRelClose(idx.map((i) => F1[i]), R.F.map((r) => r[0]), S.surv, "F1");
  expectAllRelClose(idx.map((i) => F2[i]), R.F.map((r) => r[1]), S.surv, "F2");
  expectAllRelClose(idx.map((i) => s0[i]), R.se.map((r) => r[0]), S.se, "se surv");
  expectAllRelClose(idx.map((i) => s1[i]), R.se.map((r) => r[1]), S.se, "se F1");
  expectAllRelClose(idx.map((i) => s2[i]), R.se.map((r) => r[2]), S.se, "se F2");
}

describe("cuminc with case weights (CLI JSON)", { timeout: 30_000 }, () => {
  it("right-censored", () => {
    check(runCliJson(["cuminc", "--data", file, "--time", "time", "--cause", "cause", "--group", "grp", "--weights", "w"]), {
      nrisk: [27, 21, 5, 28],
      F: [[0, 0], [0.1187110503115975, 0.062015503875969], [0.4502980362431015, 0.2879305219072833], [0.0127429372871168, 0.0124223602484472]],
      se: [[0, 0, 0], [0.0773081336683398, 0.0668268247114904, 0.0442778066851625], [0.101450693379459, 0.1134031285764536, 0.1062389204014492], [0.0179804553776474, 0.0128108772054861, 0.0124852211603989]],
    });
  });
  it("delayed entry", () => {
    check(runCliJson(["cuminc", "--data", file, "--start", "start", "--time", "time", "--cause", "cause", "--group", "grp", "--weights", "w"]), {
      nrisk: [20, 16, 4, 19],
      F: [[0, 0], [0.1409858560508433, 0.0747663551401869], [0.5101894339083857, 0.2908114709420457], [0.0194059405940594, 0.02]],
      se: [[0, 0, 0], [0.0906545186786899, 0.0784641675346924, 0.0532234603127432], [0.0982152380216863, 0.1154904799535597, 0.1025156124111816], [0.0282460675445619, 0.0195630015765229, 0.0201494416796099]],
    });
  });
});
