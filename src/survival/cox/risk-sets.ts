/**
 * The sorted, packed form of Cox model data that every walk over risk sets uses: rows sorted once
 * by (stratum, stop time); covariates packed row-major and centred (weighted means, as R's coxph);
 * for counting-process data a second order by (stratum, start time).
 * A row is at risk at time t when start < t ≤ stop (R's Surv(start, stop, event)).
 */
import { InputError } from "../../errors.js";
import { argsortFloat64, stableByStratum } from "./sort.js";

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
  maxIter?: number;
  eps?: number;
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
  /** Centred covariates, row-major: x[k*p + j] for sorted position k, term j. */
  x: Float64Array;
  /** The centring constants (weighted covariate means). */
  means: Float64Array;
  nevent: number;
  efron: boolean;
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

  for (let i = 0; i < n; i++) {
    const t = input.time[i];
    if (!Number.isFinite(t)) throw new InputError(`time ${t} is not a finite number`, { column: "time", row: i + 1 });
    if (t < 0 && !input.start) throw new InputError(`time ${t} is negative`, { column: "time", row: i + 1 });
    const e = input.event[i];
    if (e !== 0 && e !== 1) throw new InputError(`event value ${e} is not 0 or 1`, { column: "event", row: i + 1 });
    if (input.start) {
      const s = input.start[i];
      if (!Number.isFinite(s)) throw new InputError(`start ${s} is not a finite number`, { column: "start", row: i + 1 });
      if (!(t > s)) throw new InputError(`stop time ${t} is not after start time ${s}`, { column: "time", row: i + 1 });
    }
    if (input.weights && !(input.weights[i] > 0 && Number.isFinite(input.weights[i]))) {
      throw new InputError(`weight ${input.weights[i]} is not positive`, { column: "weights", row: i + 1 });
    }
  }
  for (let j = 0; j < p; j++) {
    const col = input.x[j];
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i])) throw new InputError(`value ${col[i]} is not a finite number`, { column: input.names[j], row: i + 1 });
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
  const order = stableByStratum(argsortFloat64(input.time), strataIn, nstrata);

  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  const weight = new Float64Array(n);
  const strata = new Int32Array(n);
  const start = input.start ? new Float64Array(n) : undefined;
  let nevent = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    time[k] = input.time[i];
    status[k] = input.event[i];
    nevent += status[k];
    weight[k] = input.weights ? input.weights[i] : 1;
    strata[k] = strataIn[i];
    if (start) start[k] = input.start![i];
  }
  const bounds = new Int32Array(nstrata + 1);
  for (let k = 0; k < n; k++) bounds[strata[k] + 1]++;
  for (let s = 0; s < nstrata; s++) bounds[s + 1] += bounds[s];

  // centring by weighted means (R's coxph.fit does the same before calling coxfit6/agfit4)
  const means = new Float64Array(p);
  let wsum = 0;
  for (let k = 0; k < n; k++) wsum += weight[k];
  const x = new Float64Array(n * p);
  // scatter input rows to their sorted position (one cache line per row, not p random reads)
  const pos = new Uint32Array(n);
  for (let k = 0; k < n; k++) pos[order[k]] = k;
  for (let j = 0; j < p; j++) {
    const col = input.x[j];
    let m = 0;
    if (input.weights) for (let i = 0; i < n; i++) m += input.weights[i] * col[i];
    else for (let i = 0; i < n; i++) m += col[i];
    m /= wsum;
    means[j] = m;
    for (let i = 0; i < n; i++) x[pos[i] * p + j] = col[i] - m;
  }

  let startOrder: Uint32Array | undefined;
  let startSorted: Float64Array | undefined;
  let xStart: Float64Array | undefined;
  if (start) {
    startOrder = stableByStratum(argsortFloat64(start), strata, nstrata);
    startSorted = new Float64Array(n);
    xStart = new Float64Array(n * p);
    for (let r = 0; r < n; r++) {
      const q = startOrder[r];
      startSorted[r] = start[q];
      for (let j = 0; j < p; j++) xStart[r * p + j] = x[q * p + j];
    }
  }

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
    nevent,
    efron: (input.ties ?? "efron") === "efron",
  };
}

/** Linear predictor (centred covariates) for each sorted position. */
export function linearPredictor(d: CoxData, beta: ArrayLike<number>): Float64Array {
  const { n, p, x } = d;
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += beta[j] * x[k * p + j];
    eta[k] = s;
  }
  return eta;
}
