/**
 * Aggregated office × year data (shares of a 0/1 outcome with their counts) with --weight-type shares, and
 * duplicated individuals with --weight-type frequency, give the individual-level inference (issue 12).
 * Derivation: the rows of one office-year share every regressor, so per cluster Xᵀe and XᵀX are the same
 * sums; n = Σw enters the small-sample factors; the individual residual SS adds Σ w·p(1 − p) within rows;
 * CR2's adjustment acts as the identity on within-row deviations (they are orthogonal to X_g), so the
 * absorbed CR2 on √w-scaled rows equals the individual-level CR2 (and its Satterthwaite df, and HTZ).
 * Reference: the individual-level run on ../shared/reference/did/did_panel.csv (itself checked against R).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, readTable, tableFromColumns } from "../../src/index.js";
import { runCliJsonAsync } from "../helpers/cli-async.js";
import { refPath } from "../helpers/reference.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function same(agg: any, ind: any) {
  const T = 1e-8;
  for (const k of ["estimate", "se_iid", "se_cr1", "se_cr2", "df_satterthwaite", "p_iid", "p_cr1_t", "p_cr2_satterthwaite"]) expect(rel(agg.twfe[k], ind.twfe[k]), k).toBeLessThan(T);
  expect(agg.twfe.n).toBe(ind.twfe.n);
  expect(agg.wild_cluster_bootstrap.p_value).toBe(ind.wild_cluster_bootstrap.p_value);
  for (const j of [0, 1]) expect(rel(agg.wild_cluster_bootstrap.ci[j], ind.wild_cluster_bootstrap.ci[j])).toBeLessThan(1e-6);
  expect(agg.randomization_inference.p_value).toBe(ind.randomization_inference.p_value);
  for (const j of [0, 1]) expect(rel(agg.randomization_inference.ci[j], ind.randomization_inference.ci[j])).toBeLessThan(1e-6);
  agg.event_study.coefficients.forEach((c: any, i: number) => {
    const d = ind.event_study.coefficients[i];
    for (const k of ["estimate", "se_cr1", "se_cr2", "df_cr2"]) expect(rel(c[k], d[k]), `ES ${c.period} ${k}`).toBeLessThan(T);
  });
  expect(rel(agg.event_study.pretrend_wald_chisq, ind.event_study.pretrend_wald_chisq)).toBeLessThan(T);
  expect(rel(agg.event_study.pretrend_htz.F, ind.event_study.pretrend_htz.F)).toBeLessThan(T);
  expect(rel(agg.event_study.pretrend_htz.df2, ind.event_study.pretrend_htz.df2)).toBeLessThan(T);
  expect(rel(agg.did_2x2.estimate, ind.did_2x2.estimate)).toBeLessThan(T);
}

async function data() {
  const t = await readTable(refPath("did", "did_panel.csv"));
  const col = (n: string) => t.columns.get(n)!.values as any;
  const office = col("office"), year = col("year"), pilot = col("pilot"), job = col("job");
  const cells = new Map<string, { office: any; year: number; pilot: number; n: number; s: number; ones: number }>();
  for (let i = 0; i < t.nrows; i++) {
    const key = `${office[i]}|${year[i]}`;
    const c = cells.get(key) ?? { office: office[i], year: year[i], pilot: pilot[i], n: 0, s: 0, ones: 0 };
    c.n++;
    c.s += job[i];
    cells.set(key, c);
  }
  const cs = [...cells.values()];
  const shares = tableFromColumns({ office: cs.map((c) => c.office), year: cs.map((c) => c.year), pilot: cs.map((c) => c.pilot), share: cs.map((c) => c.s / c.n), n: cs.map((c) => c.n) }, "shares.csv");
  // frequency weights: one row per office × year × outcome value, weighted by its count
  const fr = cs.flatMap((c) => [
    { office: c.office, year: c.year, pilot: c.pilot, job: 1, n: c.s },
    { office: c.office, year: c.year, pilot: c.pilot, job: 0, n: c.n - c.s },
  ]).filter((r) => r.n > 0);
  const freq = tableFromColumns({ office: fr.map((r) => r.office), year: fr.map((r) => r.year), pilot: fr.map((r) => r.pilot), job: fr.map((r) => r.job), n: fr.map((r) => r.n) }, "freq.csv");
  return { t, shares, freq, cs, fr };
}
const spec = { unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 1024 };

describe("frequency weights give the individual-level inference", async () => {
  it("API: office × year shares (60 rows) and frequency rows vs 12 000 individuals", async () => {
    const { t, shares, freq } = await data();
    const ind = didFromTable(t, { ...spec, outcome: "job" });
    same(didFromTable(shares, { ...spec, outcome: "share", weights: "n", weightType: "shares" }), ind);
    same(didFromTable(freq, { ...spec, outcome: "job", weights: "n", weightType: "frequency" }), ind);
    // analytic weights (lm(weights =)) are a different model: the iid SE differs
    const an = didFromTable(shares, { ...spec, outcome: "share", weights: "n" });
    expect(rel(an.twfe.se_iid, ind.twfe.se_iid)).toBeGreaterThan(1e-3);
  });
  it("CLI --format json --weight-type shares", async () => {
    const { t, cs } = await data();
    const f = join(mkdtempSync(join(tmpdir(), "effekt-fw-")), "shares.csv");
    writeFileSync(f, "office,year,pilot,share,n\n" + cs.map((c) => `${c.office},${c.year},${c.pilot},${c.s / c.n},${c.n}`).join("\n") + "\n");
    const ind = didFromTable(t, { ...spec, outcome: "job" });
    same(await runCliJsonAsync(["did", "--data", f, "--outcome", "share", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--draws", "1024", "--weights", "n", "--weight-type", "shares"]), JSON.parse(JSON.stringify(ind)));
  }, 30000);
});
