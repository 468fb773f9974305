/** Bad input gives one clear InputError naming file, column and row; the CLI exits 3. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, didStaggeredFromTable, InputError, tableFromColumns, UsageError } from "../../src/index.js";
import { did2x2 } from "../../src/did/two-by-two.js";
import { runCli } from "../helpers/cli.js";

function panelColumns(): Record<string, any[]> {
  const t = panel();
  return Object.fromEntries(t.names.map((n) => [n, Array.from(t.columns.get(n)!.values as ArrayLike<any>)]));
}
function panel(edit?: (r: Record<string, any>, i: number) => void) {
  const rows: Record<string, any>[] = [];
  for (let o = 0; o < 4; o++) for (let y = 2011; y <= 2014; y++) for (let k = 0; k < 3; k++) rows.push({ office: `o${o}`, pilot: o < 2 ? 1 : 0, year: y, job: (o + y + k) % 2 });
  rows.forEach((r, i) => edit?.(r, i));
  const cols: Record<string, any[]> = {};
  for (const key of Object.keys(rows[0])) cols[key] = rows.map((r) => r[key]);
  return tableFromColumns(cols, "panel.csv");
}
const spec = { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013 };

function err(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("DiD input checks", () => {
  it("a unit both treated and untreated (in the same period)", () => {
    const e = err(() => didFromTable(panel((r, i) => i === 5 && (r.pilot = 0)), spec));
    expect(e.message).toMatch(/panel\.csv, column "pilot", row 6: office "o0" is both treated and untreated \(in year 2012\)/);
  });
  it("no pre-period / no post-period", () => {
    expect(err(() => didFromTable(panel(), { ...spec, firstTreated: 2011 })).message).toMatch(/column "year": no pre-period/);
    expect(err(() => didFromTable(panel(), { ...spec, firstTreated: 2020 })).message).toMatch(/no post-period/);
  });
  it("no control units", () => {
    expect(err(() => didFromTable(panel((r) => (r.pilot = 1)), spec)).message).toMatch(/column "pilot": no control units/);
  });
  it("a non-binary outcome where one is required", () => {
    const e = err(() => didFromTable(panel((r, i) => i === 7 && (r.job = 2)), { ...spec, binaryOutcome: true }));
    expect(e.message).toMatch(/column "job", row 8: value 2 is not 0 or 1/);
  });
  it("fewer than 2 clusters", () => {
    expect(err(() => didFromTable(panel(), { ...spec, cluster: "pilot_all" as any })).message).toMatch(/no such column/);
    const t = panel((r) => (r.region = "north"));
    expect(err(() => didFromTable(t, { ...spec, cluster: "region" })).message).toMatch(/column "region": fewer than 2 clusters/);
  });
  it("units not nested in clusters", () => {
    const t = panel((r) => (r.cl = r.year % 2));
    expect(err(() => didFromTable(t, { ...spec, cluster: "cl" })).message).toMatch(/nested in clusters/);
  });
  it("the 2×2 design names the empty cell", () => {
    const f = (xs: number[]) => Float64Array.from(xs);
    const y = f([1, 0, 1, 0]);
    expect(() => did2x2({ y, treated: [0, 0, 1, 1], post: [0, 1, 0, 0] })).toThrow(new InputError("no treated observations in the post-period: the 2×2 design needs all four cells"));
    expect(() => did2x2({ y, treated: [0, 0, 1, 1], post: [1, 1, 0, 1] })).toThrow(new InputError("no control observations in the pre-period: the 2×2 design needs all four cells"));
    expect(() => did2x2({ y, treated: [0, 0, 1, 1], post: [0, 0, 0, 1] })).toThrow(new InputError("no control observations in the post-period: the 2×2 design needs all four cells"));
    expect(() => did2x2({ y, treated: [0, 0, 1, 1], post: [0, 1, 1, 1] })).toThrow(new InputError("no treated observations in the pre-period: the 2×2 design needs all four cells"));
    // all four cells: (0 − 1) − (0 − 1) = 0
    expect(did2x2({ y, treated: [0, 0, 1, 1], post: [0, 1, 0, 1] }).estimate).toBe(0);
  });
  it("weights: a negative weight by row, and a weight type without weights", () => {
    const e = err(() => didFromTable(panel((r, i) => (r.w = i === 9 ? -2 : 1)), { ...spec, weights: "w" }));
    expect(e.message).toBe('panel.csv, column "w", row 10: weight -2 is negative');
    for (const weightType of ["frequency", "shares"] as const) {
      expect(() => didFromTable(panel(), { ...spec, weightType })).toThrow(new UsageError(`--weight-type ${weightType} needs --weights (the column with the number of individuals per row)`));
    }
  });
  it("staggered adoption: one first treated period per unit, named by row", () => {
    const t = panel((r, i) => (r.first = r.office === "o0" ? (i === 2 ? 2014 : 2013) : r.office === "o1" ? 2014 : 0));
    const e = err(() => didStaggeredFromTable(t, { outcome: "job", unit: "office", time: "year", firstTreated: "first" }));
    expect(e.message).toBe('panel.csv, column "first", row 3: office "o0" has more than one first treated period (2013 and 2014)');
  });
  it("staggered adoption without never-treated units: named, with the way out", () => {
    const t = panel((r) => (r.first = r.office === "o0" || r.office === "o1" ? 2013 : 2014));
    const e = err(() => didStaggeredFromTable(t, { outcome: "job", unit: "office", time: "year", firstTreated: "first" }));
    expect(e.message).toBe('panel.csv, column "first": no never-treated (control) units; use not-yet-treated controls');
    // with not-yet-treated controls the same data are estimable
    expect(() => didStaggeredFromTable(t, { outcome: "job", unit: "office", time: "year", firstTreated: "first", control: "notyet" })).not.toThrow();
  });
  it("event study: a full-rank pre-trend test carries no note; with the reference as the only pre-period there is no test", () => {
    const full = didFromTable(panel(), spec).event_study;
    // years 2011–2014, reference 2012: one pre-period coefficient (2011), of full rank
    expect([full.pretrend_coefficients, full.pretrend_df]).toEqual([1, 1]);
    expect("pretrend_note" in full).toBe(false);
    // years 2012 (reference) to 2014, pilot from 2013: nothing before the reference to test
    const late = tableFromColumns(Object.fromEntries(Object.entries(panelColumns()).map(([k, v]) => [k, v.filter((_, i) => panelColumns().year[i] >= 2012)])), "late.csv");
    const es = didFromTable(late, spec).event_study;
    expect(es.pretrend_coefficients).toBe(0);
    expect([es.pretrend_df, es.pretrend_f_g1, es.pretrend_htz]).toEqual([0, null, null]);
    expect(es.pretrend_wald_chisq).toBeNaN();
    expect(es.pretrend_p).toBeNaN();
  });
  it("CLI: one line on stderr and exit code 3", () => {
    const dir = mkdtempSync(join(tmpdir(), "did-"));
    const f = join(dir, "bad.csv");
    writeFileSync(f, "office,pilot,year,job\na,1,2012,0\na,0,2013,1\nb,0,2012,1\nb,0,2013,0\n");
    const r = runCli(["did", "--data", f, "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013"]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.csv, column "pilot", row 2/);
  });
});

describe("dropped rows", () => {
  it("rows with a missing value are dropped and counted per column", () => {
    const t = panel((r, i) => i === 0 && (r.job = null));
    const r = didFromTable(t, spec);
    expect(r.dropped).toEqual({ total: 1, missing: { job: 1 } });
    expect(r.n).toBe(47); // 4 offices × 4 years × 3 − 1
  });
});
