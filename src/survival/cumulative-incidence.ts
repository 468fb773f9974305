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
import { UsageError } from "../errors.js";
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
  where?: Where;
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
}

export interface AalenJohansenResult {
  std_err_type: "infinitesimal-jackknife";
  conf_type: ConfType;
  conf_level: number;
  curves: AalenJohansenCurve[];
}

export function aalenJohansen(input: AalenJohansenInput): AalenJohansenResult {
  const { time, cause, start, group } = input;
  const confType = input.confType ?? "log";
  const confLevel = input.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be between 0 and 1, got ${confLevel}`);
  const n = time.length;
  let K = input.causeLevels?.length ?? 0;
  if (!input.causeLevels) for (let i = 0; i < n; i++) if (cause[i] > K) K = cause[i];
  let G = 1;
  if (group) {
    G = input.groupLevels?.length ?? 0;
    if (!input.groupLevels) for (let i = 0; i < n; i++) if (group[i] + 1 > G) G = group[i] + 1;
  }
  validateSurvival(time, cause, start, group, G, input.where, Math.max(K, 1));
  const causeNames = input.causeLevels ?? Array.from({ length: K }, (_, k) => String(k + 1));
  const labels = groupLabels(G, input.groupLevels, input.groupLabel, !!group);

  const sl = slotTimes(time, start);
  const { utime, slot, startSlot } = sl;
  const U = utime.length;
  const byStop = orderByGroupTime(sl, group, G);
  const byStart = startSlot ? orderByGroupKey(startSlot, U + 1, -1, group, G) : undefined;

  // per-row entry constants (α, β_k) for delayed entry
  const alpha = start ? new Float64Array(n) : undefined;
  const beta = start ? new Float64Array(n * K) : undefined;
  const dk = new Float64Array(K);
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
    let risk = 0;
    let j = a; // next row to enter (start order)
    const enter = (upTo: number) => {
      // rows with start slot < upTo enter the risk set now, with the current path values
      if (!so) return;
      while (j < b && startSlot![so[j]] < upTo) {
        const r = so[j++];
        const al = S > 0 ? gS / S : 0;
        alpha![r] = al;
        Sa += al;
        Saa += al * al;
        for (let q = 0; q < K; q++) {
          const be = gF[q] - al * F[q];
          beta![r * K + q] = be;
          Sb[q] += be;
          Sbb[q] += be * be;
          Sab[q] += al * be;
        }
        risk++;
      }
    };
    let k = a;
    for (let row = 0; row < m; row++) {
      const s = slot[order[k]];
      if (so) enter(s);
      else if (row === 0) risk = b - a;
      // counts at this time
      const k0 = k;
      dk.fill(0);
      let c = 0;
      while (k < b && slot[order[k]] === s) {
        const e = cause[order[k]];
        if (e > 0) dk[e - 1]++;
        else c++;
        k++;
      }
      let d = 0;
      for (let q = 0; q < K; q++) d += dk[q];
      const nr = risk;
      const h = d / nr;
      // rows leaving now: their derivatives at t, then they join the "left" sums
      for (let kk = k0; kk < k; kk++) {
        const r = order[kk];
        const e = cause[r];
        const al = alpha ? alpha[r] : 0;
        const dS0 = gS - al * S; // ∂S(t−) for this row
        const dS = dS0 * (1 - h) - (S * ((e > 0 ? 1 : 0) - h)) / nr;
        const St = S * (1 - h);
        const cc = St > 0 ? dS / St : 0;
        SCC += cc * cc;
        for (let q = 0; q < K; q++) {
          const be = beta ? beta[r * K + q] : 0;
          const hk = dk[q] / nr;
          const dF = gF[q] - be - al * F[q] + dS0 * hk + (S * ((e === q + 1 ? 1 : 0) - hk)) / nr;
          const Ft = F[q] + S * hk;
          const aq = dF - cc * Ft;
          SA[q] += aq;
          SAA[q] += aq * aq;
          SAC[q] += aq * cc;
          if (beta) {
            Sb[q] -= be;
            Sbb[q] -= be * be;
            Sab[q] -= al * be;
          }
        }
        if (alpha) {
          Sa -= al;
          Saa -= al * al;
        }
      }
      risk -= k - k0;
      // path of a row at risk from the origin that stays: ∂h_k = −h_k/n, ∂h = −h/n
      for (let q = 0; q < K; q++) {
        const hk = dk[q] / nr;
        gF[q] += gS * hk - (S * hk) / nr;
        F[q] += S * hk;
      }
      gS = gS * (1 - h) + (S * h) / nr;
      S *= 1 - h;
      // variances: rows still at risk + rows that left
      const mr = risk;
      const vS = S * S * SCC + mr * gS * gS - 2 * gS * S * Sa + S * S * Saa;
      out.time[row] = utime[s];
      out.n_risk[row] = nr;
      out.n_event[row] = d;
      out.n_censor[row] = c;
      out.surv[row] = S;
      out.surv_se[row] = Math.sqrt(Math.max(vS, 0));
      for (let q = 0; q < K; q++) {
        const f = F[q];
        const gf = gF[q];
        const vLeft = SAA[q] + 2 * f * SAC[q] + f * f * SCC;
        const vRisk = mr * gf * gf + Sbb[q] + f * f * Saa - 2 * gf * Sb[q] - 2 * gf * f * Sa + 2 * f * Sab[q];
        out.ev[q][row] = dk[q];
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
  return { std_err_type: "infinitesimal-jackknife", conf_type: confType, conf_level: confLevel, curves };
}
