/**
 * Cox benchmark (issue 6 targets): register-like data, integer days, ~half events, p = 5, 10
 * offices. Prints wall and CPU seconds and rows/second for plain Efron, Efron with Harrell's
 * concordance (on by default in the CLI), cluster-robust by office, start/stop, and cox.zph. Run: npx tsc -p . && node dist/bench/cox.js [rows]
 */
import { coxZph, coxph } from "../src/survival/cox/index.js";
import { coxData } from "./data.js";

const n = Number(process.argv[2] ?? 5_000_000);
const p = 5;
const { time, start, event, x, office, names, beta } = coxData(n);
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
// JIT warm-up on 100k rows (plain and clustered), so that the first timed fit is not also compiling
{
  const m = Math.min(n, 100_000);
  const sub = { time: time.subarray(0, m), event: event.subarray(0, m), x: x.map((c) => c.subarray(0, m)), names };
  coxph(sub);
  coxph({ ...sub, cluster: office.subarray(0, m) });
}
const fit = timeIt("coxph efron", () => coxph({ time, event, x, names }));
timeIt("coxph efron + concordance", () => coxph({ time, event, x, names, concordance: true }));
timeIt("coxph efron + cluster", () => coxph({ time, event, x, names, cluster: office }));
timeIt("coxph start/stop", () => coxph({ time, start, event, x, names }));
timeIt("cox.zph (km) on the fit", () => coxZph(fit));
console.log("coef", fit.coef.map((b) => b.toFixed(4)).join(" "), "(truth", beta.join(" "), ")");
