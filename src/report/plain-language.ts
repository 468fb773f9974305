/**
 * Plain-language sentences for stakeholders: what the estimate says, how sure we are, and how the
 * uncertainty was computed. The wording never claims more than the interval supports: an
 * interval that contains "no effect" is said to do so.
 */
import { describeMethod, EstimateWithCi, fixed, formatPValue } from "./format-estimate.js";

export interface EffectSentenceOptions {
  /** What rose or fell, e.g. "the share who got work". */
  outcome?: string;
  treated?: string;
  control?: string;
  decimals?: number;
  /** Below this many clusters the sentence warns that the uncertainty itself is uncertain. Default 20. */
  fewClusters?: number;
}



function caveat(e: EstimateWithCi, fewClusters: number): string {
  const g = e.method?.clusters;
  if (g !== undefined && g < fewClusters) {
    return ` With only ${g} offices, the uncertainty is large and is itself estimated from few offices; treat the interval as approximate.`;
  }
  return "";
}

/**
 * Difference-in-differences on a share (estimate as a proportion, e.g. 0.109):
 * "At pilot offices the share who got work rose by 10.9 percentage points more than at control
 * offices (95% CI 7.5 to 14.3; CR2 with 8 degrees of freedom, 10 offices; p < 0.001)."
 */
export function plainLanguageEffect(e: EstimateWithCi, opts: EffectSentenceOptions = {}): string {
  const d = opts.decimals ?? 1;
  const outcome = opts.outcome ?? "the share who got work";
  const treated = opts.treated ?? "pilot offices";
  const control = opts.control ?? "control offices";
  const est = e.estimate * 100;
  const lo = e.lower * 100;
  const hi = e.upper * 100;
  const level = Math.round((e.level ?? 0.95) * 100);
  const details = [`${level}% CI ${fixed(lo, d)} to ${fixed(hi, d)}`];
  if (e.method) {
    const m = e.method;
    details[0] += `; ${m.name}${m.df !== undefined ? ` with ${fixed(m.df, Number.isInteger(m.df) ? 0 : 1)} degrees of freedom` : ""}${
      m.clusters !== undefined ? `, ${m.clusters} offices` : ""
    }${m.draws !== undefined ? `, ${m.draws} draws` : ""}`;
  }
  if (e.p !== undefined) details.push(formatPValue(e.p));
  const size = fixed(Math.abs(est), d);
  const verb = est >= 0 ? "rose by" : "fell by";
  let s = `At ${treated} ${outcome} ${verb} ${size} percentage points more than at ${control} (${details.join("; ")}).`;
  if (Math.abs(est) < 0.5 * 10 ** -d) s = `At ${treated} ${outcome} changed by the same amount as at ${control} (${details.join("; ")}).`;
  if (lo <= 0 && hi >= 0) {
    s += ` The ${level}% interval includes no difference, so the data are consistent with no effect as well as with effects from ${signed(lo, d)} to ${signed(hi, d)} points.`;
  } else {
    s += ` The whole ${level}% interval lies ${lo > 0 ? "above" : "below"} zero: effects between ${fixed(Math.min(Math.abs(lo), Math.abs(hi)), d)} and ${fixed(Math.max(Math.abs(lo), Math.abs(hi)), d)} points are compatible with the data.`;
  }
  return s + caveat(e, opts.fewClusters ?? 20);
}

function signed(v: number, d: number): string {
  return v > 0 ? `+${fixed(v, d)}` : fixed(v, d);
}

/**
 * Hazard ratio of getting work (Cox): "Among people still without work, the rate of getting work at
 * pilot offices was 1.23 times the rate at control offices (95% CI 1.10 to 1.38; …)." A hazard
 * ratio is a ratio of rates, not a speed: never "times as fast".
 */
export function plainLanguageHazardRatio(e: EstimateWithCi, opts: EffectSentenceOptions & { event?: string } = {}): string {
  const d = opts.decimals ?? 2;
  const event = opts.event ?? "got work";
  const treated = opts.treated ?? "pilot offices";
  const control = opts.control ?? "control offices";
  const level = Math.round((e.level ?? 0.95) * 100);
  const details = [`${level}% CI ${fixed(e.lower, d)} to ${fixed(e.upper, d)}`];
  if (e.method) details[0] += `; ${describeMethod(e.method)}`;
  if (e.p !== undefined) details.push(formatPValue(e.p));
  const what = opts.event ? `the rate at which people ${event}` : "the rate of getting work";
  let s = `Among people still waiting, ${what} at ${treated} was ${fixed(e.estimate, d)} times ${opts.event ? "that" : "the rate"} at ${control} (hazard ratio; ${details.join("; ")}).`;
  if (e.lower <= 1 && e.upper >= 1) {
    s += ` The interval includes 1 (no difference), so the data do not show whether the pilot sped things up or slowed them down.`;
  } else {
    s += ` The whole interval lies ${e.lower > 1 ? "above" : "below"} 1: a ${e.lower > 1 ? "higher" : "lower"} rate at ${treated}, on average over follow-up (check proportional hazards before reading it as one effect).`;
  }
  return s + caveat(e, opts.fewClusters ?? 20);
}
