/**
 * docs/scale.md: each SQL block, read from the document as written, runs in DuckDB on the reference
 * data and gives the in-memory estimators' numbers: Kaplan–Meier from the per-time counts, the DiD
 * 2×2 and TWFE estimates from the office × period cells, and the Breslow Cox log-likelihood and score
 * at coxph's estimate from the risk-set sums (the score there is 0 up to convergence tolerance).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { coxphFromTable, didFromTable, kaplanMeierFromTable, readTable } from "../../src/index.js";
import { createDuckDB } from "../../src/io/duckdb.js";
import { ROOT } from "../helpers/cli.js";
import { refPath } from "../helpers/reference.js";

const doc = readFileSync(join(ROOT, "docs", "scale.md"), "utf8");
function block(name: string): string {
  const m = new RegExp("```sql " + name + "\\n([\\s\\S]*?)```").exec(doc);
  if (!m) throw new Error(`docs/scale.md has no sql block "${name}"`);
  return m[1];
}

let db: DuckDBInstance;
let con: DuckDBConnection;
async function rows(sql: string): Promise<Record<string, number | string>[]> {
  const r = await con.runAndReadAll(sql);
  return r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]))) as Record<string, number | string>[];
}

beforeAll(async () => {
  db = await createDuckDB();
  con = await db.connect();
  const lung = refPath("survival", "lung.csv");
  await con.run(`CREATE VIEW spells AS SELECT time, dead, dead AS event, sex AS grp, CAST(age AS DOUBLE) AS age, CAST(sex AS DOUBLE) AS sex FROM read_csv('${lung}', header = true, nullstr = ['NA', ''])`);
  await con.run(`CREATE VIEW panel AS SELECT * FROM read_csv('${refPath("did", "did_panel.csv")}', header = true, nullstr = ['NA', ''])`);
});
afterAll(() => {
  con.closeSync();
  db.closeSync();
});

describe("docs/scale.md SQL in DuckDB equals the in-memory estimators", () => {
  it("Kaplan–Meier from events and censorings per time and group", async () => {
    const agg = await rows(block("km-counts"));
    const km = kaplanMeierFromTable(await readTable(refPath("survival", "lung.csv")), { time: "time", event: "dead", group: "sex" });
    for (const [g, curve] of km.curves.entries()) {
      const level = [1, 2][g];
      const mine = agg.filter((r) => r.grp === level);
      expect(mine.map((r) => r.time)).toEqual(Array.from(curve.time));
      expect(mine.map((r) => r.n_risk)).toEqual(Array.from(curve.n_risk));
      expect(mine.map((r) => r.n_event)).toEqual(Array.from(curve.n_event));
      let s = 1;
      const surv = mine.map((r) => (s *= 1 - (r.n_event as number) / (r.n_risk as number)));
      surv.forEach((v, k) => expect(v).toBeCloseTo(curve.surv[k], 14));
    }
  });

  it("DiD 2×2 and TWFE from office × period cells", async () => {
    const t = await readTable(refPath("did", "did_panel.csv"));
    const r = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, draws: 99 });
    // 2×2
    const cells = await rows(block("did-cells"));
    const mean = (pilot: number, post: number) => {
      const c = cells.filter((x) => x.pilot === pilot && x.post === post);
      return c.reduce((a, x) => a + (x.sum_y as number), 0) / c.reduce((a, x) => a + (x.n as number), 0);
    };
    const did = mean(1, 1) - mean(1, 0) - (mean(0, 1) - mean(0, 0));
    expect(did).toBeCloseTo(r.did_2x2.estimate, 12);
    // TWFE: weighted two-way demeaning of the cell-level d on the office × year grid
    const tc = await rows(block("twfe-cells"));
    for (const c of tc) expect(c.d).toBe(c.d_max);
    const offices = [...new Set(tc.map((c) => c.office as string))];
    const years = [...new Set(tc.map((c) => c.year as number))];
    const dt = tc.map((c) => c.d as number);
    for (let it = 0; it < 10_000; it++) {
      let change = 0;
      for (const [key, values] of [["office", offices], ["year", years]] as const) {
        for (const v of values as (string | number)[]) {
          let sw = 0;
          let s = 0;
          tc.forEach((c, k) => {
            if (c[key] === v) {
              sw += c.n as number;
              s += (c.n as number) * dt[k];
            }
          });
          const m = s / sw;
          change = Math.max(change, Math.abs(m));
          tc.forEach((c, k) => {
            if (c[key] === v) dt[k] -= m;
          });
        }
      }
      if (change < 1e-15) break;
    }
    let num = 0;
    let den = 0;
    tc.forEach((c, k) => {
      num += dt[k] * (c.sum_y as number);
      den += (c.n as number) * dt[k] * dt[k];
    });
    expect(num / den).toBeCloseTo(r.twfe.estimate, 12);
  });

  it("Cox (Breslow): log-likelihood and score at coxph's estimate from the risk-set sums", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    const fit = coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "sex"], ties: "breslow" });
    const sql = block("cox-risk-sets").replaceAll(":b_age", `(${fit.coef[0]})`).replaceAll(":b_sex", `(${fit.coef[1]})`);
    const agg = await rows(sql);
    let loglik = 0;
    const u = [0, 0];
    for (const r of agg) {
      const d = r.d as number;
      if (d === 0) continue;
      loglik += (r.xb_events as number) - d * Math.log(r.risk_s0 as number);
      u[0] += (r.sx_age as number) - (d * (r.risk_s1_age as number)) / (r.risk_s0 as number);
      u[1] += (r.sx_sex as number) - (d * (r.risk_s1_sex as number)) / (r.risk_s0 as number);
    }
    expect(Math.abs(loglik - fit.loglik[1]) / Math.abs(fit.loglik[1])).toBeLessThan(1e-12);
    // at the maximum the score is zero (relative to the information: |U| ≪ 1 per unit of coefficient)
    expect(Math.abs(u[0])).toBeLessThan(1e-6);
    expect(Math.abs(u[1])).toBeLessThan(1e-6);
  });
});
