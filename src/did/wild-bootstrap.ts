/**
 * Restricted wild cluster bootstrap (WCR; Cameron, Gelbach & Miller 2008; MacKinnon, Nielsen & Webb
 * 2023 for the fast form) of the CR1 t-statistic of β (null β = b₀ imposed).
 *
 * With FWL inside the absorbed design: Z = other regressors, d̈ = d̃ residualised on Z, ũ = restricted
 * residuals (y − b₀d on Z), D = d̈ᵀWd̈. For bootstrap weights v_g (constant within cluster):
 *   β* = Σ_h v_h a_h / D,   a_h = d̈_hᵀW ũ_h,
 *   s*_g = v_g a_g − Σ_h K_gh v_h − f_g β*,   K_gh = (d̈_gᵀWZ_g)(ZᵀWZ)⁻¹(Z_hᵀWũ_h),  f_g = d̈_gᵀWd̈_g,
 *   t* = β* / sqrt(c Σ_g s*_g² / D²)  (c the CR1 factor).
 * (Σ_{i∈u} ũ_i = 0 in every unit and v is constant within clusters ⊇ units, so v∘ũ stays orthogonal to
 * the absorbed unit FE.) All pieces come from the per-cluster Gram matrices, independent of n.
 * Fast form (Roodman, MacKinnon, Nielsen & Webb 2019, "Fast and wild", Stata Journal 19(1), §3–4):
 * K_gh = (d̈_gᵀWZ_g)(ZᵀWZ)⁻¹(Z_hᵀWũ_h) has rank ≤ z (the number of non-absorbed regressors besides d),
 * so Σ_h K_gh v_h = c_gᵀ(Σ_h v_h b_h) with c_g = (ZᵀWZ)⁻¹Z_gᵀWd̈_g, b_h = Z_hᵀWũ_h — O(G·z) per draw,
 * never a G×G matrix. Everything is linear in the null value b₀ (ũ(b₀) = ũ − b₀d̈), so per draw
 *   β*(b₀) = (n₀ − b₀n₁)/D,  s*_g(b₀) = s₀_g − b₀s₁_g,  Σ_g s*_g² = S₀₀ − 2b₀S₀₁ + b₀²S₁₁,
 * and five numbers per draw give t*(b₀) for every b₀: the test-inversion CI costs O(B) per p-value.
 * Total O(G·z·B) time, O(B) memory; draws are generated row by row (in the order of the former O(G²B)
 * implementation, kept in bench/wild-bootstrap-reference.ts), so a seed gives the same draws.
 * Weights: Rademacher over all 2^G sign vectors when 2^G ≤ draws (exact), else Webb's six-point
 * distribution (seeded; or Rademacher / Mammen's two-point when asked), the identity draw included;
 * p = share of draws with |t*| ≥ |t|.
 * Ties: |t*| within 1e-10 (relative) of |t| count as ≥. The sign-flipped identity ties exactly in exact
 * arithmetic; refitting in R (lm per draw) decides that tie by rounding, so on did_unbalanced R reports
 * 5/1024 where the tie-inclusive count is 6/1024 (see test/did/reference.test.ts).
 * Numerical hazard: S₀₀ − 2b₀S₀₁ + b₀²S₁₁ can round below 0 far from the estimate; it is clamped at 0.
 * The confidence interval inverts the test over b₀ (bisection on each side).
 */
import { UsageError } from "../errors.js";
import { cholInverseDropping, matVec, sub } from "../stats/linalg.js";
import type { GramFit } from "./ols.js";
import type { TwfeDesign } from "./twfe.js";
import { cr1Factor, varianceCR1 } from "./variance-cr.js";
import { mulberry32 } from "../stats/rng.js";
import { inversionLimit } from "../stats/test-inversion.js";

export type BootWeights = "rademacher" | "webb" | "mammen";

export interface WildBootstrapOptions {
  /** Requested draws (default 9999); all 2^G Rademacher vectors are used when 2^G ≤ draws. */
  draws?: number;
  weights?: BootWeights;
  seed?: number;
  level?: number;
  /** Compute the test-inversion interval (default true). */
  ci?: boolean;
}

export interface WildBootstrapResult {
  t: number;
  p_value: number;
  draws: number;
  weights: BootWeights;
  enumerated: boolean;
  null_imposed: true;
  variance: "CR1";
  ci: [number, number] | null;
  /** Why a side of the interval is unbounded, when one is. */
  ci_note?: string;
  seed: number | null;
}

interface Pieces {
  G: number;
  nz: number;
  a0: Float64Array; // a_g at b0 = 0
  f: Float64Array;
  /** c_g = (ZᵀWZ)⁻¹Z_gᵀWd̈_g, G×nz. */
  CZ: Float64Array;
  /** b_h = Z_hᵀWũ_h at b0 = 0, G×nz. */
  b: Float64Array;
  /** Z_hᵀWd̈_h (b_h moves by −b0 times it), G×nz. */
  bd: Float64Array;
  D: number;
  c: number;
}

function pieces(des: TwfeDesign, fit: GramFit): Pieces {
  const gr = des.grams;
  const p = gr.p;
  const dI = fit.keep[0];
  const Z = fit.keep.slice(1);
  const y = des.yIndex;
  const nz = Z.length;
  const Gn = gr.per.length;
  const ZZ = sub(gr.total, p, Z);
  const { inv: ZZi } = cholInverseDropping(ZZ, nz, 0);
  const col = (m: Float64Array, j: number) => Z.map((z) => m[z * p + j]);
  const gamma = matVec(ZZi, nz, col(gr.total, dI));
  const theta = matVec(ZZi, nz, col(gr.total, y));
  const a0 = new Float64Array(Gn);
  const f = new Float64Array(Gn);
  const CZ = new Float64Array(Gn * nz);
  const B = new Float64Array(Gn * nz);
  const BD = new Float64Array(Gn * nz);
  const Cg = new Float64Array(nz);
  for (let g = 0; g < Gn; g++) {
    const m = gr.per[g];
    const ZZg = sub(m, p, Z);
    const Zd = col(m, dI);
    const Zy = col(m, y);
    const ZZgGamma = matVec(ZZg, nz, gamma);
    const ZZgTheta = matVec(ZZg, nz, theta);
    let a = m[dI * p + y];
    let ff = m[dI * p + dI];
    for (let i = 0; i < nz; i++) {
      a += -Zd[i] * theta[i] - gamma[i] * Zy[i] + gamma[i] * ZZgTheta[i];
      ff += -2 * gamma[i] * Zd[i] + gamma[i] * ZZgGamma[i];
    }
    a0[g] = a;
    f[g] = ff;
    for (let i = 0; i < nz; i++) {
      Cg[i] = Zd[i] - ZZgGamma[i];
      B[g * nz + i] = Zy[i] - ZZgTheta[i];
      BD[g * nz + i] = Cg[i];
    }
    CZ.set(matVec(ZZi, nz, Cg), g * nz);
  }
  let D = 0;
  for (let g = 0; g < Gn; g++) D += f[g];
  return { G: Gn, nz, a0, f, CZ, b: B, bd: BD, D, c: cr1Factor(Gn, fit.n, fit.k) };
}

const WEBB = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];
// Mammen (1993): −(√5−1)/2 with probability (√5+1)/(2√5), else (√5+1)/2 (mean 0, variance 1, third moment 1)
const MAMMEN_LO = -(Math.sqrt(5) - 1) / 2;
const MAMMEN_HI = (Math.sqrt(5) + 1) / 2;
const MAMMEN_P_LO = (Math.sqrt(5) + 1) / (2 * Math.sqrt(5));

/** The draws' kind and count, and a function filling row r (identity first) — rows in order, seeded. */
function drawPlan(G: number, opts: WildBootstrapOptions): { B: number; enumerated: boolean; kind: BootWeights; fill: (r: number, v: Float64Array) => void } {
  const draws = opts.draws ?? 9999;
  const enumerable = G < 31 && 2 ** G <= draws;
  const kind = opts.weights ?? (enumerable ? "rademacher" : "webb");
  if (kind === "rademacher" && enumerable) {
    const fill = (r: number, v: Float64Array) => {
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let g = 0; g < G; g++)
        v[g] = (r >> g) & 1 ? -1 : 1;
    };
    return { B: 2 ** G, enumerated: true, kind, fill };
  }
  const rnd = mulberry32(opts.seed ?? 1);
  const fill = (r: number, v: Float64Array) => {
    if (r === 0) {
      v.fill(1);
      return;
    }
    if (kind === "webb") for (let g = 0; g < G; g++) v[g] = WEBB[Math.min(5, Math.floor(rnd() * 6))];
    else if (kind === "mammen") for (let g = 0; g < G; g++) v[g] = rnd() < MAMMEN_P_LO ? MAMMEN_LO : MAMMEN_HI;
    else for (let g = 0; g < G; g++) v[g] = rnd() < 0.5 ? -1 : 1;
  };
  return { B: draws + 1, enumerated: false, kind, fill };
}

/** Five numbers per draw from which t*(b0) follows for any b0 (see the header). */
interface DrawStats {
  n0: Float64Array;
  n1: Float64Array;
  S00: Float64Array;
  S01: Float64Array;
  S11: Float64Array;
}

function drawStats(P: Pieces, B: number, fill: (r: number, v: Float64Array) => void): DrawStats {
  const { G, nz, a0, f, CZ, b, bd, D } = P;
  const st: DrawStats = { n0: new Float64Array(B), n1: new Float64Array(B), S00: new Float64Array(B), S01: new Float64Array(B), S11: new Float64Array(B) };
  const v = new Float64Array(G);
  const w0 = new Float64Array(nz);
  const w1 = new Float64Array(nz);
  // Stryker disable next-line EqualityOperator: equivalent — the extra draw r = B comes after every used draw (rnd is this call's own stream, drawStats is called once), and its five numbers are written one past the end of the B-long arrays (dropped)
  for (let r = 0; r < B; r++) {
    fill(r, v);
    let n0 = 0;
    let n1 = 0;
    w0.fill(0);
    w1.fill(0);
    for (let h = 0; h < G; h++) {
      const vh = v[h];
      n0 += vh * a0[h];
      n1 += vh * f[h];
      const o = h * nz;
      for (let i = 0; i < nz; i++) {
        w0[i] += vh * b[o + i];
        w1[i] += vh * bd[o + i];
      }
    }
    const beta0 = n0 / D;
    const beta1 = n1 / D;
    let S00 = 0;
    let S01 = 0;
    let S11 = 0;
    for (let g = 0; g < G; g++) {
      const o = g * nz;
      let k0 = 0;
      let k1 = 0;
      for (let i = 0; i < nz; i++) {
        k0 += CZ[o + i] * w0[i];
        k1 += CZ[o + i] * w1[i];
      }
      // s_g(b0) = v_g a_g(b0) − f_g β*(b0) − (K(b0)v)_g with a(b0) = a0 − b0 f, K(b0)v = CZ·(w0 − b0 w1)
      const s0 = v[g] * a0[g] - f[g] * beta0 - k0;
      const s1 = v[g] * f[g] - f[g] * beta1 - k1;
      S00 += s0 * s0;
      S01 += s0 * s1;
      S11 += s1 * s1;
    }
    st.n0[r] = n0;
    st.n1[r] = n1;
    st.S00[r] = S00;
    st.S01[r] = S01;
    st.S11[r] = S11;
  }
  return st;
}

/** Bootstrap p-value of H0: β = b0, O(B). */
function pValue(P: Pieces, st: DrawStats, b0: number, tObs: number): number {
  const thr = Math.abs(tObs) * (1 - 1e-10); // ties (e.g. the sign-flipped identity) count as ≥
  const B = st.n0.length;
  const cD = P.c / (P.D * P.D);
  let hits = 0;
  for (let r = 0; r < B; r++) {
    const beta = (st.n0[r] - b0 * st.n1[r]) / P.D;
    const ss = Math.max(st.S00[r] - 2 * b0 * st.S01[r] + b0 * b0 * st.S11[r], 0);
    if (Math.abs(beta / Math.sqrt(cD * ss)) >= thr) hits++;
  }
  return hits / B;
}

export function wildClusterBootstrap(des: TwfeDesign, fit: GramFit, opts: WildBootstrapOptions = {}): WildBootstrapResult {
  const G = des.grams.per.length;
  if (G < 2) throw new UsageError("the wild cluster bootstrap needs at least 2 clusters");
  const P = pieces(des, fit);
  const { B, enumerated, kind, fill } = drawPlan(G, opts);
  const st = drawStats(P, B, fill);
  const est = fit.beta[0];
  // observed CR1 SE (does not depend on b0)
  const se = Math.sqrt(varianceCR1(fit)[0]);
  const t = est / se;
  const p = pValue(P, st, 0, t);
  let ci: [number, number] | null = null;
  if (opts.ci !== false) {
    const alpha = 1 - (opts.level ?? 0.95);
    const pAt = (b0: number) => pValue(P, st, b0, (est - b0) / se);
    // As b0 → ±∞, |t*(b0)| stays bounded except in draws with S₁₁ = 0 (weights constant across clusters,
    // e.g. the identity): they tie with the observed t at every b0, so p(±∞) = their share.
    let s11 = 0;
    for (let r = 0; r < B; r++) s11 += st.S11[r];
    let flat = 0;
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
    for (let r = 0; r < B; r++)
      if (st.S11[r] <= 1e-12 * (s11 / B)) flat++;
    const unbounded = flat / B > alpha;
    const bound = (dir: -1 | 1) => (unbounded ? dir * Infinity : inversionLimit(est, dir, (b0) => pAt(b0) > alpha, { firstStep: se, tol: 1e-7 * se, maxBisections: 60 }));
    ci = [bound(-1), bound(1)];
  }
  const res: WildBootstrapResult = { t, p_value: p, draws: B, weights: kind, enumerated, null_imposed: true, variance: "CR1", ci, seed: enumerated ? null : (opts.seed ?? 1) };
  if (ci && !Number.isFinite(ci[0])) {
    res.ci_note = `no finite ${Math.round((opts.level ?? 0.95) * 100)}% interval: too many draws have weights constant across clusters (they tie with the observed t at every null value); use more clusters or other weights`;
  }
  return res;
}
