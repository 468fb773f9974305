/**
 * Seeded, register-like benchmark data shared by every script in bench/ (issue 6): integer days,
 * about half events, 10 offices. One generator per estimator family; all use mulberry32 so a seed
 * reproduces the data exactly (bench/run.ts writes the same arrays to binary files for R).
 */
import { mulberry32 } from "../src/stats/rng.js";

export interface CoxBenchData {
  n: number;
  /** Stop time in days (integer, ≥ 1). */
  time: Float64Array;
  /** Entry day (integer, < time): for the start/stop fit. */
  start: Float64Array;
  event: Uint8Array;
  /** p = 5 covariates: pilot (0/1) and four uniforms on (−1, 1). */
  x: Float64Array[];
  names: string[];
  /** Office code 0..9 (cluster for the robust variance). */
  office: Int32Array;
  /** True log hazard ratios used in the simulation. */
  beta: number[];
}

/** Exponential event times (scale 365 days, log hazard ratios `beta`), uniform censoring on 1..730. */
export function coxData(n: number, seed = 2013): CoxBenchData {
  const p = 5;
  const r = mulberry32(seed);
  const beta = [0.3, -0.2, 0.1, 0.05, -0.1];
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const start = new Float64Array(n);
  const event = new Uint8Array(n);
  const office = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      const v = j === 0 ? (r() < 0.5 ? 1 : 0) : r() * 2 - 1;
      x[j][i] = v;
      eta += beta[j] * v;
    }
    const tEvent = Math.ceil((-Math.log(r()) / Math.exp(eta)) * 365);
    const tCens = Math.ceil(r() * 730);
    time[i] = Math.min(tEvent, tCens);
    event[i] = tEvent <= tCens ? 1 : 0;
    start[i] = Math.floor(r() * Math.min(60, time[i]));
    if (start[i] >= time[i]) start[i] = time[i] - 1;
    office[i] = Math.floor(r() * 10);
  }
  return { n, time, start, event, x, names: ["pilot", "x2", "x3", "x4", "x5"], office, beta };
}

export interface KmBenchData {
  time: Float64Array;
  event: Uint8Array;
  /** Competing-risk cause (0 censored, 1 or 2) for Aalen–Johansen. */
  cause: Int32Array;
  group: Int32Array;
}

/** `groups` groups (row i in group i mod groups) with exponential times, scale 300·(1 + g/20) days. */
export function kmData(n: number, groups = 10, integer = true, seed = 12345): KmBenchData {
  const u = mulberry32(seed);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const cause = new Int32Array(n);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    group[i] = i % groups;
    const T = -Math.log(1 - u()) * 300 * (1 + group[i] / 20);
    const C = u() * 1500;
    const t = Math.min(T, C);
    time[i] = integer ? Math.max(1, Math.ceil(t)) : t;
    event[i] = T <= C ? 1 : 0;
    cause[i] = event[i] ? 1 + (i % 3 === 0 ? 1 : 0) : 0;
  }
  return { time, event, cause, group };
}

export interface DidBenchData {
  /** Binary outcome (e.g. in work this month). */
  y: Float64Array;
  /** Pilot office × post (offices 0..4 from month 18). */
  d: Float64Array;
  office: Int32Array;
  month: Int32Array;
  offices: number;
  months: number;
}

/** Person-month rows: 10 offices, 36 months, true effect 0.05 on the probability of y = 1. */
export function didData(n: number, seed = 42, offices = 10, months = 36): DidBenchData {
  const rnd = mulberry32(seed);
  const y = new Float64Array(n);
  const d = new Float64Array(n);
  const office = new Int32Array(n);
  const month = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.floor(rnd() * offices);
    const t = Math.floor(rnd() * months);
    office[i] = u;
    month[i] = t;
    d[i] = u < offices / 2 && t >= months / 2 ? 1 : 0;
    y[i] = rnd() < 0.3 + 0.05 * d[i] + 0.01 * u + 0.002 * t ? 1 : 0;
  }
  return { y, d, office, month, offices, months };
}
