/**
 * Aalen–Johansen cumulative incidence for competing risks, as R's survfit with a factor status
 * (survfitCI; survival 3.5). Per group, at each distinct time t (event or censoring) with n at risk
 * and d_k exits by cause k (d = Σ d_k):
 *   S(t) = S(t−)(1 − d/n),   F_k(t) = F_k(t−) + S(t−)·d_k/n.
 * Standard errors: R's default for multi-state curves, the infinitesimal jackknife (IJ):
 * Var F_k(t) = Σ_i (∂F_k(t)/∂w_i)², the derivative w.r.t. each row's case weight at w = 1 (each row
 * its own cluster, as R without id). It is computed in O(n·K) with running sums instead of R's
 * n × times influence matrix:
 *  - a row still at risk with entry e has ∂(S, F_k)(t) = (gS − αS, gF_k − β_k − αF_k), where g is the
 *    derivative path of a row at risk from the origin, α = gS(e)/S(e), β_k = gF_k(e) − αF_k(e);
 *  - a row that left at T has ∂S(t) = c·S(t), ∂F_k(t) = a_k + c·F_k(t) for t ≥ T, with
 *    c = ∂S(T)/S(T), a_k = ∂F_k(T) − c·F_k(T) (after T it no longer enters any hazard).
 * Sums of squares over both kinds then need only Σα, Σα², Σβ_k, Σβ_k², Σαβ_k, Σc², Σa_k, Σa_k², Σa_k·c.
 * A row entering once S has reached 0 has derivative 0 throughout (every term is multiplied by
 * S(t−) = 0) and is left out of these sums (α = gS/S is undefined there; R agrees, test/survival/cuminc.test.ts).
 * Confidence limits as R: survfit_confint(p, se, logse = FALSE), default "log".
 *
 * Computation (ajFromWalk below): the risk sets and counts come from the one time walk that
 * Kaplan–Meier and log-rank use (time-walk.ts: strata = curves, groups = exit categories); the rows'
 * α, β, c, a_k are summed per visit with the walk's row → visit numbering, so no sort of its own.
 * Numerical hazards: the variances are expanded sums of squares (Σ w²(g − αS)² written as
 * m·g² − 2g·S·Σα + S²·Σα²), which cancel where the true variance is near 0 (S or F_k at 0 or 1):
 * there the SE is rounding noise of order 1e-8 (the variance is clamped at 0, never negative).
 * Summing per visit first and then over visits loses fewer digits than the former row-by-row running
 * sums: on 39 simulated data sets with delayed entry and weights the SEs are within 1e-12 (relative)
 * of a brute-force per-row computation where the former code was off by up to 3e-12.
 * Weighted counts at risk are running sums of weights: with fractional weights n − d can come out as
 * 1e-14 instead of 0 at a time where everyone left, and S as ±1e-17.
 */
import { lastAtOrBefore } from "./step-search.js";
import { timefix, timefixWhere } from "./timefix.js";
import { InputError, UsageError } from "../errors.js";
import { confLimits, type ConfType } from "./confidence.js";
import { groupLabels } from "./kaplan-meier.js";
import { validateSurvival, type Where } from "./time-slots.js";
import { type TimeWalk, timeWalk } from "./time-walk.js";

export interface AalenJohansenInput {
  time: Float64Array;
  /** 0 = censored, 1..K = cause of exit. */
  cause: Int32Array | Float64Array;
  /** Names of causes 1..K (default "1".."K"). */
  causeLevels?: string[];
  start?: Float64Array;
  group?: Int32Array;
  groupLevels?: string[];
  groupLabel?: string;
  confType?: ConfType;
  confLevel?: number;
  /** Case weights (positive), as R's survfit(weights=): weighted counts, IJ variance Σ (w_i·∂F/∂w_i)². */
  weights?: Float64Array;
  /** Also report the curves at these times (as R's summary(fit, times=)). */
  times?: number[];
  where?: Where;
  /** Merge times closer than R's timefix tolerance (default true, as R). */
  timefix?: boolean;
}

export interface CauseCurve {
  cause: string;
  n_event: Float64Array;
  cuminc: Float64Array;
  /** Standard error of the cumulative incidence (infinitesimal jackknife; R's std.err of the state). */
  std_err_cuminc: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** The curves at requested times (R's summary(fit, times=)): values at the last time ≤ t. */
export interface CumincAtTimes {
  time: number[];
  n_risk: number[];
  /** Exits of any cause and censorings in (previous requested time, this time]. */
  n_event: number[];
  n_censor: number[];
  surv: number[];
  causes: { cause: string; n_event: number[]; cuminc: number[]; std_err_cuminc: number[]; lower: number[]; upper: number[] }[];
}

export interface AalenJohansenCurve {
  group: string;
  n: number;
  time: Float64Array;
  n_risk: Float64Array;
  n_event: Float64Array;
  n_censor: Float64Array;
  /** Probability of no exit yet (R's state "(s0)"), with its IJ standard error. */
  surv: Float64Array;
  std_err_surv: Float64Array;
  causes: CauseCurve[];
  at_times?: CumincAtTimes;
}

export interface AalenJohansenResult {
  std_err_type: "infinitesimal-jackknife";
  conf_type: ConfType;
  conf_level: number;
  curves: AalenJohansenCurve[];
}

export function aalenJohansen(input: AalenJohansenInput): AalenJohansenResult {
  const { time: time0, cause, start: start0, group } = input;
  const confType = input.confType ?? "log";
  const confLevel = input.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be between 0 and 1, got ${confLevel}`);
  const n = time0.length;
  let K = input.causeLevels?.length ?? 0;
  if (!input.causeLevels)
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let i = 0; i < n; i++)
      if (cause[i] > K) K = cause[i];
  let G = 1;
  if (group) {
    G = input.groupLevels?.length ?? 0;
    if (!input.groupLevels)
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
      for (let i = 0; i < n; i++)
        if (group[i] + 1 > G) G = group[i] + 1;
  }
  validateSurvival(time0, cause, start0, group, G, input.where, Math.max(K, 1));
  const { time, start, order } = input.timefix === false ? { time: time0, start: start0, order: undefined } : timefix(time0, start0, timefixWhere(input.where));
  const causeNames = input.causeLevels ?? Array.from({ length: K }, (_, k) => String(k + 1));
  const labels = groupLabels(G, input.groupLevels, input.groupLabel, !!group);

  const wt = input.weights;
  if (wt) {
    if (wt.length !== n) throw new UsageError(`weights has ${wt.length} values, time has ${n}`);
    const w = input.where;
    for (let i = 0; i < n; i++) {
      if (!(wt[i] > 0 && wt[i] < Infinity)) {
        throw new InputError(`weight ${wt[i]} is not positive`, { file: w?.file, column: w?.names?.weights ?? "weights", row: (w?.rows ? w.rows[i] : i) + 1 });
      }
    }
  }
  // one time walk: strata = the curves, groups = the exit categories 0 (censored), 1..K
  const category = cause instanceof Int32Array ? cause : Int32Array.from(cause);
  const tw = timeWalk({ time, event: category, start, strata: group, NS: G, group: category, G: K + 1, weight: wt, order });
  const aj = ajFromWalk(tw, { weight: wt, delayed: !!start }, K);
  const rowsPer = new Int32Array(G);
  for (let i = 0; i < n; i++) rowsPer[group ? group[i] : 0]++;
  const curves: AalenJohansenCurve[] = [];
  for (let g = 0; g < G; g++) {
    const a = tw.offset[g];
    const b = tw.offset[g + 1];
    const causes: CauseCurve[] = causeNames.map((name, q) => {
      const cuminc = new Float64Array(b - a);
      const se = new Float64Array(b - a);
      const ev = new Float64Array(b - a);
      for (let v = a; v < b; v++) {
        cuminc[v - a] = aj.F[v * K + q];
        se[v - a] = aj.seF[v * K + q];
        ev[v - a] = aj.nEventK[v * K + q];
      }
      return { cause: name, n_event: ev, cuminc, std_err_cuminc: se, ...confLimits(cuminc, se, confType, confLevel, false) };
    });
    curves.push({
      group: labels[g],
      n: rowsPer[g],
      time: aj.time.slice(a, b),
      n_risk: aj.nRisk.slice(a, b),
      n_event: aj.nEvent.slice(a, b),
      n_censor: aj.nCensor.slice(a, b),
      surv: aj.S.slice(a, b),
      std_err_surv: aj.seS.slice(a, b),
      causes,
    });
  }
  if (input.times) for (const c of curves) c.at_times = cumincAtTimes(c, input.times);
  return { std_err_type: "infinitesimal-jackknife", conf_type: confType, conf_level: confLevel, curves };
}

/** Step-function values at times t (last time ≤ t; 0 incidence before the first; NaN after the last). */
function cumincAtTimes(c: AalenJohansenCurve, times: number[]): CumincAtTimes {
  const m = c.time.length;
  const out: CumincAtTimes = {
    time: [], n_risk: [], n_event: [], n_censor: [], surv: [],
    causes: c.causes.map((q) => ({ cause: q.cause, n_event: [], cuminc: [], std_err_cuminc: [], lower: [], upper: [] })),
  };
  const cum = (a: Float64Array) => {
    const r = new Float64Array(m + 1);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < m; i++) r[i + 1] = r[i] + a[i];
    return r;
  };
  const cumE = cum(c.n_event);
  const cumC = cum(c.n_censor);
  const cumK = c.causes.map((q) => cum(q.n_event));
  let prev = 0;
  for (const x of times) {
    const r = lastAtOrBefore(c.time, x, m);
    out.time.push(x);
    const beyond = m === 0 || x > c.time[m - 1];
    const upto = Math.max(r + 1, prev);
    out.n_risk.push(beyond ? 0 : c.n_risk[r >= 0 && c.time[r] === x ? r : r + 1]);
    out.n_event.push(beyond ? NaN : cumE[upto] - cumE[prev]);
    out.n_censor.push(beyond ? NaN : cumC[upto] - cumC[prev]);
    out.surv.push(beyond ? NaN : r < 0 ? 1 : c.surv[r]);
    c.causes.forEach((q, k) => {
      const o = out.causes[k];
      o.n_event.push(beyond ? NaN : cumK[k][upto] - cumK[k][prev]);
      o.cuminc.push(beyond ? NaN : r < 0 ? 0 : q.cuminc[r]);
      o.std_err_cuminc.push(beyond ? NaN : r < 0 ? 0 : q.std_err_cuminc[r]);
      // before the first time the incidence is 0 and known exactly: limits 0 and 0, as R's summary(times)
      o.lower.push(beyond ? NaN : r < 0 ? 0 : q.lower[r]);
      o.upper.push(beyond ? NaN : r < 0 ? 0 : q.upper[r]);
    });
    if (!beyond) prev = upto;
  }
  return out;
}

/** Per visit of a time walk (forward numbering, TimeWalk.offset), the Aalen–Johansen estimates and IJ standard errors. */
export interface AalenJohansenSums {
  time: Float64Array;
  /** Rows at risk, exits of any cause and censorings: unweighted (R's convention for multi-state curves). */
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  /** Exits by cause, unweighted, visits × K. */
  nEventK: Float64Array;
  S: Float64Array;
  seS: Float64Array;
  /** Cumulative incidence and its SE, visits × K. */
  F: Float64Array;
  seF: Float64Array;
}

/**
 * The estimator and its infinitesimal-jackknife variance (header) from a prepared time walk whose
 * strata are the curves and whose groups are the exit categories (0 = censored, 1..K; rowVisits gives them per row).
 * Four passes, none of them a sort:
 *  1. the walk (backward): weighted at risk, exits by cause and censorings per visit;
 *  2. forward per curve: S, F and the derivative path g of a row at risk from the origin, after
 *     each visit;
 *  3. rows (in walk order when the walk has one, so that per-visit arrays are read in order): each row's entry constants (α, β_k: the path after its entry visit) and
 *     its leaving terms (c, a_k at its exit visit) — the rows' terms summed per visit, with the
 *     risk-set sums entered at the visit after the entry and removed at the exit visit;
 *  4. forward per curve: running sums of those per-visit terms, and the variances.
 * Kaplan–Meier's robust SE is this with K = 1 (its SE of S), on the walk of the same fit.
 */
export function ajFromWalk(
  tw: TimeWalk,
  rows: { weight?: Float64Array; delayed: boolean },
  K: number,
): AalenJohansenSums {
  const { weight: wt, delayed } = rows;
  const { offset } = tw;
  const NS = offset.length - 1;
  const M = offset[NS];
  // 1. counts per visit
  const time = new Float64Array(M);
  const nr = new Float64Array(M);
  const dk = new Float64Array(M * K);
  const cens = new Float64Array(M);
  const vStratum = new Int32Array(M);
  tw.walk((v) => {
    const e = v.index;
    vStratum[e] = v.stratum;
    time[e] = v.time;
    nr[e] = v.riskTotal;
    cens[e] = v.exit[0];
    for (let q = 0; q < K; q++) dk[e * K + q] = v.exit[q + 1];
  });
  // 2. path after each visit: S, F_k, and the derivatives gS, gF_k of a row at risk from the origin
  //    (∂h_k = −h_k/n, ∂h = −h/n); h = d/n with d the weighted exits of any cause
  const S = new Float64Array(M);
  const gS = new Float64Array(M);
  const F = new Float64Array(M * K);
  const gF = new Float64Array(M * K);
  for (let st = 0; st < NS; st++) {
    let s = 1;
    let gs = 0;
    for (let v = offset[st]; v < offset[st + 1]; v++) {
      const n = nr[v];
      let d = 0;
      for (let q = 0; q < K; q++) d += dk[v * K + q];
      const h = d / n;
      const o = v * K;
      const p = v === offset[st] ? -1 : (v - 1) * K;
      for (let q = 0; q < K; q++) {
        const hk = dk[o + q] / n;
        const f0 = p < 0 ? 0 : F[p + q];
        const gf0 = p < 0 ? 0 : gF[p + q];
        gF[o + q] = gf0 + gs * hk - (s * hk) / n;
        F[o + q] = f0 + s * hk;
      }
      gs = gs * (1 - h) + (s * h) / n;
      s *= 1 - h;
      S[v] = s;
      gS[v] = gs;
    }
  }
  // 3. the rows' terms per visit
  const { exit, entry, group: catAt, weight: wAt } = tw.rowVisits();
  const SCCv = new Float64Array(M); // Σ w²c² of rows leaving at the visit
  const SAv = new Float64Array(M * K);
  const SAAv = new Float64Array(M * K);
  const SACv = new Float64Array(M * K);
  // risk-set sums: entered at the visit after the entry, removed at the exit
  const r2In = new Float64Array(M);
  const r2Out = new Float64Array(M);
  const SaIn = delayed ? new Float64Array(M) : undefined;
  const SaOut = delayed ? new Float64Array(M) : undefined;
  const SaaIn = delayed ? new Float64Array(M) : undefined;
  const SaaOut = delayed ? new Float64Array(M) : undefined;
  const SbIn = delayed ? new Float64Array(M * K) : undefined;
  const SbOut = delayed ? new Float64Array(M * K) : undefined;
  const SbbIn = delayed ? new Float64Array(M * K) : undefined;
  const SbbOut = delayed ? new Float64Array(M * K) : undefined;
  const SabIn = delayed ? new Float64Array(M * K) : undefined;
  const SabOut = delayed ? new Float64Array(M * K) : undefined;
  // unweighted counts (R reports them for multi-state curves); equal to the weighted ones without weights
  const nIn = wt ? new Float64Array(M) : undefined;
  const nOut = wt ? new Float64Array(M) : undefined;
  const nEventK = wt ? new Float64Array(M * K) : dk;
  const nCensor = wt ? new Float64Array(M) : cens;
  const be = new Float64Array(K);
  for (let k = 0; k < exit.length; k++) {
    const v = exit[k];
    const st = vStratum[v];
    const e = catAt![k];
    const w = wAt ? wAt[k] : 1;
    const w2 = w * w;
    // entry constants: α = gS/S and β_k = gF_k − α·F_k after the entry visit (0 from the origin)
    const q0 = entry ? entry[k] : -1;
    const first = q0 < 0 ? offset[st] : q0 + 1;
    let al = 0;
    if (q0 >= 0) {
      const Sq = S[q0];
      al = Sq > 0 ? gS[q0] / Sq : 0;
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let q = 0; q < K; q++) be[q] = gF[q0 * K + q] - al * F[q0 * K + q];
    } else be.fill(0);
    if (nIn) {
      nIn[first]++;
      nOut![v]++;
      if (e > 0) nEventK[v * K + e - 1]++;
      else nCensor[v]++;
    }
    // a row entering once S has reached 0 changes nothing (every term it could enter is multiplied
    // by S(t−) = 0): its derivative is 0, and α = gS/S would be undefined
    if (q0 >= 0 && !(S[q0] > 0)) continue;
    r2In[first] += w2;
    r2Out[v] += w2;
    if (delayed) {
      SaIn![first] += w2 * al;
      SaaIn![first] += w2 * al * al;
      SaOut![v] += w2 * al;
      SaaOut![v] += w2 * al * al;
      for (let q = 0; q < K; q++) {
        const b = be[q];
        SbIn![first * K + q] += w2 * b;
        SbbIn![first * K + q] += w2 * b * b;
        SabIn![first * K + q] += w2 * al * b;
        SbOut![v * K + q] += w2 * b;
        SbbOut![v * K + q] += w2 * b * b;
        SabOut![v * K + q] += w2 * al * b;
      }
    }
    // leaving at v: its derivatives at t, from the path before v
    const p = v === offset[st] ? -1 : v - 1;
    const s0 = p < 0 ? 1 : S[p];
    const gs0 = p < 0 ? 0 : gS[p];
    const n = nr[v];
    let d = 0;
    for (let q = 0; q < K; q++) d += dk[v * K + q];
    const h = d / n;
    const dS0 = gs0 - al * s0; // ∂S(t−) for this row
    const dS = dS0 * (1 - h) - (s0 * ((e > 0 ? 1 : 0) - h)) / n;
    const St = s0 * (1 - h);
    const cc = St > 0 ? dS / St : 0;
    SCCv[v] += w2 * cc * cc;
    for (let q = 0; q < K; q++) {
      const f0 = p < 0 ? 0 : F[p * K + q];
      const gf0 = p < 0 ? 0 : gF[p * K + q];
      const hk = dk[v * K + q] / n;
      const dF = gf0 - be[q] - al * f0 + dS0 * hk + (s0 * ((e === q + 1 ? 1 : 0) - hk)) / n;
      const Ft = f0 + s0 * hk;
      const aq = dF - cc * Ft;
      SAv[v * K + q] += w2 * aq;
      SAAv[v * K + q] += w2 * aq * aq;
      SACv[v * K + q] += w2 * aq * cc;
    }
  }
  // 4. running sums and variances: rows still at risk + rows that left
  const seS = new Float64Array(M);
  const seF = new Float64Array(M * K);
  const nRisk = wt ? new Float64Array(M) : nr;
  const nEvent = new Float64Array(M);
  const SA = new Float64Array(K);
  const SAA = new Float64Array(K);
  const SAC = new Float64Array(K);
  const Sb = new Float64Array(K);
  const Sbb = new Float64Array(K);
  const Sab = new Float64Array(K);
  for (let st = 0; st < NS; st++) {
    let SCC = 0;
    let risk2 = 0;
    let Sa = 0;
    let Saa = 0;
    let nAt = 0;
    SA.fill(0);
    SAA.fill(0);
    SAC.fill(0);
    Sb.fill(0);
    Sbb.fill(0);
    Sab.fill(0);
    for (let v = offset[st]; v < offset[st + 1]; v++) {
      if (nIn) {
        nAt += nIn[v];
        nRisk[v] = nAt;
        nAt -= nOut![v];
      }
      risk2 += r2In[v];
      risk2 -= r2Out[v];
      SCC += SCCv[v];
      if (delayed) {
        Sa += SaIn![v];
        Saa += SaaIn![v];
        Sa -= SaOut![v];
        Saa -= SaaOut![v];
      }
      let dN = 0;
      for (let q = 0; q < K; q++) {
        const o = v * K + q;
        dN += nEventK[o];
        SA[q] += SAv[o];
        SAA[q] += SAAv[o];
        SAC[q] += SACv[o];
        if (delayed) {
          Sb[q] += SbIn![o];
          Sbb[q] += SbbIn![o];
          Sab[q] += SabIn![o];
          Sb[q] -= SbOut![o];
          Sbb[q] -= SbbOut![o];
          Sab[q] -= SabOut![o];
        }
      }
      nEvent[v] = dN;
      const s = S[v];
      const gs = gS[v];
      const vS = s * s * SCC + risk2 * gs * gs - 2 * gs * s * Sa + s * s * Saa;
      seS[v] = Math.sqrt(Math.max(vS, 0));
      for (let q = 0; q < K; q++) {
        const f = F[v * K + q];
        const gf = gF[v * K + q];
        const vLeft = SAA[q] + 2 * f * SAC[q] + f * f * SCC;
        const vRisk = risk2 * gf * gf + Sbb[q] + f * f * Saa - 2 * gf * Sb[q] - 2 * gf * f * Sa + 2 * f * Sab[q];
        seF[v * K + q] = Math.sqrt(Math.max(vLeft + vRisk, 0));
      }
    }
  }
  return { time, nRisk, nEvent, nCensor, nEventK, S, seS, F, seF };
}
