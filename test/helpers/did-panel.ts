/**
 * A small balanced DiD panel for in-process tests: `treated.length` units (each its own cluster) × T
 * periods, post from period `start`, y = scale·(0.3·unit + 0.5·period + 1·d + e) with fixed, irregular
 * disturbances e so that no fit is exact.
 */
import { join } from "node:path";
import { readTable } from "../../src/index.js";
import { fitFromGrams } from "../../src/did/ols.js";
import { twfeDesign } from "../../src/did/twfe.js";
import { PEERS_DIR } from "./reference.js";

export function didPanel(treated: number[], opts: { T?: number; start?: number; scale?: number } = {}) {
  const { T = 4, start = 2, scale = 1 } = opts;
  const U = treated.length;
  const n = U * T;
  const y = new Float64Array(n), post = new Float64Array(n), d = new Float64Array(n);
  const unit = new Int32Array(n), time = new Int32Array(n);
  const e = [0.31, -0.52, 0.17, 0.44, -0.21, 0.08, -0.37, 0.26, 0.12, -0.45, 0.39, -0.06];
  for (let u = 0, i = 0; u < U; u++)
    for (let t = 0; t < T; t++, i++) {
      unit[i] = u;
      time[i] = t;
      post[i] = t >= start ? 1 : 0;
      d[i] = treated[u] * post[i];
      y[i] = scale * (0.3 * u + 0.5 * t + 1.0 * d[i] + e[(7 * u + 3 * t) % e.length]);
    }
  return { y, post, d, unit, time, cluster: unit, treatedUnits: Uint8Array.from(treated) };
}

/**
 * mpdta (Callaway and Sant'Anna's county panel, ../shared/peers) as a TWFE design fitted by the Gram
 * path: d = 1{year ≥ first_treat > 0} (the file has no treat_post column), units and clusters the
 * 500 counties, periods year − 2003.
 */
export async function mpdtaTwfe() {
  const t = await readTable(join(PEERS_DIR, "mpdta.csv"));
  const num = (c: string) => t.columns.get(c)!.values as Float64Array;
  const [yr, ft, lemp, cty] = [num("year"), num("first_treat"), num("lemp"), num("countyreal")];
  const codes = new Map<number, number>();
  for (const c of cty) if (!codes.has(c)) codes.set(c, codes.size);
  const unit = Int32Array.from(cty, (c) => codes.get(c)!);
  const d = Float64Array.from(yr, (y, i) => (ft[i] > 0 && y >= ft[i] ? 1 : 0));
  const des = twfeDesign({ y: lemp, d, unit, time: Int32Array.from(yr, (y) => y - 2003), cluster: unit });
  return { des, fit: fitFromGrams(des.grams, des.yIndex, des.regressors, 1), d, unit };
}
