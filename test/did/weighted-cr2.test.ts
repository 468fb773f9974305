/**
 * Weighted CR2 and Satterthwaite df against clubSandwich 0.5.8 (R 4.2), default inverse_var = FALSE for a
 * weighted lm. The data set is built here deterministically (LCG below) and also stored in
 * test/fixtures/did/weighted-cr2.csv; the expected numbers come from test/fixtures/did/weighted-cr2.R run on
 * that CSV (printed with 10 significant digits).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { twfe } from "../../src/did/twfe.js";

export function weightedData() {
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const rows: { office: number; year: number; w: number; d: number; job: number }[] = [];
  for (let office = 0; office < 8; office++)
    for (let year = 2010; year <= 2014; year++) {
      const m = 6 + Math.floor(rnd() * 8);
      for (let r = 0; r < m; r++) {
        const d = office < 4 && year >= 2013 ? 1 : 0;
        const p = 0.3 + 0.03 * office + 0.02 * (year - 2010) + 0.1 * d;
        rows.push({ office, year, w: Math.round((0.5 + 2 * rnd()) * 1000) / 1000, d, job: rnd() < p ? 1 : 0 });
      }
    }
  return rows;
}

// From weighted-cr2.R (clubSandwich 0.5.8): coef_test(..., vcov = "CR2", cluster = office)["treat_post", ]
const R = { estimate: 0.3126578761, se: 0.08923863703, df: 5.901499551 };

describe("weighted CR2 = clubSandwich (inverse_var = FALSE)", () => {
  const rows = weightedData();
  it("generator matches the stored CSV", () => {
    const csv = readFileSync(new URL("../fixtures/did/weighted-cr2.csv", import.meta.url), "utf8").trim().split("\n").slice(1);
    expect(csv.length).toBe(rows.length);
    csv.forEach((line, i) => expect(line).toBe(`${rows[i].office},${rows[i].year},${rows[i].w},${rows[i].d},${rows[i].job}`));
  });
  it("estimate, CR2 SE and Satterthwaite df", () => {
    const n = rows.length;
    const res = twfe({
      y: Float64Array.from(rows, (r) => r.job),
      d: Float64Array.from(rows, (r) => r.d),
      unit: Int32Array.from(rows, (r) => r.office),
      time: Int32Array.from(rows, (r) => r.year - 2010),
      cluster: Int32Array.from(rows, (r) => r.office),
      weights: Float64Array.from(rows, (r) => r.w),
    });
    expect(res.n).toBe(n);
    expect(Math.abs(res.estimate / R.estimate - 1)).toBeLessThan(1e-8);
    expect(Math.abs(res.se_cr2 / R.se - 1)).toBeLessThan(1e-6);
    expect(Math.abs(res.df_satterthwaite / R.df - 1)).toBeLessThan(1e-6);
  });
});

describe("weighted CR2 through effekt did --weights", () => {
  it("gives the same clubSandwich numbers in the CLI's JSON", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { runCliJson } = await import("../helpers/cli.js");
    // the fixture plus a pilot column: offices 0–3 are treated from 2013 (their treat_post rows)
    const lines = readFileSync(new URL("../fixtures/did/weighted-cr2.csv", import.meta.url), "utf8").trim().split("\n");
    const out = [`${lines[0]},pilot`, ...lines.slice(1).map((l) => `${l},${["0", "1", "2", "3"].includes(l.split(",")[0]) ? 1 : 0}`)];
    const file = join(mkdtempSync(join(tmpdir(), "effekt-wcr2-")), "w.csv");
    writeFileSync(file, out.join("\n") + "\n");
    const r = runCliJson(["did", "--data", file, "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013", "--weights", "w", "--draws", "64"]);
    expect(Math.abs(r.twfe.estimate - R.estimate) / R.estimate).toBeLessThan(1e-8);
    expect(Math.abs(r.twfe.se_cr2 - R.se) / R.se).toBeLessThan(1e-6);
    expect(Math.abs(r.twfe.df_satterthwaite - R.df) / R.df).toBeLessThan(1e-6);
  });
});
