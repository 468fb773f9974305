/**
 * Wild cluster bootstrap speed (issue 16): B = 9 999 Webb draws (Rademacher enumeration of all 2^10
 * vectors at G = 10) with the test-inversion CI, at G = 10, 50, 500, 5 000 clusters, on seeded panels
 * shaped like mpdta (5 periods, 4 rows per unit-period, half the units treated from period 3).
 * Targets: G = 500 ≤ 1 s, G = 5 000 ≤ 10 s. The former O(G²)-per-draw implementation
 * (bench/wild-bootstrap-reference.ts) runs on the same draws for the p-value (no CI; at G = 5 000 it
 * would take about 15 minutes (G² × the 8.7 s at G = 500) and is skipped) and the p-values must be identical.
 * Run: npx tsc -p . && node dist/bench/wild-bootstrap.js [--periods 5] [--no-old]
 */
import { fitFromGrams, twfeDesign, wildClusterBootstrap } from "../src/index.js";
import { wildClusterBootstrapReference } from "./wild-bootstrap-reference.js";
import { didData } from "./data.js";

export interface BootBenchRow {
  G: number;
  periods: number;
  draws: number;
  seconds: number;
  /** CPU seconds of this process during the fast bootstrap (the machine is shared: wall time varies). */
  cpuSeconds: number;
  p: number;
  ci: [number, number] | null;
  oldSeconds: number | null;
  oldP: number | null;
}

export function benchBootstrap(G: number, periods = 5, draws = 9999, old = true): BootBenchRow {
  const { y, d, office: unit, month: time } = didData(G * periods * 4, 42 + G, G, periods);
  const des = twfeDesign({ y, d, unit, time, cluster: unit });
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors);
  let t0 = performance.now();
  const c0 = process.cpuUsage();
  const b = wildClusterBootstrap(des, fit, { draws, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  let oldSeconds: number | null = null;
  let oldP: number | null = null;
  if (old && G <= 500) {
    t0 = performance.now();
    oldP = wildClusterBootstrapReference(des, fit, { draws, seed: 1, ci: false }).p_value;
    oldSeconds = (performance.now() - t0) / 1000;
  }
  return { G, periods, draws: b.draws, seconds, cpuSeconds, p: b.p_value, ci: b.ci, oldSeconds, oldP };
}

if (process.argv[1]?.endsWith("wild-bootstrap.js")) {
  const i = process.argv.indexOf("--periods");
  const periods = i > 0 ? Number(process.argv[i + 1]) : 5;
  const old = !process.argv.includes("--no-old");
  console.log("| G | periods | draws | fast s (p + CI) | fast CPU s | target | former s (p only) | p fast | p former | identical |");
  console.log("|---:|---:|---:|---:|---:|---|---:|---:|---:|---|");
  for (const G of [10, 50, 500, 5000]) {
    const r = benchBootstrap(G, periods, 9999, old);
    const target = G === 500 ? "≤ 1 s" : G === 5000 ? "≤ 10 s" : "";
    const met = G === 500 ? (r.seconds <= 1 ? " yes" : " NO") : G === 5000 ? (r.seconds <= 10 ? " yes" : " NO") : "";
    console.log(`| ${G} | ${periods} | ${r.draws} | ${r.seconds.toFixed(3)} | ${r.cpuSeconds.toFixed(3)} | ${target}${met} | ${r.oldSeconds?.toFixed(2) ?? "—"} | ${r.p} | ${r.oldP ?? "—"} | ${r.oldP === null ? "—" : r.oldP === r.p ? "yes" : "NO"} |`);
  }
}
