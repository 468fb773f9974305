/**
 * Few-cluster inference for the Cox hazard ratio: randomization inference over assignments of the
 * pilot label to offices, the CR1-type small-sample correction, and the < 2 / < 30 cluster rules.
 *
 * Data: test/fixtures/cox/ri-offices.csv — 10 offices (o1..o10, odd = pilot), 5 county pairs,
 * 383 spells with delayed entry, written by a seeded generator (mulberry32(14), HR 1.6, office
 * frailty sd 0.15). Expected numbers from R 4.2.2 / survival 3.5-3 by brute force, one coxph per
 * assignment:
 *
 *   d <- read.csv("ri-offices.csv"); offs <- sort(unique(d$office))
 *   obs <- tapply(d$pilot, d$office, max)[offs]
 *   fitz <- function(lab, off = 0, strata = FALSE) {
 *     d$lab <- lab[match(d$office, offs)]; d$off <- off * d$pilot
 *     f <- if (strata) coxph(Surv(start, stop, event) ~ lab + age + offset(off) + strata(county), data = d, cluster = office)
 *          else coxph(Surv(start, stop, event) ~ lab + age + offset(off), data = d, cluster = office)
 *     unname(coef(f)[1] / sqrt(f$var[1, 1])) }
 *   cmb <- combn(10, 5); zs <- apply(cmb, 2, function(k) { a <- rep(0, 10); a[k] <- 1; fitz(a) })
 *   sum(abs(zs) >= abs(fitz(obs)) * (1 - 1e-10))            # 2 of 252
 *   # within pairs (2^5 = 32 assignments, strata(county)): 2 of 32
 *   # p at β₀ (offset β₀·pilot): β₀ = 0.17967 → 12/252, 0.18367 → 14/252, 0.63762 → 18/252, 0.64162 → 10/252
 *
 * α·N = 12.6, so p > 0.05 ⇔ at least 13 of 252: the 95% limits lie in (0.17967, 0.18367) and
 * (0.63762, 0.64162) on the coefficient scale.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readTable } from "../../src/io/read-table.js";
import { coxphFromTable } from "../../src/survival/cox/index.js";
import { clusterAssignments } from "../../src/survival/cox/randomization.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";

const FILE = join(ROOT, "test", "fixtures", "cox", "ri-offices.csv");
const SPEC = { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"], cluster: "office" } as const;

describe("Cox randomization inference", () => {
  it("p-value equals R's brute-force refit over all 252 assignments, and the CI inverts R's test", async () => {
    const t = await readTable(FILE);
    const f = coxphFromTable(t, { ...SPEC, randomization: "pilot" });
    const ri = f.randomization!;
    // R: summary(coxph(Surv(start, stop, event) ~ pilot + age, data = d, cluster = office))
    expect(f.coef[0]).toBeCloseTo(0.4400820278492, 9);
    expect(f.robust_se![0]).toBeCloseTo(0.0876202898411, 9);
    expect(ri.statistic).toBe("robust_z");
    expect(ri.z).toBeCloseTo(5.022604109702, 8);
    expect(ri.assignments).toBe(252);
    expect(ri.exhaustive).toBe(true);
    expect(ri.p_value).toBe(2 / 252);
    const [lo, hi] = ri.ci_coef!;
    expect(lo).toBeGreaterThan(0.17967);
    expect(lo).toBeLessThan(0.18367);
    expect(hi).toBeGreaterThan(0.63762);
    expect(hi).toBeLessThan(0.64162);
    expect(ri.ci![0]).toBeCloseTo(Math.exp(lo), 12);
    // a finite interval carries no note (the notes are for "no finite interval" and "unbounded")
    expect(ri.ci_note).toBeUndefined();
    // the variance is robust because of the cluster, and says so; a fit without it is model-based and says nothing
    expect([f.variance, f.variance_reason]).toEqual(["cluster-robust", "grouped by cluster"]);
    const plain = coxphFromTable(t, { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"] });
    expect(plain.variance).toBe("model-based");
    expect("variance_reason" in plain).toBe(false);
  }, 60000);

  it("within county pairs: 2 of 32 and no finite 95% interval", async () => {
    const t = await readTable(FILE);
    const f = coxphFromTable(t, { ...SPEC, strata: "county", randomization: "pilot", pair: "county" });
    // R: fitz(obs, 0, TRUE) = 7.431259302408
    expect(f.randomization!.z).toBeCloseTo(7.431259302408, 8);
    expect(f.randomization!.assignments).toBe(32);
    expect(f.randomization!.p_value).toBe(2 / 32);
    expect(f.randomization!.ci).toBeNull();
    expect(f.randomization!.ci_note).toMatch(/smallest attainable p-value is 0.0625/);
  });

  it("samples seeded assignments when there are more than --draws", () => {
    const treated = Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    const a = clusterAssignments(treated, { draws: 100, seed: 3 });
    const b = clusterAssignments(treated, { draws: 100, seed: 3 });
    expect(a.exhaustive).toBe(false);
    expect(a.assignments.length).toBe(101);
    expect(Array.from(a.assignments[0])).toEqual(Array.from(treated));
    expect(a.assignments.map((x) => x.join(""))).toEqual(b.assignments.map((x) => x.join("")));
    for (const x of a.assignments) expect(x.reduce((s, v) => s + v, 0)).toBe(5);
    expect(clusterAssignments(treated, { draws: 252 }).assignments.length).toBe(252);
    // C(10, 5) = 252 assignments: 200 draws are fewer, so they are sampled (observed + 200), not enumerated
    const c = clusterAssignments(treated, { draws: 200, seed: 1 });
    expect([c.exhaustive, c.assignments.length]).toEqual([false, 201]);
    expect(clusterAssignments(treated, { draws: 251, seed: 1 }).exhaustive).toBe(false);
    // every cluster with the label, or none: nothing to re-assign
    for (const all of [Uint8Array.from([1, 1, 1]), Uint8Array.from([0, 0, 0])]) {
      expect(() => clusterAssignments(all, {})).toThrow("randomization inference needs clusters with and without the label");
    }
  });

  it("small-sample CR1 row: robust variance × G/(G−1) with t(G−1)", async () => {
    const t = await readTable(FILE);
    const f = coxphFromTable(t, SPEC);
    const ss = f.small_sample!;
    expect(ss.clusters).toBe(10);
    expect(ss.df).toBe(9);
    // R: 2*pt(-0.4400820278492/(0.0876202898411*sqrt(10/9)), 9) = 0.00102269093704
    expect(ss.p[0]).toBeCloseTo(0.00102269093704, 10);
    // R: exp(0.4400820278492 + c(-1,1)*qt(0.975,9)*0.0876202898411*sqrt(10/9)) = 1.26004751392 1.91365423451
    expect(ss.hr_lower[0]).toBeCloseTo(1.26004751392, 8);
    expect(ss.hr_upper[0]).toBeCloseTo(1.91365423451, 8);
    expect(f.warnings.join(" ")).toMatch(/only 10 clusters \(office\)/);
    // at --conf-level 0.9 (it was computed at 95 % whatever the level):
    // R: exp(0.4400820278492 + c(-1,1)*qt(0.95,9)*0.0876202898411*sqrt(10/9)) = R90 below
    const R90 = [1.31098125939, 1.83930566775];
    const g = coxphFromTable(t, { ...SPEC, confLevel: 0.9 }).small_sample!;
    expect(g.level).toBe(0.9);
    expect(g.hr_lower[0]).toBeCloseTo(R90[0], 8);
    expect(g.hr_upper[0]).toBeCloseTo(R90[1], 8);
  });

  it("CLI: --randomization adds randomization to JSON; one cluster is a clear error, exit 4", () => {
    const args = ["cox", "--data", FILE, "--start", "start", "--time", "stop", "--event", "event", "--covariates", "pilot,age", "--cluster", "office"];
    const j = runCliJson(args.concat(["--randomization", "pilot"]));
    expect(j.randomization.statistic).toBe("robust_z");
    expect(j.randomization.p_value).toBe(2 / 252);
    expect(j.randomization.assignments).toBe(252);
    expect(j.randomization.ci).toHaveLength(2);
    expect(j.warnings[0]).toMatch(/only 10 clusters/);
    const txt = runCli(args);
    expect(txt.code).toBe(0);
    expect(txt.stdout).toMatch(/Warning: only 10 clusters/);
    const one = runCli(["cox", "--data", FILE, "--start", "start", "--time", "stop", "--event", "event", "--covariates", "age", "--cluster", "county", "--format", "json"].concat([]));
    expect(one.code).toBe(0); // 5 counties: allowed, with a warning
    const usage = runCli(args.concat(["--pair", "county"]));
    expect(usage.code).toBe(2);
  }, 60000);

  it("fewer than 2 clusters: no robust SE, one clear line, exit 4", async () => {
    const { writeFileSync, mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "effekt-ri-"));
    const lines = readFileSync(FILE, "utf8").trim().split("\n");
    const one = join(dir, "one.csv");
    writeFileSync(one, [lines[0], ...lines.filter((l) => l.startsWith("o1,"))].join("\n") + "\n");
    const r = runCli(["cox", "--data", one, "--start", "start", "--time", "stop", "--event", "event", "--covariates", "age", "--cluster", "office"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/at least 2 clusters, but "office" has 1/);
  });
});
