/** Simulated office × year panels with known truth, for the DiD tests (not a test file itself). */
import { mulberry32 } from "../../src/stats/rng.js";

export interface SimPanel {
  y: Float64Array;
  d: Float64Array;
  post: Float64Array;
  treated: Float64Array;
  unit: Int32Array;
  time: Int32Array;
  x: Float64Array;
  pair: Int32Array;
}

/**
 * offices (first half pilot), years (first `pre` pre-period), perCell individuals;
 * y = effect·d + 0.5·x + office effect + year effect + office×year shock (sd cellSd) + noise.
 */
export function simulatePanel(o: { seed: number; offices?: number; years?: number; pre?: number; perCell?: number; effect?: number; cellSd?: number }): SimPanel {
  const rnd = mulberry32(o.seed);
  const norm = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const U = o.offices ?? 10;
  const T = o.years ?? 6;
  const pre = o.pre ?? 3;
  const m = o.perCell ?? 20;
  const n = U * T * m;
  const s: SimPanel = {
    y: new Float64Array(n), d: new Float64Array(n), post: new Float64Array(n), treated: new Float64Array(n),
    unit: new Int32Array(n), time: new Int32Array(n), x: new Float64Array(n), pair: new Int32Array(n),
  };
  const ue = Array.from({ length: U }, () => norm());
  const te = Array.from({ length: T }, () => 0.3 * norm());
  let i = 0;
  for (let u = 0; u < U; u++)
    for (let t = 0; t < T; t++) {
      const shock = (o.cellSd ?? 0.3) * norm();
      for (let k = 0; k < m; k++, i++) {
        const tr = u < U / 2 ? 1 : 0;
        const post = t >= pre ? 1 : 0;
        s.unit[i] = u;
        s.time[i] = t;
        s.treated[i] = tr;
        s.post[i] = post;
        s.d[i] = tr * post;
        s.pair[i] = u % (U / 2);
        s.x[i] = norm();
        s.y[i] = (o.effect ?? 0) * s.d[i] + 0.5 * s.x[i] + ue[u] + te[t] + shock + norm();
      }
    }
  return s;
}
