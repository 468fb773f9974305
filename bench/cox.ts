/**
 * Cox benchmark (issue 6 targets): register-like data, integer days, ~half events, p = 5, 10
 * offices. Prints seconds and rows/second for plain Efron, cluster-robust by office, start/stop,
 * and cox.zph. Run: npx tsc -p . && node dist/bench/cox.js [rows]
 */
import { coxZph, coxph } from "../src/survival/cox/index.js";

function rng(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const n = Number(process.argv[2] ?? 5_000_000);
const p = 5;
const r = rng(2013);
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
const names = ["pilot", "x2", "x3", "x4", "x5"];
const mem = () => `${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GB rss`;
function timeIt<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = f();
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  // CPU seconds too: on a shared machine the wall time includes waiting for a core
  console.log(
    `${label.padEnd(28)} ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s cpu  ${Math.round(n / s).toLocaleString("en")} rows/s  ${mem()}`,
  );
  return out;
}
console.log(`n = ${n.toLocaleString("en")}, p = ${p}, events = ${event.reduce((a, b) => a + b, 0)}`);
const fit = timeIt("coxph efron", () => coxph({ time, event, x, names }));
timeIt("coxph efron + cluster", () => coxph({ time, event, x, names, cluster: office }));
timeIt("coxph start/stop", () => coxph({ time, start, event, x, names }));
timeIt("cox.zph (km) on the fit", () => coxZph(fit));
console.log("coef", fit.coef.map((b) => b.toFixed(4)).join(" "), "(truth", beta.join(" "), ")");
