/**
 * Randomization (permutation) inference for the TWFE DiD: the pilot label is re-assigned to units —
 * every assignment with the observed number of treated units (C(10,5) = 252), or one treated unit per
 * pair (2^5 = 32) — and the CR1 t-statistic recomputed; p = share of assignments with |t| ≥ |t_obs|
 * (observed one included). Per-unit Gram matrices of [post, x, y, period dummies] make each
 * assignment O(units·p²): d = τ_u·post, so d's row in the Gram is τ_u times post's.
 */
import { InputError } from "../errors.js";
import { buildGrams } from "./absorb.js";
import { fitFromGrams } from "./ols.js";
import { varianceCR1 } from "./variance-cr.js";

export interface RandomizationInput {
  y: Float64Array;
  /** 1 after the start (the same calendar start for every treated unit). */
  post: Float64Array;
  unit: Int32Array;
  time: Int32Array;
  cluster: Int32Array;
  /** Observed treated flag per unit (index = unit code). */
  treatedUnits: Uint8Array;
  /** Optional pair code per unit: assignments then flip within pairs. */
  pairOfUnit?: Int32Array;
  x?: Float64Array[];
  weights?: Float64Array;
  /** Guard against huge enumerations (default 100000). */
  maxAssignments?: number;
  /** Confidence interval by inverting the test under a constant additive effect (default true). */
  ci?: boolean;
  level?: number;
}

export interface RandomizationResult {
  t: number;
  p_value: number;
  assignments: number;
  within_pairs: boolean;
  statistic: "t (CR1)";
  /** {τ₀ : p(τ₀) > α} for y − τ₀·d with the observed d (sharp null of a constant effect τ₀). */
  ci: [number, number] | null;
  /** Why there is no interval, when there is none. */
  ci_note?: string;
}

export function combinations(n: number, k: number, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const cur = new Uint8Array(n);
  const rec = (start: number, left: number) => {
    if (out.length > max) throw new InputError(`more than ${max} assignments to enumerate`);
    if (left === 0) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i <= n - left; i++) {
      cur[i] = 1;
      rec(i + 1, left - 1);
      cur[i] = 0;
    }
  };
  rec(0, k);
  return out;
}

export function pairAssignments(treated: Uint8Array, pairs: Int32Array, max: number): Uint8Array[] {
  const members = new Map<number, number[]>();
  pairs.forEach((p, u) => members.set(p, [...(members.get(p) ?? []), u]));
  const groups = [...members.values()];
  for (const g of groups) {
    if (g.length !== 2 || treated[g[0]] + treated[g[1]] !== 1) {
      throw new InputError("within-pair randomization needs pairs of exactly two units, one treated and one control");
    }
  }
  if (2 ** groups.length > max) throw new InputError(`more than ${max} assignments to enumerate`);
  const out: Uint8Array[] = [];
  for (let r = 0; r < 2 ** groups.length; r++) {
    const a = new Uint8Array(treated.length);
    groups.forEach((g, j) => (a[g[(r >> j) & 1]] = 1));
    out.push(a);
  }
  return out;
}

export function randomizationInference(inp: RandomizationInput): RandomizationResult {
  const x = inp.x ?? [];
  const per = buildGrams({ unit: inp.unit, time: inp.time, group: inp.unit, cols: [inp.post, ...x, inp.y], weights: inp.weights });
  const U = per.nUnits;
  const clusterOfUnit = new Int32Array(U);
  for (let i = 0; i < inp.unit.length; i++) clusterOfUnit[inp.unit[i]] = inp.cluster[i];
  let G = 0;
  for (const c of clusterOfUnit) G = Math.max(G, c + 1);
  const p = per.p;
  const yIndex = 1 + x.length;
  const regressors = [0, ...x.map((_, j) => 1 + j)];
  for (let t = 1; t < per.nTimes; t++) regressors.push(per.q + t - 1);
  // per-unit grams of y − τ₀·d_obs: only the y row/column changes, in treated units
  const shifted = (tau0: number): Float64Array[] =>
    per.per.map((m, u) => {
      if (!inp.treatedUnits[u] || tau0 === 0) return m;
      const o = m.slice();
      for (let a = 0; a < p; a++) {
        if (a === yIndex) continue;
        o[a * p + yIndex] -= tau0 * m[a * p];
        o[yIndex * p + a] = o[a * p + yIndex];
      }
      o[yIndex * p + yIndex] = m[yIndex * p + yIndex] - 2 * tau0 * m[yIndex] + tau0 * tau0 * m[0];
      return o;
    });
  let grams = per.per;
  const tStat = (tau: Uint8Array): number => {
    const cl = Array.from({ length: G }, () => new Float64Array(p * p));
    for (let u = 0; u < U; u++) {
      const m = grams[u];
      const c = cl[clusterOfUnit[u]];
      const s = tau[u];
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) c[a * p + b] += (a === 0 ? s : 1) * (b === 0 ? s : 1) * m[a * p + b];
    }
    const fit = fitFromGrams(per, yIndex, regressors, 1, cl);
    return fit.beta[0] / Math.sqrt(varianceCR1(fit)[0]);
  };
  function sumToClusters(ms: Float64Array[]): Float64Array[] {
    const cl = Array.from({ length: G }, () => new Float64Array(p * p));
    ms.forEach((m, u) => {
      const c = cl[clusterOfUnit[u]];
      for (let k = 0; k < p * p; k++) c[k] += m[k];
    });
    return cl;
  }
  const max = inp.maxAssignments ?? 100000;
  const nT = inp.treatedUnits.reduce((s, v) => s + v, 0);
  if (nT === 0 || nT === U) throw new InputError("randomization inference needs treated and control units");
  const all = inp.pairOfUnit ? pairAssignments(inp.treatedUnits, inp.pairOfUnit, max) : combinations(U, nT, max);
  const pAt = (tau0: number): number => {
    grams = shifted(tau0);
    const t0 = tStat(inp.treatedUnits);
    const thr = Math.abs(t0) * (1 - 1e-10); // ties (e.g. the complementary assignment) count as ≥
    let hits = 0;
    for (const a of all) if (Math.abs(tStat(a)) >= thr) hits++;
    return hits / all.length;
  };
  grams = per.per;
  const t0 = tStat(inp.treatedUnits);
  const p0 = pAt(0);
  let ci: [number, number] | null = null;
  let ci_note: string | undefined;
  const alpha = 1 - (inp.level ?? 0.95);
  // The complementary assignment (all pairs flipped, or treated and control swapped when half the
  // units are treated) gives t* = −t exactly, so it always ties: the smallest attainable p is then 2/N.
  const complement = inp.treatedUnits.map((v) => 1 - v);
  const hasComplement = all.some((a) => a.every((v, u) => v === complement[u]));
  const minP = (hasComplement ? 2 : 1) / all.length;
  if (inp.ci !== false && minP > alpha) {
    ci_note = `no finite ${Math.round((1 - alpha) * 100)}% interval: with ${all.length} assignments the smallest attainable p-value is ${minP.toPrecision(3)} > ${Number(alpha.toPrecision(6))}`;
  }
  if (inp.ci !== false && minP <= alpha) {
    const fit = fitFromGrams(per, yIndex, regressors, 1, sumToClusters(per.per));
    const est = fit.beta[0];
    const se = Math.sqrt(varianceCR1(fit)[0]);
    const bound = (dir: number): number => {
      let inner = est;
      let step = se;
      let outer = est + dir * step;
      let it = 0;
      while (pAt(outer) > alpha && it++ < 40) {
        inner = outer;
        step *= 2;
        outer = est + dir * step;
      }
      if (it >= 40) return dir * Infinity;
      for (let i = 0; i < 40 && Math.abs(outer - inner) > 1e-6 * se; i++) {
        const mid = (inner + outer) / 2;
        if (pAt(mid) > alpha) inner = mid;
        else outer = mid;
      }
      return (inner + outer) / 2;
    };
    ci = [bound(-1), bound(1)];
  }
  return { t: t0, p_value: p0, assignments: all.length, within_pairs: !!inp.pairOfUnit, statistic: "t (CR1)", ci, ...(ci_note ? { ci_note } : {}) };
}
