/**
 * Survivors of the seed-2015 Stryker sample in code that computes an interval, a p-value or a risk set
 * (issue 17): each test fails under its mutant. Expected numbers from R 4.2.2 / survival 3.5-3 on
 * test/fixtures/cox/ri-offices.csv (the R calls are in each test), or a derivation by hand.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { tableFromColumns } from "../../src/io/table.js";
import { contrastP, effectOverTimeFromTable } from "../../src/survival/effect-over-time.js";
import { ROOT } from "../helpers/cli.js";
import { EstimationError } from "../../src/errors.js";
import { logrank } from "../../src/survival/logrank.js";

const FILE = join(ROOT, "test", "fixtures", "cox", "ri-offices.csv");
const rel = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);

describe("effect over time: intervals and p-values (src/survival/effect-over-time.ts)", () => {
  // R:  f <- survfit(Surv(start, stop, event) ~ pilot, data = d); tb <- summary(f, rmean = 365)$table
  //     th <- tb[2, "rmean"] - tb[1, "rmean"]; se <- sqrt(sum(tb[, "se(rmean)"]^2))
  //     th - qnorm(0.975) * se; th + qnorm(0.975) * se; 2 * pnorm(-abs(th / se))
  //     s <- summary(f, times = 180); d180 <- s$surv[1] - s$surv[2]; se180 <- sqrt(sum(s$std.err^2))
  it("RMST and 180-day share: iid interval (lower and upper end) and the normal p-value match R", async () => {
    const t = await readTable(FILE);
    const r = effectOverTimeFromTable(t, { time: "stop", start: "start", event: "event", cluster: "office", label: "pilot", days: [180], tau: 365 });
    rel(r.rmst.difference, -51.801287301503, 1e-10);
    rel(r.rmst.se_iid, 12.546885808897, 1e-10);
    rel(r.rmst.ci_iid[0], -76.3927316051, 1e-9);
    rel(r.rmst.ci_iid[1], -27.2098429979, 1e-9);
    rel(contrastP(r.rmst), 3.64951564024e-5, 1e-8);
    const s = r.share_by_day[0];
    rel(s.difference, 0.213800900341, 1e-10);
    rel(s.ci_iid[0], 0.119049356942, 1e-9);
    rel(s.ci_iid[1], 0.30855244374, 1e-9);
    rel(contrastP(s), 9.75493139086e-6, 1e-8);
  });

  // The observed label (offices o1..o5 pilot) has the most extreme RMST difference, so its randomization p
  // is 2/252 whatever the test statistic; relabel o4 o5 o6 o7 o9 as pilot, whose difference is in the middle.
  // R (brute force over combn(10, 5)):
  //   rm <- function(dd) { tb <- summary(survfit(Surv(start, stop, event) ~ pilot, data = dd), rmean = 365)$table
  //                        tb[2, "rmean"] - tb[1, "rmean"] }
  //   ths <- apply(cmb, 2, function(ix) { dd <- d; dd$pilot <- as.integer(dd$office %in% offs[ix]); rm(dd) })
  //   th = −14.374592406928 for o4 o5 o6 o7 o9; sum(abs(ths) >= abs(th) * (1 - 1e-10)) = 128 of 252
  it("RMST randomization p: share of the 252 assignments with |θ_a| ≥ |θ| (R brute force: 128/252)", async () => {
    const t = await readTable(FILE);
    const office = Array.from(t.columns.get("office")!.values as ArrayLike<string>);
    const pilotOffices = new Set(["o4", "o5", "o6", "o7", "o9"]);
    const cols: Record<string, ArrayLike<number | string | null>> = Object.fromEntries(t.names.map((n) => [n, t.columns.get(n)!.values as ArrayLike<number | string | null>]));
    cols.alt = office.map((o) => (pilotOffices.has(o) ? 1 : 0));
    const t2 = tableFromColumns(cols, "alt.csv");
    const r = effectOverTimeFromTable(t2, { time: "stop", start: "start", event: "event", cluster: "office", label: "alt", days: [180], tau: 365 });
    expect(r.assignments).toBe(252);
    rel(r.rmst.difference, -14.374592406928, 1e-10);
    expect(r.rmst.p_randomization).toBe(128 / 252);
  });
});

describe("RMST variance where everyone at risk has the event (src/survival/cluster-tables.ts, curveSummary)", () => {
  // At a time where the risk set all dies (n = d) the term A²·d/(n(n − d)) is 0/0; R leaves it out
  // (print.survfit: n.event / (n.risk * (n.risk - n.event)) set to 0 where n.risk = n.event).
  // Pilot offices p1 (times 2, 6) and p2 (4), all events: at 6 one at risk, one event.
  // Control offices c1 (3 event, 7 event) and c2 (5 censored, 9 censored).
  // R: d <- data.frame(time = c(2, 6, 4, 3, 7, 5, 9), event = c(1, 1, 1, 1, 1, 0, 0), pilot = c(1, 1, 1, 0, 0, 0, 0))
  //    summary(survfit(Surv(time, event) ~ pilot, data = d), rmean = 10)$table[, c("rmean", "se(rmean)")]
  //    pilot=0: 7.125, 1.432054904673700; pilot=1: 4, 0.942809041582063
  // (by hand for the pilot: no censoring, so RMST = mean(2, 4, 6) = 4 and its variance is the
  //  n-denominator variance over n: (8/3)/3 = 8/9, se = 0.9428090416.)
  it("the term at n = d is left out, as R: the pilot RMST se is sqrt(8/9)", () => {
    const t = tableFromColumns(
      { office: ["p1", "p1", "p2", "c1", "c1", "c2", "c2"], time: [2, 6, 4, 3, 7, 5, 9], event: [1, 1, 1, 1, 1, 0, 0], pilot: [1, 1, 1, 0, 0, 0, 0] },
      "all-die.csv",
    );
    const r = effectOverTimeFromTable(t, { time: "time", event: "event", cluster: "office", label: "pilot", days: [10], tau: 10 });
    rel(r.rmst.pilot, 4, 1e-12);
    rel(r.rmst.control, 7.125, 1e-12);
    rel(r.rmst.pilot_se, 0.942809041582063, 1e-12);
    rel(r.rmst.control_se, 1.4320549046737, 1e-12);
    rel(r.rmst.se_iid, Math.hypot(0.942809041582063, 1.4320549046737), 1e-12);
  });
});

describe("log-rank: a singular variance is refused with the cause (src/survival/logrank.ts)", () => {
  // Two persons, one per group, both with the event at day 1: one event time with n = d = 2, so the
  // hypergeometric variance n_a·n_b·d·(n − d)/(n²(n − 1)) is 0 while each group expects 1 event: V = 0,
  // singular. The expected message is the one the check is written to give.
  it("names the singular variance of observed − expected", () => {
    let err: unknown;
    try {
      logrank({ time: Float64Array.from([1, 1]), event: Float64Array.from([1, 1]), group: Int32Array.from([0, 1]), groupLevels: ["a", "b"] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EstimationError);
    expect((err as Error).message).toBe("the variance matrix of observed − expected is singular (a group has no one at risk at any event time?)");
  });
});
