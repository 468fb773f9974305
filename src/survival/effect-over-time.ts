/**
 * The effect of a cluster-level label (pilot offices) on time to an event, over time rather than as
 * one average: the difference in the share with the event (1 − Kaplan–Meier) at given days, the
 * restricted mean time to the event up to a horizon τ (RMST) per group and its difference, and the
 * log-rank test — each with inference that respects that persons are clustered in few offices.
 *
 * For each contrast θ (pilot − control):
 *   iid:        Greenwood / RMST variances of the two curves added (persons independent; R's
 *               summary(survfit) and print(survfit, rmean = τ), survRM2's difference), normal CI;
 *   clustered:  leave-one-cluster-out jackknife, var = (G−1)/G · Σ_g (θ₍₋g₎ − θ̄)², CI with t(G−1)
 *               (a CR3-type few-cluster variance; needs a label on ≥ 2 clusters in each group);
 *   randomization: p = share of re-assignments of the label to clusters (all, within pairs, or
 *               seeded draws; src/survival/cox/randomization.ts) with |θ_a| ≥ |θ_obs|, ties counted
 *               as the DiD code (relative 1e-10; the complementary assignment ties by construction).
 * The log-rank statistic under randomization is χ² of the grouping (stratified by pair when
 * `pairOfCluster` is given, as survdiff(... + strata(pair))).
 * All of it from per-cluster risk tables (cluster-tables.ts): O(G·times) per assignment.
 */
import { InputError } from "../errors.js";
import { buildFrame, requireBinary, type Dropped } from "../frame/model-frame.js";
import type { DataTable } from "../io/table.js";
import { chisqSurvival, normalQuantile, normalTwoSided, tQuantile } from "../stats/distributions.js";
import { clusterAssignments } from "./cox/randomization.js";
import { type ClusterTables, clusterTables, curveSummary, groupRows, logrankFromRows } from "./cluster-tables.js";
import { mapFloat64 } from "../frame/typed-map.js";

export interface EffectOverTimeInput {
  time: Float64Array;
  event: ArrayLike<number>;
  start?: Float64Array;
  /** Cluster code per row, 0..G−1. */
  cluster: Int32Array;
  /** Label per cluster (1 = pilot). */
  treatedClusters: Uint8Array;
  /** Pair code per cluster: randomization within pairs and a log-rank stratified by pair. */
  pairOfCluster?: Int32Array;
  days: number[];
  /** RMST horizon (default: the last day in `days`). */
  tau?: number;
  draws?: number;
  seed?: number;
  level?: number;
}

export interface Contrast {
  control: number;
  pilot: number;
  /** pilot − control. */
  difference: number;
  se_iid: number;
  ci_iid: [number, number];
  se_cluster: number;
  ci_cluster: [number, number];
  p_randomization: number;
}

export interface EffectOverTime {
  clusters: number;
  level: number;
  /** Share with the event (1 − S) by day. */
  share_by_day: (Contrast & { day: number })[];
  rmst: Contrast & { tau: number; control_se: number; pilot_se: number };
  logrank: { chisq: number; p_iid: number; p_randomization: number; stratified_by_pair: boolean };
  assignments: number;
  exhaustive: boolean;
  within_pairs: boolean;
}

const TIE = 1 - 1e-10;

interface Stats {
  share: number[];
  shareVar: number[];
  rmst: [number, number];
  rmstVar: [number, number];
  chisq: number;
}

function statsOf(t: ClusterTables, label: ArrayLike<number>, keep: ArrayLike<number>, pairs: Int32Array | undefined, days: number[], tau: number): Stats {
  const G = t.clusters;
  const m1 = Float64Array.from({ length: G }, (_, c) => (keep[c] && label[c] ? 1 : 0));
  const m0 = Float64Array.from({ length: G }, (_, c) => (keep[c] && !label[c] ? 1 : 0));
  const g1 = groupRows(t, m1);
  const g0 = groupRows(t, m0);
  const c1 = curveSummary(t.times, g1, days, tau);
  const c0 = curveSummary(t.times, g0, days, tau);
  let strata = [{ g1, g0 }];
  if (pairs) {
    strata = [...new Set(pairs)].map((p) => ({
      g1: groupRows(t, Float64Array.from({ length: G }, (_, c) => (pairs[c] === p ? m1[c] : 0))),
      g0: groupRows(t, Float64Array.from({ length: G }, (_, c) => (pairs[c] === p ? m0[c] : 0))),
    }));
  }
  return {
    // share with the event: 1 − S; difference pilot − control = S_control − S_pilot
    share: days.map((_, k) => c0.surv[k] - c1.surv[k]),
    shareVar: days.map((_, k) => c0.var[k] + c1.var[k]),
    rmst: [c0.rmst, c1.rmst],
    rmstVar: [c0.rmst_var, c1.rmst_var],
    chisq: logrankFromRows(strata).chisq,
  };
}

export function effectOverTime(inp: EffectOverTimeInput): EffectOverTime {
  const level = inp.level ?? 0.95;
  const days = inp.days;
  const tau = inp.tau ?? Math.max(...days);
  if (!(tau > 0)) throw new InputError(`RMST horizon must be positive, got ${tau}`);
  const t = clusterTables(inp.time, inp.event, inp.cluster, inp.start);
  const G = t.clusters;
  if (inp.treatedClusters.length !== G) throw new InputError(`${inp.treatedClusters.length} cluster labels for ${G} clusters`);
  const obs = inp.treatedClusters;
  const all = new Uint8Array(G).fill(1);
  const o = statsOf(t, obs, all, inp.pairOfCluster, days, tau);
  const c0 = curveSummary(t.times, groupRows(t, mapFloat64(obs, (v) => 1 - v)), days, tau);
  const c1 = curveSummary(t.times, groupRows(t, obs), days, tau);

  // randomization
  const { assignments, exhaustive } = clusterAssignments(obs, { pairs: inp.pairOfCluster, draws: inp.draws, seed: inp.seed });
  const nStats = days.length + 2;
  const obsVals = [...o.share, o.rmst[1] - o.rmst[0], o.chisq];
  const hits = new Float64Array(nStats);
  for (const a of assignments) {
    const same = a.every((v, c) => v === obs[c]);
    const comp = a.every((v, c) => v === 1 - obs[c]);
    if (same || comp) {
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let k = 0; k < nStats; k++) hits[k]++;
      continue;
    }
    const s = statsOf(t, a, all, inp.pairOfCluster, days, tau);
    const vals = [...s.share, s.rmst[1] - s.rmst[0], s.chisq];
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let k = 0; k < nStats; k++)
      if (Math.abs(vals[k]) >= Math.abs(obsVals[k]) * TIE) hits[k]++;
  }
  const pRand = Array.from(hits, (h) => h / assignments.length);

  // leave-one-cluster-out jackknife
  const nT = obs.reduce((s, v) => s + v, 0);
  const canJack = nT >= 2 && G - nT >= 2;
  const jk: number[][] = [];
  if (canJack) {
    for (let g = 0; g < G; g++) {
      const keep = Uint8Array.from(all);
      keep[g] = 0;
      const s = statsOf(t, obs, keep, undefined, days, tau);
      jk.push([...s.share, s.rmst[1] - s.rmst[0]]);
    }
  }
  const jackSe = (k: number): number => {
    if (!canJack) return NaN;
    const mean = jk.reduce((s, r) => s + r[k], 0) / G;
    return Math.sqrt(((G - 1) / G) * jk.reduce((s, r) => s + (r[k] - mean) ** 2, 0));
  };
  const zq = normalQuantile(1 - (1 - level) / 2);
  const tq = G > 1 ? tQuantile(1 - (1 - level) / 2, G - 1) : NaN;
  const contrast = (control: number, pilot: number, v: number, k: number): Contrast => {
    const d = pilot - control;
    const se = Math.sqrt(v);
    const sc = jackSe(k);
    return {
      control,
      pilot,
      difference: d,
      se_iid: se,
      ci_iid: [d - zq * se, d + zq * se],
      se_cluster: sc,
      ci_cluster: [d - tq * sc, d + tq * sc],
      p_randomization: pRand[k],
    };
  };
  const share_by_day = days.map((day, k) => ({ day, ...contrast(1 - c0.surv[k], 1 - c1.surv[k], o.shareVar[k], k) }));
  const rmst = {
    tau,
    ...contrast(o.rmst[0], o.rmst[1], o.rmstVar[0] + o.rmstVar[1], days.length),
    control_se: Math.sqrt(o.rmstVar[0]),
    pilot_se: Math.sqrt(o.rmstVar[1]),
  };
  return {
    clusters: G,
    level,
    share_by_day,
    rmst,
    logrank: { chisq: o.chisq, p_iid: chisqSurvival(o.chisq, 1), p_randomization: pRand[days.length + 1], stratified_by_pair: !!inp.pairOfCluster },
    assignments: assignments.length,
    exhaustive,
    within_pairs: !!inp.pairOfCluster,
  };
}

/** Two-sided normal p-value of a contrast (iid). */
export function contrastP(c: Contrast): number {
  return normalTwoSided(c.difference / c.se_iid);
}

export interface EffectOverTimeSpec {
  time: string;
  start?: string;
  event: string;
  cluster: string;
  /** 0/1 column constant within clusters (e.g. "pilot"). */
  label: string;
  pair?: string;
  days: number[];
  tau?: number;
  draws?: number;
  seed?: number;
  level?: number;
}

/** effectOverTime on a table: rows with a missing value in a used column are dropped and counted. */
export function effectOverTimeFromTable(table: DataTable, spec: EffectOverTimeSpec): EffectOverTime & { dropped: Dropped } {
  const numeric = [spec.time, spec.event, spec.label, ...(spec.start ? [spec.start] : [])];
  const labels = [spec.cluster, ...(spec.pair && spec.pair !== spec.cluster ? [spec.pair] : [])];
  const f = buildFrame(table, { numeric, covariates: [], labels });
  if (f.n === 0) throw new InputError("no rows left after dropping rows with missing values", { file: table.source });
  requireBinary(f, spec.event);
  const cl = f.labels[spec.cluster].codes;
  const G = f.labels[spec.cluster].levels.length;
  const lab = f.numeric[spec.label];
  const treated = new Int8Array(G).fill(-1);
  const pairCodes = spec.pair ? f.labels[spec.pair].codes : undefined;
  const pairOf = pairCodes ? new Int32Array(G) : undefined;
  for (let k = 0; k < f.n; k++) {
    const v = lab[k];
    const where = { file: f.source, column: spec.label, row: f.rows[k] + 1 };
    if (v !== 0 && v !== 1) throw new InputError(`value ${v} is not 0 or 1`, where);
    if (treated[cl[k]] >= 0 && treated[cl[k]] !== v) throw new InputError(`${spec.label} is not constant within ${spec.cluster} "${f.labels[spec.cluster].levels[cl[k]]}"`, where);
    treated[cl[k]] = v;
    if (pairOf && pairCodes) pairOf[cl[k]] = pairCodes[k];
  }
  const r = effectOverTime({
    time: f.numeric[spec.time],
    event: f.numeric[spec.event],
    start: spec.start ? f.numeric[spec.start] : undefined,
    cluster: cl,
    treatedClusters: Uint8Array.from(treated),
    pairOfCluster: pairOf,
    days: spec.days,
    tau: spec.tau,
    draws: spec.draws,
    seed: spec.seed,
    level: spec.level,
  });
  return { ...r, dropped: f.dropped };
}
