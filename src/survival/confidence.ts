/**
 * Pointwise confidence limits and medians as R's survival package computes them
 * (survfit_confint in survfit.R; minmin in print.survfit.R's survmean).
 */
import { normalQuantile } from "../stats/distributions.js";

export type ConfType = "log" | "log-log" | "plain" | "logit" | "arcsin";
export const CONF_TYPES = ["log", "log-log", "plain", "logit", "arcsin"] as const;

/**
 * Limits for a probability p with standard error se. logse = true: se is the SE of log p (Greenwood
 * for KM); false: se is the SE of p itself (Aalen–Johansen, converted as R does: se/p).
 *   plain:   p ± z·se·p, clipped to [0, 1]
 *   log:     exp(log p ± z·se), upper clipped at 1; NaN where p = 0
 *   log-log: exp(−exp(log(−log p) ∓ z·se/log p)); NaN where p = 0 or 1
 *   logit:   1 − 1/(1 + exp(log(p/(1−p)) ∓ z·se·(1 + p/(1−p))));  NaN where p = 0
 *   arcsin:  sin²(asin √p ∓ ½·z·se·√(p/(1−p))), the angle kept in [0, π/2];  NaN where p = 0
 * (se here is the SE of log p; survfit_confint in R's survfit.R.)
 */
export function confLimits(
  p: Float64Array,
  se: Float64Array,
  confType: ConfType,
  confLevel: number,
  logse = true,
): { lower: Float64Array; upper: Float64Array } {
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const n = p.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = p[i];
    let e = se[i];
    if (!logse) e = e === 0 ? 0 : e / s;
    if (confType === "plain") {
      const w = e * s * z;
      lower[i] = Number.isNaN(w) ? NaN : Math.max(s - w, 0);
      upper[i] = Number.isNaN(w) ? NaN : Math.min(s + w, 1);
    } else if (confType === "log") {
      if (s === 0) {
        lower[i] = upper[i] = NaN;
      } else {
        lower[i] = Math.exp(Math.log(s) - z * e);
        upper[i] = Math.min(Math.exp(Math.log(s) + z * e), 1);
      }
    } else if (confType === "logit") {
      if (s === 0) lower[i] = upper[i] = NaN;
      else {
        const w = z * e * (1 + s / (1 - s));
        const lg = Math.log(s / (1 - s));
        lower[i] = 1 - 1 / (1 + Math.exp(lg - w));
        upper[i] = 1 - 1 / (1 + Math.exp(lg + w));
      }
    } else if (confType === "arcsin") {
      if (s === 0) lower[i] = upper[i] = NaN;
      else {
        const w = 0.5 * z * e * Math.sqrt(s / (1 - s));
        const a = Math.asin(Math.sqrt(s));
        lower[i] = Math.sin(Math.max(0, a - w)) ** 2;
        upper[i] = Math.sin(Math.min(Math.PI / 2, a + w)) ** 2;
      }
    } else {
      if (s === 0 || s === 1) {
        lower[i] = upper[i] = NaN;
      } else {
        const w = (z * e) / Math.log(s);
        const ll = Math.log(-Math.log(s));
        lower[i] = Math.exp(-Math.exp(ll - w));
        upper[i] = Math.exp(-Math.exp(ll + w));
      }
    }
  }
  return { lower, upper };
}

const TOL = Math.sqrt(2.220446049250313e-16);

/**
 * R's median of a survival curve (survmean's minmin): the first time with y < 0.5 (within
 * √eps); if that first value equals 0.5 and the curve drops below later, the mean of that time and
 * the first time below it. NaN values are skipped; NaN if the curve never reaches 0.5.
 */
export function medianOf(y: ArrayLike<number>, time: ArrayLike<number>): number {
  const n = y.length;
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(y[i]) && y[i] < 0.5 + TOL) {
      first = i;
      break;
    }
  }
  if (first < 0) return NaN;
  if (Math.abs(y[first] - 0.5) < TOL) {
    for (let i = first + 1; i < n; i++) {
      if (!Number.isNaN(y[i]) && y[i] < y[first]) return (time[first] + time[i]) / 2;
    }
  }
  return time[first];
}
