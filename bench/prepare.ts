/**
 * Benchmark of `prepare` at scale: simulate extracts with N persons (about 8.8 measure rows per
 * person; 11.4 million persons ≈ 100 million rows), then run prepare and print rows/second.
 * Usage: npx tsc -p . && node --max-old-space-size=8192 dist/bench/prepare.js [persons] [workdir] [--reuse] [--clean]
 * (--reuse: keep extracts already simulated in workdir; --clean: delete workdir at the end).
 * Measured 2026-11-23 (2 cores): 100.3 million measure rows (272 million rows in all extracts):
 * simulate 108 s; prepare 166 s (603 000 measure rows/s, 1.6 million extract rows/s), peak 4.65 GiB
 * resident (345 s with an earlier 16-bit-digit sort).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { prepare, simulate } from "../src/index.js";

const persons = Number(process.argv[2] ?? 1_000_000);
const dir = process.argv[3] ?? `/tmp/effekt-bench-${persons}`;
mkdirSync(dir, { recursive: true });
const rss = () => `${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB rss`;
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);

if (!(process.argv.includes("--reuse") && existsSync(join(dir, "extracts", "measures.arrow")))) {
  const t0 = Date.now();
  const sim = await simulate({ out: join(dir, "extracts"), persons, seed: 1 });
  const simS = (Date.now() - t0) / 1000;
  console.log(`simulate: ${persons} persons, ${sim.rows.measures} measure rows, ${sim.rows.employment} employment rows, ${sim.rows.benefits} benefit rows in ${simS.toFixed(1)} s (${rss()})`);
}

const t1 = Date.now();
const r = await prepare({ extracts: join(dir, "extracts"), out: join(dir, "prepared") });
const s = (Date.now() - t1) / 1000;
clearInterval(timer);
const rows = r.summary.rows.measures.read;
const all = rows + r.summary.rows.employment.read + r.summary.rows.employment.benefitsRead + r.summary.rows.persons.read;
console.log(`prepare: ${rows} measure rows (${all} rows in all extracts) in ${s.toFixed(1)} s`);
console.log(`  ${Math.round(rows / s).toLocaleString("en")} measure rows/second; ${Math.round(all / s).toLocaleString("en")} extract rows/second`);
console.log(`  exits kept ${r.summary.exits.kept}, spells ${r.summary.spells.kept}; peak ${(peak / 2 ** 30).toFixed(2)} GiB rss`);
if (process.argv.includes("--clean")) rmSync(dir, { recursive: true, force: true });
