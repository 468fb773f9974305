/**
 * Event study: y = Σ_{k≠ref} δ_k·1{treated unit ∧ period k} + x'γ + unit FE + period FE, CR1 and CR2
 * SEs per δ_k, and the joint Wald test of the pre-period δ's (parallel trends):
 * W = δ_preᵀ V_CR1,pre⁻¹ δ_pre ~ χ²(#pre) (as the reference: CR1 by cluster, chi-square).
 */
import { InputError } from "../errors.js";
import { chisqSurvival, tQuantile, tTwoSided } from "../stats/distributions.js";
import { buildGrams } from "./absorb.js";
import { cholInverseDropping, sub } from "./linalg.js";
import { fitFromGrams } from "./ols.js";
import { varianceCR1, varianceCR2 } from "./variance-cr.js";

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
}

export interface EventStudyCoefficient {
  period: string | number;
  relative: number;
  estimate: number;
  se_cr1: number;
  se_cr2: number;
  ci_cr1_t: [number, number];
  /** Two-sided p-value of estimate/se_cr1 against t(G − 1), as ci_cr1_t. */
  p_cr1_t: number;
}

export interface EventStudyResult {
  reference_period: string | number;
  coefficients: EventStudyCoefficient[];
  pretrend_wald_chisq: number;
  pretrend_df: number;
  pretrend_p: number;
}

export function eventStudy(inp: EventStudyInput): EventStudyResult {
  const n = inp.y.length;
  let T = 0;
  for (let i = 0; i < n; i++) if (inp.time[i] + 1 > T) T = inp.time[i] + 1;
  const ref = inp.referencePeriod;
  if (ref < 0 || ref >= T) throw new InputError("the reference period is not among the periods in the data");
  const periods: number[] = [];
  for (let k = 0; k < T; k++) if (k !== ref) periods.push(k);
  const cols = periods.map((k) => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = inp.treated[i] !== 0 && inp.time[i] === k ? 1 : 0;
    return c;
  });
  const x = inp.x ?? [];
  const grams = buildGrams({ unit: inp.unit, time: inp.time, group: inp.cluster, cols: [...cols, ...x, inp.y], weights: inp.weights });
  const K = cols.length;
  const yIndex = K + x.length;
  const regressors = [...Array(K + x.length).keys()];
  for (let t = 1; t < T; t++) regressors.push(grams.q + t - 1);
  const fit = fitFromGrams(grams, yIndex, regressors, K);
  const k = fit.keep.length;
  const V1 = varianceCR1(fit);
  const V2 = varianceCR2(fit).V;
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
      se_cr2: Math.sqrt(V2[j * k + j]),
      ci_cr1_t: [fit.beta[j] - crit * se1, fit.beta[j] + crit * se1] as [number, number],
      p_cr1_t: tTwoSided(fit.beta[j] / se1, G - 1),
    };
  });
  const pre = periods.map((c, j) => (c < inp.firstTreatedPeriod ? j : -1)).filter((j) => j >= 0);
  let wald = NaN;
  if (pre.length > 0) {
    const Vp = sub(V1, k, pre);
    const { keep, inv } = cholInverseDropping(Vp, pre.length, 1e-12);
    wald = 0;
    for (let a = 0; a < keep.length; a++)
      for (let b = 0; b < keep.length; b++) wald += fit.beta[pre[keep[a]]] * inv[a * keep.length + b] * fit.beta[pre[keep[b]]];
  }
  return {
    reference_period: label(ref),
    coefficients,
    pretrend_wald_chisq: wald,
    pretrend_df: pre.length,
    pretrend_p: chisqSurvival(wald, pre.length),
  };
}
