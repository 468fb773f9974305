/**
 * Benchmark (issue 6): Kaplan–Meier and log-rank on 5 million rows with 10 groups, integer days and
 * (slower path) continuous times. Target ≤ 0.5 s each. Run: npx tsc -p . && node dist/bench/km-logrank.js
 */
import { kaplanMeier } from "../src/survival/kaplan-meier.js";
import { logrank } from "../src/survival/logrank.js";
import { aalenJohansen } from "../src/survival/cumulative-incidence.js";

const n = Number(process.env.N ?? 5_000_000);
const G = 10;
let s = 12345;
const u = () => (s = (s * 16807) % 2147483647) / 2147483647;

function data(integer: boolean) {
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const cause = new Int32Array(n);
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    group[i] = i % G;
    const T = -Math.log(u()) * 300 * (1 + group[i] / 20);
    const C = u() * 1500;
    const t = Math.min(T, C);
    time[i] = integer ? Math.ceil(t) : t;
    event[i] = T <= C ? 1 : 0;
    cause[i] = event[i] ? 1 + (i % 3 === 0 ? 1 : 0) : 0;
  }
  return { time, event, cause, group };
}

function time(label: string, f: () => unknown) {
  f(); // warm-up
  const runs = 3;
  const t0 = performance.now();
  for (let r = 0; r < runs; r++) f();
  const sec = (performance.now() - t0) / 1000 / runs;
  console.log(`${label.padEnd(40)} ${sec.toFixed(3)} s  ${(n / sec / 1e6).toFixed(1)} M rows/s`);
}

for (const integer of [true, false]) {
  const d = data(integer);
  const kind = integer ? "integer days" : "continuous times";
  time(`KM, ${G} groups, ${kind}`, () => kaplanMeier({ time: d.time, event: d.event, group: d.group }));
  time(`log-rank, ${G} groups, ${kind}`, () => logrank({ time: d.time, event: d.event, group: d.group }));
  time(`Aalen–Johansen, 2 causes, ${kind}`, () => aalenJohansen({ time: d.time, cause: d.cause, group: d.group }));
}
