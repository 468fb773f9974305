/**
 * Parallel trends taken seriously: placebo tests, leave-one-unit-out estimates and a sensitivity
 * analysis of the DiD estimate to violations of parallel trends.
 *
 * - Placebo start: the TWFE DiD on pre-period data only, with a false start at `falseStart`
 *   (e.g. the last pre-period year): a real effect cannot show there; a clear "effect" is a
 *   pre-trend.
 * - Placebo units: every control unit in turn labelled the pilot, on control units only (the
 *   real pilots left out), same periods as the main comparison; the real estimate is compared with
 *   the spread of these (share of placebo estimates at least as large in absolute value).
 * - Leave-one-out: the main estimate with each unit left out (does one office drive it?).
 *   Every fit: y = τ·d + x'γ + unit FE + period FE, CR2 with Satterthwaite df (twfe.ts).
 * - Relative magnitudes (Rambachan & Roth 2023, "A More Credible Approach to Parallel Trends",
 *   Δ^RM(M̄)): post-period violations may change from period to period by at most M̄ times the
 *   largest change between consecutive pre-periods, Δ_pre = max_s |δ_s − δ_{s−1}| (δ_ref = 0,
 *   δ_s = event-study coefficients before the start). For θ = the average event-study coefficient
 *   over the post periods P (relative to the reference r), |bias| ≤ M̄·Δ_pre·mean_{t∈P}(t − r).
 *   Interval: θ̂ ± (M̄·Δ_pre·mean(t − r) + t_{G−1}·se), with se the average CR1 SE of the post
 *   coefficients (≥ the SE of their average, so conservative). Breakdown value
 *   M̄* = (|θ̂| − t_{G−1}·se) / (Δ_pre·mean(t − r)), 0 when the interval already includes 0.
 *   This is the plug-in version of Δ^RM (Δ_pre treated as known, no ARP conditional test): it is
 *   simpler than the HonestDiD package and not identical to its intervals; treat M̄* as a guide.
 */
import { EstimationError, InputError } from "../errors.js";
import { buildFrame } from "../frame/model-frame.js";
import { filterRows, type DataTable } from "../io/table.js";
import { tQuantile } from "../stats/distributions.js";
import type { EventStudyResult } from "./event-study.js";
import { fitFromGrams } from "./ols.js";
import { countTreatedClusters, inferenceFromFit, twfeDesign, type TwfeResult } from "./twfe.js";

export interface QuickDidSpec {
  outcome: string;
  unit: string;
  time: string;
  treated: string;
  firstTreated: number;
  covariates?: string[];
}

/** TWFE with CR1/CR2 only (no bootstrap or randomization): for the many refits of robustness checks. */
export function quickDid(table: DataTable, spec: QuickDidSpec): TwfeResult {
  const f = buildFrame(table, { numeric: [spec.outcome, spec.treated, spec.time], covariates: spec.covariates ?? [], labels: [...new Set([spec.unit, spec.time])] });
  if (f.n === 0) throw new InputError("no complete rows", { file: table.source });
  const y = f.numeric[spec.outcome];
  const tr = f.numeric[spec.treated];
  const tv = f.numeric[spec.time];
  const d = new Float64Array(f.n);
  for (let k = 0; k < f.n; k++) d[k] = tr[k] * (tv[k] >= spec.firstTreated ? 1 : 0);
  const unit = f.labels[spec.unit].codes;
  const des = twfeDesign({ y, d, unit, time: f.labels[spec.time].codes, cluster: unit, x: f.design.columns });
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
  return inferenceFromFit(fit, countTreatedClusters(d, unit), 0.95, f.design.columns.length);
}

export interface PlaceboEstimate {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
  p: number;
  df: number;
  /** Why the check could not be estimated on these data (then the numbers are NaN). */
  note?: string;
}

const summary = (label: string, r: TwfeResult): PlaceboEstimate => ({
  label,
  estimate: r.estimate,
  lower: r.ci.cr2_satterthwaite[0],
  upper: r.ci.cr2_satterthwaite[1],
  p: r.p_cr2_satterthwaite,
  df: r.df_satterthwaite,
});

/**
 * A check that cannot be estimated on the data at hand (e.g. a false pilot with no exits in a
 * year, so the placebo indicator is collinear with the fixed effects) is reported as such; it
 * never takes the main estimate down with it.
 */
function attempt(label: string, fit: () => TwfeResult): PlaceboEstimate {
  try {
    return summary(label, fit());
  } catch (e) {
    if (!(e instanceof EstimationError)) throw e;
    return { label, estimate: NaN, lower: NaN, upper: NaN, p: NaN, df: NaN, note: `not estimable: ${e.message}` };
  }
}

function column(t: DataTable, name: string): Float64Array {
  const c = t.columns.get(name);
  if (!c || c.type !== "number") throw new InputError("numeric column needed", { file: t.source, column: name });
  return c.values;
}

function labels(t: DataTable, name: string): string[] {
  const c = t.columns.get(name);
  if (!c) throw new InputError("no such column", { file: t.source, column: name });
  return c.type === "string" ? c.values.map((v) => v ?? "") : Array.from(c.values, (v) => String(v));
}

export interface RobustnessResult {
  placebo_start?: PlaceboEstimate & { false_start: number; periods: number[] };
  placebo_units: { estimates: PlaceboEstimate[]; actual: number; share_as_large: number };
  leave_one_out: PlaceboEstimate[];
}

/**
 * `table`: the comparison data (pre and post periods of the main estimate); `allPeriods`: the table
 * with every period (for the placebo start); `actual`: the main estimate.
 */
export function parallelTrendChecks(
  table: DataTable,
  allPeriods: DataTable,
  spec: QuickDidSpec & { falseStart?: number; /** First period of the real pilot (default firstTreated): the placebo uses periods before it. */ pilotStart?: number },
  actual: number,
): RobustnessResult {
  const unitOf = labels(table, spec.unit);
  const treated = column(table, spec.treated);
  const units = [...new Set(unitOf)].sort();
  const out: RobustnessResult = { placebo_units: { estimates: [], actual, share_as_large: NaN }, leave_one_out: [] };

  // placebo start: pre-period data only
  const year = column(allPeriods, spec.time);
  const start = spec.pilotStart ?? spec.firstTreated;
  const pre = [...new Set(year)].filter((v) => v < start).sort((a, b) => a - b);
  const fs = spec.falseStart ?? pre[pre.length - 1];
  if (pre.length >= 2 && pre.includes(fs) && fs > pre[0]) {
    const sub = filterRows(allPeriods, Array.from(year, (v) => (v < start ? 1 : 0)), `${allPeriods.source} (pre-period)`);
    out.placebo_start = { ...attempt(`false start ${fs}`, () => quickDid(sub, { ...spec, firstTreated: fs })), false_start: fs, periods: pre };
  }

  // each control unit as a false pilot, on control units only
  const controls = units.filter((u) => unitOf.some((v, i) => v === u && treated[i] === 0));
  if (controls.length >= 3) {
    const keep = Array.from(treated, (v) => (v === 0 ? 1 : 0));
    const ctl = filterRows(table, keep, `${table.source} (control units)`);
    const ctlUnit = labels(ctl, spec.unit);
    for (const c of controls) {
      const fake = Float64Array.from(ctlUnit, (u) => (u === c ? 1 : 0));
      const t2 = { ...ctl, columns: new Map(ctl.columns) };
      t2.columns.set("__placebo", { name: "__placebo", type: "number", values: fake });
      t2.names = [...ctl.names, "__placebo"];
      out.placebo_units.estimates.push(attempt(c, () => quickDid(t2, { ...spec, treated: "__placebo" })));
    }
    const est = out.placebo_units.estimates.filter((e) => Number.isFinite(e.estimate));
    out.placebo_units.share_as_large = est.length ? est.filter((e) => Math.abs(e.estimate) >= Math.abs(actual)).length / est.length : NaN;
  }

  // leave one unit out: only when at least 2 pilot and 2 control units remain
  const nT = units.filter((u) => unitOf.some((v, i) => v === u && treated[i] === 1)).length;
  const nC = units.length - nT;
  for (const u of units) {
    const isT = unitOf.some((v, i) => v === u && treated[i] === 1);
    if ((isT ? nT - 1 : nT) < 2 || (isT ? nC : nC - 1) < 2) continue;
    const sub = filterRows(table, unitOf.map((v) => (v === u ? 0 : 1)), `${table.source} (without ${u})`);
    out.leave_one_out.push(attempt(`without ${u}`, () => quickDid(sub, spec)));
  }
  return out;
}

export interface RelativeMagnitudes {
  /** Average event-study coefficient over the post periods. */
  theta: number;
  se: number;
  df: number;
  post_periods: (string | number)[];
  /** Largest change between consecutive pre-periods (reference included as 0). */
  delta_pre: number;
  /** mean(t − r) over the post periods: the bias per unit of M̄·Δ_pre. */
  horizon: number;
  /** Smallest M̄ at which the interval includes 0. */
  breakdown: number;
  grid: { mbar: number; lower: number; upper: number }[];
}

export function relativeMagnitudes(es: EventStudyResult, postPeriods: number[], clusters: number, level = 0.95, grid = [0, 0.25, 0.5, 1, 2]): RelativeMagnitudes {
  const ref = Number(es.reference_period);
  const coefs = es.coefficients.map((c) => ({ period: Number(c.period), estimate: c.estimate, se: c.se_cr1 }));
  const preC = coefs.filter((c) => c.period < ref).concat([{ period: ref, estimate: 0, se: 0 }]).sort((a, b) => a.period - b.period);
  if (preC.length < 2) throw new InputError("relative-magnitudes sensitivity needs at least one pre-period coefficient besides the reference");
  let deltaPre = 0;
  for (let k = 1; k < preC.length; k++) deltaPre = Math.max(deltaPre, Math.abs(preC[k].estimate - preC[k - 1].estimate));
  const post = coefs.filter((c) => postPeriods.includes(c.period));
  if (post.length === 0) throw new InputError(`none of the post periods ${postPeriods.join(", ")} is in the event study`);
  const theta = post.reduce((s, c) => s + c.estimate, 0) / post.length;
  const se = post.reduce((s, c) => s + c.se, 0) / post.length;
  const periodsSorted = [...new Set(coefs.map((c) => c.period).concat([ref]))].sort((a, b) => a - b);
  const steps = (p: number) => periodsSorted.indexOf(p) - periodsSorted.indexOf(ref);
  const horizon = post.reduce((s, c) => s + steps(c.period), 0) / post.length;
  const df = clusters - 1;
  const crit = tQuantile(1 - (1 - level) / 2, df);
  const slack = Math.abs(theta) - crit * se;
  const breakdown = slack <= 0 ? 0 : deltaPre > 0 ? slack / (deltaPre * horizon) : Infinity;
  return {
    theta,
    se,
    df,
    post_periods: post.map((c) => c.period),
    delta_pre: deltaPre,
    horizon,
    breakdown,
    grid: grid.map((m) => {
      const b = m * deltaPre * horizon + crit * se;
      return { mbar: m, lower: theta - b, upper: theta + b };
    }),
  };
}
