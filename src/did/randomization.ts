/**
 * Randomization (permutation) inference for the TWFE DiD: the pilot label is re-assigned to units —
 * every assignment with the observed number of treated units (C(10,5) = 252), or one treated unit per
 * pair (2^5 = 32) — and the CR1 t-statistic recomputed; p = share of assignments with |t| ≥ |t_obs|
 * (observed one included). When there are more than `maxAssignments` assignments (C(42,13) ≈ 2.5e10 for
 * castle_2007), `draws` assignments are sampled with a seeded generator instead (the observed one is
 * added as the first): p is then a Monte-Carlo estimate with standard error sqrt(p(1−p)/N).
 *
 * Each assignment a gives d_a = τ_u·post. Per-unit Gram matrices of [post, x, y, d_obs, period dummies]
 * make one assignment O(units·p²): d_a's row in the Gram is τ_u times post's.
 * Confidence interval: invert the test of the sharp null "constant additive effect τ₀" (outcome
 * y − τ₀·d_obs, d_obs the observed treatment). Because the outcome is linear in τ₀, each assignment's
 * coefficient and cluster scores are linear in τ₀: β_a(τ₀) = β_a,y − τ₀ β_a,d and
 * Var_CR1(τ₀) = c (A_a − 2τ₀ B_a + τ₀² C_a), with β_a,d the fit of d_obs on assignment a's design.
 * FWL against the fixed design Z (see piecesOf) gives both in O(units·z + G·z²) per assignment; then every p(τ₀) is O(N) (same t-statistics as refitting, to rounding).
 * The interval is centred on the observed pilot×post coefficient (not a period effect).
 * Numerical hazard: the complementary assignment gives t* = −t exactly; ties are counted with a
 * relative tolerance of 1e-10.
 */
import { EstimationError, InputError } from "../errors.js";
import { mulberry32 } from "../stats/rng.js";
import { binomial, combinations, pairGroups } from "../stats/assignments.js";
import { buildGrams } from "./absorb.js";
import { cholInverseDropping, matVec, sub } from "../stats/linalg.js";
import { cr1Factor } from "./variance-cr.js";
import { inversionLimit } from "../stats/test-inversion.js";

export interface RandomizationInput {
  y: Float64Array;
  /** 1 after the start (the same calendar start for every treated unit). */
  post: Float64Array;
  unit: Int32Array;
  time: Int32Array;
  cluster: Int32Array;
  /** Observed treated flag per unit (index = unit code). */
  treatedUnits: Uint8Array;
  /** Optional pair code per unit: assignments then flip within pairs. */
  pairOfUnit?: Int32Array;
  x?: Float64Array[];
  weights?: Float64Array;
  /** Weights count individuals (frequency weights): n = Σw in the CR1 factor. */
  frequency?: boolean;
  /** Enumerate every assignment when there are at most this many (default 100000); else sample. */
  maxAssignments?: number;
  /** Sampled assignments besides the observed one when not enumerating (default 9999). */
  draws?: number;
  /** Seed of the sampled assignments (default 1). */
  seed?: number;
  /** Confidence interval by inverting the test under a constant additive effect (default true). */
  ci?: boolean;
  level?: number;
}

export interface RandomizationResult {
  t: number;
  p_value: number;
  /** Assignments used (enumerated, or sampled + the observed one). */
  assignments: number;
  /** Number of possible assignments (may exceed Number.MAX_SAFE_INTEGER in principle; then approximate). */
  possible_assignments: number;
  method: "exhaustive" | "sampled";
  /** Monte-Carlo standard error of p (0 when exhaustive). */
  mc_se: number;
  seed: number | null;
  within_pairs: boolean;
  statistic: "t (CR1)";
  /** {τ₀ : p(τ₀) > α} for y − τ₀·d with the observed d (sharp null of a constant effect τ₀). */
  ci: [number, number] | null;
  /** Why there is no interval, when there is none. */
  ci_note?: string;
  note?: string;
}

export function randomizationInference(inp: RandomizationInput): RandomizationResult {
  const x = inp.x ?? [];
  const U0 = inp.treatedUnits.length;
  const dObs = new Float64Array(inp.y.length);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let i = 0; i < dObs.length; i++) dObs[i] = inp.treatedUnits[inp.unit[i]] * inp.post[i];
  const per = buildGrams({ unit: inp.unit, time: inp.time, group: inp.unit, cols: [inp.post, ...x, inp.y, dObs], weights: inp.weights, frequency: inp.frequency });
  const U = per.nUnits;
  const clusterOfUnit = new Int32Array(U);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let i = 0; i < inp.unit.length; i++) clusterOfUnit[inp.unit[i]] = inp.cluster[i];
  let G = 0;
  for (const c of clusterOfUnit) G = Math.max(G, c + 1);
  const p = per.p;
  const yIndex = 1 + x.length;
  const dIndex = yIndex + 1;
  const regressors = [0, ...x.map((_, j) => 1 + j)];
  for (let t = 1; t < per.nTimes; t++) regressors.push(per.q + t - 1);
  // Frisch–Waugh–Lovell with Z = [x, period dummies], the same for every assignment: for d_a,
  //   γ = (ZᵀZ)⁻¹Zᵀd_a, D = d_aᵀd_a − Zᵀd_a·γ, β_o = (d_aᵀo − γᵀZᵀo)/D for o ∈ {y, d_obs},
  //   CR1 score of β in cluster g: (d̈_gᵀe_g)/D with d̈_gᵀe_g = d_gᵀe_g − γᵀZ_gᵀe_g, e = o − β d_a − Zθ,
  // equal to the [0,0] element of the full sandwich. Per assignment O(U·z + G·z²).
  const Z = regressors.slice(1);
  const { keep: zkLocal, inv: ZZi } = cholInverseDropping(sub(per.total, p, Z), Z.length);
  const Zk = zkLocal.map((j) => Z[j]);
  const nz = Zk.length;
  const outs = [yIndex, dIndex];
  const mPZ = new Float64Array(U * nz), mPP = new Float64Array(U), mPO = [new Float64Array(U), new Float64Array(U)];
  const ZZg = Array.from({ length: G }, () => new Float64Array(nz * nz));
  const ZOg = outs.map(() => Array.from({ length: G }, () => new Float64Array(nz)));
  for (let u = 0; u < U; u++) {
    const m = per.per[u];
    const g = clusterOfUnit[u];
    mPP[u] = m[0];
    for (let a = 0; a < nz; a++) {
      mPZ[u * nz + a] = m[Zk[a]];
      for (let b = 0; b < nz; b++) ZZg[g][a * nz + b] += m[Zk[a] * p + Zk[b]];
    }
    outs.forEach((o, j) => {
      mPO[j][u] = m[o];
      for (let a = 0; a < nz; a++) ZOg[j][g][a] += m[Zk[a] * p + o];
    });
  }
  const ZO = outs.map((o) => Float64Array.from(Zk, (z) => per.total[z * p + o]));
  const thetaO = ZO.map((v) => matVec(ZZi, nz, v));
  const ZZthetaO = thetaO.map((th) => ZZg.map((zz) => matVec(zz, nz, th)));
  const c1 = cr1Factor(G, per.n, 1 + nz + per.nUnits);
  const dZ = new Float64Array(nz), gamma = new Float64Array(nz), theta = new Float64Array(nz);
  const dZg = new Float64Array(G * nz), ddg = new Float64Array(G), dOg = [new Float64Array(G), new Float64Array(G)];
  const ug = [new Float64Array(G), new Float64Array(G)];
  const beta = [0, 0];
  /** t-statistic pieces of one assignment: t(τ₀) = (by − τ₀ bd) / sqrt(A − 2τ₀B + τ₀²C), CR1 factor included. */
  const piecesOf = (tau: Uint8Array): [number, number, number, number, number] => {
    dZg.fill(0);
    ddg.fill(0);
    dOg[0].fill(0);
    dOg[1].fill(0);
    for (let u = 0; u < U; u++) {
      if (!tau[u]) continue;
      const g = clusterOfUnit[u];
      ddg[g] += mPP[u];
      dOg[0][g] += mPO[0][u];
      dOg[1][g] += mPO[1][u];
      for (let a = 0; a < nz; a++) dZg[g * nz + a] += mPZ[u * nz + a];
    }
    dZ.fill(0);
    let dd = 0;
    const dO = [0, 0];
    for (let g = 0; g < G; g++) {
      dd += ddg[g];
      dO[0] += dOg[0][g];
      dO[1] += dOg[1][g];
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let a = 0; a < nz; a++) dZ[a] += dZg[g * nz + a];
    }
    matVec(ZZi, nz, dZ, gamma);
    let D = dd;
    for (let a = 0; a < nz; a++) D -= dZ[a] * gamma[a];
    if (!(D > 1e-12 * dd)) throw new EstimationError("an assignment's treatment indicator is collinear with the fixed effects");
    for (let j = 0; j < 2; j++) {
      let num = dO[j];
      for (let a = 0; a < nz; a++) num -= gamma[a] * ZO[j][a];
      const b = num / D;
      beta[j] = b;
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let a = 0; a < nz; a++) theta[a] = thetaO[j][a] - b * gamma[a];
      for (let g = 0; g < G; g++) {
        // d_gᵀe_g and Z_gᵀe_g
        let s = dOg[j][g] - b * ddg[g];
        for (let a = 0; a < nz; a++) s -= dZg[g * nz + a] * theta[a];
        const zz = ZZg[g];
        for (let a = 0; a < nz; a++) {
          let ze = ZOg[j][g][a] - b * dZg[g * nz + a] - ZZthetaO[j][g][a];
          for (let c = 0; c < nz; c++) ze += b * zz[a * nz + c] * gamma[c];
          s -= gamma[a] * ze;
        }
        ug[j][g] = s / D;
      }
    }
    let A = 0, B = 0, C = 0;
    for (let g = 0; g < G; g++) {
      A += ug[0][g] * ug[0][g];
      B += ug[0][g] * ug[1][g];
      C += ug[1][g] * ug[1][g];
    }
    return [beta[0], beta[1], c1 * A, c1 * B, c1 * C];
  };

  const nT = inp.treatedUnits.reduce((s, v) => s + v, 0);
  if (nT === 0 || nT === U0) throw new InputError("randomization inference needs treated and control units");
  const max = inp.maxAssignments ?? 100000;
  const groups = inp.pairOfUnit ? pairGroups(inp.treatedUnits, inp.pairOfUnit) : undefined;
  const possible = groups ? 2 ** groups.length : binomial(U0, nT);
  const exhaustive = possible <= max;
  const seed = inp.seed ?? 1;
  let all: Uint8Array[];
  if (exhaustive) {
    if (groups) {
      all = [];
      for (let r = 0; r < possible; r++) {
        const a = new Uint8Array(U0);
        groups.forEach((g, j) => (a[g[Math.floor(r / 2 ** j) % 2]] = 1));
        all.push(a);
      }
    } else all = combinations(U0, nT);
  } else {
    const rnd = mulberry32(seed);
    const N = (inp.draws ?? 9999) + 1;
    all = [inp.treatedUnits.slice()];
    const idx = Int32Array.from({ length: U0 }, (_, i) => i);
    for (let r = 1; r < N; r++) {
      const a = new Uint8Array(U0);
      if (groups) {
        for (const g of groups) a[g[rnd() < 0.5 ? 0 : 1]] = 1;
      } else {
        // partial Fisher–Yates: the first nT of a random permutation are treated
        for (let i = 0; i < nT; i++) {
          const j = i + Math.floor(rnd() * (U0 - i));
          const tmp = idx[i];
          idx[i] = idx[j];
          idx[j] = tmp;
          a[idx[i]] = 1;
        }
      }
      all.push(a);
    }
  }
  const N = all.length;
  const by = new Float64Array(N), bd = new Float64Array(N), VA = new Float64Array(N), VB = new Float64Array(N), VC = new Float64Array(N);
  for (let r = 0; r < N; r++) [by[r], bd[r], VA[r], VB[r], VC[r]] = piecesOf(all[r]);
  const obs = piecesOf(inp.treatedUnits);
  const tAt = (r: number, tau0: number, q = r < 0 ? obs : null): number => {
    if (q) return (q[0] - tau0 * q[1]) / Math.sqrt(Math.max(q[2] - 2 * tau0 * q[3] + tau0 * tau0 * q[4], 0));
    return (by[r] - tau0 * bd[r]) / Math.sqrt(Math.max(VA[r] - 2 * tau0 * VB[r] + tau0 * tau0 * VC[r], 0));
  };
  const pAt = (tau0: number): number => {
    const thr = Math.abs(tAt(-1, tau0)) * (1 - 1e-10); // ties (e.g. the complementary assignment) count as ≥
    let hits = 0;
    for (let r = 0; r < N; r++) if (Math.abs(tAt(r, tau0)) >= thr) hits++;
    return hits / N;
  };
  const t0 = tAt(-1, 0);
  const p0 = pAt(0);
  let ci: [number, number] | null = null;
  let ci_note: string | undefined;
  const alpha = 1 - (inp.level ?? 0.95);
  // The complementary assignment (all pairs flipped, or treated and control swapped when half the
  // units are treated) gives t* = −t exactly, so it always ties: the smallest attainable p is then 2/N.
  const complement = inp.treatedUnits.map((v) => 1 - v);
  const hasComplement = all.some((a) => a.every((v, u) => v === complement[u]));
  const minP = (hasComplement ? 2 : 1) / N;
  if (inp.ci !== false && minP > alpha) {
    ci_note = `no finite ${Math.round((1 - alpha) * 100)}% interval: with ${N} assignments the smallest attainable p-value is ${minP.toPrecision(3)} > ${Number(alpha.toPrecision(6))}`;
  }
  if (inp.ci !== false && minP <= alpha) {
    const est = obs[0];
    const se = Math.sqrt(obs[2]);
    const bound = (dir: -1 | 1) => inversionLimit(est, dir, (b0) => pAt(b0) > alpha, { firstStep: se, tol: 1e-9 * se, maxBisections: 100 });
    ci = [bound(-1), bound(1)];
  }
  const mc_se = exhaustive ? 0 : Math.sqrt((p0 * (1 - p0)) / N);
  const res: RandomizationResult = {
    t: t0,
    p_value: p0,
    assignments: N,
    possible_assignments: possible,
    method: exhaustive ? "exhaustive" : "sampled",
    mc_se,
    seed: exhaustive ? null : seed,
    within_pairs: !!inp.pairOfUnit,
    statistic: "t (CR1)",
    ci,
  };
  if (ci_note) res.ci_note = ci_note;
  if (!exhaustive) {
    res.note = `${possible.toPrecision(3)} possible assignments are too many to enumerate (limit ${max}): p is estimated from ${N - 1} seeded random assignments (seed ${seed}) plus the observed one, Monte-Carlo SE ${mc_se.toPrecision(2)}`;
  }
  return res;
}
