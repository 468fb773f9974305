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
import { EstimationError, UsageError } from "../errors.js";
import { chisqSurvival } from "../stats/distributions.js";
import { solveSpd } from "../stats/linalg.js";
import { groupLabels } from "./kaplan-meier.js";
import { timeWalk } from "./time-walk.js";
import { validateSurvival, type Where } from "./time-slots.js";

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
  if (!input.groupLevels)
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let i = 0; i < n; i++)
      if (group[i] + 1 > G) G = group[i] + 1;
  validateSurvival(time0, event, start0, group, G, input.where);
  const { time, start, order } = input.timefix === false ? { time: time0, start: start0, order: undefined } : timefix(time0, start0, timefixWhere(input.where));
  let NS = 1;
  if (strata) {
    if (strata.length !== n) throw new UsageError(`strata has ${strata.length} values, time has ${n}`);
    NS = 0;
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let i = 0; i < n; i++)
      if (strata[i] + 1 > NS) NS = strata[i] + 1;
  }
  const obs = new Float64Array(G);
  const exp = new Float64Array(G);
  const V = new Float64Array(G * G);
  const nPerGroup = new Array<number>(G).fill(0);
  for (let i = 0; i < n; i++) nPerGroup[group[i]]++;
  const acc = { obs, exp, V, G };

  const tw = timeWalk({ time, event, start, strata, NS, group, G, order });
  // Harrington–Fleming weights S(t−)^ρ: the pooled Kaplan–Meier of each stratum, from a first walk
  // (visits run backward within a stratum; S is built forward from them)
  let total = 0;
  for (let st = 0; st < NS; st++) total += tw.visits[st];
  const wts = new Float64Array(total).fill(1);
  if (rho !== 0) {
    const nr = new Float64Array(total);
    const dd = new Float64Array(total);
    let e = 0;
    tw.walk((v) => {
      nr[e] = v.riskTotal;
      dd[e] = v.eventTotal;
      e++;
    });
    for (let st = 0, end = 0; st < NS; st++) {
      const first = end;
      end += tw.visits[st];
      let S = 1;
      for (let q = end - 1; q >= first; q--) {
        wts[q] = Math.pow(S, rho);
        if (dd[q] > 0) S *= (nr[q] - dd[q]) / nr[q];
      }
    }
  }
  let e = 0;
  tw.walk((v) => {
    // Stryker disable next-line EqualityOperator: equivalent — `>=` also adds the times without events, whose terms are all 0 (w·0, d(tot − d) = 0; tot > 0 at every visited time), so the sums keep their bits
    if (v.eventTotal > 0) addTime(acc, wts[e], v.eventTotal, v.riskTotal, v.event, v.risk);
    e++;
  });

  const keep: number[] = [];
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let g = 0; g < G; g++)
    if (exp[g] > 0) keep.push(g);
  const df = keep.length - 1;
  let chisq = 0;
  if (keep.length >= 2) {
    const idx = keep.slice(1);
    // symmetrize: the running sums differ from Vᵀ by roundoff
    const q = idx.length;
    const vv = new Float64Array(q * q);
    // Stryker disable next-line EqualityOperator: equivalent — the inner loop's pass one past the end (`<=`) writes the next row's first element, which the next row's pass then overwrites (past the last row the write is dropped); the outer loop's extra pass only writes past the end
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) vv[a * q + b] = (V[idx[a] * G + idx[b]] + V[idx[b] * G + idx[a]]) / 2;
    const oe = idx.map((g) => obs[g] - exp[g]);
    const x = solveSpd(vv, q, oe);
    if (!x) {
      throw new EstimationError("the variance matrix of observed − expected is singular (a group has no one at risk at any event time?)");
    }
    for (let i = 0; i < q; i++) chisq += x[i] * oe[i];
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
