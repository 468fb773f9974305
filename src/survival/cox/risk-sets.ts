/**
 * The sorted, packed form of Cox model data that every walk over risk sets uses: rows sorted once
 * by (stratum, stop time); covariates packed row-major and centred (weighted means, as R's coxph);
 * for counting-process data a second order by (stratum, start time).
 * A row is at risk at time t when start < t ≤ stop (R's Surv(start, stop, event)).
 */
import { InputError } from "../../errors.js";
import { timefix } from "../timefix.js";
import { argsortFloat64, stableByStratum } from "./sort.js";
import { linearPredictorKernel, packRowsKernel } from "./unrolled.js";
import { type RiskSetSchedule, riskSetSchedule } from "./walk.js";

export interface CoxInput {
  /** Stop time (or follow-up time). */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  event: Float64Array | Uint8Array;
  /** Entry time for delayed entry / counting-process data (at risk on (start, stop]). */
  start?: Float64Array;
  /** One column per model term. */
  x: Float64Array[];
  names: string[];
  strata?: Int32Array;
  cluster?: Int32Array;
  weights?: Float64Array;
  ties?: "efron" | "breslow";
  /** Level of the hazard-ratio confidence limits (default 0.95, as R's summary(coxph)). */
  confLevel?: number;
  /** Maximum Newton–Raphson iterations (R's iter.max; 0: evaluate at `init` only). */
  maxIter?: number;
  eps?: number;
  /** Where the columns came from, for error messages (file, column names, original 0-based rows). */
  where?: {
    file?: string;
    names?: { time?: string; start?: string; event?: string; weights?: string };
    rows?: ArrayLike<number>;
    /** Source column of each covariate (a factor's level columns name the factor). */
    covariateColumns?: string[];
  };
  /** Robust (sandwich) variance; default as R: with `cluster` or case weights that are not whole numbers. */
  robust?: boolean;
  /** Compute Harrell's concordance with R's standard error (O(n log n); the table front end asks for it by default). */
  concordance?: boolean;
  /** Merge times closer than R's timefix tolerance (default true, as R's coxph). */
  timefix?: boolean;
  /** Starting coefficients (R's init; default 0). */
  init?: ArrayLike<number>;
}

export interface CoxData {
  n: number;
  p: number;
  nstrata: number;
  /** Sorted position → input row. */
  order: Uint32Array;
  /** Stratum blocks in sorted positions: stratum s occupies [bounds[s], bounds[s+1]). */
  bounds: Int32Array;
  time: Float64Array;
  start?: Float64Array;
  /** Sorted positions ordered by (stratum, start) ascending (counting-process data only). */
  startOrder?: Uint32Array;
  /** Start times and centred covariate rows in startOrder (so removals read memory in order). */
  startSorted?: Float64Array;
  xStart?: Float64Array;
  status: Uint8Array;
  weight: Float64Array;
  /** Stratum of each sorted position. */
  strata: Int32Array;
  /** Centred (per stratum) and scaled covariates, row-major: x[k*p + j] for sorted position k, term j. */
  x: Float64Array;
  /** Overall weighted covariate means (original units; R's fit$means). */
  means: Float64Array;
  /** Weighted means per stratum (nstrata × p, original units): the centring constants of `x`. */
  stratumMeans: Float64Array;
  /** Internal scale of each covariate: x_internal = (x − stratum mean)·scale (1 for −1/0/1 columns). */
  scale: Float64Array;
  nevent: number;
  efron: boolean;
  /** Which rows leave and enter the risk set at each death time (walk.ts), from the times alone. */
  schedule: RiskSetSchedule;
}

/** Validate the columns and build the sorted, centred layout. */
export function prepareCox(input: CoxInput): CoxData {
  const n = input.time.length;
  const p = input.x.length;
  const check = (len: number, what: string) => {
    if (len !== n) throw new InputError(`${what} has ${len} values but time has ${n}`);
  };
  check(input.event.length, "event");
  if (input.start) check(input.start.length, "start");
  if (input.strata) check(input.strata.length, "strata");
  if (input.cluster) check(input.cluster.length, "cluster");
  if (input.weights) check(input.weights.length, "weights");
  input.x.forEach((c, j) => check(c.length, `covariate ${input.names[j] ?? j}`));
  if (input.names.length !== p) throw new InputError(`${input.names.length} names for ${p} covariate columns`);
  if (n === 0) throw new InputError("no rows to fit");

  // the one validation of Cox input: errors name file, column and original row when `where` says them
  const w = input.where ?? {};
  const nm = { time: "time", start: "start", event: "event", weights: "weights", ...w.names };
  const at = (column: string, i: number) => ({ file: w.file, column, row: (w.rows ? w.rows[i] : i) + 1 });
  for (let i = 0; i < n; i++) {
    const t = input.time[i];
    if (!Number.isFinite(t)) throw new InputError(`time ${t} is not a finite number`, at(nm.time, i));
    if (t < 0 && !input.start) throw new InputError(`time ${t} is negative`, at(nm.time, i));
    const e = input.event[i];
    if (e !== 0 && e !== 1) throw new InputError(`event value ${e} is not 0 or 1`, at(nm.event, i));
    if (input.start) {
      const s = input.start[i];
      if (!Number.isFinite(s)) throw new InputError(`start ${s} is not a finite number`, at(nm.start, i));
      if (!(t > s)) throw new InputError(`stop time ${t} is not after start time ${s}`, at(nm.time, i));
    }
    if (input.weights && !(input.weights[i] > 0 && Number.isFinite(input.weights[i]))) {
      throw new InputError(`weight ${input.weights[i]} is not positive`, at(nm.weights, i));
    }
  }

  if (input.cluster) {
    for (let i = 0; i < n; i++) {
      if (!(input.cluster[i] >= 0)) throw new InputError(`cluster code ${input.cluster[i]} is negative`, { column: "cluster", row: i + 1 });
    }
  }
  let nstrata = 1;
  if (input.strata) {
    for (let i = 0; i < n; i++) {
      const s = input.strata[i];
      if (s < 0) throw new InputError(`stratum code ${s} is negative`, { column: "strata", row: i + 1 });
      if (s + 1 > nstrata) nstrata = s + 1;
    }
  }
  const strataIn = input.strata ?? new Int32Array(n);
  const fixed = input.timefix === false ? { time: input.time, start: input.start } : timefix(input.time, input.start);
  // timefix's sort when it made one (general times), else the radix sort: one sort of the times per fit
  const byTime = "order" in fixed && fixed.order ? fixed.order : undefined;
  const order = stableByStratum(byTime ? new Uint32Array(byTime.byTime.buffer, byTime.byTime.byteOffset, n) : argsortFloat64(fixed.time), strataIn, nstrata);

  // each input row is written to its sorted position (read in input order: with times in days the
  // writes go to a few hundred advancing fronts, where reads through `order` would miss the cache)
  const pos = new Uint32Array(n);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let k = 0; k < n; k++) pos[order[k]] = k;
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  const weight = new Float64Array(n);
  // without strata both the input and the sorted codes are all 0: one array of zeros serves as both
  const strata = input.strata ? new Int32Array(n) : strataIn;
  const start = input.start ? new Float64Array(n) : undefined;
  const tIn = fixed.time;
  const eIn = input.event;
  let nevent = 0;
  for (let i = 0; i < n; i++) {
    const k = pos[i];
    time[k] = tIn[i];
    status[k] = eIn[i];
    nevent += eIn[i];
  }
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  if (input.weights) for (let i = 0; i < n; i++) weight[pos[i]] = input.weights[i];
  else weight.fill(1);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  if (input.strata) for (let i = 0; i < n; i++) strata[pos[i]] = strataIn[i];
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  if (start) for (let i = 0; i < n; i++) start[pos[i]] = fixed.start![i];
  const bounds = new Int32Array(nstrata + 1);
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) reads an index that is undefined, and a write to a typed array at an undefined or NaN index changes none of its elements
  for (let k = 0; k < n; k++) bounds[strata[k] + 1]++;
  // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
  for (let s = 0; s < nstrata; s++) bounds[s + 1] += bounds[s];

  // Centring and scaling as R's agfit4 / coxfit6: each covariate is centred by its weighted mean
  // within the stratum (so that a covariate near 1e6 in one stratum and 0 in another stays
  // precise) and, unless it takes only the values −1, 0, 1 (R's nocenter), scaled by
  // 1 / (weighted mean |x − mean|), one factor over all strata. The fit runs on these internal
  // units; coefficients, scores and variances are mapped back (β = β_int·scale,
  // V = V_int·scale·scale'). The reported `means` are the overall weighted means (R's fit$means).
  const means = new Float64Array(p);
  const stratumMeans = new Float64Array(nstrata * p);
  const scale = new Float64Array(p).fill(1);
  let wsum = 0;
  const swsum = new Float64Array(nstrata);
  for (let k = 0; k < n; k++) {
    wsum += weight[k];
    swsum[strata[k]] += weight[k];
  }
  const sm = new Float64Array(nstrata);
  const wIn = input.weights;
  for (let j = 0; j < p; j++) {
    const col = input.x[j];
    sm.fill(0);
    let m = 0;
    let binary = true;
    if (nstrata === 1) {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        m += (wIn ? wIn[i] : 1) * v;
        if (binary && v !== 0 && v !== 1 && v !== -1) binary = false;
      }
      sm[0] = m;
    } else {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        const wv = (wIn ? wIn[i] : 1) * v;
        m += wv;
        sm[strataIn[i]] += wv;
        if (binary && v !== 0 && v !== 1 && v !== -1) binary = false;
      }
    }
    // a covariate value that is not finite makes its column's sum not finite: only then is the column
    // searched for the first such row (the one validation of covariates, without a pass of its own)
    if (!Number.isFinite(m)) {
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(col[i])) throw new InputError(`value ${col[i]} is not a finite number`, at(w.covariateColumns?.[j] ?? input.names[j], i));
      }
    }
    means[j] = m / wsum;
    // Stryker disable next-line EqualityOperator: equivalent — s = nstrata writes sm[nstrata] and stratumMeans[nstrata·p + j], both one past the end of their Float64Arrays (dropped); swsum[nstrata] is undefined, so no division
    for (let s = 0; s < nstrata; s++) {
      sm[s] = swsum[s] > 0 ? sm[s] / swsum[s] : 0;
      stratumMeans[s * p + j] = sm[s];
    }
    let f = 1;
    if (!binary) {
      let mad = 0;
      for (let i = 0; i < n; i++) mad += (wIn ? wIn[i] : 1) * Math.abs(col[i] - sm[strataIn[i]]);
      f = mad > 0 ? wsum / mad : 1;
    }
    scale[j] = f;
  }
  // the centred, scaled rows written to their sorted positions, all terms of a row together
  const x = new Float64Array(n * p);
  packRowsKernel(p)(input.x, x, pos, strataIn, stratumMeans, scale);

  let startOrder: Uint32Array | undefined;
  let startSorted: Float64Array | undefined;
  let xStart: Float64Array | undefined;
  if (start) {
    let byStart: Uint32Array;
    if (byTime?.byStart) {
      // timefix's order of the start times, in sorted positions
      byStart = new Uint32Array(n);
      // Stryker disable next-line EqualityOperator: equivalent — the pass one past the end (`<=`) only writes one past the end of a typed array of that length, a write that is dropped; what it reads goes nowhere else
      for (let r = 0; r < n; r++) byStart[r] = pos[byTime.byStart[r]];
    } else byStart = argsortFloat64(start);
    startOrder = stableByStratum(byStart, strata, nstrata);
    startSorted = new Float64Array(n);
    xStart = new Float64Array(n * p);
    for (let r = 0; r < n; r++) {
      const q = startOrder[r];
      startSorted[r] = start[q];
      for (let j = 0; j < p; j++) xStart[r * p + j] = x[q * p + j];
    }
  }

  const schedule = riskSetSchedule({ n, nstrata, bounds, time, status, start, startOrder, startSorted });
  return {
    n,
    p,
    nstrata,
    order,
    bounds,
    time,
    start,
    startOrder,
    startSorted,
    xStart,
    status,
    weight,
    strata,
    x,
    means,
    stratumMeans,
    scale,
    nevent,
    efron: (input.ties ?? "efron") === "efron",
    schedule,
  };
}

/**
 * Linear predictor for each sorted position from coefficients on the original scale, in the
 * internal units (covariates centred per stratum) and shifted per stratum by the midpoint of its
 * range, so that exp(η) neither overflows nor underflows where R's agfit4 re-centres η (a shift
 * within a stratum cancels from the partial likelihood, scores, information and residuals).
 * `shift[s]` is what was subtracted in stratum s.
 */
export function linearPredictor(d: CoxData, beta: ArrayLike<number>): Float64Array {
  return linearPredictorInternal(d, toInternal(d, beta)).eta;
}

/** Coefficients on the original scale → internal units (β / scale). */
export function toInternal(d: CoxData, beta: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: d.p }, (_, j) => beta[j] / d.scale[j]);
}

/** `into`: an n-sized array to write η into (every entry is written), instead of a new one. */
export function linearPredictorInternal(d: CoxData, b: ArrayLike<number>, into?: Float64Array): { eta: Float64Array; shift: Float64Array } {
  const { n, p, x, bounds, nstrata } = d;
  const eta = into ?? new Float64Array(n);
  const shift = new Float64Array(nstrata);
  const predict = linearPredictorKernel(p);
  const range = new Float64Array(2);
  for (let s = 0; s < nstrata; s++) {
    predict(b, x, eta, bounds[s], bounds[s + 1], range);
    const lo = range[0];
    const hi = range[1];
    // only when exp could leave the safe range: keeps ordinary fits bit-identical
    if (lo < -300 || hi > 300) {
      const c = (lo + hi) / 2;
      shift[s] = c;
      for (let k = bounds[s]; k < bounds[s + 1]; k++) eta[k] -= c;
    }
  }
  return { eta, shift };
}
