/**
 * Staggered adoption: group-time average treatment effects ATT(g,t) of Callaway & Sant'Anna (2021,
 * J. Econometrics 225(2)), unconditional (no covariates), for repeated cross-sections of units
 * (individuals within office-periods):
 *   ATT(g,t) = (Ȳ_{g,t} − Ȳ_{g,b}) − (Ȳ_{C,t} − Ȳ_{C,b}),
 * b = g−1 for t ≥ g and b = t−1 for t < g ("varying" base period, as the `did` package), C = never
 * treated units, or units not yet treated by max(t, b) ("notyet"). Means are over rows.
 * Inference: every estimate is a linear combination of cell means, so its influence function summed
 * per cluster is ψ_c = Σ_A ±(S_{c,A} − n_{c,A}Ȳ_A)/n_A and SE = sqrt(G/(G−1) Σ_c ψ_c²) (cluster-robust,
 * aggregation weights treated as fixed). Aggregations: simple (post cells weighted by group size) and
 * dynamic (event time e = t − g, groups weighted by size).
 */
import { InputError } from "../errors.js";
import { tQuantile } from "../stats/distributions.js";

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
  simple: AttEstimate;
  dynamic: (AttEstimate & { event_time: number })[];
  n_clusters: number;
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
  for (let i = 0; i < n; i++) {
    const j = (inp.cluster[i] * K + cIndex.get(inp.firstTreated[i])!) * T + inp.time[i];
    S[j] += inp.y[i];
    N[j] += 1;
  }
  const rowsOfCohort = cohorts.map((_, k) => {
    let s = 0;
    for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) s += N[(c * K + k) * T + t];
    return s;
  });
  const label = (t: number) => (inp.periodLabels ? inp.periodLabels[t] : t);
  const crit = tQuantile(1 - (1 - (inp.level ?? 0.95)) / 2, C - 1);
  const finish = (est: number, psi: Float64Array): AttEstimate => {
    let ss = 0;
    for (const v of psi) ss += v * v;
    const se = Math.sqrt((C / (C - 1)) * ss);
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
  const gt: (GroupTimeAtt & { psi: Float64Array; k: number; t: number })[] = [];
  const warnings: string[] = [];
  for (const g of cohorts) {
    if (g < 0) continue;
    const k = cIndex.get(g)!;
    if (g === 0) {
      warnings.push(`group first treated in ${label(0)} has no pre-period and is left out`);
      continue;
    }
    for (let t = 1; t < T; t++) {
      const b = t >= g ? g - 1 : t - 1;
      const ctrl = cohorts.map((h, j) => ({ h, j })).filter(({ h }) => h === -1 || (control === "notyet" && h > Math.max(t, b) && h !== g)).map(({ j }) => j);
      if (ctrl.length === 0) continue;
      const psi = new Float64Array(C);
      const est = cellMean([k], t, 1, psi) + cellMean([k], b, -1, psi) + cellMean(ctrl, t, -1, psi) + cellMean(ctrl, b, 1, psi);
      if (Number.isNaN(est)) continue;
      gt.push({ group: label(g), period: label(t), base_period: label(b), event_time: t - g, ...finish(est, psi), psi, k, t });
    }
  }
  if (gt.length === 0) throw new InputError("no group-time effect can be estimated (need a pre-period and controls)");
  const combine = (cells: typeof gt, weight: (c: (typeof gt)[number]) => number): AttEstimate => {
    let wsum = 0;
    for (const c of cells) wsum += weight(c);
    const psi = new Float64Array(C);
    let est = 0;
    for (const c of cells) {
      const w = weight(c) / wsum;
      est += w * c.estimate;
      for (let j = 0; j < C; j++) psi[j] += w * c.psi[j];
    }
    return finish(est, psi);
  };
  const post = gt.filter((c) => c.event_time >= 0);
  const simple = combine(post, (c) => rowsOfCohort[c.k]);
  const events = [...new Set(gt.map((c) => c.event_time))].sort((a, b) => a - b);
  const dynamic = events.map((e) => ({ event_time: e, ...combine(gt.filter((c) => c.event_time === e), (c) => rowsOfCohort[c.k]) }));
  const starts = cohorts.filter((g) => g > 0);
  if (starts.length > 1) warnings.push("units start treatment at different periods: plain TWFE is biased under staggered adoption with heterogeneous effects (Goodman-Bacon 2021); use these ATT(g,t) aggregations");
  return {
    control,
    group_time: gt.map(({ psi: _p, k: _k, t: _t, ...rest }) => rest),
    simple,
    dynamic,
    n_clusters: C,
    warnings,
  };
}
