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
 * Confidence limits as R: survfit_confint(p, se, logse = FALSE), default "log".
 */
import { lastAtOrBefore } from "./step-search.js";
import { timefix, timefixWhere } from "./timefix.js";
import { InputError, UsageError } from "../errors.js";
import { confLimits, type ConfType } from "./confidence.js";
import { groupLabels } from "./kaplan-meier.js";
import { orderByGroupKey, orderByGroupTime, slotTimes, validateSurvival, type Where } from "./time-slots.js";

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
  if (!input.causeLevels) for (let i = 0; i < n; i++) if (cause[i] > K) K = cause[i];
  let G = 1;
  if (group) {
    G = input.groupLevels?.length ?? 0;
    if (!input.groupLevels) for (let i = 0; i < n; i++) if (group[i] + 1 > G) G = group[i] + 1;
  }
  validateSurvival(time0, cause, start0, group, G, input.where, Math.max(K, 1));
  const { time, start } = input.timefix === false ? { time: time0, start: start0 } : timefix(time0, start0, timefixWhere(input.where));
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
  const sl = slotTimes(time, start);
  const { utime, slot, startSlot } = sl;
  const U = utime.length;
  const byStop = orderByGroupTime(sl, group, G);
  const byStart = startSlot ? orderByGroupKey(startSlot, U + 1, -1, group, G) : undefined;

  // per-row entry constants (α, β_k) for delayed entry
  const alpha = start ? new Float64Array(n) : undefined;
  const beta = start ? new Float64Array(n * K) : undefined;
  const dk = new Float64Array(K);
  const dkN = new Float64Array(K);
  const F = new Float64Array(K);
  const gF = new Float64Array(K);
  const Sb = new Float64Array(K); // Σβ_k over the risk set
  const Sbb = new Float64Array(K);
  const Sab = new Float64Array(K);
  const SA = new Float64Array(K); // Σa_k over rows that left
  const SAA = new Float64Array(K);
  const SAC = new Float64Array(K);

  const curves: AalenJohansenCurve[] = [];
  for (let g = 0; g < G; g++) {
    const a = byStop.groupStart[g];
    const b = byStop.groupStart[g + 1];
    const order = byStop.order;
    const so = byStart?.order;
    let m = 0;
    for (let k = a; k < b; k++) if (k === a || slot[order[k]] !== slot[order[k - 1]]) m++;
    const out = {
      time: new Float64Array(m),
      n_risk: new Float64Array(m),
      n_event: new Float64Array(m),
      n_censor: new Float64Array(m),
      surv: new Float64Array(m),
      surv_se: new Float64Array(m),
      ev: Array.from({ length: K }, () => new Float64Array(m)),
      F: Array.from({ length: K }, () => new Float64Array(m)),
      se: Array.from({ length: K }, () => new Float64Array(m)),
    };
    let S = 1;
    let gS = 0;
    F.fill(0);
    gF.fill(0);
    Sb.fill(0);
    Sbb.fill(0);
    Sab.fill(0);
    SA.fill(0);
    SAA.fill(0);
    SAC.fill(0);
    let Sa = 0; // Σα over the risk set
    let Saa = 0;
    let SCC = 0; // Σc² over rows that left
    let risk = 0; // Σw over the risk set (n at risk)
    let risk2 = 0; // Σw² over the risk set (the IJ sums are of (w·∂)²)
    let riskN = 0; // rows at risk (R reports unweighted counts for multi-state curves)
    let j = a; // next row to enter (start order)
    const enter = (upTo: number) => {
      // rows with start slot < upTo enter the risk set now, with the current path values
      if (!so) return;
      while (j < b && startSlot![so[j]] < upTo) {
        const r = so[j++];
        const w = wt ? wt[r] : 1;
        const w2 = w * w;
        const al = S > 0 ? gS / S : 0;
        alpha![r] = al;
        Sa += w2 * al;
        Saa += w2 * al * al;
        for (let q = 0; q < K; q++) {
          const be = gF[q] - al * F[q];
          beta![r * K + q] = be;
          Sb[q] += w2 * be;
          Sbb[q] += w2 * be * be;
          Sab[q] += w2 * al * be;
        }
        risk += w;
        risk2 += w2;
        riskN++;
      }
    };
    let k = a;
    for (let row = 0; row < m; row++) {
      const s = slot[order[k]];
      if (so) enter(s);
      else if (row === 0) {
        riskN = b - a;
        risk = 0;
        risk2 = 0;
        for (let kk = a; kk < b; kk++) {
          const w = wt ? wt[order[kk]] : 1;
          risk += w;
          risk2 += w * w;
        }
      }
      // counts at this time
      const k0 = k;
      dk.fill(0);
      dkN.fill(0);
      let c = 0;
      let cN = 0;
      while (k < b && slot[order[k]] === s) {
        const e = cause[order[k]];
        const w = wt ? wt[order[k]] : 1;
        if (e > 0) {
          dk[e - 1] += w;
          dkN[e - 1]++;
        } else {
          c += w;
          cN++;
        }
        k++;
      }
      let d = 0;
      let dN = 0;
      for (let q = 0; q < K; q++) {
        d += dk[q];
        dN += dkN[q];
      }
      const nr = risk;
      const nrN = riskN;
      riskN -= k - k0;
      const h = d / nr;
      // rows leaving now: their derivatives at t, then they join the "left" sums
      for (let kk = k0; kk < k; kk++) {
        const r = order[kk];
        const e = cause[r];
        const w = wt ? wt[r] : 1;
        const w2 = w * w;
        risk -= w;
        risk2 -= w2;
        const al = alpha ? alpha[r] : 0;
        const dS0 = gS - al * S; // ∂S(t−) for this row
        const dS = dS0 * (1 - h) - (S * ((e > 0 ? 1 : 0) - h)) / nr;
        const St = S * (1 - h);
        const cc = St > 0 ? dS / St : 0;
        SCC += w2 * cc * cc;
        for (let q = 0; q < K; q++) {
          const be = beta ? beta[r * K + q] : 0;
          const hk = dk[q] / nr;
          const dF = gF[q] - be - al * F[q] + dS0 * hk + (S * ((e === q + 1 ? 1 : 0) - hk)) / nr;
          const Ft = F[q] + S * hk;
          const aq = dF - cc * Ft;
          SA[q] += w2 * aq;
          SAA[q] += w2 * aq * aq;
          SAC[q] += w2 * aq * cc;
          if (beta) {
            Sb[q] -= w2 * be;
            Sbb[q] -= w2 * be * be;
            Sab[q] -= w2 * al * be;
          }
        }
        if (alpha) {
          Sa -= w2 * al;
          Saa -= w2 * al * al;
        }
      }
      // path of a row at risk from the origin that stays: ∂h_k = −h_k/n, ∂h = −h/n
      for (let q = 0; q < K; q++) {
        const hk = dk[q] / nr;
        gF[q] += gS * hk - (S * hk) / nr;
        F[q] += S * hk;
      }
      gS = gS * (1 - h) + (S * h) / nr;
      S *= 1 - h;
      // variances: rows still at risk + rows that left
      const mr = risk2;
      const vS = S * S * SCC + mr * gS * gS - 2 * gS * S * Sa + S * S * Saa;
      out.time[row] = utime[s];
      out.n_risk[row] = nrN;
      out.n_event[row] = dN;
      out.n_censor[row] = cN;
      out.surv[row] = S;
      out.surv_se[row] = Math.sqrt(Math.max(vS, 0));
      for (let q = 0; q < K; q++) {
        const f = F[q];
        const gf = gF[q];
        const vLeft = SAA[q] + 2 * f * SAC[q] + f * f * SCC;
        const vRisk = mr * gf * gf + Sbb[q] + f * f * Saa - 2 * gf * Sb[q] - 2 * gf * f * Sa + 2 * f * Sab[q];
        out.ev[q][row] = dkN[q];
        out.F[q][row] = f;
        out.se[q][row] = Math.sqrt(Math.max(vLeft + vRisk, 0));
      }
    }
    curves.push({
      group: labels[g],
      n: b - a,
      time: out.time,
      n_risk: out.n_risk,
      n_event: out.n_event,
      n_censor: out.n_censor,
      surv: out.surv,
      std_err_surv: out.surv_se,
      causes: causeNames.map((name, q) => ({
        cause: name,
        n_event: out.ev[q],
        cuminc: out.F[q],
        std_err_cuminc: out.se[q],
        ...confLimits(out.F[q], out.se[q], confType, confLevel, false),
      })),
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
      o.lower.push(beyond ? NaN : r < 0 ? NaN : q.lower[r]);
      o.upper.push(beyond ? NaN : r < 0 ? NaN : q.upper[r]);
    });
    if (!beyond) prev = upto;
  }
  return out;
}
