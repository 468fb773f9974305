/**
 * Log-rank and Harrington–Fleming G(ρ) tests as R's survdiff (survival 3.5, survdiff2.c).
 * At each event time with n at risk, d deaths, r_g at risk in group g:
 *   weight w = S(t−)^ρ, S the pooled Kaplan–Meier within the stratum (left-continuous);
 *   observed_g += w·d_g, expected_g += w·d·r_g/n,
 *   V_gh += w²·d·(n−d)/(n(n−1))·(r_g·δ_gh − r_g·r_h/n)   (hypergeometric; skipped when n = 1).
 * Strata: O, E and V are summed over strata. chisq = (O−E)ᵀ V⁻¹ (O−E) over the groups with E > 0,
 * the first of them dropped; df = (groups with E > 0) − 1.
 * Delayed entry (start) is an extension: R's survdiff accepts right-censored data only.
 */
import { timefix, timefixWhere } from "./timefix.js";
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { EstimationError, UsageError } from "../errors.js";
import { chisqSurvival } from "../stats/distributions.js";
import { groupLabels } from "./kaplan-meier.js";
import { riskTable, type RiskTable } from "./risk-table.js";
import { orderByGroupKey, orderByGroupTime, slotTimes, validateSurvival, type TimeSlots, type Where } from "./time-slots.js";

export interface LogrankInput {
  time: Float64Array;
  event: Float64Array | Uint8Array;
  start?: Float64Array;
  group: Int32Array;
  groupLevels?: string[];
  groupLabel?: string;
  /** Stratum codes 0..s−1. */
  strata?: Int32Array;
  /** 0: log-rank; 1: Peto–Peto (Harrington–Fleming ρ = 1); any ρ ≥ 0 is accepted. */
  rho?: number;
  where?: Where;
  /** Merge times closer than R's timefix tolerance (default true, as R). */
  timefix?: boolean;
}

export interface LogrankResult {
  chisq: number;
  df: number;
  p: number;
  rho: number;
  groups: string[];
  /** Rows per group. */
  n: number[];
  observed: number[];
  expected: number[];
  variance: number[][];
}

export function logrank(input: LogrankInput): LogrankResult {
  const { time: time0, event, start: start0, group, strata } = input;
  const rho = input.rho ?? 0;
  if (!(rho >= 0)) throw new UsageError(`rho must be ≥ 0, got ${rho}`);
  const n = time0.length;
  let G = input.groupLevels?.length ?? 0;
  if (!input.groupLevels) for (let i = 0; i < n; i++) if (group[i] + 1 > G) G = group[i] + 1;
  validateSurvival(time0, event, start0, group, G, input.where);
  const { time, start } = input.timefix === false ? { time: time0, start: start0 } : timefix(time0, start0, timefixWhere(input.where));
  let NS = 1;
  if (strata) {
    if (strata.length !== n) throw new UsageError(`strata has ${strata.length} values, time has ${n}`);
    NS = 0;
    for (let i = 0; i < n; i++) if (strata[i] + 1 > NS) NS = strata[i] + 1;
  }
  const obs = new Float64Array(G);
  const exp = new Float64Array(G);
  const V = new Float64Array(G * G);
  const nPerGroup = new Array<number>(G).fill(0);
  for (let i = 0; i < n; i++) nPerGroup[group[i]]++;
  const acc = { obs, exp, V, G };

  let cell: Int32Array | undefined = group;
  if (strata) {
    cell = new Int32Array(n);
    for (let i = 0; i < n; i++) cell[i] = strata[i] * G + group[i];
  }
  const { table: rt, slots } = riskTable(time, event, start, cell, NS * G);
  if (rt) denseWalk(rt, NS, rho, acc);
  else sortedWalk(slots ?? slotTimes(time, start), event, group, strata, NS, rho, acc);

  const keep: number[] = [];
  for (let g = 0; g < G; g++) if (exp[g] > 0) keep.push(g);
  const df = keep.length - 1;
  let chisq = 0;
  if (keep.length >= 2) {
    const idx = keep.slice(1);
    // symmetrize: the running sums differ from Vᵀ by roundoff
    const vv = new Matrix(idx.map((g) => idx.map((h) => (V[g * G + h] + V[h * G + g]) / 2)));
    const oe = Matrix.columnVector(idx.map((g) => obs[g] - exp[g]));
    const chol = new CholeskyDecomposition(vv);
    if (!chol.isPositiveDefinite()) {
      throw new EstimationError("the variance matrix of observed − expected is singular (a group has no one at risk at any event time?)");
    }
    const x = chol.solve(oe);
    for (let i = 0; i < idx.length; i++) chisq += x.get(i, 0) * oe.get(i, 0);
  }
  const variance: number[][] = [];
  for (let g = 0; g < G; g++) variance.push(Array.from(V.subarray(g * G, g * G + G)));
  return {
    chisq,
    df,
    p: df > 0 ? chisqSurvival(chisq, df) : NaN,
    rho,
    groups: groupLabels(G, input.groupLevels, input.groupLabel, true),
    n: nPerGroup,
    observed: Array.from(obs),
    expected: Array.from(exp),
    variance,
  };
}

interface Acc {
  obs: Float64Array;
  exp: Float64Array;
  V: Float64Array;
  G: number;
}

/** One event time: d deaths among tot at risk, per group deaths and risk sets, weight w. */
function addTime(acc: Acc, w: number, d: number, tot: number, deaths: Float64Array, risk: Float64Array): void {
  const { obs, exp, V, G } = acc;
  for (let g = 0; g < G; g++) {
    obs[g] += w * deaths[g];
    exp[g] += (w * d * risk[g]) / tot;
  }
  if (tot === 1) return;
  const f = (w * w * d * (tot - d)) / (tot * (tot - 1));
  for (let g = 0; g < G; g++) {
    if (risk[g] === 0) continue;
    const tg = f * risk[g];
    V[g * G + g] += tg;
    for (let h = 0; h < G; h++) V[g * G + h] -= (tg * risk[h]) / tot;
  }
}

/** Few distinct times: dense counts per (stratum × group, time). */
function denseWalk(rt: RiskTable, NS: number, rho: number, acc: Acc): void {
  const { U, exits, events, entries } = rt;
  const G = acc.G;
  const risk = new Float64Array(G);
  const deaths = new Float64Array(G);
  const wts = new Float64Array(U).fill(1);
  for (let st = 0; st < NS; st++) {
    const o = st * G * U;
    if (rho !== 0) {
      // pooled risk set and deaths per slot → left-continuous KM S(t−) → weights
      const nr = new Float64Array(U);
      const dd = new Float64Array(U);
      let tot = 0;
      for (let s = U - 1; s >= 0; s--) {
        let d = 0;
        for (let g = 0; g < G; g++) {
          tot += exits[o + g * U + s] - (entries ? entries[o + g * U + s] : 0);
          d += events[o + g * U + s];
        }
        nr[s] = tot;
        dd[s] = d;
      }
      let S = 1;
      for (let s = 0; s < U; s++) {
        wts[s] = Math.pow(S, rho);
        if (dd[s] > 0) S *= (nr[s] - dd[s]) / nr[s];
      }
    }
    risk.fill(0);
    let tot = 0;
    for (let s = U - 1; s >= 0; s--) {
      let d = 0;
      for (let g = 0; g < G; g++) {
        const k = o + g * U + s;
        const x = exits[k] - (entries ? entries[k] : 0);
        risk[g] += x;
        tot += x;
        deaths[g] = events[k];
        d += events[k];
      }
      if (d > 0) addTime(acc, wts[s], d, tot, deaths, risk);
    }
  }
}

/** Many distinct times: rows ordered by (stratum, time) with counting sorts. */
function sortedWalk(
  slots: TimeSlots,
  event: ArrayLike<number>,
  group: Int32Array,
  strata: Int32Array | undefined,
  NS: number,
  rho: number,
  acc: Acc,
): void {
  const G = acc.G;
  const { utime, slot, startSlot } = slots;
  const U = utime.length;
  const byStop = orderByGroupTime(slots, strata, NS);
  const byStart = startSlot ? orderByGroupKey(startSlot, U + 1, -1, strata, NS) : undefined;

  const risk = new Float64Array(G);
  const deaths = new Float64Array(G);

  for (let s = 0; s < NS; s++) {
    const a = byStop.groupStart[s];
    const b = byStop.groupStart[s + 1];
    if (b === a) continue;
    const order = byStop.order;
    const so = byStart?.order;
    // pass 1 (backward): pooled risk set and deaths at each distinct time → S(t−) for the weights
    let m = 0;
    for (let k = a; k < b; k++) if (k === a || slot[order[k]] !== slot[order[k - 1]]) m++;
    const wts = new Float64Array(m);
    if (rho !== 0) {
      const nr = new Float64Array(m);
      const dd = new Float64Array(m);
      let tot = 0;
      let j = b - 1;
      for (let k = b - 1, row = m - 1; row >= 0; row--) {
        const sl = slot[order[k]];
        let d = 0;
        while (k >= a && slot[order[k]] === sl) {
          d += event[order[k]];
          tot++;
          k--;
        }
        if (so) while (j >= a && startSlot![so[j]] >= sl) (tot--, j--);
        nr[row] = tot;
        dd[row] = d;
      }
      let S = 1;
      for (let row = 0; row < m; row++) {
        wts[row] = Math.pow(S, rho);
        if (dd[row] > 0) S *= (nr[row] - dd[row]) / nr[row];
      }
    } else wts.fill(1);
    // pass 2 (backward): per-group risk sets, O, E, V
    risk.fill(0);
    let tot = 0;
    let j = b - 1;
    for (let k = b - 1, row = m - 1; row >= 0; row--) {
      const sl = slot[order[k]];
      deaths.fill(0);
      let d = 0;
      while (k >= a && slot[order[k]] === sl) {
        const r = order[k];
        const e = event[r];
        risk[group[r]]++;
        tot++;
        if (e === 1) {
          deaths[group[r]]++;
          d++;
        }
        k--;
      }
      if (so) {
        while (j >= a && startSlot![so[j]] >= sl) {
          risk[group[so[j]]]--;
          tot--;
          j--;
        }
      }
      if (d === 0) continue;
      addTime(acc, wts[row], d, tot, deaths, risk);
    }
  }
}
