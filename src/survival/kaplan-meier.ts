/**
 * Kaplan–Meier estimator as R's survfit(Surv(time, event) ~ group) (survival 3.5): one row per
 * distinct time (event or censoring) per group; with delayed entry (start, stop] the risk set at t
 * is the rows with start < t ≤ stop. std_err is Greenwood's SE of the cumulative hazard,
 * sqrt(Σ d / (n (n − d))) (Inf once d = n). With fractional case weights (R's default robust = TRUE)
 * it is the infinitesimal jackknife instead: the one-cause Aalen–Johansen SE of S
 * (cumulative-incidence.ts's ajFromWalk) divided by S, computed on this fit's own time walk, so a fit
 * prepares its time order once.
 */
import { lastAtOrBefore } from "./step-search.js";
import { timefix, timefixWhere } from "./timefix.js";
import { InputError, UsageError } from "../errors.js";
import { confLimits, medianOf, type ConfType } from "./confidence.js";
import { ajFromWalk } from "./cumulative-incidence.js";
import { type TimeWalk, timeWalk } from "./time-walk.js";
import { validateSurvival, type Where } from "./time-slots.js";

export interface KaplanMeierInput {
  time: Float64Array;
  event: Float64Array | Uint8Array;
  /** Entry times (delayed entry / counting-process data). */
  start?: Float64Array;
  /** Group codes 0..k−1. */
  group?: Int32Array;
  groupLevels?: string[];
  /** Name used in curve labels ("sex" → "sex=1"). */
  groupLabel?: string;
  confType?: ConfType;
  confLevel?: number;
  /** Case weights (positive): n_risk, n_event, n_censor and the curve are weighted as R's survfit(weights=).
   * Standard errors: Greenwood's with weighted counts for whole-number weights; for fractional
   * weights the infinitesimal jackknife (R's default robust = TRUE; `robust: false` for Greenwood). */
  weights?: Float64Array;
  /** Robust (infinitesimal-jackknife) SE; default as R: with case weights that are not whole numbers. */
  robust?: boolean;
  /** Survival reported at these times as well (as R's summary(fit, times=)). */
  times?: number[];
  /** For error messages (set by the ...FromTable front ends). */
  where?: Where;
  /** Merge times closer than R's timefix tolerance (default true, as R). */
  timefix?: boolean;
}

export interface AtTimes {
  time: number[];
  n_risk: number[];
  /** Events and censorings in (previous requested time, this time] (from the start for the first), as R's summary(fit, times=). */
  n_event: number[];
  n_censor: number[];
  surv: number[];
  /** Standard error of S(t) itself (R's summary.survfit std.err) — named apart from the curve's std_err. */
  std_err_surv: number[];
  lower: number[];
  upper: number[];
}

export interface KaplanMeierCurve {
  group: string;
  /** Rows used. */
  n: number;
  events: number;
  time: Float64Array;
  n_risk: Float64Array;
  n_event: Float64Array;
  n_censor: Float64Array;
  surv: Float64Array;
  /** R's survfit std.err: the standard error of the cumulative hazard (Greenwood), not of S. */
  std_err: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** 1 − S(t): e.g. the share in work by day t. */
  cuminc: Float64Array;
  median: number;
  median_lower: number;
  median_upper: number;
  at_times?: AtTimes;
}

export interface KaplanMeierResult {
  /** How std_err (of −log S) was computed: Greenwood, or the infinitesimal jackknife that R uses by
   * default with fractional case weights (R's survfit robust = TRUE; R's own std.err field then holds
   * the SE of S itself, std_err·S here). */
  std_err_type: "greenwood" | "infinitesimal-jackknife";
  conf_type: ConfType;
  conf_level: number;
  curves: KaplanMeierCurve[];
}

export function groupLabels(G: number, levels: string[] | undefined, label: string | undefined, grouped: boolean): string[] {
  if (!grouped) return ["all"];
  return Array.from({ length: G }, (_, g) => {
    const lv = levels?.[g] ?? String(g);
    return label ? `${label}=${lv}` : lv;
  });
}

export function kaplanMeier(input: KaplanMeierInput): KaplanMeierResult {
  const { time: time0, event, start: start0, group } = input;
  const confType = input.confType ?? "log";
  const confLevel = input.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be between 0 and 1, got ${confLevel}`);
  const n = time0.length;
  let G = 1;
  if (group) {
    G = input.groupLevels ? input.groupLevels.length : 0;
    if (!input.groupLevels)
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
      for (let i = 0; i < n; i++)
        if (group[i] + 1 > G) G = group[i] + 1;
  }
  validateSurvival(time0, event, start0, group, G, input.where);
  const { time, start, order } = input.timefix === false ? { time: time0, start: start0, order: undefined } : timefix(time0, start0, timefixWhere(input.where));
  const labels = groupLabels(G, input.groupLevels, input.groupLabel, !!group);

  const weights = input.weights;
  if (weights) {
    if (weights.length !== n) throw new UsageError(`weights has ${weights.length} values, time has ${n}`);
    for (let i = 0; i < n; i++) {
      if (!(weights[i] > 0 && weights[i] < Infinity)) {
        throw new InputError(`weight ${weights[i]} is not positive`, { file: input.where?.file, column: input.where?.names?.weights ?? "weights", row: (input.where?.rows ? input.where.rows[i] : i) + 1 });
      }
    }
  }
  // R's default with fractional weights: the robust (infinitesimal-jackknife) SE — the one-cause
  // Aalen–Johansen's SE of S, read from the same time walk (its groups then are censored / event)
  let fractional = false;
  if (weights) for (let i = 0; i < n && !fractional; i++) if (weights[i] !== Math.floor(weights[i])) fractional = true;
  const robust = input.robust ?? fractional;
  const category = robust ? Int32Array.from(event) : undefined;
  const tw = timeWalk({ time, event, start, strata: group, NS: G, group: category, G: robust ? 2 : 1, weight: weights, order });
  const tables = countTables(tw, group, n);
  const ij = category ? ajFromWalk(tw, { weight: weights, delayed: !!start }, 1) : undefined;
  const curves: KaplanMeierCurve[] = [];
  for (let g = 0; g < G; g++) {
    const { t, nRisk, nEvent, nCensor, n: nRows } = tables[g];
    const m = t.length;
    let events = 0;
    for (let r = 0; r < m; r++) events += nEvent[r];
    // forward: product limit and Greenwood sum
    const surv = new Float64Array(m);
    const se = new Float64Array(m);
    let S = 1;
    let v = 0;
    for (let r = 0; r < m; r++) {
      const d = nEvent[r];
      // Stryker disable next-line EqualityOperator: equivalent — `>=` also runs the step at a time without events: S·(n − 0)/n = S exactly (n > 0 at every exit time) and v + 0 = v
      if (d > 0) {
        const nr = nRisk[r];
        S *= (nr - d) / nr;
        v += d / (nr * (nr - d));
      }
      surv[r] = S;
      se[r] = Math.sqrt(v);
    }
    if (ij) {
      const o = tw.offset[g];
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let r = 0; r < m; r++)
        se[r] = surv[r] > 0 ? ij.seS[o + r] / surv[r] : NaN;
    }
    const { lower, upper } = confLimits(surv, se, confType, confLevel, true);
    const cuminc = new Float64Array(m);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let r = 0; r < m; r++) cuminc[r] = 1 - surv[r];
    const curve: KaplanMeierCurve = {
      group: labels[g],
      n: nRows,
      events,
      time: t,
      n_risk: nRisk,
      n_event: nEvent,
      n_censor: nCensor,
      surv,
      std_err: se,
      lower,
      upper,
      cuminc,
      median: medianOf(surv, t),
      median_lower: medianOf(lower, t),
      median_upper: medianOf(upper, t),
    };
    if (input.times) curve.at_times = atTimes(curve, input.times);
    curves.push(curve);
  }
  return { std_err_type: ij ? "infinitesimal-jackknife" : "greenwood", conf_type: confType, conf_level: confLevel, curves };
}

interface CountTable {
  n: number;
  t: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
}

/** Per group, per distinct stop time: time, at risk, events, censored — from the one time walk (time-walk.ts). */
function countTables(tw: TimeWalk, group: Int32Array | undefined, n: number): CountTable[] {
  const rowsPer = new Float64Array(tw.visits.length);
  for (let i = 0; i < n; i++) rowsPer[group ? group[i] : 0]++;
  const out: CountTable[] = Array.from(tw.visits, (m, g) => ({
    n: rowsPer[g],
    t: new Float64Array(m),
    nRisk: new Float64Array(m),
    nEvent: new Float64Array(m),
    nCensor: new Float64Array(m),
  }));
  tw.walk((v) => {
    const tab = out[v.stratum];
    const row = v.index - tw.offset[v.stratum];
    let exits = v.exit[0];
    for (let g = 1; g < v.exit.length; g++) exits += v.exit[g];
    tab.t[row] = v.time;
    tab.nRisk[row] = v.riskTotal;
    tab.nEvent[row] = v.eventTotal;
    tab.nCensor[row] = exits - v.eventTotal;
  });
  return out;
}

/**
 * The step functions at given times (R's summary.survfit(times=)): the values at the last time ≤ t
 * (S = 1 before the first), n_risk = rows at risk at t, std_err_surv = SE of S (summary's convention). Beyond the last follow-up time the curve is
 * not defined: NaN there (R's summary drops such times).
 */
function atTimes(c: KaplanMeierCurve, times: number[]): AtTimes {
  const out: AtTimes = { time: [], n_risk: [], n_event: [], n_censor: [], surv: [], std_err_surv: [], lower: [], upper: [] };
  const m = c.time.length;
  // cumulative events and censorings up to each row
  const cumE = new Float64Array(m + 1);
  const cumC = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    cumE[i + 1] = cumE[i] + c.n_event[i];
    cumC[i + 1] = cumC[i] + c.n_censor[i];
  }
  let prev = 0; // rows counted so far
  const between = (r: number) => {
    const upto = Math.max(r + 1, prev);
    out.n_event.push(cumE[upto] - cumE[prev]);
    out.n_censor.push(cumC[upto] - cumC[prev]);
    prev = upto;
  };
  for (const x of times) {
    const r = lastAtOrBefore(c.time, x, m); // last row with time ≤ x
    out.time.push(x);
    if (m === 0 || x > c.time[m - 1]) {
      out.n_risk.push(0);
      out.n_event.push(NaN);
      out.n_censor.push(NaN);
      out.surv.push(NaN);
      out.std_err_surv.push(NaN);
      out.lower.push(NaN);
      out.upper.push(NaN);
      continue;
    }
    // at risk at x: those at risk at the first recorded time ≥ x
    const next = r >= 0 && c.time[r] === x ? r : r + 1;
    out.n_risk.push(c.n_risk[next]);
    between(r);
    if (r < 0) {
      out.surv.push(1);
      out.std_err_surv.push(0);
      out.lower.push(1);
      out.upper.push(1);
    } else {
      out.surv.push(c.surv[r]);
      out.std_err_surv.push(c.std_err[r] * c.surv[r]);
      out.lower.push(c.lower[r]);
      out.upper.push(c.upper[r]);
    }
  }
  return out;
}
