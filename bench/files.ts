/**
 * Whole-process benchmark (issue 11): Cox from a file, side by side with R in one run. Writes the
 * seeded register-like Cox data (bench/data.ts: 5M rows, p = 5, integer days, covariates rounded to 4
 * decimals so that the text and binary files hold the same doubles) as CSV, Parquet (DuckDB COPY)
 * and Arrow IPC, then times as separate processes, each under /usr/bin/time (wall seconds, peak RSS):
 *   effekt cox --data FILE --time time --event event --covariates pilot,x2,x3,x4,x5
 *     (the printed fit: coefficients, hazard ratios and limits, LR/Wald/score tests, concordance —
 *     the work R's coxph does; the timed column)
 *   the same with --format json (which adds cox.zph, the proportional-hazards test, which R's side
 *     does not compute: timed and shown in its own column, and read for the coefficients)
 *   Rscript: data.table::fread(CSV) + survival::coxph(Surv(time, event) ~ pilot + x2 + x3 + x4 + x5)
 * and checks that every format gives exactly the coefficients of the in-memory fit (coxph on the
 * generated arrays) and how far R's are from them. `--repeat K` runs every command K times and
 * reports the run with the median CPU seconds (the machine is shared: one run can be unlucky).
 *
 * The files are kept in bench/data (git-ignored) as cox-N.csv/.parquet/.arrow and written only when
 * missing, so that repeated runs time the same files without regenerating them.
 *
 * Run: npm run build && node dist/bench/files.js [--rows N] [--no-r] [--only csv,parquet,arrow] [--repeat K]
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { createDuckDB } from "../src/io/duckdb.js";
import { coxph } from "../src/survival/cox/index.js";
import { coxData } from "./data.js";

const argv = process.argv.slice(2);
const rowsArg = argv.indexOf("--rows");
const n = rowsArg >= 0 ? Number(argv[rowsArg + 1]) : 5_000_000;
const withR = !argv.includes("--no-r");
const onlyArg = argv.indexOf("--only");
const only = onlyArg >= 0 ? argv[onlyArg + 1].split(",") : ["csv", "parquet", "arrow"];
const repeatArg = argv.indexOf("--repeat");
const repeat = repeatArg >= 0 ? Math.max(1, Number(argv[repeatArg + 1])) : 1;
const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
const BIN = join(ROOT, "bin", "effekt.js");
const COVS = ["pilot", "x2", "x3", "x4", "x5"];

interface Timed {
  seconds: number;
  /** user + system CPU seconds: on a shared machine the wall time includes waiting for a core. */
  cpu: number;
  peakGiB: number;
  stdout: string;
}

/** Run a command under /usr/bin/time -v: wall seconds and maximum resident set size. */
function timedRun(cmd: string, args: string[]): Timed {
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr)!;
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)![1]);
  const cpu = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)![1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)![1]);
  return { seconds, cpu, peakGiB: rss / 2 ** 20, stdout: r.stdout };
}

/** `repeat` runs; the one with the median CPU seconds (with it, its wall time and peak). */
function medianRun(cmd: string, args: string[]): Timed {
  const runs = Array.from({ length: repeat }, () => timedRun(cmd, args)).sort((a, b) => a.cpu - b.cpu);
  return runs[(runs.length - 1) >> 1];
}

async function main(): Promise<void> {
  const dataDir = join(ROOT, "bench", "data");
  mkdirSync(dataDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "effekt-bench-files-"));
  try {
    const d = coxData(n);
    const round4 = (v: Float64Array) => v.map((x) => Math.round(x * 1e4) / 1e4);
    const x = d.x.map((c, j) => (j === 0 ? c : round4(c)));
    const event = Float64Array.from(d.event);
    const ref = coxph({ time: d.time, event, x, names: COVS });

    // CSV (streamed), then Parquet from it through DuckDB, Arrow IPC from the arrays; each written
    // under a temporary name and renamed, so that an interrupted run leaves no partial file behind.
    const csv = join(dataDir, `cox-${n}.csv`);
    const parquet = join(dataDir, `cox-${n}.parquet`);
    const arrow = join(dataDir, `cox-${n}.arrow`);
    if (!existsSync(csv)) await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(`${csv}.part`);
      out.on("error", reject);
      out.write(`time,event,${COVS.join(",")},office\n`);
      const CH = 100_000;
      let i = 0;
      const pump = (): void => {
        while (i < n) {
          let s = "";
          for (const end = Math.min(n, i + CH); i < end; i++) {
            s += `${d.time[i]},${d.event[i]},${x[0][i]},${x[1][i]},${x[2][i]},${x[3][i]},${x[4][i]},${d.office[i]}\n`;
          }
          if (!out.write(s)) return void out.once("drain", pump);
        }
        out.end(() => {
          renameSync(`${csv}.part`, csv);
          resolve();
        });
      };
      pump();
    });
    if (!existsSync(parquet)) {
      const db = await createDuckDB();
      const con = await db.connect();
      await con.run(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${parquet}.part' (FORMAT parquet)`);
      con.closeSync();
      db.closeSync();
      renameSync(`${parquet}.part`, parquet);
    }
    if (!existsSync(arrow)) {
      writeFileSync(
        `${arrow}.part`,
        tableToIPC(tableFromArrays({ time: Int32Array.from(d.time), event: Int32Array.from(d.event), pilot: Int32Array.from(x[0]), x2: x[1], x3: x[2], x4: x[3], x5: x[4], office: d.office }), "file"),
      );
      renameSync(`${arrow}.part`, arrow);
    }
    const size = (f: string) => `${(statSync(f).size / 2 ** 20).toFixed(0)} MB`;
    console.error(`data: ${n} rows; CSV ${size(csv)}, Parquet ${size(parquet)}, Arrow ${size(arrow)}`);

    const rows: { input: string; effekt: Timed; json: Timed; same: boolean }[] = [];
    for (const [label, f] of [["CSV", csv], ["Parquet", parquet], ["Arrow IPC", arrow]] as const) {
      if (!only.includes(label.split(" ")[0].toLowerCase())) continue;
      const args = [BIN, "cox", "--data", f, "--time", "time", "--event", "event", "--covariates", COVS.join(",")];
      const t = medianRun(process.execPath, args);
      const json = medianRun(process.execPath, [...args, "--format", "json"]);
      const coef = (JSON.parse(json.stdout) as { coef: number[] }).coef;
      const same = coef.every((b, j) => b === ref.coef[j]);
      rows.push({ input: label, effekt: t, json, same });
      console.error(`${label}: ${t.seconds.toFixed(2)} s (${t.cpu.toFixed(2)} s CPU), peak ${t.peakGiB.toFixed(2)} GiB; JSON with cox.zph ${json.seconds.toFixed(2)} s (${json.cpu.toFixed(2)} s CPU); coefficients ${same ? "identical to" : "DIFFERENT from"} the in-memory fit`);
    }

    let r: Timed | undefined;
    let rDiff = NaN;
    if (withR) {
      const script = join(dir, "fread-coxph.R");
      writeFileSync(
        script,
        `suppressPackageStartupMessages({ library(data.table); library(survival) })
d <- fread(commandArgs(TRUE)[1])
fit <- coxph(Surv(time, event) ~ pilot + x2 + x3 + x4 + x5, data = d)
cat(sprintf("%.17g", coef(fit)), "\\n")\n`,
      );
      try {
        r = medianRun("Rscript", [script, csv]);
        const coef = r.stdout.trim().split(/\s+/).map(Number);
        rDiff = Math.max(...coef.map((b, j) => Math.abs(b - ref.coef[j]) / Math.abs(ref.coef[j])));
      } catch (e) {
        console.error(`R failed: ${(e as Error).message.slice(0, 500)}`);
      }
    }
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
    console.log(`\nWhole process, Cox (Efron, p = 5) on ${n.toLocaleString("en")} rows; ${new Date().toISOString().slice(0, 10)}, commit ${commit}`);
    console.log("R: data.table::fread(CSV) + survival::coxph, whole Rscript process; max rel. diff of R's coefficients from effekt's:", r ? rDiff.toExponential(1) : "—");
    const load = spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.split(" ").slice(0, 3).join(" ");
    console.log(`Load average at the end: ${load} (2 cores). Wall seconds, and in brackets CPU seconds (user + system)${repeat > 1 ? `; each the run with the median CPU of ${repeat}` : ""}.`);
    console.log("\n| input | effekt s, printed fit | R s (fread + coxph, from the CSV) | R / effekt (wall; CPU) | effekt peak memory (targets in GB = 10^9 bytes) | effekt s, JSON with cox.zph | same coefficients as in memory |");
    console.log("|---|---:|---:|---:|---:|---:|---|");
    for (const row of rows) {
      const ratio = r ? `${(r.seconds / row.effekt.seconds).toFixed(1)}; ${(r.cpu / row.effekt.cpu).toFixed(1)}` : "—";
      const rs = r ? `${r.seconds.toFixed(2)} (${r.cpu.toFixed(2)})` : "—";
      console.log(`| ${row.input} | ${row.effekt.seconds.toFixed(2)} (${row.effekt.cpu.toFixed(2)}) | ${rs} | ${ratio} | ${row.effekt.peakGiB.toFixed(2)} GiB (${((row.effekt.peakGiB * 2 ** 30) / 1e9).toFixed(2)} GB) | ${row.json.seconds.toFixed(2)} (${row.json.cpu.toFixed(2)}) | ${row.same ? "yes" : "NO"} |`);
    }
    if (r) console.log(`\nR peak memory ${r.peakGiB.toFixed(2)} GiB.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
