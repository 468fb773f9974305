/**
 * THE FORMER IMPLEMENTATION (effekt up to commit ebacab6, O(G²) per draw, a G×G matrix), kept as the
 * brute-force reference for the fast one in src/did/wild-bootstrap.ts (test/did/wild-bootstrap-fast.test.ts and bench/wild-bootstrap.ts).
 * Only change: Mammen weights added in weightMatrix, drawn from the same uniform stream.
 *
 * Restricted wild cluster bootstrap (WCR; Cameron, Gelbach & Miller 2008; MacKinnon, Nielsen & Webb
 * 2023 for the fast form) of the CR1 t-statistic of β (null β = b₀ imposed).
 *
 * With FWL inside the absorbed design: Z = other regressors, d̈ = d̃ residualised on Z, ũ = restricted
 * residuals (y − b₀d on Z), D = d̈ᵀWd̈. For bootstrap weights v_g (constant within cluster):
 *   β* = Σ_h v_h a_h / D,   a_h = d̈_hᵀW ũ_h,
 *   s*_g = v_g a_g − Σ_h K_gh v_h − f_g β*,   K_gh = (d̈_gᵀWZ_g)(ZᵀWZ)⁻¹(Z_hᵀWũ_h),  f_g = d̈_gᵀWd̈_g,
 *   t* = β* / sqrt(c Σ_g s*_g² / D²)  (c the CR1 factor).
 * (Σ_{i∈u} ũ_i = 0 in every unit and v is constant within clusters ⊇ units, so v∘ũ stays orthogonal to
 * the absorbed unit FE.) All pieces come from the per-cluster Gram matrices: each draw costs O(G²),
 * independent of n. Weights: Rademacher over all 2^G sign vectors when 2^G ≤ draws (exact), else Webb's
 * six-point distribution (seeded), the identity draw included; p = share of draws with |t*| ≥ |t|.
 * Ties: |t*| within 1e-10 (relative) of |t| count as ≥. The sign-flipped identity ties exactly in exact
 * arithmetic; refitting in R (lm per draw) decides that tie by rounding, so on did_unbalanced R reports
 * 5/1024 where the tie-inclusive count is 6/1024 (see test/did/reference.test.ts).
 * The confidence interval inverts the test over b₀ (bisection on each side).
 */
import { UsageError } from "../src/errors.js";
import { cholInverseDropping, sub } from "../src/stats/linalg.js";
import type { GramFit } from "../src/did/ols.js";
import type { TwfeDesign } from "../src/did/twfe.js";
import { cr1Factor, varianceCR1 } from "../src/did/variance-cr.js";
import { mulberry32 } from "../src/stats/rng.js";

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
  seed: number | null;
}

interface Pieces {
  G: number;
  a0: Float64Array; // a_g at b0 = 0
  f: Float64Array;
  K0: Float64Array; // K at b0=0 (G×G)
  K1: Float64Array; // derivative of K in b0
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
  const mv = (v: number[]) => {
    const o = new Float64Array(nz);
    for (let a = 0; a < nz; a++) for (let b = 0; b < nz; b++) o[a] += ZZi[a * nz + b] * v[b];
    return o;
  };
  const gamma = mv(col(gr.total, dI));
  const theta = mv(col(gr.total, y));
  const a0 = new Float64Array(Gn);
  const f = new Float64Array(Gn);
  const C: Float64Array[] = [];
  const b: Float64Array[] = [];
  const bd: Float64Array[] = []; // Z_hᵀWd̈_h = C_hᵀ
  for (let g = 0; g < Gn; g++) {
    const m = gr.per[g];
    const ZZg = sub(m, p, Z);
    const Zd = col(m, dI);
    const Zy = col(m, y);
    const ZZgGamma = new Float64Array(nz);
    const ZZgTheta = new Float64Array(nz);
    for (let i = 0; i < nz; i++)
      for (let j = 0; j < nz; j++) {
        ZZgGamma[i] += ZZg[i * nz + j] * gamma[j];
        ZZgTheta[i] += ZZg[i * nz + j] * theta[j];
      }
    let a = m[dI * p + y];
    let ff = m[dI * p + dI];
    for (let i = 0; i < nz; i++) {
      a += -Zd[i] * theta[i] - gamma[i] * Zy[i] + gamma[i] * ZZgTheta[i];
      ff += -2 * gamma[i] * Zd[i] + gamma[i] * ZZgGamma[i];
    }
    a0[g] = a;
    f[g] = ff;
    const Cg = new Float64Array(nz);
    const bg = new Float64Array(nz);
    for (let i = 0; i < nz; i++) {
      Cg[i] = Zd[i] - ZZgGamma[i];
      bg[i] = Zy[i] - ZZgTheta[i];
    }
    C.push(Cg);
    b.push(bg);
    bd.push(Cg);
  }
  let D = 0;
  for (let g = 0; g < Gn; g++) D += f[g];
  const K0 = new Float64Array(Gn * Gn);
  const K1 = new Float64Array(Gn * Gn);
  const CZ = C.map((c) => mv(Array.from(c)));
  for (let g = 0; g < Gn; g++)
    for (let h = 0; h < Gn; h++) {
      let s0 = 0;
      let s1 = 0;
      for (let i = 0; i < nz; i++) {
        s0 += CZ[g][i] * b[h][i];
        s1 -= CZ[g][i] * bd[h][i]; // ũ(b0) = ũ − b0·d̈
      }
      K0[g * Gn + h] = s0;
      K1[g * Gn + h] = s1;
    }
  return { G: Gn, a0, f, K0, K1, D, c: cr1Factor(Gn, fit.n, fit.k) };
}

/** The sign/weight vectors (rows), identity first. */
function weightMatrix(G: number, opts: WildBootstrapOptions): { V: Float64Array; B: number; enumerated: boolean; kind: BootWeights } {
  const draws = opts.draws ?? 9999;
  const kind = opts.weights ?? (2 ** G <= draws ? "rademacher" : "webb");
  if (kind === "rademacher" && 2 ** G <= draws) {
    const B = 2 ** G;
    const V = new Float64Array(B * G);
    for (let r = 0; r < B; r++) for (let g = 0; g < G; g++) V[r * G + g] = (r >> g) & 1 ? -1 : 1;
    return { V, B, enumerated: true, kind };
  }
  const rnd = mulberry32(opts.seed ?? 1);
  const webb = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];
  const B = draws + 1;
  const V = new Float64Array(B * G);
  for (let g = 0; g < G; g++) V[g] = 1;
  for (let r = 1; r < B; r++)
    for (let g = 0; g < G; g++) {
      const u = rnd();
      const m = kind === "mammen" ? (u < (Math.sqrt(5) + 1) / (2 * Math.sqrt(5)) ? -(Math.sqrt(5) - 1) / 2 : (Math.sqrt(5) + 1) / 2) : 0;
      V[r * G + g] = kind === "webb" ? webb[Math.min(5, Math.floor(u * 6))] : kind === "mammen" ? m : u < 0.5 ? -1 : 1;
    }
  return { V, B, enumerated: false, kind };
}

/** Bootstrap p-value of H0: β = b0. */
function pValue(P: Pieces, V: Float64Array, B: number, b0: number, tObs: number): number {
  const G = P.G;
  const a = new Float64Array(G);
  const K = new Float64Array(G * G);
  for (let g = 0; g < G; g++) a[g] = P.a0[g] - b0 * P.f[g];
  for (let k = 0; k < G * G; k++) K[k] = P.K0[k] + b0 * P.K1[k];
  const thr = Math.abs(tObs) * (1 - 1e-10); // ties (e.g. the sign-flipped identity) count as ≥
  let hits = 0;
  for (let r = 0; r < B; r++) {
    const v = V.subarray(r * G, r * G + G);
    let num = 0;
    for (let h = 0; h < G; h++) num += v[h] * a[h];
    const beta = num / P.D;
    let ss = 0;
    for (let g = 0; g < G; g++) {
      let s = v[g] * a[g] - P.f[g] * beta;
      for (let h = 0; h < G; h++) s -= K[g * G + h] * v[h];
      ss += s * s;
    }
    const t = beta / Math.sqrt((P.c * ss) / (P.D * P.D));
    if (Math.abs(t) >= thr) hits++;
  }
  return hits / B;
}

export function wildClusterBootstrapReference(des: TwfeDesign, fit: GramFit, opts: WildBootstrapOptions = {}): WildBootstrapResult {
  const G = des.grams.per.length;
  if (G < 2) throw new UsageError("the wild cluster bootstrap needs at least 2 clusters");
  const P = pieces(des, fit);
  const { V, B, enumerated, kind } = weightMatrix(G, opts);
  const est = fit.beta[0];
  // observed CR1 SE (does not depend on b0)
  const se = Math.sqrt(varianceCR1(fit)[0]);
  const t = est / se;
  const p = pValue(P, V, B, 0, t);
  let ci: [number, number] | null = null;
  if (opts.ci !== false) {
    const alpha = 1 - (opts.level ?? 0.95);
    const pAt = (b0: number) => pValue(P, V, B, b0, (est - b0) / se);
    const bound = (dir: number): number => {
      let inner = est;
      let step = se;
      let outer = est + dir * step;
      let it = 0;
      while (pAt(outer) > alpha && it++ < 60) {
        inner = outer;
        step *= 2;
        outer = est + dir * step;
      }
      if (it >= 60) return dir * Infinity;
      for (let i = 0; i < 60 && Math.abs(outer - inner) > 1e-7 * se; i++) {
        const mid = (inner + outer) / 2;
        if (pAt(mid) > alpha) inner = mid;
        else outer = mid;
      }
      return (inner + outer) / 2;
    };
    ci = [bound(-1), bound(1)];
  }
  return { t, p_value: p, draws: B, weights: kind, enumerated, null_imposed: true, variance: "CR1", ci, seed: enumerated ? null : (opts.seed ?? 1) };
}
