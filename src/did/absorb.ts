/**
 * Absorbing unit fixed effects and building per-cluster cross-product ("Gram") matrices.
 *
 * Every DiD regression here is  y = Σ β_j c_j + unit FE + period FE (+ e).  The unit FE are absorbed
 * exactly by (weighted) demeaning within unit; the period FE stay as explicit dummy columns (period
 * code 0 is the reference) but never materialise as n-row columns: after unit-demeaning,
 *   Σ_{i∈g} w c̃_i D̃_ti = Σ_{i∈g, t_i=t} w c̃_i           (Σ_{i∈u} w c̃_i = 0 in every unit)
 *   Σ_{i∈g} w D̃_ti D̃_si = Σ_{u∈g} (N_ut δ_ts − N_ut N_us / N_u),   N = weight sums.
 * So one pass over the rows gives, per cluster g, Γ_g = Z̃_gᵀ W_g Z̃_g for Z = [c_1..c_q, D_1..D_{T-1}]
 * (y is the last continuous column). Everything downstream (OLS, iid/CR1/CR2 variances, Satterthwaite
 * df, wild bootstrap, randomization) works on these p×p matrices, so its cost does not grow with n.
 * Units must be nested in clusters (then unit FE are absorbed within clusters; see variance-cr.ts).
 * Numerical hazard: a column constant within every unit (an office-level covariate) demeans to rounding
 * noise, which a relative pivot test then keeps. As R's lm (dqrdc2, tol 1e-7 on column norms), a
 * continuous column whose demeaned sum of squares is below (1e-7)² of its raw Σ w c² is aliased by the
 * unit FE: its rows and columns are set to exactly 0, so every solve downstream drops it (`aliased`).
 */
import { InputError } from "../errors.js";

export interface GramInput {
  unit: Int32Array;
  time: Int32Array;
  /** Accumulation groups (clusters); every unit must lie in one group. */
  group: Int32Array;
  /** Continuous columns (treatment columns, covariates, outcome last). */
  cols: Float64Array[];
  weights?: Float64Array;
  /**
   * Weights count individuals (frequency weights): n = Σ w, so that small-sample factors and residual
   * df are those of the individual-level data the rows stand for.
   */
  frequency?: boolean;
  /** Names for messages. */
  unitName?: string;
  groupName?: string;
}

export interface Grams {
  /** Size of each matrix: q continuous columns then T−1 period dummies. */
  p: number;
  q: number;
  nTimes: number;
  nUnits: number;
  nGroups: number;
  /** Per group p×p row-major. */
  per: Float64Array[];
  total: Float64Array;
  /** Rows used (positive weight). */
  n: number;
  groupOfUnit: Int32Array;
  /** Weighted count per group. */
  groupWeight: Float64Array;
  /** Per continuous column: constant within every unit (absorbed by the unit FE), zeroed. */
  aliased: boolean[];
}

/** R's lm tolerance on column norms (dqrdc2), squared for sums of squares. */
const ALIAS_TOL2 = 1e-14;

function maxCode(a: Int32Array): number {
  let m = -1;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads undefined, and the test on it is false, so it changes nothing
  for (let i = 0; i < a.length; i++)
    if (a[i] > m) m = a[i];
  return m + 1;
}

export function buildGrams(inp: GramInput): Grams {
  const { unit, time, group, cols, weights } = inp;
  const n = unit.length;
  const U = maxCode(unit);
  const T = maxCode(time);
  const G = maxCode(group);
  const q = cols.length;
  const p = q + T - 1;

  const groupOfUnit = new Int32Array(U).fill(-1);
  const Nu = new Float64Array(U);
  const Nut = new Float64Array(U * T);
  const sums = new Float64Array(U * q);
  let nUsed = 0;
  let wSum = 0;
  for (let i = 0; i < n; i++) {
    const u = unit[i];
    const g = group[i];
    const gu = groupOfUnit[u];
    if (gu === -1) groupOfUnit[u] = g;
    else if (gu !== g) {
      throw new InputError(
        `${inp.unitName ?? "unit"} code ${u} lies in more than one ${inp.groupName ?? "cluster"}; units must be nested in clusters`,
        { column: inp.groupName, row: i + 1 },
      );
    }
    const w = weights ? weights[i] : 1;
    if (w > 0) nUsed++;
    wSum += w;
    Nu[u] += w;
    Nut[u * T + time[i]] += w;
    for (let j = 0; j < q; j++) sums[u * q + j] += w * cols[j][i];
  }
  for (let u = 0; u < U; u++) {
    const inv = Nu[u] > 0 ? 1 / Nu[u] : 0;
    for (let j = 0; j < q; j++) sums[u * q + j] *= inv; // now unit means
  }

  const per: Float64Array[] = [];
  for (let g = 0; g < G; g++) per.push(new Float64Array(p * p));
  const groupWeight = new Float64Array(G);
  const ct = new Float64Array(q);
  if (q === 2 && !weights) {
    // fast path of the plain TWFE (d, y): no inner loops
    const c0 = cols[0];
    const c1 = cols[1];
    for (let i = 0; i < n; i++) {
      const u = unit[i];
      const a = c0[i] - sums[u * 2];
      const b = c1[i] - sums[u * 2 + 1];
      const m = per[group[i]];
      m[0] += a * a;
      m[1] += a * b;
      m[p + 1] += b * b;
      const t = time[i];
      if (t > 0) {
        m[1 + t] += a;
        m[p + 1 + t] += b;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const u = unit[i];
      const w = weights ? weights[i] : 1;
      if (w === 0) continue;
      const m = per[group[i]];
      for (let j = 0; j < q; j++) ct[j] = cols[j][i] - sums[u * q + j];
      for (let a = 0; a < q; a++) {
        const wa = w * ct[a];
        const row = a * p;
        for (let b = a; b < q; b++) m[row + b] += wa * ct[b];
        const t = time[i];
        if (t > 0) m[row + q + t - 1] += wa;
      }
    }
  }
  // period-dummy block from the unit × period weight sums
  for (let u = 0; u < U; u++) {
    const g = groupOfUnit[u];
    if (g < 0 || Nu[u] === 0) continue;
    groupWeight[g] += Nu[u];
    const m = per[g];
    for (let t = 1; t < T; t++) {
      const nt = Nut[u * T + t];
      if (nt === 0) continue;
      const r = (q + t - 1) * p;
      m[r + q + t - 1] += nt;
      for (let s = t; s < T; s++) m[r + q + s - 1] -= (nt * Nut[u * T + s]) / Nu[u];
    }
  }
  // symmetrise and total
  const total = new Float64Array(p * p);
  for (const m of per) {
    // Stryker disable next-line EqualityOperator: equivalent — b = p writes m[p·p + a], past the end of the p×p Float64Array (dropped); a = p runs no inner pass
    for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) m[b * p + a] = m[a * p + b];
    // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
    for (let k = 0; k < p * p; k++) total[k] += m[k];
  }
  // columns aliased by the unit FE: exactly 0 (see the header). Raw Σ w c² = within SS (the demeaned
  // diagonal) + between SS Σ_u N_u c̄_u², so no second pass over the rows is needed.
  const aliased: boolean[] = [];
  for (let j = 0; j < q; j++) {
    let between = 0;
    for (let u = 0; u < U; u++) between += Nu[u] * sums[u * q + j] * sums[u * q + j];
    aliased.push(!(total[j * p + j] > ALIAS_TOL2 * (total[j * p + j] + between)));
    if (!aliased[j]) continue;
    for (const m of [...per, total])
      for (let k = 0; k < p; k++) {
        m[j * p + k] = 0;
        m[k * p + j] = 0;
      }
  }
  return { p, q, nTimes: T, nUnits: U, nGroups: G, per, total, n: inp.frequency && weights ? wSum : nUsed, groupOfUnit, groupWeight, aliased };
}
