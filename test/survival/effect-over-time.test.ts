/**
 * Effect over time on test/fixtures/cox/ri-offices.csv (see cox-randomization.test.ts): share in
 * work by day, RMST, log-rank, each with a few-cluster treatment; hazard ratio by period.
 * Expected numbers from R 4.2.2 / survival 3.5-3:
 *   f <- survfit(Surv(start, stop, event) ~ pilot, data = d)
 *   summary(f, times = c(90, 180, 365))          # surv, std.err
 *   summary(f, rmean = 365)$table[, c("rmean", "se(rmean)")]
 *   survdiff(Surv(stop, event) ~ pilot, data = d)$chisq            # right-censored data only
 *   # jackknife of S_control(180) − S_pilot(180) leaving out one office:
 *   th <- sapply(offs, function(o) diff180(d[d$office != o, ])); sqrt((G-1)/G * sum((th - mean(th))^2))
 *   # randomization: the 365-day difference over all combn(10, 5) assignments, |θ_a| ≥ |θ|(1 − 1e-10): 4 of 252
 *   s <- survSplit(Surv(start, stop, event) ~ ., data = d, cut = 180, episode = "period")
 *   coxph(Surv(start, stop, event) ~ pilot:strata(period) + age, data = s, cluster = office)
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readTable } from "../../src/io/read-table.js";
import { effectOverTimeFromTable } from "../../src/survival/effect-over-time.js";
import { tableFromColumns } from "../../src/io/table.js";
import { hazardRatioByPeriod, splitSpells } from "../../src/survival/split-spells.js";
import { ROOT, runCliJson } from "../helpers/cli.js";

const FILE = join(ROOT, "test", "fixtures", "cox", "ri-offices.csv");
const rel = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(tol);

describe("effect over time", () => {
  it("share in work by day, RMST and log-rank match R; jackknife and randomization as brute force in R", async () => {
    const t = await readTable(FILE);
    const r = effectOverTimeFromTable(t, { time: "stop", start: "start", event: "event", cluster: "office", label: "pilot", days: [90, 180, 365], tau: 365 });
    const S0 = [0.681796791247, 0.487708653593, 0.185214280674];
    const S1 = [0.517381311697, 0.273907753252, 0.084564254051];
    const se0 = [0.034612263625, 0.036110283639, 0.029616387969];
    const se1 = [0.036788553767, 0.032142535945, 0.021561701081];
    r.share_by_day.forEach((d, k) => {
      rel(d.control, 1 - S0[k], 1e-10);
      rel(d.pilot, 1 - S1[k], 1e-10);
      rel(d.se_iid, Math.hypot(se0[k], se1[k]), 1e-9);
    });
    rel(r.share_by_day[1].se_cluster, 0.049517427747, 1e-9);
    expect(r.share_by_day[2].p_randomization).toBe(4 / 252);
    rel(r.rmst.control, 187.564937558, 1e-10);
    rel(r.rmst.pilot, 135.763650257, 1e-10);
    rel(r.rmst.control_se, 9.32754547792, 1e-10);
    rel(r.rmst.pilot_se, 8.3917363435, 1e-10);
    rel(r.rmst.se_iid, Math.hypot(9.32754547792, 8.3917363435), 1e-10);
    expect(r.assignments).toBe(252);
    const rc = effectOverTimeFromTable(t, { time: "stop", event: "event", cluster: "office", label: "pilot", days: [180] });
    rel(rc.logrank.chisq, 16.8131037479, 1e-10);
  });

  it("hazard ratio by period (spells split at 180 days) matches coxph on survSplit data", async () => {
    const t = await readTable(FILE);
    const f = hazardRatioByPeriod(t, { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"], cluster: "office", label: "pilot", cuts: [180] });
    expect(f.terms).toEqual(["pilot[0,180)", "pilot[180,∞)", "age"]);
    expect(f.n).toBe(535);
    rel(f.coef[0], 0.5788888992074, 1e-8);
    rel(f.coef[1], 0.144383238812, 1e-8);
    rel(f.se[0], 0.13416259504208, 1e-6);
    rel(f.robust_se![0], 0.11637501667985, 1e-6);
    rel(f.robust_se![1], 0.14957595017298, 1e-6);
  });

  it("splitting: a cut at a stop or start time makes no piece of length 0, as R's survSplit; any start column name", async () => {
    // R: survSplit(Surv(entry, stop, event) ~ ., data = data.frame(id = 1:3, entry = c(0, 2, 5),
    //   stop = c(5, 8, 9), event = c(1, 1, 0)), cut = 5, episode = "period") gives the rows
    //   (id, entry, stop, event, period) = (1, 0, 5, 1, 1), (2, 2, 5, 0, 1), (2, 5, 8, 1, 2), (3, 5, 9, 0, 2)
    const t = tableFromColumns({ id: [1, 2, 3], entry: [0, 2, 5], stop: [5, 8, 9], event: [1, 1, 0] }, "s.csv");
    const s = splitSpells(t, { start: "entry", time: "stop", event: "event", cuts: [5] });
    const col = (c: string) => Array.from(s.table.columns.get(c)!.values as Float64Array);
    expect(col("id")).toEqual([1, 2, 2, 3]);
    expect(col("entry")).toEqual([0, 2, 5, 5]);
    expect(col("stop")).toEqual([5, 5, 8, 9]);
    expect(col("event")).toEqual([1, 0, 1, 0]);
    expect(Array.from(s.period)).toEqual([0, 0, 1, 1]);
    // the by-period Cox model reads the start column by its own name
    const f = await readTable(FILE);
    const renamed = tableFromColumns(Object.fromEntries(f.names.map((n) => [n === "start" ? "entry" : n, f.columns.get(n)!.values as ArrayLike<number | string | null>])), "renamed.csv");
    const g = hazardRatioByPeriod(renamed, { time: "stop", start: "entry", event: "event", covariates: ["pilot", "age"], cluster: "office", label: "pilot", cuts: [180] });
    rel(g.coef[0], 0.5788888992074, 1e-8);
  });

  it("CLI: effekt km --cluster office --randomization pilot adds effect_over_time to JSON", () => {
    const j = runCliJson(["km", "--data", FILE, "--start", "start", "--time", "stop", "--event", "event", "--group", "pilot", "--times", "90,180,365", "--cluster", "office", "--randomization", "pilot"]);
    expect(j.curves).toHaveLength(2);
    const e = j.effect_over_time;
    expect(e.assignments).toBe(252);
    expect(e.share_by_day[2].p_randomization).toBe(4 / 252); // R brute force, see the header
    rel(e.rmst.control, 187.564937558, 1e-10);
    rel(e.share_by_day[1].se_cluster, 0.049517427747, 1e-9);
  });
});
