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
