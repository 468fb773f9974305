/**
 * Harrell's concordance of a Cox fit with R's standard error (survival::concordance, as coxph stores
 * it in fit$concordance: timewt "n", reverse = TRUE so a higher risk score predicts a shorter time;
 * R's concordance.Rnw / concordance3.c).
 *
 * A pair (i, j) is comparable when i has an event at t and j is at risk at t (start_j < t ≤ stop_j,
 * same stratum) without an event at t; it is concordant when η_i > η_j, discordant when η_i < η_j,
 * tied.x when equal; tied.y counts pairs of events at the same time. With case weights a pair counts
 * w_i·w_j. C = (concordant + tied.x/2) / (concordant + discordant + tied.x).
 * Standard error (R's concordancefit, infinitesimal jackknife): with I_i = the weighted counts of
 * concordant, discordant and tied.x pairs observation i takes part in, N = the number of comparable
 * pairs and Somers' d = (C − D)/N,
 *   dfbeta_i = w_i·[(I_i1 − I_i2)/N − d/N·(I_i1 + I_i2 + I_i3)],  var(C) = Σ dfbeta_i² / 4;
 * with clusters (coxph passes its `cluster` to concordancefit) the dfbeta are summed per cluster first:
 * var(C) = Σ_g (Σ_{i∈g} dfbeta_i)² / 4.
 * Only A_i = I_i1 − I_i2 and B_i = I_i1 + I_i2 + I_i3 are kept per row.
 *
 * Computation. The risk sets are walk.ts's schedule (the same rows leave and enter at each death
 * time as in the Cox fit): numbering the death times of all strata in walk order u = 0..m−1, row j
 * is a comparison partner at the death times of one interval [first_j, last_j] (from the time it
 * enters to the time before it leaves; a death's own time excluded: tied.y). Rows are then visited
 * in ascending η (equal η together) with two Fenwick trees over u: the intervals of the rows with
 * smaller η (a death i reads the weight covering u_i: its concordant partners) and
 * the deaths with smaller η (a partner reads how many fall in its interval). Totals per u come
 * from prefix sums, so each row costs two or three tree operations on trees of size m (the number
 * of distinct death times: a few hundred with times in days, so the trees stay in cache): O(n log m)
 * after the one sort of η. Strata need no special care: their death times are disjoint ranges of u.
 * Numerical note: counts are sums of weights (exact for whole-number weights below 2^53).
 */
import type { CoxData } from "./risk-sets.js";
import { argsortFloat64 } from "./sort.js";
import { borrowWalkScratch } from "./walk.js";

export interface Concordance {
  concordance: number;
  std: number;
  concordant: number;
  discordant: number;
  tied_x: number;
  tied_y: number;
}

/** Fenwick tree over positions 0..K−1. */
class Fenwick {
  private readonly t: Float64Array;
  constructor(readonly K: number) {
    this.t = new Float64Array(K + 1);
  }
  add(u: number, w: number): void {
    const t = this.t;
    for (let i = u + 1; i <= this.K; i += i & -i) t[i] += w;
  }
  /** Σ over positions ≤ u (0 for u < 0). */
  upTo(u: number): number {
    const t = this.t;
    let s = 0;
    for (let i = u + 1; i > 0; i -= i & -i) s += t[i];
    return s;
  }
}

/**
 * A row's record at its place in η order, 16 bytes: η as a double, then the 32-bit integers first and
 * last of the interval of death-time numbers where the row is a comparison partner — for a death at
 * number u, first = u + 1 is stored as ~first (negative), which marks the death and gives u. Once a
 * row's counts are done its A is written where η was and its B over first and last (the record is then
 * read only for the standard error), so that A and B need no arrays of their own. Case weights are
 * read through the η order (all 1 without weights: then not read at all).
 */
const R64 = 2, R32 = 4;
const ETA = 0, AOUT = 0, BOUT = 1, FIRST = 2, LAST = 3;

/** `cluster`: the cluster code of each sorted row (robust.ts's sortedClusters), for R's clustered standard error. */
export function concordance(d: CoxData, eta: Float64Array, cluster?: { code: Int32Array; G: number }): Concordance {
  return borrowWalkScratch(d, (space) => concordanceIn(d, eta, space, cluster));
}

/** `space`: n doubles of working space (the walks' array, lent). */
function concordanceIn(d: CoxData, eta: Float64Array, space: Float64Array, cluster?: { code: Int32Array; G: number }): Concordance {
  const { n, time, status, weight, bounds, startOrder, schedule: sch } = d;
  const { m, never } = sch;
  let weighted = false;
  for (let k = 0; k < n && !weighted; k++) if (weight[k] !== 1) weighted = true;
  // the records' buffer and the lent space (two arrays of n 32-bit entries) serve the sort as its
  // working arrays first; the order is returned in the lent space's second half, the positions go in its first
  const buf = new ArrayBuffer(n * R64 * 8);
  const pos = new Uint32Array(space.buffer, space.byteOffset, n);
  const sortSpace: Uint32Array<ArrayBufferLike>[] = [0, 1, 2, 3].map((q) => new Uint32Array(buf, q * 4 * n, n));
  sortSpace.push(pos, new Uint32Array(space.buffer, space.byteOffset + 4 * n, n));
  const order = argsortFloat64(eta, sortSpace);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let r = 0; r < n; r++) pos[order[r]] = r;
  // each row's record at its place in η order, read off the schedule walking the sorted rows
  const f64 = new Float64Array(buf);
  const i32 = new Int32Array(buf);
  const put = (k: number, first: number, last: number) => {
    const r = pos[k];
    f64[r * R64 + ETA] = eta[k];
    i32[r * R32 + FIRST] = first;
    i32[r * R32 + LAST] = last;
  };
  const cumD = new Float64Array(m + 1); // cumD[u] = death weight at numbers < u
  let TY = 0;
  for (let s = 0; s < d.nstrata; s++) {
    const lo = bounds[s];
    let ip = bounds[s + 1] - 1;
    let rp = ip;
    const uEnd = sch.strata[s + 1];
    for (let u = sch.strata[s]; u < uEnd; u++) {
      for (const end = sch.leaveEnd[u]; rp > end; rp--) {
        const k = startOrder![rp];
        if (!never![k]) i32[pos[k] * R32 + LAST] = u - 1;
      }
      const dtime = sch.time[u];
      let sw = 0, sw2 = 0;
      for (const end = sch.enterEnd[u]; ip > end; ip--) {
        if (never && never[ip]) put(ip, m, -1);
        else if (status[ip] === 1 && time[ip] === dtime) {
          put(ip, ~(u + 1), uEnd - 1);
          const w = weight[ip];
          sw += w;
          sw2 += w * w;
        } else put(ip, u, uEnd - 1);
      }
      cumD[u + 1] = cumD[u] + sw;
      TY += (sw * sw - sw2) / 2;
    }
    for (; ip >= lo; ip--) put(ip, m, -1); // stop before the stratum's first death time
  }
  // risk weight at each u, deaths at u excluded (a difference array over the intervals)
  const totR = new Float64Array(m + 1);
  for (let r = 0; r < n; r++) {
    const f = i32[r * R32 + FIRST];
    const first = f < 0 ? ~f : f;
    const last = i32[r * R32 + LAST];
    if (first > last) continue;
    const w = weighted ? weight[order[r]] : 1;
    totR[first] += w;
    totR[last + 1] -= w;
  }
  for (let u = 1; u <= m; u++) totR[u] += totR[u - 1];

  const risk = new Fenwick(m); // intervals of the rows with smaller η, as a difference tree
  const dead = new Fenwick(m); // deaths with smaller η, at their u
  // counts against smaller η of the rows of one group of equal η (grown to the largest group)
  let belowR = new Float64Array(16);
  let belowD = new Float64Array(16);
  let C = 0, D = 0, T = 0;
  // deaths in [first, last]; an interval that runs to the last death time of all (every row without
  // start times in the last stratum) reads the running total instead of the tree
  let deadAll = 0;
  const deadIn = (first: number, last: number) => (last === m - 1 ? deadAll : dead.upTo(last)) - dead.upTo(first - 1);
  for (let g0 = 0; g0 < n; ) {
    let g1 = g0 + 1;
    const e0 = f64[g0 * R64 + ETA];
    while (g1 < n && f64[g1 * R64 + ETA] === e0) g1++;
    if (g1 - g0 > belowR.length) {
      belowR = new Float64Array(2 * (g1 - g0));
      belowD = new Float64Array(2 * (g1 - g0));
    }
    // counts against smaller η
    for (let r = g0; r < g1; r++) {
      const f = i32[r * R32 + FIRST];
      const first = f < 0 ? ~f : f;
      const last = i32[r * R32 + LAST];
      if (f < 0) belowR[r - g0] = risk.upTo(first - 1);
      if (first <= last) belowD[r - g0] = deadIn(first, last);
    }
    for (let r = g0; r < g1; r++) {
      const w = weighted ? weight[order[r]] : 1;
      const f = i32[r * R32 + FIRST];
      const first = f < 0 ? ~f : f;
      const last = i32[r * R32 + LAST];
      if (first <= last) {
        risk.add(first, w);
        if (last + 1 < m) risk.add(last + 1, -w);
      }
      if (f < 0) {
        dead.add(first - 1, w);
        deadAll += w;
      }
    }
    // equal η: what the group itself added (nothing for a single row: its interval excludes its death)
    const tied = g1 - g0 > 1;
    for (let r = g0; r < g1; r++) {
      const f = i32[r * R32 + FIRST];
      const first = f < 0 ? ~f : f;
      const last = i32[r * R32 + LAST];
      const w = weighted ? weight[order[r]] : 1;
      let a = 0;
      let b = 0;
      if (f < 0) {
        const ud = first - 1;
        const below = belowR[r - g0];
        const eq = tied ? risk.upTo(ud) - below : 0;
        const above = totR[ud] - below - eq;
        C += w * below;
        D += w * above;
        T += w * eq;
        a += below - above;
        b += totR[ud];
      }
      if (first <= last) {
        const tot = cumD[last + 1] - cumD[first];
        const below = belowD[r - g0];
        const eq = tied ? deadIn(first, last) - below : 0;
        a += tot - eq - 2 * below;
        b += tot;
      }
      f64[r * R64 + AOUT] = a;
      f64[r * R64 + BOUT] = b;
    }
    g0 = g1;
  }
  const N = C + D + T;
  const somer = (C - D) / N;
  let v = 0;
  const perCluster = cluster ? new Float64Array(cluster.G) : undefined;
  for (let r = 0; r < n; r++) {
    const df = (weighted ? weight[order[r]] : 1) * (f64[r * R64 + AOUT] / N - (somer / N) * f64[r * R64 + BOUT]);
    if (perCluster) perCluster[cluster!.code[order[r]]] += df;
    else v += df * df;
  }
  if (perCluster) for (const s of perCluster) v += s * s;
  return { concordance: (somer + 1) / 2, std: Math.sqrt(v / 4), concordant: C, discordant: D, tied_x: T, tied_y: TY };
}
