/**
 * The innermost loops of the Cox fits — the risk-set sums of a walk (walk.ts), the linear
 * predictor and the packing of the covariates into sorted rows (risk-sets.ts) — generated once per number of terms p as straight-line code: the
 * covariates of a row and their products in locals, one statement per sum. V8 runs them
 * about twice as fast as the loops over p (the randomization interval of a Cox model walks the risk
 * sets thousands of times). Each kernel does exactly the loops' floating-point operations in the same
 * order for every sum, so the results are the same numbers; above UNROLL_MAX terms the loops run as
 * they are (the generated code would grow as p²).
 */

/** Above this many terms the sums run as loops. */
const UNROLL_MAX = 16;

/** a += r·x_row, and (with `second`) the packed lower triangle c += r·x_row·x_row', over the leading `p` terms of the row at `o`. */
export type Accumulate = (r: number, xs: Float64Array, o: number, a: Float64Array, c: Float64Array) => void;

const kernels = new Map<string, Accumulate>();

/**
 * The accumulation for `p` terms (with or without the second moments), as the loops
 * rx_i = r·x_i; a_i += rx_i; c_ij += rx_i·x_j (j ≤ i) would do it.
 */
export function accumulator(p: number, second: boolean): Accumulate {
  const key = `${p},${second}`;
  let f = kernels.get(key);
  if (f) return f;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — the loops and the generated straight-line code do the same operations in the same order (see the header), so either, for any p, gives the same numbers; only the speed differs
  if (p > UNROLL_MAX) {
    f = second
      ? (r, xs, o, a, c) => {
          for (let i = 0, t = 0; i < p; i++) {
            const rx = r * xs[o + i];
            a[i] += rx;
            for (let j = 0; j <= i; j++) c[t++] += rx * xs[o + j];
          }
        }
      : (r, xs, o, a) => {
          for (let i = 0; i < p; i++) a[i] += r * xs[o + i];
        };
  } else f = new Function("r", "xs", "o", "a", "c", sumsBody(p, second, false)) as Accumulate;
  kernels.set(key, f);
  return f;
}

/**
 * The straight-line body of the accumulation kernels: x_i and r·x_i in locals, a_i += r·x_i, with
 * `deaths` also xd_i += w·x_i, and with `second` c_ij += r·x_i·x_j (j ≤ i), in the loops' order.
 */
function sumsBody(p: number, second: boolean, deaths: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < p; i++) lines.push(`const x${i} = xs[o + ${i}], r${i} = r * x${i}; a[${i}] += r${i};${deaths ? ` xd[${i}] += w * x${i};` : ""}`);
  if (second) for (let i = 0, t = 0; i < p; i++) for (let j = 0; j <= i; j++) lines.push(`c[${t++}] += r${i} * x${j};`);
  return `"use strict";\n${lines.join("\n")}`;
}

/**
 * The deaths' accumulation: as `Accumulate` into the deaths' sums (a, c) and, from the same loads of
 * the row, xd += w·x_row (the deaths' case-weighted covariate sum, which the score needs and which does
 * not depend on β), over the leading `p` terms.
 */
export type AccumulateDeath = (r: number, w: number, xs: Float64Array, o: number, a: Float64Array, c: Float64Array, xd: Float64Array) => void;

const deathKernels = new Map<string, AccumulateDeath>();

/** The deaths' accumulation for `p` terms: the loops of `accumulator` plus xd_i += w·x_i. */
export function deathAccumulator(p: number, second: boolean): AccumulateDeath {
  const key = `${p},${second}`;
  let f = deathKernels.get(key);
  if (f) return f;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — the loops and the generated straight-line code do the same operations in the same order (see the header), so either, for any p, gives the same numbers; only the speed differs
  if (p > UNROLL_MAX) {
    const acc = accumulator(p, second);
    f = (r, w, xs, o, a, c, xd) => {
      acc(r, xs, o, a, c);
      for (let i = 0; i < p; i++) xd[i] += w * xs[o + i];
    };
  } else f = new Function("r", "w", "xs", "o", "a", "c", "xd", sumsBody(p, second, true)) as AccumulateDeath;
  deathKernels.set(key, f);
  return f;
}

export type LinearPredictor = (b: ArrayLike<number>, x: Float64Array, eta: Float64Array, k0: number, k1: number, range: Float64Array) => void;
const predictors = new Map<number, LinearPredictor>();

/**
 * η_k = Σ_j b_j·x_kj (summed from 0 in the order j = 0..p−1) for rows k0..k1−1 of the row-major
 * x with p terms; range = [min η, max η] over those rows.
 */
export function linearPredictorKernel(p: number): LinearPredictor {
  let f = predictors.get(p);
  if (f) return f;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — the loops and the generated straight-line code do the same operations in the same order (see the header), so either, for any p, gives the same numbers; only the speed differs
  if (p > UNROLL_MAX) {
    f = (b, x, eta, k0, k1, range) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = k0; k < k1; k++) {
        let v = 0;
        const o = k * p;
        for (let j = 0; j < p; j++) v += b[j] * x[o + j];
        eta[k] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      range[0] = lo;
      range[1] = hi;
    };
  } else {
    const bs = Array.from({ length: p }, (_, j) => `b${j} = b[${j}]`).join(", ");
    const sum = Array.from({ length: p }, (_, j) => `v += b${j} * x[o + ${j}];`).join(" ");
    const body = [
      `"use strict";`,
      p > 0 ? `const ${bs};` : "",
      "let lo = Infinity, hi = -Infinity;",
      "for (let k = k0; k < k1; k++) {",
      `  const o = k * ${p}; let v = 0; ${sum}`,
      "  eta[k] = v; if (v < lo) lo = v; if (v > hi) hi = v;",
      "}",
      "range[0] = lo; range[1] = hi;",
    ];
    f = new Function("b", "x", "eta", "k0", "k1", "range", body.join("\n")) as LinearPredictor;
  }
  predictors.set(p, f);
  return f;
}

/**
 * x[pos_i·p + j] = (cols_j[i] − means[strata_i·p + j])·scale_j for every input row i and term j:
 * prepareCox's centred, scaled rows written to their sorted positions, all terms of a row together.
 */
export type PackRows = (cols: Float64Array[], x: Float64Array, pos: Uint32Array, strata: Int32Array, means: Float64Array, scale: Float64Array) => void;
const packers = new Map<number, PackRows>();

export function packRowsKernel(p: number): PackRows {
  let f = packers.get(p);
  if (f) return f;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent — the loops and the generated straight-line code do the same operations in the same order (see the header), so either, for any p, gives the same numbers; only the speed differs
  if (p > UNROLL_MAX) {
    f = (cols, x, pos, strata, means, scale) => {
      const n = pos.length;
      for (let i = 0; i < n; i++) {
        const o = pos[i] * p;
        const sp = strata[i] * p;
        for (let j = 0; j < p; j++) x[o + j] = (cols[j][i] - means[sp + j]) * scale[j];
      }
    };
  } else {
    const body = [
      `"use strict";`,
      ...Array.from({ length: p }, (_, j) => `const c${j} = cols[${j}], s${j} = scale[${j}];`),
      "const n = pos.length;",
      "for (let i = 0; i < n; i++) {",
      `  const o = pos[i] * ${p}, sp = strata[i] * ${p};`,
      ...Array.from({ length: p }, (_, j) => `  x[o + ${j}] = (c${j}[i] - means[sp + ${j}]) * s${j};`),
      "}",
    ];
    f = new Function("cols", "x", "pos", "strata", "means", "scale", body.join("\n")) as PackRows;
  }
  packers.set(p, f);
  return f;
}
