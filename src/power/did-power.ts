/**
 * Power and minimum detectable effect (MDE) of a pilot evaluated by difference in differences on a
 * binary outcome (share of exits to work), for the design stage (`effekt power`) and beside every
 * estimate in a report.
 *
 * Design: G offices, G₁ of them pilots, m persons per office and period, T₀ pre and T₁ post
 * periods, baseline share p₀, intra-office correlation ρ (the correlation of two persons in the
 * same office and period beyond what the office's fixed level explains: office × period shocks
 * with variance σ_b² = ρ·p₀(1 − p₀); a constant office level is absorbed by office fixed effects).
 *
 * Formula (balanced design, CR2 — unbiased here — with t(G − 2), the Satterthwaite df of a
 * balanced two-group design):
 *   Var(τ̂) = (σ_b² + p₀(1−p₀)/m)·(1/T₀ + 1/T₁)·(1/G₁ + 1/G₀)
 *   MDE = (t_{1−α/2, G−2} + t_{π, G−2})·SE;  power(τ) = P(|T| > t_{1−α/2}) for T ~ t(G−2) + τ/SE
 *   (the usual shifted-t approximation; Bloom 1995, Duflo–Glennerster–Kremer 2007, with the
 *   cluster count, not persons, as the df).
 * Wild cluster bootstrap and randomization inference have no honest closed form with few clusters
 * (their p-values are shares of 2^G sign vectors or C(G, G₁) assignments): power by simulation of
 * the same design, and the MDE by bisection on τ with common random numbers. Randomization
 * inference cannot reject at α when its smallest attainable p-value 2/C(G,G₁) (1/C without a
 * complementary assignment) exceeds α: power 0, no MDE.
 * Simulation: y ~ Bernoulli(clamp(p₀ + b_ot + τ·D)), b_ot ~ N(0, σ_b²), fitted by TWFE (office and
 * period FE, src/did) on the persons. Monte-Carlo SE of a power estimate: sqrt(π(1−π)/reps).
 */
import { UsageError } from "../errors.js";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { fitFromGrams } from "../did/ols.js";
import { randomizationInference } from "../did/randomization.js";
import { countTreatedClusters, inferenceFromFit, twfeDesign } from "../did/twfe.js";
import { wildClusterBootstrap } from "../did/wild-bootstrap.js";
import { mulberry32 } from "../stats/rng.js";
import { choose } from "../survival/cox/randomization.js";
import { tCdf, tQuantile } from "../stats/distributions.js";

export type PowerMethod = "cr2" | "wild" | "ri";

export interface PowerDesign {
  offices: number;
  /** Pilot offices (default half, rounded down). */
  treated?: number;
  /** Persons (exits) per office and period. */
  persons: number;
  pre?: number;
  post?: number;
  baseline: number;
  icc: number;
  alpha?: number;
  /** Target power for the MDE (default 0.8). */
  power?: number;
}

export interface PowerFormula {
  se: number;
  df: number;
  mde: number;
  power_at(effect: number): number;
}

function check(d: PowerDesign): Required<PowerDesign> {
  const given = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));
  const r = { treated: Math.floor(d.offices / 2), pre: 1, post: 1, alpha: 0.05, power: 0.8, ...given } as Required<PowerDesign>;
  if (!Number.isInteger(r.offices) || r.offices < 3) throw new UsageError(`--offices must be a whole number ≥ 3, got ${r.offices}`);
  if (!Number.isInteger(r.treated) || r.treated < 1 || r.treated >= r.offices) throw new UsageError(`--treated must be between 1 and offices − 1, got ${r.treated}`);
  if (!(r.persons >= 1)) throw new UsageError(`--persons must be ≥ 1, got ${r.persons}`);
  if (!(r.baseline > 0 && r.baseline < 1)) throw new UsageError(`--baseline must be between 0 and 1, got ${r.baseline}`);
  if (!(r.icc >= 0 && r.icc < 1)) throw new UsageError(`--icc must be in [0, 1), got ${r.icc}`);
  if (!(r.alpha > 0 && r.alpha < 1) || !(r.power > 0 && r.power < 1)) throw new UsageError("--alpha and --power must be between 0 and 1");
  if (!Number.isInteger(r.pre) || !Number.isInteger(r.post) || r.pre < 1 || r.post < 1) throw new UsageError("--pre and --post must be whole numbers ≥ 1");
  return r;
}

/** Closed form for CR2 with t(G − 2). */
export function didPowerFormula(design: PowerDesign): PowerFormula {
  const d = check(design);
  const s2 = d.baseline * (1 - d.baseline);
  const G0 = d.offices - d.treated;
  const se = Math.sqrt((d.icc * s2 + s2 / d.persons) * (1 / d.pre + 1 / d.post) * (1 / d.treated + 1 / G0));
  const df = d.offices - 2;
  const crit = tQuantile(1 - d.alpha / 2, df);
  return {
    se,
    df,
    mde: (crit + tQuantile(d.power, df)) * se,
    power_at: (effect: number) => {
      const ncp = Math.abs(effect) / se;
      return 1 - tCdf(crit - ncp, df) + tCdf(-crit - ncp, df);
    },
  };
}

/** Ex-post MDE from an achieved standard error and df: (t_{1−α/2} + t_π)·SE. */
export function mdeFromSe(se: number, df: number, alpha = 0.05, power = 0.8): number {
  return (tQuantile(1 - alpha / 2, df) + tQuantile(power, df)) * se;
}

/** Smallest attainable randomization p-value over all C(G, G₁) assignments. */
export function minRandomizationP(offices: number, treated: number): number {
  const n = choose(offices, treated);
  return (2 * treated === offices ? 2 : 1) / n;
}

export interface SimulatedPower {
  method: PowerMethod;
  effect: number;
  power: number;
  mc_se: number;
  reps: number;
  /** Mean and SD of the estimates (for checking the formula's SE). */
  mean_estimate: number;
  sd_estimate: number;
}

/** Rejection rate at `effect` by simulating the design `reps` times. */
export function simulateDidPower(design: PowerDesign, method: PowerMethod, effect: number, reps = 500, seed = 1): SimulatedPower {
  const d = check(design);
  const rng = mulberry32(seed);
  const norm = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const T = d.pre + d.post;
  const n = d.offices * T * d.persons;
  const y = new Float64Array(n);
  const dd = new Float64Array(n);
  const post = new Float64Array(n);
  const unit = new Int32Array(n);
  const time = new Int32Array(n);
  const sb = Math.sqrt(d.icc * d.baseline * (1 - d.baseline));
  // pilot offices: the first `treated`
  const tu = new Uint8Array(d.offices);
  for (let o = 0; o < d.treated; o++) tu[o] = 1;
  let k = 0;
  for (let o = 0; o < d.offices; o++)
    for (let t = 0; t < T; t++)
      for (let i = 0; i < d.persons; i++, k++) {
        unit[k] = o;
        time[k] = t;
        post[k] = t >= d.pre ? 1 : 0;
        dd[k] = tu[o] * post[k];
      }
  let rejections = 0;
  const estimates: number[] = [];
  for (let r = 0; r < reps; r++) {
    k = 0;
    for (let o = 0; o < d.offices; o++)
      for (let t = 0; t < T; t++) {
        const p = Math.min(1, Math.max(0, d.baseline + sb * norm() + effect * tu[o] * (t >= d.pre ? 1 : 0)));
        for (let i = 0; i < d.persons; i++, k++) y[k] = rng() < p ? 1 : 0;
      }
    const des = twfeDesign({ y, d: dd, unit, time, cluster: unit });
    const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
    const res = inferenceFromFit(fit, countTreatedClusters(dd, unit), 1 - d.alpha, 0);
    estimates.push(res.estimate);
    let p: number;
    if (method === "cr2") p = res.p_cr2_satterthwaite;
    else if (method === "wild") p = wildClusterBootstrap(des, fit, { draws: 9999, seed: seed + r, ci: false }).p_value;
    else p = randomizationInference({ y, post, unit, time, cluster: unit, treatedUnits: tu, ci: false }).p_value;
    if (p <= d.alpha) rejections++;
  }
  const power = rejections / reps;
  // summaries of the replicates with simple-statistics (two-pass, no Σx² − n·x̄² cancellation)
  const sd = reps > 1 ? sampleStandardDeviation(estimates) : NaN;
  return { method, effect, power, mc_se: Math.sqrt((power * (1 - power)) / reps), reps, mean_estimate: mean(estimates), sd_estimate: sd };
}

export interface PowerResult {
  design: Required<PowerDesign>;
  method: PowerMethod;
  /** CR2 closed form (always shown, as a reference point). */
  formula: { se: number; df: number; mde: number; power_at_effect?: number };
  /** Simulated power at `effect` (when given) and, for wild/ri, the simulated MDE. */
  simulated?: SimulatedPower;
  mde: number | null;
  mde_source: "formula" | "simulation" | "none";
  min_attainable_p?: number;
  note?: string;
}

/**
 * The design's MDE (and power at `effect`): by formula for CR2, by simulation for the wild bootstrap
 * and randomization inference (bisection on τ in [0, 4·MDE_formula], common random numbers).
 */
export function didPower(design: PowerDesign, opts: { method?: PowerMethod; effect?: number; reps?: number; seed?: number; simulate?: boolean } = {}): PowerResult {
  const d = check(design);
  const method = opts.method ?? "cr2";
  const reps = opts.reps ?? (method === "cr2" ? 1000 : 200);
  const seed = opts.seed ?? 1;
  const f = didPowerFormula(d);
  const out: PowerResult = {
    design: d,
    method,
    formula: { se: f.se, df: f.df, mde: f.mde, ...(opts.effect !== undefined ? { power_at_effect: f.power_at(opts.effect) } : {}) },
    mde: f.mde,
    mde_source: "formula",
  };
  if (method === "ri") {
    out.min_attainable_p = minRandomizationP(d.offices, d.treated);
    if (out.min_attainable_p > d.alpha) {
      out.mde = null;
      out.mde_source = "none";
      out.note = `randomization inference over ${choose(d.offices, d.treated)} assignments cannot reach p ≤ ${d.alpha} (smallest attainable p ${out.min_attainable_p.toPrecision(3)}): power 0 for any effect`;
      return out;
    }
  }
  if (opts.effect !== undefined && (method !== "cr2" || opts.simulate)) out.simulated = simulateDidPower(d, method, opts.effect, reps, seed);
  if (method !== "cr2") {
    let lo = 0;
    let hi = 4 * f.mde;
    if (simulateDidPower(d, method, hi, reps, seed).power < d.power) {
      out.mde = null;
      out.mde_source = "none";
      out.note = `power stays below ${d.power} up to an effect of ${hi.toFixed(3)}`;
      return out;
    }
    for (let i = 0; i < 6; i++) {
      const mid = (lo + hi) / 2;
      if (simulateDidPower(d, method, mid, reps, seed).power >= d.power) hi = mid;
      else lo = mid;
    }
    out.mde = (lo + hi) / 2;
    out.mde_source = "simulation";
    out.note = `simulated MDE: bisection to ${((hi - lo) / 2).toPrecision(2)} with ${reps} replicates per step (Monte-Carlo SE of power ≈ ${Math.sqrt((d.power * (1 - d.power)) / reps).toFixed(3)})`;
  }
  return out;
}
