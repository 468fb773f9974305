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
 *   Rev. Econ. Stud. 90(5), 2555–2591; the restriction Δ^RM(M̄) of their Section 2): with the
 *   event-study coefficients β = δ + τ (δ the violation of parallel trends, τ = 0 before the start,
 *   δ_r = 0 at the reference period r, pre periods s < r, post periods t_1 < … < t_T after r),
 *     Δ^RM(M̄) = {δ : |δ_{t_k} − δ_{t_{k−1}}| ≤ M̄·max_{s} |δ_{s+1} − δ_s|  for k = 1..T, δ_{t_0} = δ_r = 0},
 *   the max running over consecutive pre periods (the reference included as 0).
 *   Target θ = l'τ_post, l = equal weights on the chosen post periods P (weight 0 on the others).
 *   Identified set (their S(β, Δ)): θ ∈ l'β_post − {l'δ_post : δ ∈ Δ^RM(M̄), δ_pre = β_pre}. With
 *   δ_pre fixed, Δ = max_s |β_{s+1} − β_s| is known and the linear program over the path
 *   δ_post = cumulative sums of increments e_k, |e_k| ≤ M̄·Δ, has objective l'δ_post = Σ_k e_k·L_k
 *   (L_k = Σ_{m ≥ k} l_{t_m}), separable in e: its optimum sets e_k = ±M̄·Δ·sign(L_k), so
 *     S = [l'β_post − M̄·Δ·W, l'β_post + M̄·Δ·W],   W = Σ_k |L_k|   (= mean over P of the steps t − r).
 *   Confidence set: projection of a Bonferroni box (not the paper's conditional/hybrid ARP tests of
 *   its Section 3, nor its FLCI): with m = (number of pre coefficients) + 1 intervals, each at
 *   level 1 − α/m — β_s ± c_s·se_s for every pre coefficient and l'β_post ± c_P·s_P for the post
 *   average (CR2 SEs with their Satterthwaite df, c = t_{1−α/(2m), df}; s_P = Σ l_t·se_t ≥ the SE of
 *   l'β̂_post whatever the correlation; df of the post average = the smallest post df) — the set of
 *   θ in S(β, Δ^RM(M̄)) for some β in the box. Δ^RM is a union of polyhedra (one per pre pair s
 *   and sign of β_{s+1} − β_s); over the box, the largest pre change is
 *     Δ⁺ = max_s (|β̂_{s+1} − β̂_s| + c_s·se_s + c_{s+1}·se_{s+1})   (se_r = 0),
 *   and the projection is the interval θ̂ ± (c_P·s_P + M̄·W·Δ⁺), θ̂ = l'β̂_post. When the true β lies
 *   in the box (probability ≥ 1 − α by Bonferroni) the true θ is in the set: coverage ≥ 1 − α for every
 *   δ ∈ Δ^RM(M̄), conservative by construction (the box ignores the correlations).
 *   Breakdown value M̄* = (|θ̂| − c_P·s_P)/(W·Δ⁺): the largest M̄ at which the interval excludes 0
 *   (0 when it includes 0 already at M̄ = 0). The same for the identified set alone: |θ̂|/(W·Δ̂).
 *   Checked in test/did/robustness.test.ts against a hand-worked example and a brute-force grid over
 *   the box and the violation paths (R's HonestDiD package is not installable here).
 */
import { EstimationError, InputError } from "../errors.js";
import { buildFrame } from "../frame/model-frame.js";
import { filterRows, type DataTable } from "../io/table.js";
import { tQuantile } from "../stats/distributions.js";
import type { EventStudyResult } from "./event-study.js";
import { fitFromGrams } from "./ols.js";
import { countTreatedClusters, inferenceFromFit, twfeDesign, type TwfeResult } from "./twfe.js";
import { mapFloat64 } from "../frame/typed-map.js";

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
      const fake = mapFloat64(ctlUnit, (u) => (u === c ? 1 : 0));
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
  method: "identified set by LP; CI by projection of a Bonferroni box (CR2, Satterthwaite df)";
  /** l'β̂_post: the average event-study coefficient over the post periods P. */
  theta: number;
  /** s_P = Σ l_t·se_t (CR2): an upper bound of the SE of θ̂. */
  se: number;
  /** df of the post average's critical value (smallest Satterthwaite df over P). */
  df: number;
  post_periods: (string | number)[];
  /** Δ̂: largest change between consecutive pre periods (reference included as 0). */
  delta_pre: number;
  /** Δ⁺: the largest pre change over the Bonferroni box. */
  delta_pre_upper: number;
  /** W = Σ_k |L_k|: the bias of θ per unit of M̄·Δ (mean steps after the reference for equal weights). */
  horizon: number;
  /** Bonferroni: number of intervals m and the level of each. */
  intervals: number;
  /** Largest M̄ at which the confidence interval excludes 0 (0 when it includes 0 at M̄ = 0). */
  breakdown: number;
  /** Largest M̄ at which the identified set excludes 0. */
  breakdown_identified: number;
  grid: { mbar: number; lower: number; upper: number; identified_lower: number; identified_upper: number }[];
}

export function relativeMagnitudes(es: EventStudyResult, postPeriods: number[], clusters: number, level = 0.95, grid = [0, 0.25, 0.5, 1, 2]): RelativeMagnitudes {
  const ref = Number(es.reference_period);
  const dfOf = (df: number) => (Number.isFinite(df) && df > 0 ? df : clusters - 1);
  const coefs = es.coefficients.map((c) => ({ period: Number(c.period), estimate: c.estimate, se: c.se_cr2, df: dfOf(c.df_cr2) }));
  const pre = coefs.filter((c) => c.period < ref).sort((a, b) => a.period - b.period);
  if (pre.length < 1) throw new InputError("relative-magnitudes sensitivity needs at least one pre-period coefficient besides the reference");
  const postAll = coefs.filter((c) => c.period > ref).sort((a, b) => a.period - b.period);
  const P = postAll.filter((c) => postPeriods.includes(c.period));
  if (P.length === 0) throw new InputError(`none of the post periods ${postPeriods.join(", ")} is in the event study`);
  const alpha = 1 - level;
  const m = pre.length + 1;
  const crit = (df: number) => tQuantile(1 - alpha / (2 * m), df);
  // pre chain with the reference as 0 (se 0)
  const chain = [...pre.map((c) => ({ estimate: c.estimate, half: crit(c.df) * c.se })), { estimate: 0, half: 0 }];
  let deltaPre = 0;
  let deltaUp = 0;
  for (let k = 1; k < chain.length; k++) {
    const d = Math.abs(chain[k].estimate - chain[k - 1].estimate);
    deltaPre = Math.max(deltaPre, d);
    deltaUp = Math.max(deltaUp, d + chain[k].half + chain[k - 1].half);
  }
  // l: equal weights on P; W = Σ_k |L_k| over all post periods after the reference
  const l = postAll.map((c) => (P.includes(c) ? 1 / P.length : 0));
  let W = 0;
  for (let k = 0; k < l.length; k++) W += Math.abs(l.slice(k).reduce((a, b) => a + b, 0));
  const theta = P.reduce((a, c) => a + c.estimate, 0) / P.length;
  const se = P.reduce((a, c) => a + c.se, 0) / P.length;
  const df = Math.min(...P.map((c) => c.df));
  const halfPost = crit(df) * se;
  const slack = Math.abs(theta) - halfPost;
  const breakdown = slack <= 0 ? 0 : W * deltaUp > 0 ? slack / (W * deltaUp) : Infinity;
  const breakdownId = W * deltaPre > 0 ? Math.abs(theta) / (W * deltaPre) : Infinity;
  return {
    method: "identified set by LP; CI by projection of a Bonferroni box (CR2, Satterthwaite df)",
    theta,
    se,
    df,
    post_periods: P.map((c) => c.period),
    delta_pre: deltaPre,
    delta_pre_upper: deltaUp,
    horizon: W,
    intervals: m,
    breakdown,
    breakdown_identified: breakdownId,
    grid: grid.map((mbar) => ({
      mbar,
      lower: theta - halfPost - mbar * W * deltaUp,
      upper: theta + halfPost + mbar * W * deltaUp,
      identified_lower: theta - mbar * W * deltaPre,
      identified_upper: theta + mbar * W * deltaPre,
    })),
  };
}
