/**
 * Benchmark (issue 6): Kaplan–Meier and log-rank on 5 million rows with 10 groups, integer days and
 * (slower path) continuous times. Target ≤ 0.5 s each. Run: npx tsc -p . && node dist/bench/km-logrank.js
 */
import { kaplanMeier } from "../src/survival/kaplan-meier.js";
import { logrank } from "../src/survival/logrank.js";
import { aalenJohansen } from "../src/survival/cumulative-incidence.js";
import { kmData } from "./data.js";

const n = Number(process.env.N ?? 5_000_000);
const G = 10;
function time(label: string, f: () => unknown) {
  f(); // warm-up
  const runs = 3;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let r = 0; r < runs; r++) f();
  const sec = (performance.now() - t0) / 1000 / runs;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6 / runs;
  // CPU seconds too: on a shared machine the wall time includes waiting for a core
  console.log(`${label.padEnd(40)} ${sec.toFixed(3)} s wall, ${cpu.toFixed(3)} s cpu  ${(n / sec / 1e6).toFixed(1)} M rows/s`);
}

for (const integer of [true, false]) {
  const d = kmData(n, G, integer);
  const kind = integer ? "integer days" : "continuous times";
  time(`KM, ${G} groups, ${kind}`, () => kaplanMeier({ time: d.time, event: d.event, group: d.group }));
  time(`log-rank, ${G} groups, ${kind}`, () => logrank({ time: d.time, event: d.event, group: d.group }));
  time(`Aalen–Johansen, 2 causes, ${kind}`, () => aalenJohansen({ time: d.time, cause: d.cause, group: d.group }));
  // fractional case weights: R's default robust (infinitesimal-jackknife) SE, from the same time walk
  const w = Float64Array.from(d.time, (_, i) => 0.5 + (i % 7) / 7);
  time(`KM, fractional weights (IJ SE), ${kind}`, () => kaplanMeier({ time: d.time, event: d.event, group: d.group, weights: w }));
}
