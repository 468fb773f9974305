/**
 * Two-way fixed effects DiD: y = β·d + x'γ + unit FE + period FE, unit FE absorbed, inference on β
 * side by side (iid, CR1 with t(G−1), CR2 with Satterthwaite df). Cost: one pass over the rows.
 */
import { InputError } from "../errors.js";
import { normalTwoSided, tQuantile, tTwoSided } from "../stats/distributions.js";
import { buildGrams, type Grams } from "./absorb.js";
import { fitFromGrams, type GramFit } from "./ols.js";
import { satterthwaiteDf } from "./satterthwaite.js";
import { varianceCR1, varianceCR2, varianceIid, weightedCR2, type Ssc, type WeightedCP } from "./variance-cr.js";

export interface TwfeInput {
  y: Float64Array;
  /** Treated × post indicator. */
  d: Float64Array;
  unit: Int32Array;
  time: Int32Array;
  cluster: Int32Array;
  x?: Float64Array[];
  weights?: Float64Array;
  /** Confidence level (default 0.95). */
  level?: number;
  /** CR1 small-sample factor: "full" (default, sandwich HC1) or "nested" (fixest's default). */
  ssc?: Ssc;
  /** Weights count individuals (see buildGrams): n = Σw, CR2 as on the individual rows. */
  frequency?: boolean;
}

export interface TwfeResult {
  estimate: number;
  se_iid: number;
  se_cr1: number;
  /** Small-sample convention of se_cr1 (see variance-cr.ts Ssc). */
  cr1_ssc: Ssc;
  se_cr2: number;
  df_satterthwaite: number;
  t_cr1: number;
  p_iid: number;
  p_cr1_normal: number;
  p_cr1_t: number;
  df_cr1: number;
  p_cr2_satterthwaite: number;
  n: number;
  n_clusters: number;
  n_treated_clusters: number;
  n_parameters: number;
  ci: { iid: [number, number]; cr1_t: [number, number]; cr2_satterthwaite: [number, number] };
  covariates?: { estimate: number[]; se_cr2: number[] };
  warnings: string[];
}

export interface TwfeDesign {
  grams: Grams;
  yIndex: number;
  /** Gram positions of d, covariates, period dummies. */
  regressors: number[];
}

/** Grams with columns [d, x…, y, period dummies]. */
export function twfeDesign(inp: TwfeInput): TwfeDesign {
  const x = inp.x ?? [];
  const grams = buildGrams({ unit: inp.unit, time: inp.time, group: inp.cluster, cols: [inp.d, ...x, inp.y], weights: inp.weights, frequency: inp.frequency });
  const yIndex = 1 + x.length;
  const regressors = [0, ...x.map((_, j) => 1 + j)];
  for (let t = 1; t < grams.nTimes; t++) regressors.push(grams.q + t - 1);
  return { grams, yIndex, regressors };
}

function ci(est: number, se: number, crit: number): [number, number] {
  return [est - crit * se, est + crit * se];
}

/**
 * Per-cluster cross-products of U = [d, x…, period dummies 1..T−1, unit dummies] and y with weight powers
 * 0, 1, 2 (weights normalised to mean 1 over positive weights, as clubSandwich's weightMatrix), for
 * weightedCR2. Rows are one-hot in the dummies, so a row costs O((q+2)²).
 */
export function weightedCrossProducts(inp: TwfeInput): WeightedCP {
  const w = inp.weights!;
  const x = inp.x ?? [];
  const n = w.length;
  let T = 0, U = 0, G = 0, sw = 0, np = 0;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads w[n] = undefined and skips the row (`!(undefined > 0)`), so it changes nothing
  for (let i = 0; i < n; i++) {
    if (!(w[i] > 0)) continue;
    T = Math.max(T, inp.time[i] + 1);
    U = Math.max(U, inp.unit[i] + 1);
    G = Math.max(G, inp.cluster[i] + 1);
    sw += w[i];
    np++;
  }
  const dense = [inp.d, ...x];
  const q = dense.length;
  const u = q + (T - 1) + U;
  const yi = u;
  const P0: Float64Array[] = [], P1: Float64Array[] = [], P2: Float64Array[] = [];
  for (let g = 0; g < G; g++) {
    P0.push(new Float64Array((u + 1) * (u + 1)));
    P1.push(new Float64Array((u + 1) * (u + 1)));
    P2.push(new Float64Array((u + 1) * (u + 1)));
  }
  const idx = new Int32Array(q + 3);
  const val = new Float64Array(q + 3);
  const scale = np / sw;
  for (let i = 0; i < n; i++) {
    if (!(w[i] > 0)) continue;
    let nz = 0;
    for (let j = 0; j < q; j++) {
      idx[nz] = j;
      val[nz++] = dense[j][i];
    }
    if (inp.time[i] > 0) {
      idx[nz] = q + inp.time[i] - 1;
      val[nz++] = 1;
    }
    idx[nz] = q + T - 1 + inp.unit[i];
    val[nz++] = 1;
    idx[nz] = yi;
    val[nz++] = inp.y[i];
    const g = inp.cluster[i];
    const w1 = w[i] * scale;
    const w2 = w1 * w1;
    const a0 = P0[g], a1 = P1[g], a2 = P2[g];
    for (let a = 0; a < nz; a++)
      for (let b = 0; b < nz; b++) {
        const v = val[a] * val[b];
        const o = idx[a] * (u + 1) + idx[b];
        a0[o] += v;
        a1[o] += w1 * v;
        a2[o] += w2 * v;
      }
  }
  return { u, P0, P1, P2 };
}

export function inferenceFromFit(fit: GramFit, nTreatedClusters: number, level = 0.95, nCov = 0, weighted?: { se: number; df: number; each?: { se: number }[] }, ssc: Ssc = "full"): TwfeResult {
  const G = fit.scores.length;
  const warnings: string[] = [];
  if (G < 2) throw new InputError(`fewer than 2 clusters (${G}); cluster-robust inference is impossible`);
  const k = fit.keep.length;
  const est = fit.beta[0];
  const se_iid = Math.sqrt(varianceIid(fit)[0]);
  const se_cr1 = Math.sqrt(varianceCR1(fit, ssc)[0]);
  const cr2 = varianceCR2(fit);
  // Weighted lm: clubSandwich's CR2 (Θ = I, W = weights) does not reduce to the absorbed form; see weightedCR2.
  const se_cr2 = weighted ? weighted.se : Math.sqrt(cr2.V[0]);
  const df = weighted ? weighted.df : satterthwaiteDf(fit, cr2, 0);
  const dfIid = fit.n - fit.k;
  const a = 1 - (1 - level) / 2;
  if (df < 5) warnings.push(`CR2 Satterthwaite degrees of freedom are ${df.toFixed(2)} (< 5): few effective clusters, p-values and intervals are approximate`);
  const lone = Math.min(nTreatedClusters, G - nTreatedClusters);
  if (lone === 1) {
    // One treated (or one control) cluster: its post-period residuals sum to zero (d is a regressor), so
    // CR1 and CR2 see only the other clusters' variation and over-reject badly; the wild cluster
    // bootstrap fails too (MacKinnon & Webb 2017, J. Applied Econometrics 32(2); Conley & Taber 2011).
    // R, 1 of 10 offices treated, no effect, 300 replicates (test/fixtures/did/one-of-ten-size.R): CR2-
    // Satterthwaite rejects 43 %, CR1 with t(9) 44 % at the 5 % level.
    const which = nTreatedClusters === 1 ? "treated" : "control";
    warnings.push(`only 1 ${which} cluster of ${G}: CR1 and CR2 standard errors miss that cluster's own variation and over-reject far beyond the nominal level, and the wild cluster bootstrap is unreliable; use randomization inference (its p-value cannot be below 1/number of assignments)`);
  } else if (G < 42) warnings.push(`only ${G} clusters (${nTreatedClusters} treated): use CR2-Satterthwaite, wild cluster bootstrap or randomization inference, not CR1-normal`);
  const res: TwfeResult = {
    estimate: est,
    se_iid,
    se_cr1,
    cr1_ssc: ssc,
    se_cr2,
    df_satterthwaite: df,
    t_cr1: est / se_cr1,
    p_iid: tTwoSided(est / se_iid, dfIid),
    p_cr1_normal: normalTwoSided(est / se_cr1),
    p_cr1_t: tTwoSided(est / se_cr1, G - 1),
    df_cr1: G - 1,
    p_cr2_satterthwaite: tTwoSided(est / se_cr2, df),
    n: fit.n,
    n_clusters: G,
    n_treated_clusters: nTreatedClusters,
    n_parameters: fit.k,
    ci: {
      iid: ci(est, se_iid, tQuantile(a, dfIid)),
      cr1_t: ci(est, se_cr1, tQuantile(a, G - 1)),
      cr2_satterthwaite: ci(est, se_cr2, tQuantile(a, df)),
    },
    warnings,
  };
  if (nCov > 0) {
    res.covariates = { estimate: [], se_cr2: [] };
    // covariate j sits at Gram position j; an aliased one (dropped from the fit) is NaN, as R's NA
    let kept = 0;
    for (let j = 1; j <= nCov; j++) {
      const a = fit.keep.indexOf(j);
      if (a < 0) {
        res.covariates.estimate.push(NaN);
        res.covariates.se_cr2.push(NaN);
        continue;
      }
      kept++;
      res.covariates.estimate.push(fit.beta[a]);
      // weighted lm: clubSandwich's weighted CR2 for the kept covariates too (targets in order)
      res.covariates.se_cr2.push(weighted?.each?.[kept] ? weighted.each[kept].se : Math.sqrt(cr2.V[a * k + a]));
    }
  }
  return res;
}

export function countTreatedClusters(d: Float64Array, cluster: Int32Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) seen.add(cluster[i]);
  return seen.size;
}

export function twfe(inp: TwfeInput): TwfeResult {
  const des = twfeDesign(inp);
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
  const nCov = inp.x?.length ?? 0;
  const weighted = inp.weights && !inp.frequency ? weightedCR2(weightedCrossProducts(inp), [...Array(1 + nCov).keys()]) : undefined;
  return inferenceFromFit(fit, countTreatedClusters(inp.d, inp.cluster), inp.level, nCov, weighted, inp.ssc);
}
