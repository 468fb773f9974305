/**
 * The wild-bootstrap and randomization-inference intervals against a brute-force test inversion written
 * here, independently of src/did (no Gram matrices, no FWL, no fast per-draw algebra):
 *
 * - fit: dense OLS of y on [d, x, unit dummies, period dummies] through the normal equations (Gauss–Jordan);
 *   t = β̂_d / se_CR1 (the CR1 constant cancels in |t*| ≥ |t|, so it is left out);
 * - wild bootstrap p(b₀) (Cameron, Gelbach & Miller 2008, restricted): fit y − b₀d on the design
 *   without d → fitted ŷ₀ and residuals ũ; for each of the 2^G Rademacher sign vectors v (constant in a
 *   cluster): y* = ŷ₀ + b₀d + v∘ũ, refit, t* = (β*_d − b₀)/se*; p = #{|t*| ≥ |t(b₀)|}/2^G with
 *   t(b₀) = (β̂_d − b₀)/se, the identity draw included;
 * - randomization p(τ₀) (sharp null of a constant effect τ₀): y₀ = y − τ₀d; for each assignment a of the
 *   treated label to the same number of units, d_a = a_unit·post, fit y₀ on d_a, t_a = β/se_CR1;
 *   p = #{|t_a| ≥ |t_obs(τ₀)|}/N;
 * - ties count as ≥ with a relative 1e-10 slack (the all-signs-flipped draw / the complementary assignment
 *   give −t exactly: a derivation, see src/did/wild-bootstrap.ts);
 * - interval = {b₀ : p(b₀) > α}: scan a grid of 241 points over β̂ ± 12·se, take the run of accepted points
 *   around β̂, then bisect each edge to 1e-9·se.
 * Expected: effekt's interval equals the brute-force one within 1e-6·se (its bisection stops at 1e-7·se
 * for the bootstrap, 1e-6·se for randomization).
 */
import { describe, expect, it } from "vitest";
import { didFromTable, tableFromColumns } from "../../src/index.js";
import { simulatePanel, type SimPanel } from "./simulate.js";

/** Solve the normal equations A β = b (A p×p, row-major) by Gauss–Jordan with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const p = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= p; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => r[p] / r[i]);
}

/** Projection pieces of a dense design X (n×p): P = (XᵀX)⁻¹Xᵀ, so β = P y. */
function projector(X: number[][]): number[][] {
  const n = X.length;
  const p = X[0].length;
  const XtX = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => X.reduce((s, r) => s + r[a] * r[b], 0)));
  // columns of (XᵀX)⁻¹ by solving against unit vectors
  const inv = Array.from({ length: p }, (_, j) => solve(XtX, Array.from({ length: p }, (_, k) => (k === j ? 1 : 0))));
  return Array.from({ length: p }, (_, a) => Array.from({ length: n }, (_, i) => X[i].reduce((s, x, b) => s + inv[b][a] * x, 0)));
}

interface Ols {
  beta: number[];
  resid: number[];
}
function ols(X: number[][], P: number[][], y: ArrayLike<number>): Ols {
  const beta = P.map((row) => row.reduce((s, v, i) => s + v * y[i], 0));
  const resid = X.map((r, i) => y[i] - r.reduce((s, x, b) => s + x * beta[b], 0));
  return { beta, resid };
}
/** CR1 t of coefficient 0 up to the CR1 constant: β₀ / sqrt(Σ_g (Σ_{i∈g} P₀ᵢ uᵢ)²). */
function tCluster(P: number[][], f: Ols, cluster: Int32Array, G: number, b0 = 0): number {
  const s = new Float64Array(G);
  for (let i = 0; i < f.resid.length; i++) s[cluster[i]] += P[0][i] * f.resid[i];
  let v = 0;
  for (const x of s) v += x * x;
  return (f.beta[0] - b0) / Math.sqrt(v);
}

function design(s: SimPanel, d: ArrayLike<number>, withD: boolean): number[][] {
  const U = Math.max(...s.unit) + 1;
  const T = Math.max(...s.time) + 1;
  return Array.from({ length: s.y.length }, (_, i) => [
    ...(withD ? [d[i]] : []),
    s.x[i],
    ...Array.from({ length: U }, (_, u) => (s.unit[i] === u ? 1 : 0)),
    ...Array.from({ length: T - 1 }, (_, t) => (s.time[i] === t + 1 ? 1 : 0)),
  ]);
}

/** {b : accept(b)} around est: grid scan, then bisection of each edge. */
function invert(accept: (b: number) => boolean, est: number, se: number): [number, number] {
  const N = 120;
  const grid = Array.from({ length: 2 * N + 1 }, (_, k) => est + ((k - N) / N) * 12 * se);
  expect(accept(est)).toBe(true);
  let lo = N;
  while (lo > 0 && accept(grid[lo - 1])) lo--;
  let hi = N;
  while (hi < 2 * N && accept(grid[hi + 1])) hi++;
  expect(lo, "grid wide enough below").toBeGreaterThan(0);
  expect(hi, "grid wide enough above").toBeLessThan(2 * N);
  const edge = (inside: number, outside: number) => {
    while (Math.abs(outside - inside) > 1e-9 * se) {
      const mid = (inside + outside) / 2;
      if (accept(mid)) inside = mid;
      else outside = mid;
    }
    return (inside + outside) / 2;
  };
  return [edge(grid[lo], grid[lo - 1]), edge(grid[hi], grid[hi + 1])];
}

const G = 8; // offices = clusters: 2^8 = 256 sign vectors, C(8,4) = 70 assignments
const panel = simulatePanel({ seed: 11, offices: G, years: 4, pre: 2, perCell: 5, effect: 0.5 });
const table = tableFromColumns(
  {
    y: Array.from(panel.y),
    pilot: Array.from(panel.treated),
    office: Array.from(panel.unit, (u) => `o${u}`),
    year: Array.from(panel.time, (t) => 2010 + t),
    x: Array.from(panel.x),
  },
  "sim.csv",
);
const spec = { outcome: "y", unit: "office", time: "year", treated: "pilot", firstTreated: 2012, covariates: ["x"] };

const XD = design(panel, panel.d, true);
const PD = projector(XD);
const obs = ols(XD, PD, panel.y);
const seObs = obs.beta[0] / tCluster(PD, obs, panel.unit, G);

describe("wild cluster bootstrap interval = brute-force test inversion (refit per sign vector)", () => {
  const X0 = design(panel, panel.d, false);
  const P0 = projector(X0);
  const signs = Array.from({ length: 2 ** G }, (_, r) => Array.from({ length: G }, (_, g) => ((r >> g) & 1 ? -1 : 1)));
  const pBoot = (b0: number): number => {
    const yb = panel.y.map((v, i) => v - b0 * panel.d[i]);
    const r = ols(X0, P0, yb);
    const fitted = yb.map((v, i) => v - r.resid[i]);
    const tObs = (obs.beta[0] - b0) / seObs;
    let hits = 0;
    for (const v of signs) {
      const ys = fitted.map((f, i) => f + b0 * panel.d[i] + v[panel.unit[i]] * r.resid[i]);
      const t = tCluster(PD, ols(XD, PD, ys), panel.unit, G, b0);
      if (Math.abs(t) >= Math.abs(tObs) * (1 - 1e-10)) hits++;
    }
    return hits / signs.length;
  };

  for (const level of [0.95, 0.9]) {
    it(`at ${level * 100}%, with a covariate`, () => {
      const r = didFromTable(table, { ...spec, level });
      const b = r.wild_cluster_bootstrap;
      expect(b.enumerated).toBe(true);
      expect(b.draws).toBe(256);
      expect(b.p_value).toBeCloseTo(pBoot(0), 12);
      const brute = invert((b0) => pBoot(b0) > 1 - level, obs.beta[0], seObs);
      expect(Math.abs(b.ci![0] - brute[0])).toBeLessThan(1e-6 * seObs);
      expect(Math.abs(b.ci![1] - brute[1])).toBeLessThan(1e-6 * seObs);
    }, 120_000);
  }
});

describe("randomization-inference interval = brute-force test inversion (refit per assignment)", () => {
  const assignments: number[][] = [];
  for (let m = 0; m < 2 ** G; m++) {
    const a = Array.from({ length: G }, (_, u) => (m >> u) & 1);
    if (a.reduce((s, v) => s + v, 0) === G / 2) assignments.push(a);
  }
  const fits = assignments.map((a) => {
    const d = panel.post.map((p, i) => p * a[panel.unit[i]]);
    const X = design(panel, d, true);
    return { X, P: projector(X) };
  });
  const pRi = (tau0: number): number => {
    const y0 = panel.y.map((v, i) => v - tau0 * panel.d[i]);
    const tObs = (obs.beta[0] - tau0) / seObs;
    let hits = 0;
    for (const f of fits) if (Math.abs(tCluster(f.P, ols(f.X, f.P, y0), panel.unit, G)) >= Math.abs(tObs) * (1 - 1e-10)) hits++;
    return hits / fits.length;
  };

  for (const level of [0.95, 0.9]) {
    it(`at ${level * 100}%, with a covariate`, () => {
      const r = didFromTable(table, { ...spec, level });
      const ri = r.randomization_inference;
      expect(ri.assignments).toBe(70);
      expect(ri.p_value).toBeCloseTo(pRi(0), 12);
      const brute = invert((t0) => pRi(t0) > 1 - level, obs.beta[0], seObs);
      expect(Math.abs(ri.ci![0] - brute[0])).toBeLessThan(1e-6 * seObs);
      expect(Math.abs(ri.ci![1] - brute[1])).toBeLessThan(1e-6 * seObs);
    }, 120_000);
  }
});
