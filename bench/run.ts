/**
 * `npm run bench` (issue 6): effekt against R's survival / clubSandwich on the same seeded data, in
 * the same run. Generates the data (bench/data.ts), times each effekt estimator (bench/cases.ts),
 * writes the data as raw little-endian binary for R (bench/r/bench.R reads it with readBin and times
 * only the model call), and prints a markdown table: rows, effekt s, R s, ratio, max relative
 * difference of the estimates, target. Peak memory of the Cox fit is read from /proc/self/status
 * (VmHWM) in a child process that does only that fit.
 *
 * Options: --rows N (default 5e6 survival, 1e7 DiD; sets both), --quick (200k rows), --no-r,
 *   --only cox,km,logrank,did (or single cases: cox-robust, zph, …), --r-robust-rows N (default 1e5),
 *   --r-lm-rows N (default 1e6), --r-cr2-rows N (default 5000; clubSandwich CR2 is cubic in rows per cluster: 551 s at 20k), --keep (keep the temp data dir).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CASE_GROUPS, CASE_IDS, KM_TIMES, coxRobustEstimates, didEstimates, fitCox, fitCoxRobust, headCox, headDid, makeData,
  runEffekt, timed, twfeFit, type CaseId, type CaseResult,
} from "./cases.js";
import { coxData } from "./data.js";

interface Options {
  survRows: number;
  didRows: number;
  r: boolean;
  ids: CaseId[];
  rRobust: number;
  rLm: number;
  rCr2: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const val = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (flag: string, def: number): number => {
    const v = val(flag);
    if (v === undefined) return def;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1000) throw new Error(`${flag} must be an integer ≥ 1000, got ${v}`);
    return x;
  };
  const quick = argv.includes("--quick");
  const rows = val("--rows") !== undefined ? num("--rows", 0) : undefined;
  const only = val("--only");
  let ids: CaseId[] = [...CASE_IDS];
  if (only) {
    ids = [];
    for (const w of only.split(",").map((s) => s.trim()).filter(Boolean)) {
      const ws = CASE_GROUPS[w] ?? (CASE_IDS.includes(w as CaseId) ? [w as CaseId] : undefined);
      if (!ws) throw new Error(`--only: unknown case "${w}" (known: ${[...new Set([...Object.keys(CASE_GROUPS), ...CASE_IDS])].join(", ")})`);
      ids.push(...ws.filter((x) => !ids.includes(x)));
    }
  }
  const survRows = rows ?? (quick ? 200_000 : 5_000_000);
  const didRows = rows ?? (quick ? 200_000 : 10_000_000);
  return {
    survRows, didRows, ids, r: !argv.includes("--no-r"), keep: argv.includes("--keep"),
    rRobust: Math.min(survRows, num("--r-robust-rows", 100_000)),
    rLm: Math.min(didRows, num("--r-lm-rows", 1_000_000)),
    rCr2: Math.min(didRows, num("--r-cr2-rows", 5_000)),
  };
}

/** Peak resident memory of this process so far (Linux), in GiB. */
function vmhwm(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 2 ** 20 : NaN;
}

/** Child mode: generate the Cox data, fit once (plain and, separately, robust), report VmHWM. */
function childMemory(rows: number): void {
  const d = coxData(rows);
  const afterData = vmhwm();
  fitCox(d);
  const afterFit = vmhwm();
  fitCoxRobust(d);
  console.log(JSON.stringify({ afterData, afterFit, afterRobust: vmhwm() }));
}

function maxRelDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`estimate vectors differ in length: effekt ${a.length}, R ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return m;
}

const binDir = () => mkdtempSync(join(tmpdir(), "effekt-bench-"));
const writeBin = (dir: string, name: string, a: Float64Array | Int32Array | Uint8Array) =>
  writeFileSync(join(dir, name), a instanceof Uint8Array ? new Uint8Array(Float64Array.from(a).buffer) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "";
}

interface Row {
  label: string;
  rows: number;
  effekt: number;
  r?: number;
  diff?: number;
  target?: string;
  pass?: boolean;
  note?: string;
}

const fmtN = (n: number) => (n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : `${+(n / 1e3).toFixed(1)}k`);
const fmtS = (s: number | undefined) => (s === undefined ? "—" : s < 0.1 ? s.toFixed(3) : s.toFixed(2));
const fmtE = (x: number | undefined) => (x === undefined ? "—" : x === 0 ? "0" : x.toExponential(1));

function main(): void {
  const argv = process.argv.slice(2);
  const childAt = argv.indexOf("--child-memory");
  if (childAt >= 0) return childMemory(Number(argv[childAt + 1]));
  const o = parseArgs(argv);
  const self = fileURLToPath(import.meta.url);
  const hasR = o.r && sh("Rscript", ["-e", "cat(paste0(R.version$major, '.', R.version$minor, ', survival ', packageVersion('survival')))"]);
  if (o.r && !hasR) console.error("Rscript (with survival, jsonlite) not found: running effekt only");

  console.error(`load before: ${sh("uptime", [])}`);
  // Peak memory of the Cox fit: a fresh child process, so nothing else is counted.
  let mem: { afterData: number; afterFit: number; afterRobust: number } | undefined;
  if (o.ids.includes("cox")) {
    const c = spawnSync(process.execPath, [self, "--child-memory", String(o.survRows)], { encoding: "utf8" });
    if (c.status === 0) mem = JSON.parse(c.stdout) as typeof mem;
    else console.error(`memory child failed: ${c.stderr}`);
  }
  // Warm-up (JIT) on small data, then the full-size run.
  runEffekt(o.ids, makeData(o.ids, 20_000, 20_000));
  console.error(`generating data: ${fmtN(o.survRows)} survival rows, ${fmtN(o.didRows)} DiD rows`);
  const data = makeData(o.ids, o.survRows, o.didRows);
  console.error("running effekt");
  const results = runEffekt(o.ids, data);
  const byId = new Map(results.map((r) => [r.id, r] as [CaseId, CaseResult]));

  // effekt again at the smaller n where R runs at a smaller n (robust Cox, lm, clubSandwich).
  const small: Partial<Record<CaseId, { rows: number; seconds: number; est: number[] }>> = {};
  if (data.cox && o.ids.includes("cox-robust") && o.rRobust < o.survRows) {
    const t = timed(() => coxRobustEstimates(fitCoxRobust(headCox(data.cox!, o.rRobust))));
    small["cox-robust"] = { rows: o.rRobust, seconds: t.seconds, est: t.value };
  }
  if (data.did && o.ids.includes("did")) {
    const t = timed(() => twfeFit(headDid(data.did!, o.rLm)));
    small.did = { rows: o.rLm, seconds: t.seconds, est: [t.value.res.estimate] };
  }
  if (data.did && o.ids.includes("did-cr2")) {
    const t = timed(() => twfeFit(headDid(data.did!, o.rCr2)));
    small["did-cr2"] = { rows: o.rCr2, seconds: t.seconds, est: didEstimates(t.value.res) };
  }

  // R on the same data.
  let R: Record<string, { rows: number; seconds: number; est: number[] }> = {};
  if (hasR) {
    const dir = binDir();
    try {
      if (data.cox) {
        const c = data.cox;
        writeBin(dir, "cox_time.f64", c.time);
        writeBin(dir, "cox_start.f64", c.start);
        writeBin(dir, "cox_event.f64", c.event);
        c.x.forEach((col, j) => writeBin(dir, `cox_x${j + 1}.f64`, col));
        writeBin(dir, "cox_office.i32", c.office);
      }
      if (data.km) {
        writeBin(dir, "km_time.f64", data.km.time);
        writeBin(dir, "km_event.f64", data.km.event);
        writeBin(dir, "km_group.i32", data.km.group);
      }
      if (data.did) {
        const g = headDid(data.did, Math.max(o.rLm, o.rCr2));
        writeBin(dir, "did_y.f64", g.y);
        writeBin(dir, "did_d.f64", g.d);
        writeBin(dir, "did_office.i32", g.office);
        writeBin(dir, "did_month.i32", g.month);
      }
      const rCases = o.ids.includes("did-cr2") && !o.ids.includes("did") ? [...o.ids, "did"] : o.ids;
      writeFileSync(join(dir, "config.json"), JSON.stringify({
        cases: rCases, n_cox: o.survRows, n_robust: o.rRobust, n_km: o.survRows, n_did_lm: o.rLm, n_did_cr2: o.rCr2, km_times: KM_TIMES,
      }));
      console.error(`running R ${hasR} (data in ${dir})`);
      const script = join(self, "..", "..", "..", "bench", "r", "bench.R");
      const t0 = performance.now();
      const rr = spawnSync("Rscript", [script, dir], { stdio: ["ignore", "inherit", "inherit"] });
      console.error(`R finished in ${((performance.now() - t0) / 1000).toFixed(0)} s (including reading the data)`);
      if (rr.status === 0) R = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as typeof R;
      else console.error(`Rscript failed (exit ${rr.status})`);
    } finally {
      if (!o.keep) rmSync(dir, { recursive: true, force: true });
    }
  }
  const rEst = (id: string) => (R[id] ? ([] as number[]).concat(R[id].est) : undefined);

  // Table rows.
  const rows: Row[] = [];
  const full = (id: CaseId, withR: boolean) => {
    const e = byId.get(id);
    if (!e) return;
    const r = withR ? R[id] : undefined;
    const re = withR ? rEst(id) : undefined;
    rows.push({ label: e.label, rows: e.rows, effekt: e.seconds, r: r?.seconds, diff: re && maxRelDiff(e.estimates, re), target: e.target, pass: e.pass, note: e.note });
  };
  const atR = (id: CaseId, label: string) => {
    const s = small[id];
    if (!s) return;
    const re = rEst(id);
    rows.push({ label, rows: s.rows, effekt: s.seconds, r: R[id]?.seconds, diff: re && maxRelDiff(s.est, re) });
  };
  full("cox", true);
  full("cox-robust", o.rRobust >= o.survRows);
  atR("cox-robust", "Cox Efron + cluster(office), at R's n (coef and robust SE)");
  full("cox-startstop", true);
  full("zph", true);
  full("km", true);
  full("logrank", true);
  full("did", false);
  atR("did", "DiD TWFE estimate vs R lm(y ~ d + factor(office) + factor(month))");
  atR("did-cr2", "DiD TWFE vs lm + clubSandwich CR2 / Satterthwaite (estimate, SE, df)");
  full("did-boot", false);

  const commit = sh("git", ["-C", join(self, "..", "..", ".."), "rev-parse", "--short", "HEAD"]);
  console.log(`\nDate ${new Date().toISOString().slice(0, 10)}, commit ${commit || "?"}, node ${process.version}, ` +
    `R ${hasR || "not run"}, ${sh("nproc", [])} cores; load: ${sh("uptime", []).replace(/.*load average:/, "").trim()}\n`);
  console.log("| case | rows | effekt s | R s | R / effekt | max rel. diff | target | met |");
  console.log("|---|---:|---:|---:|---:|---:|---|---|");
  for (const r of rows) {
    const ratio = r.r !== undefined ? (r.r / r.effekt).toFixed(1) : "—";
    const met = r.pass === undefined ? "" : r.pass ? "yes" : "**no**";
    console.log(`| ${r.label}${r.note ? ` (${r.note})` : ""} | ${fmtN(r.rows)} | ${fmtS(r.effekt)} | ${fmtS(r.r)} | ${ratio} | ${fmtE(r.diff)} | ${r.target ?? ""} | ${met} |`);
  }
  if (mem) {
    const ok = mem.afterFit <= 3;
    console.log(`| peak memory (VmHWM) of a process that generates ${fmtN(o.survRows)} Cox rows and fits: data ${mem.afterData.toFixed(2)} GiB, ` +
      `after plain fit ${mem.afterFit.toFixed(2)} GiB, after robust fit ${mem.afterRobust.toFixed(2)} GiB | ${fmtN(o.survRows)} | | | | | ≤ 3 GB | ${ok ? "yes" : "**no**"} |`);
  }
  console.log("\nR / effekt > 1: effekt faster. Seconds are wall time of the model call only (R: system.time elapsed), after a small JIT warm-up for effekt.");
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
