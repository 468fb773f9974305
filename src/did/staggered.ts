/**
 * Staggered adoption: group-time average treatment effects ATT(g,t) of Callaway & Sant'Anna (2021,
 * J. Econometrics 225(2)), unconditional (no covariates), as R's `did` (att_gt with base_period =
 * "varying", est_method "dr" — without covariates every estimator is the difference of cell means):
 *   ATT(g,t) = (Ȳ_{g,t} − Ȳ_{g,b}) − (Ȳ_{C,t} − Ȳ_{C,b}),
 * b = g−1 for t ≥ g and b = t−1 for t < g, C = never-treated units, or units not yet treated by
 * max(t, b) ("notyet"). Means are over rows (one row per unit-period in a panel; individuals within
 * office-periods otherwise).
 * Inference: every ATT(g,t) is a linear combination of cell means, so its influence function summed
 * per cluster is ψ_c = Σ_A ±(S_{c,A} − n_{c,A}Ȳ_A)/n_A, and SE = sqrt(Σ_c ψ_c²) — `did`'s analytical
 * SE sqrt(mean(ψ_i²)/n) when clusters are units (no G/(G−1) factor; `smallSample: true` multiplies by
 * sqrt(G/(G−1)), the former effekt convention).
 * Aggregations (did's aggte, R/compute.aggte.R): cohort shares p_g = rows of cohort g / all rows (the
 * unit shares in a balanced panel) are estimated, so the weights' influence function enters:
 *   wif_k = (1{G=g_k} − p_k)/Σp − Σ_j(1{G=g_j} − p_j) · p_k/(Σp)²  over the cells k aggregated,
 *   ψ_agg = Σ_k w_k ψ_k + Σ_k wif_k ATT_k, per cluster summed over its rows and divided by all rows.
 * - simple: post cells (t ≥ g) weighted by p_g, with wif;
 * - dynamic: for each event time e = t − g, cells weighted by p_g, with wif; overall = mean over e ≥ 0;
 * - group: per cohort the mean of its post cells; overall = Σ_g p_g ATT_g / Σ p_g with wif;
 * - calendar: per period t the post cells of t weighted by p_g, with wif; overall = mean over periods.
 * Pointwise intervals use the normal quantile, as did with cband = FALSE.
 * Weights (did's weightsname): cell means weighted, ψ_c = Σ_A ±(S^w_{c,A} − N^w_{c,A}Ȳ_A)/N^w_A, and the
 * shares' influence (w_i/w̄)·1{G_i = g} − p_g; for a balanced panel this is did's drdid_panel influence
 * function without covariates (the normalisation of the weights cancels).
 */
import { InputError } from "../errors.js";
import { normalQuantile } from "../stats/distributions.js";

export interface StaggeredInput {
  y: Float64Array;
  /** Period codes 0..T−1 in time order. */
  time: Int32Array;
  /** Per row: period code of the unit's first treated period, −1 for never treated. */
  firstTreated: Int32Array;
  cluster: Int32Array;
  control?: "never" | "notyet";
  periodLabels?: (string | number)[];
  level?: number;
  /** Multiply SEs by sqrt(G/(G−1)) (default false: as R's did and csdid). */
  smallSample?: boolean;
  /**
   * Sampling weights (positive; constant within unit, as did's weightsname): weighted cell means, and
   * cohort shares p_g = Σ w·1{G = g}/Σ w with did's weight influence function (w/mean(w))·1{G = g} − p_g.
   */
  weights?: Float64Array;
}

export interface AttEstimate {
  estimate: number;
  se: number;
  ci: [number, number];
}
export interface GroupTimeAtt extends AttEstimate {
  group: string | number;
  period: string | number;
  base_period: string | number;
  event_time: number;
}
export interface StaggeredResult {
  control: "never" | "notyet";
  group_time: GroupTimeAtt[];
  /** Post cells weighted by cohort size (did: aggte type "simple"). */
  simple: AttEstimate;
  /** Per event time (did: aggte type "dynamic"). */
  dynamic: (AttEstimate & { event_time: number })[];
  /** Mean of the dynamic effects at e ≥ 0 (did: overall ATT of type "dynamic"). */
  dynamic_overall: AttEstimate;
  /** Per cohort: mean of its post cells (did: aggte type "group"). */
  group: (AttEstimate & { group: string | number })[];
  /** Cohorts weighted by size (did: overall ATT of type "group"). */
  group_overall: AttEstimate;
  /** Per calendar period (did: aggte type "calendar"). */
  calendar: (AttEstimate & { period: string | number })[];
  calendar_overall: AttEstimate;
  n_clusters: number;
  se_convention: "did (no G/(G-1))" | "G/(G-1)";
  warnings: string[];
}

export function callawaySantAnna(inp: StaggeredInput): StaggeredResult {
  const n = inp.y.length;
  const control = inp.control ?? "never";
  let T = 0;
  let C = 0;
  for (let i = 0; i < n; i++) {
    T = Math.max(T, inp.time[i] + 1);
    C = Math.max(C, inp.cluster[i] + 1);
  }
  const cohorts = [...new Set(Array.from(inp.firstTreated))].sort((a, b) => a - b);
  const K = cohorts.length;
  const cIndex = new Map(cohorts.map((g, k) => [g, k]));
  // sums and counts per (cluster, cohort, period)
  const S = new Float64Array(C * K * T);
  const N = new Float64Array(C * K * T);
  const rowsC = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    const j = (inp.cluster[i] * K + cIndex.get(inp.firstTreated[i])!) * T + inp.time[i];
    const w = inp.weights ? inp.weights[i] : 1;
    S[j] += w * inp.y[i];
    N[j] += w;
    rowsC[inp.cluster[i]]++;
  }
  let wMean = 0;
  for (let j = 0; j < N.length; j++) wMean += N[j];
  wMean /= n;
  /** Weight sums per (cluster, cohort), in units of the mean weight (= rows when unweighted). */
  const NcK = new Float64Array(C * K);
  for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) for (let t = 0; t < T; t++) NcK[c * K + k] += N[(c * K + k) * T + t] / wMean;
  const rowsOfCohort = cohorts.map((_, k) => {
    let s = 0;
    for (let c = 0; c < C; c++) s += NcK[c * K + k];
    return s;
  });
  const pg = rowsOfCohort.map((r) => r / n);
  const label = (t: number) => (inp.periodLabels ? inp.periodLabels[t] : t);
  const crit = normalQuantile(1 - (1 - (inp.level ?? 0.95)) / 2);
  const factor = inp.smallSample ? C / (C - 1) : 1;
  const finish = (est: number, psi: Float64Array): AttEstimate => {
    let ss = 0;
    for (const v of psi) ss += v * v;
    const se = Math.sqrt(factor * ss);
    return { estimate: est, se, ci: [est - crit * se, est + crit * se] };
  };
  /** Mean over cohorts ks at period t, adding sign·IF to psi. */
  const cellMean = (ks: number[], t: number, sign: number, psi: Float64Array): number => {
    let s = 0;
    let m = 0;
    for (let c = 0; c < C; c++) for (const k of ks) {
      s += S[(c * K + k) * T + t];
      m += N[(c * K + k) * T + t];
    }
    if (m === 0) return NaN;
    const mean = s / m;
    for (let c = 0; c < C; c++) {
      let sc = 0;
      let nc = 0;
      for (const k of ks) {
        sc += S[(c * K + k) * T + t];
        nc += N[(c * K + k) * T + t];
      }
      psi[c] += (sign * (sc - nc * mean)) / m;
    }
    return sign * mean;
  };
  const never = cIndex.get(-1);
  if (control === "never" && never === undefined) throw new InputError("no never-treated units to compare with (use not-yet-treated controls)");
  type Cell = GroupTimeAtt & { psi: Float64Array; k: number; t: number; g: number };
  const gt: Cell[] = [];
  const warnings: string[] = [];
  for (const g of cohorts) {
    if (g < 0) continue;
    const k = cIndex.get(g)!;
    if (g === 0) {
      warnings.push(`units first treated in ${label(0)} are left out: they have no pre-period (R's did drops them too)`);
      continue;
    }
    for (let t = 1; t < T; t++) {
      const b = t >= g ? g - 1 : t - 1;
      const ctrl = cohorts.map((h, j) => ({ h, j })).filter(({ h }) => h === -1 || (control === "notyet" && h > Math.max(t, b) && h !== g)).map(({ j }) => j);
      if (ctrl.length === 0) continue;
      const psi = new Float64Array(C);
      const parts = [cellMean([k], t, 1, psi), cellMean([k], b, -1, psi), cellMean(ctrl, t, -1, psi), cellMean(ctrl, b, 1, psi)];
      const missing = parts.findIndex((v) => Number.isNaN(v));
      if (missing >= 0) {
        const who = missing < 2 ? `the cohort first treated in ${label(g)}` : "the control units";
        throw new InputError(`ATT(${label(g)}, ${label(t)}): ${who} ${missing < 2 ? "has" : "have"} no rows in ${label(missing % 2 === 0 ? t : b)}${missing % 2 === 1 ? " (the base period)" : ""}; R's did stops here too — balance the panel or drop the cohort`);
      }
      const est = parts[0] + parts[1] + parts[2] + parts[3];
      gt.push({ group: label(g), period: label(t), base_period: label(b), event_time: t - g, ...finish(est, psi), psi, k, t, g });
    }
  }
  if (gt.length === 0) throw new InputError("no group-time effect can be estimated (need a pre-period and controls)");

  /** Per cluster Σ_{i∈c} (1{G_i = g_k} − p_k) / n: the influence of the estimated share p_k. */
  const shareIF = (k: number): Float64Array => {
    const o = new Float64Array(C);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let c = 0; c < C; c++) {
      o[c] = (NcK[c * K + k] - pg[k] * rowsC[c]) / n;
    }
    return o;
  };
  const shareIFs = cohorts.map((_, k) => shareIF(k));
  type Item = { estimate: number; psi: Float64Array; k: number };
  /**
   * Σ_j w_j x_j with w_j = p_{k_j}/Σp (estimated shares; items may repeat a cohort) and ψ including
   * the weights' influence (did's wif), or with fixed equal weights 1/m when `fixed`.
   */
  const combine = (items: Item[], fixed = false): AttEstimate & { psi: Float64Array } => {
    const m = items.length;
    const psi = new Float64Array(C);
    let est = 0;
    if (fixed) {
      for (const it of items) {
        est += it.estimate / m;
        // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
        for (let c = 0; c < C; c++) psi[c] += it.psi[c] / m;
      }
      return { ...finish(est, psi), psi };
    }
    let sp = 0;
    for (const it of items) sp += pg[it.k];
    const sumIF = new Float64Array(C);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (const it of items) for (let c = 0; c < C; c++) sumIF[c] += shareIFs[it.k][c];
    for (const it of items) {
      const w = pg[it.k] / sp;
      est += w * it.estimate;
      const sif = shareIFs[it.k];
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let c = 0; c < C; c++) psi[c] += w * it.psi[c] + (sif[c] / sp - (sumIF[c] * pg[it.k]) / (sp * sp)) * it.estimate;
    }
    return { ...finish(est, psi), psi };
  };
  const strip = ({ psi: _p, ...a }: AttEstimate & { psi: Float64Array }): AttEstimate => a;

  const post = gt.filter((c) => c.event_time >= 0);
  const simple = strip(combine(post));
  const events = [...new Set(gt.map((c) => c.event_time))].sort((a, b) => a - b);
  const dyn = events.map((e) => ({ e, r: combine(gt.filter((c) => c.event_time === e)) }));
  const dynamic = dyn.map((d) => ({ event_time: d.e, ...strip(d.r) }));
  const dynamic_overall = strip(combine(dyn.filter((d) => d.e >= 0).map((d) => ({ ...d.r, k: 0 })), true));
  const groupKs = [...new Set(post.map((c) => c.k))].sort((a, b) => a - b);
  const grp = groupKs.map((k) => ({ k, r: combine(post.filter((c) => c.k === k), true) }));
  const group = grp.map((x) => ({ group: label(cohorts[x.k]), ...strip(x.r) }));
  const group_overall = strip(combine(grp.map((x) => ({ ...x.r, k: x.k }))));
  const periods = [...new Set(post.map((c) => c.t))].sort((a, b) => a - b);
  const cal = periods.map((t) => ({ t, r: combine(post.filter((c) => c.t === t)) }));
  const calendar = cal.map((x) => ({ period: label(x.t), ...strip(x.r) }));
  const calendar_overall = strip(combine(cal.map((x) => ({ ...x.r, k: 0 })), true));

  const starts = cohorts.filter((g) => g > 0);
  if (starts.length > 1) warnings.push("units start treatment at different periods: plain TWFE is biased under staggered adoption with heterogeneous effects (Goodman-Bacon 2021); use these ATT(g,t) aggregations");
  return {
    control,
    group_time: gt.map(({ psi: _p, k: _k, t: _t, g: _g, ...rest }) => rest),
    simple,
    dynamic,
    dynamic_overall,
    group,
    group_overall,
    calendar,
    calendar_overall,
    n_clusters: C,
    se_convention: inp.smallSample ? "G/(G-1)" : "did (no G/(G-1))",
    warnings,
  };
}
