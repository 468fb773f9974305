/**
 * Event study: y = Σ_{k≠ref} δ_k·1{treated unit ∧ period k} + x'γ + unit FE + period FE, CR1 and CR2
 * SEs (weighted fits: clubSandwich's weighted-lm CR2) per δ_k with Satterthwaite df, and the joint test of
 * the pre-period δ's (parallel trends): W = δ_preᵀ V⁺ δ_pre with the CR1 covariance (pseudo-inverse,
 * χ² with df = its rank), the same as F(r, G − 1), and clubSandwich's small-sample HTZ test (wald.ts).
 */
import { InputError } from "../errors.js";
import { tQuantile, tTwoSided } from "../stats/distributions.js";
import { buildGrams } from "./absorb.js";
import { fitFromGrams } from "./ols.js";
import { satterthwaiteDf } from "./satterthwaite.js";
import { fTestG1, htzTest, rankAwareWald, type FTest } from "./wald.js";
import { varianceCR1, varianceCR2, weightedCR2, type Ssc } from "./variance-cr.js";
import { weightedCrossProducts } from "./twfe.js";

export interface EventStudyInput {
  y: Float64Array;
  /** 1 for rows of treated units (ever treated), 0 otherwise. */
  treated: Float64Array;
  unit: Int32Array;
  /** Period codes 0..T−1 in time order. */
  time: Int32Array;
  cluster: Int32Array;
  /** Code of the reference period (omitted interaction). */
  referencePeriod: number;
  /** Code of the first treated period: periods before it are "pre". */
  firstTreatedPeriod: number;
  /** Labels of the period codes, for the output. */
  periodLabels?: (string | number)[];
  x?: Float64Array[];
  weights?: Float64Array;
  level?: number;
  /** CR1 small-sample factor (default "full", sandwich HC1; "nested" as fixest). */
  ssc?: Ssc;
  /** Weights count individuals (frequency weights): n = Σw, CR2 as on the individual rows. */
  frequency?: boolean;
}

export interface EventStudyCoefficient {
  period: string | number;
  relative: number;
  estimate: number;
  se_cr1: number;
  se_cr2: number;
  /** Satterthwaite df of the CR2 test (clubSandwich coef_test). */
  df_cr2: number;
  ci_cr1_t: [number, number];
  /** Two-sided p-value of estimate/se_cr1 against t(G − 1), as ci_cr1_t. */
  p_cr1_t: number;
}

export interface EventStudyResult {
  reference_period: string | number;
  coefficients: EventStudyCoefficient[];
  /** bᵀV⁺b with the CR1 covariance of the pre-period coefficients (pseudo-inverse). */
  pretrend_wald_chisq: number;
  /** Rank of that covariance (≤ G − 1): the χ² df. */
  pretrend_df: number;
  pretrend_p: number;
  /** Number of pre-period coefficients tested (> pretrend_df when the clusters cannot support them all). */
  pretrend_coefficients: number;
  /** The same Wald statistic as F = W/r with (r, G − 1) df. */
  pretrend_f_g1: FTest | null;
  /** clubSandwich Wald_test(test = "HTZ") with CR2 (unweighted fits with a full-rank CR2 covariance; else null). */
  pretrend_htz: FTest | null;
  pretrend_note?: string;
}

export function eventStudy(inp: EventStudyInput): EventStudyResult {
  const n = inp.y.length;
  let T = 0;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let i = 0; i < n; i++)
    if (inp.time[i] + 1 > T) T = inp.time[i] + 1;
  const ref = inp.referencePeriod;
  if (ref < 0 || ref >= T) throw new InputError("the reference period is not among the periods in the data");
  const periods: number[] = [];
  for (let k = 0; k < T; k++) if (k !== ref) periods.push(k);
  const cols = periods.map((k) => {
    const c = new Float64Array(n);
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let i = 0; i < n; i++)
      c[i] = inp.treated[i] !== 0 && inp.time[i] === k ? 1 : 0;
    return c;
  });
  const x = inp.x ?? [];
  const grams = buildGrams({ unit: inp.unit, time: inp.time, group: inp.cluster, cols: [...cols, ...x, inp.y], weights: inp.weights, frequency: inp.frequency });
  const K = cols.length;
  const yIndex = K + x.length;
  const regressors = [...Array(K + x.length).keys()];
  for (let t = 1; t < T; t++) regressors.push(grams.q + t - 1);
  const fit = fitFromGrams(grams, yIndex, regressors, K);
  const k = fit.keep.length;
  const V1 = varianceCR1(fit, inp.ssc);
  const cr2 = varianceCR2(fit);
  const V2 = cr2.V;
  // weighted lm: clubSandwich's weighted CR2 (the absorbed shortcut does not hold; see weightedCR2)
  const w2 = inp.weights && !inp.frequency
    ? weightedCR2(weightedCrossProducts({ y: inp.y, d: cols[0], x: [...cols.slice(1), ...x], unit: inp.unit, time: inp.time, cluster: inp.cluster, weights: inp.weights }), [...Array(K).keys()]).each
    : undefined;
  const G = fit.scores.length;
  const crit = tQuantile(1 - (1 - (inp.level ?? 0.95)) / 2, G - 1);
  const label = (c: number) => (inp.periodLabels ? inp.periodLabels[c] : c);
  const coefficients = periods.map((c, j) => {
    const se1 = Math.sqrt(V1[j * k + j]);
    return {
      period: label(c),
      relative: c - inp.firstTreatedPeriod,
      estimate: fit.beta[j],
      se_cr1: se1,
      se_cr2: w2 ? w2[j].se : Math.sqrt(V2[j * k + j]),
      df_cr2: w2 ? w2[j].df : satterthwaiteDf(fit, cr2, j),
      ci_cr1_t: [fit.beta[j] - crit * se1, fit.beta[j] + crit * se1] as [number, number],
      p_cr1_t: tTwoSided(fit.beta[j] / se1, G - 1),
    };
  });
  const pre = periods.map((c, j) => (c < inp.firstTreatedPeriod ? j : -1)).filter((j) => j >= 0);
  let wald = { stat: NaN, rank: 0, p: NaN };
  let fG1: FTest | null = null;
  let htz: FTest | null = null;
  let note: string | undefined;
  if (pre.length > 0) {
    wald = rankAwareWald(fit.beta, V1, k, pre);
    fG1 = fTestG1(wald, G);
    if (wald.rank < pre.length) {
      note = `the CR1 covariance of the ${pre.length} pre-period coefficients has rank ${wald.rank} (${G} clusters): the Wald test has ${wald.rank} df (pseudo-inverse)`;
    }
    if ((!inp.weights || inp.frequency) && wald.rank === pre.length) htz = htzTest(fit, cr2, pre);
  }
  return {
    reference_period: label(ref),
    coefficients,
    pretrend_wald_chisq: wald.stat,
    pretrend_df: wald.rank,
    pretrend_p: wald.p,
    pretrend_coefficients: pre.length,
    pretrend_f_g1: fG1,
    pretrend_htz: htz,
    ...(note ? { pretrend_note: note } : {}),
  };
}
