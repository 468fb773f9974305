/**
 * The Cox speed-ups that must not move a number (docs/benchmarks.md, "The example job"): each is
 * checked against the plain computation it replaces, bit for bit (Object.is), on seeded
 * counting-process data with strata, ties and rows never at risk, so that every path of the walk
 * (removals, deaths apart, the schedule's `never`) is exercised.
 *  - unrolled.ts: the generated accumulation and linear predictor against the loops they stand for
 *    (rx_i = r·x_i; a_i += rx_i; c_ij += rx_i·x_j and η = Σ_j b_j·x_j from 0), p = 1..17 (17: the loops),
 *    the deaths' kernel (the same sums plus xd_i += w·x_i) and prepareCox's packing of rows;
 *  - loglik.ts / walk.ts `cols`: score, information and log-likelihood of the leading terms with
 *    and without the trailing held term summed;
 *  - robust.ts: score residuals of the leading columns, and with the event-time sums of a walk
 *    already made at the same η (newtonRaphson's `atBeta`), against the residuals from scratch.
 * Expected values are the plain computation's own results (derivation: the same floating-point
 * operations in the same order give the same doubles).
 */
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/stats/rng.js";
import { accumulator, deathAccumulator, linearPredictorKernel, packRowsKernel } from "../../src/survival/cox/unrolled.js";
import { coxPass } from "../../src/survival/cox/loglik.js";
import { newtonRaphson } from "../../src/survival/cox/fit.js";
import { linearPredictor, prepareCox } from "../../src/survival/cox/risk-sets.js";
import { scoreResiduals } from "../../src/survival/cox/robust.js";
import { eventTimeSums, newEventTimeSums } from "../../src/survival/cox/event-times.js";

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

describe("unrolled kernels do the loops' operations", () => {
  const rng = mulberry32(7);
  for (let p = 1; p <= 17; p++) {
    it(`p = ${p}`, () => {
      const rows = 50;
      const xs = Float64Array.from({ length: rows * p }, () => (rng() - 0.5) * 10 ** Math.floor(rng() * 6 - 3));
      const b = Float64Array.from({ length: p }, () => rng() * 2 - 1);
      const tri = (p * (p + 1)) / 2;
      for (const second of [true, false]) {
        const a1 = new Float64Array(p), c1 = new Float64Array(second ? tri : 0);
        const a2 = new Float64Array(p), c2 = new Float64Array(second ? tri : 0);
        const acc = accumulator(p, second);
        for (let k = 0; k < rows; k++) {
          const r = (k % 3 === 0 ? -1 : 1) * Math.exp(rng() * 4 - 2);
          acc(r, xs, k * p, a1, c1);
          for (let i = 0, t = 0; i < p; i++) {
            const rx = r * xs[k * p + i];
            a2[i] += rx;
            if (second) for (let j = 0; j <= i; j++) c2[t++] += rx * xs[k * p + j];
          }
        }
        sameBits(a1, a2, `a (second ${second})`);
        sameBits(c1, c2, `c (second ${second})`);
        // the deaths' kernel: the same sums, and xd_i += w·x_i from the same row
        const a3 = new Float64Array(p), c3 = new Float64Array(second ? tri : 0);
        const xd1 = new Float64Array(p), xd2 = new Float64Array(p);
        const dacc = deathAccumulator(p, second);
        const r0 = mulberry32(p);
        for (let k = 0; k < rows; k++) {
          const r = (k % 3 === 0 ? -1 : 1) * Math.exp(r0() * 4 - 2);
          const w = 0.5 + r0();
          dacc(r, w, xs, k * p, a3, c3, xd1);
          for (let i = 0; i < p; i++) xd2[i] += w * xs[k * p + i];
        }
        const a4 = new Float64Array(p), c4 = new Float64Array(second ? tri : 0);
        const r1 = mulberry32(p);
        for (let k = 0; k < rows; k++) {
          const r = (k % 3 === 0 ? -1 : 1) * Math.exp(r1() * 4 - 2);
          r1();
          acc(r, xs, k * p, a4, c4);
        }
        sameBits(a3, a4, `deaths' a (second ${second})`);
        sameBits(c3, c4, `deaths' c (second ${second})`);
        sameBits(xd1, xd2, `deaths' xd (second ${second})`);
      }
      const eta1 = new Float64Array(rows), eta2 = new Float64Array(rows), range = new Float64Array(2);
      linearPredictorKernel(p)(b, xs, eta1, 3, rows, range);
      let lo = Infinity, hi = -Infinity;
      for (let k = 3; k < rows; k++) {
        let v = 0;
        for (let j = 0; j < p; j++) v += b[j] * xs[k * p + j];
        eta2[k] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      sameBits(eta1, eta2, "eta");
      // packing: rows to permuted positions, centred per stratum (2 strata) and scaled
      const cols = Array.from({ length: p }, (_, j) => Float64Array.from({ length: rows }, (_, i) => xs[i * p + j]));
      const pos = Uint32Array.from({ length: rows }, (_, i) => (i * 7) % rows);
      const st = Int32Array.from({ length: rows }, (_, i) => i % 2);
      const means = Float64Array.from({ length: 2 * p }, () => rng() - 0.5);
      const scale = Float64Array.from({ length: p }, () => 0.5 + rng());
      const x1 = new Float64Array(rows * p), x2 = new Float64Array(rows * p);
      packRowsKernel(p)(cols, x1, pos, st, means, scale);
      for (let i = 0; i < rows; i++) for (let j = 0; j < p; j++) x2[pos[i] * p + j] = (cols[j][i] - means[st[i] * p + j]) * scale[j];
      sameBits(x1, x2, "packed rows");
      sameBits(range, [lo, hi], "range");
    });
  }
});

/** Seeded (start, stop] data: 3 strata, integer times (ties), p terms, the last a held offset. */
function data(n: number, p: number, seed: number) {
  const rng = mulberry32(seed);
  const start = new Float64Array(n), time = new Float64Array(n), event = new Float64Array(n);
  const strata = new Int32Array(n);
  const x = Array.from({ length: p }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    start[i] = Math.floor(rng() * 20);
    time[i] = start[i] + 1 + Math.floor(rng() * 30);
    event[i] = rng() < 0.4 ? 1 : 0;
    strata[i] = i % 3;
    x[0][i] = rng() < 0.5 ? 1 : 0; // a 0/1 label
    for (let j = 1; j < p - 1; j++) x[j][i] = 40 + 10 * rng(); // scaled terms
    x[p - 1][i] = 0.3 * x[0][i]; // the offset
  }
  return prepareCox({ time, start, event, strata, x, names: x.map((_, j) => `x${j}`) });
}

describe("a held trailing term needs no sums", () => {
  const d = data(400, 5, 11);
  const q = d.p - 1;
  it("has rows never at risk (the schedule's path is exercised)", () => {
    expect(d.schedule.never?.some((v) => v === 1)).toBe(true);
  });
  it("coxPass(cols = p − 1): log-likelihood, score and information of the free terms unchanged", () => {
    const eta = linearPredictor(d, [0.2, 0.01, -0.02, 0.03, 1]);
    const all = coxPass(d, eta);
    const free = coxPass(d, eta, undefined, undefined, q);
    expect(Object.is(free.loglik, all.loglik)).toBe(true);
    sameBits(free.u.subarray(0, q), all.u.subarray(0, q), "u");
    for (let i = 0; i < q; i++) sameBits(free.imat.subarray(i * d.p, i * d.p + q), all.imat.subarray(i * d.p, i * d.p + q), `imat row ${i}`);
  });
  it("the event-time sums a Newton step records are eventTimeSums's", () => {
    const eta = linearPredictor(d, [0.2, 0.01, -0.02, 0.03, 1]);
    const ev = newEventTimeSums(d);
    coxPass(d, eta, undefined, ev, q);
    const walked = eventTimeSums(d, eta, q);
    for (const k of ["time", "stratum", "H", "Hd", "HX", "HXd", "XM", "nrisk", "ndead"] as const) sameBits(ev[k], walked[k], k);
  });
  it("score residuals: leading columns, and with the last Newton walk's event-time sums", () => {
    const held = new Float64Array(d.p);
    held[q] = 1;
    const nr = newtonRaphson(d, { maxIter: 20, eps: 1e-9, free: q, held, singular: () => new Error("singular"), record: true });
    expect(nr.converged).toBe(true);
    const full = new Float64Array(d.p);
    full.set(nr.beta);
    full[q] = 1;
    // the walk's η is in internal units; β on the original scale for the residuals, as randomization.ts
    const beta = Float64Array.from(full, (b, j) => b * d.scale[j]);
    const plain = scoreResiduals(d, beta);
    const leading = scoreResiduals(d, beta, { cols: q });
    const known = { eta: linearPredictor(d, beta), ev: nr.atBeta!.ev };
    const reused = scoreResiduals(d, beta, { cols: q, known, into: new Float64Array(d.n * d.p).fill(7) });
    for (let k = 0; k < d.n; k++) {
      sameBits(leading.subarray(k * d.p, k * d.p + q), plain.subarray(k * d.p, k * d.p + q), `leading row ${k}`);
      sameBits(reused.subarray(k * d.p, k * d.p + q), plain.subarray(k * d.p, k * d.p + q), `reused row ${k}`);
    }
    // the known sums are taken when η matches (tampered sums change the residuals) ...
    const tampered = { ...known, ev: { ...known.ev, H: known.ev.H.map((v) => 2 * v) } };
    const withTampered = scoreResiduals(d, beta, { cols: q, known: tampered });
    expect(withTampered.some((v, i) => v !== leading[i])).toBe(true);
    // ... and not at another η: the sums are walked again
    sameBits(scoreResiduals(d, beta, { cols: q, known: { ...tampered, eta: known.eta.map((v) => v + 1e-3) } }), leading, "other η");
  });
});
