/**
 * `effekt prepare` at national scale from Parquet and CSV extracts.
 *
 * Writes register extracts with about `rows` measure rows straight from DuckDB SQL (no JS row
 * loop; deterministic, hash-based): persons with one spell of measures (a second one for 10 %),
 * 1–15 months each (mean 8.8 measure rows per person, as the simulator), office and user group per
 * person, codes from the default catalogue; job-seeker months before the spell, benefits in the
 * month before and during it for two thirds, work after it for half of the persons, disability
 * benefits for 5 % (about 1.7 employment and benefit rows per measure row, close to the simulator's 1.6). Offices and office × month
 * covariates are the bundled ones (data/extracts). Each extract is written as Parquet and as CSV.
 *
 * Usage:
 *   npm run bench:prepare                                    # = national 101700000 /tmp/effekt-prepare-national
 *   node dist/bench/prepare-files.js national [rows] [dir]   # write the extracts once, then time Parquet and CSV
 *   node dist/bench/prepare-files.js write <rows> <dir>      # extracts into <dir>/parquet and <dir>/csv
 *   node dist/bench/prepare-files.js run <dir>/parquet <out> # one prepare, prints seconds and rows
 * 101.7M asked for gives 100.2M measure rows (278M extract rows; CSV 6.7 GB, Parquet 0.43 GB; about
 * 2.5 minutes to write). The prepared tables take about 13 GB per run (removed after each).
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepare } from "../src/index.js";
import { resolveConfig } from "../src/registers/config.js";
import { createDuckDB, sqlString } from "../src/io/duckdb.js";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");

async function write(rows: number, dir: string): Promise<void> {
  const cfg = resolveConfig({});
  const codes = cfg.measures.filter((m) => m.baseline).map((m) => m.code);
  const groups = cfg.userGroups.map((g) => g.code);
  const list = (xs: string[]) => `[${xs.map(sqlString).join(", ")}]`;
  const persons = Math.round(rows / 8.8);
  const db = await createDuckDB();
  const con = await db.connect();
  const t0 = Date.now();
  try {
    await con.run(`CREATE MACRO h(x, salt) AS CAST(hash(x, salt) % 1000003 AS BIGINT)`);
    // Month index 0 = 2010-01 … 71 = 2015-12.
    await con.run(`CREATE MACRO yyyymm(m) AS (2010 + m // 12) * 100 + m % 12 + 1`);
    await con.run(`CREATE VIEW spells AS
      SELECT pid, k,
        CASE WHEN k = 0 THEN h(pid, 1) % 66 ELSE (h(pid, 1) % 66 + 24) % 66 END AS s,
        1 + h(pid * 2 + k, 2) % 15 AS len,
        pid % 10 + 1 AS office,
        ${list(codes)}[1 + h(pid * 2 + k, 3) % ${codes.length}] AS code,
        ${list(groups)}[1 + h(pid, 4) % ${groups.length}] AS grp
      FROM range(1, ${persons + 1}) t(pid), range(0, 2) u(k)
      WHERE k = 0 OR h(pid, 5) % 10 = 0`);
    const queries: Record<string, string> = {
      measures: `SELECT pid AS person_id, yyyymm(m) AS month, office AS office_id, code AS measure_code, grp AS user_group
        FROM (SELECT pid, k, office, code, grp, unnest(generate_series(s, least(s + len - 1, 71))) AS m FROM spells) ORDER BY pid, k, m`,
      employment: `SELECT pid AS person_id, yyyymm(m) AS month, e AS employed, 1 - e AS benefit, 1 - e AS jobseeker FROM (
          SELECT pid, 0 AS e, unnest(generate_series(greatest(s - 3, 0), s - 1)) AS m FROM spells WHERE k = 0 AND s > 0
          UNION ALL
          SELECT pid, 1 AS e, unnest(generate_series(s + len, least(s + len + h(pid, 6) % 24, 71))) AS m FROM spells WHERE k = 0 AND h(pid, 7) % 2 = 0 AND s + len <= 71
        ) ORDER BY person_id, month`,
      benefits: `SELECT pid AS person_id, yyyymm(m) AS month, c AS benefit_code FROM (
          SELECT pid, CASE WHEN h(pid, 8) % 2 = 0 THEN 'DAGPENGER' ELSE 'AAP' END AS c, unnest(generate_series(greatest(s - 1, 0), least(s + len - 1, 71))) AS m FROM spells WHERE k = 0 AND h(pid, 8) % 3 <> 0
          UNION ALL
          SELECT pid, 'UFORE' AS c, unnest(generate_series(s + len, least(s + len + 5, 71))) AS m FROM spells WHERE k = 0 AND h(pid, 9) % 20 = 0 AND s + len <= 71
        ) ORDER BY person_id, month`,
      persons: `SELECT pid AS person_id, 1950 + h(pid, 10) % 50 AS birth_year, CASE WHEN h(pid, 11) % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
          CAST(NULL AS DATE) AS moved_date, CASE WHEN h(pid, 12) % 200 = 0 THEN DATE '2014-06-15' + CAST(h(pid, 13) % 500 AS INTEGER) END AS death_date
        FROM range(1, ${persons + 1}) t(pid)`,
    };
    for (const fmt of ["parquet", "csv"] as const) {
      const out = join(dir, fmt);
      mkdirSync(out, { recursive: true });
      for (const f of ["offices.csv", "office_months.csv"]) copyFileSync(join(ROOT, "data", "extracts", f), join(out, f));
      for (const [name, q] of Object.entries(queries)) {
        const file = join(out, `${name}.${fmt}`);
        const opts = fmt === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
        const r = await con.runAndReadAll(`COPY (${q}) TO ${sqlString(file)} (${opts})`);
        console.log(`${file}: ${String(r.getRows()[0]?.[0] ?? "?")} rows (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

interface RunResult {
  extracts: string;
  measureRows: number;
  extractRows: number;
  wall: number;
  user: number;
  system: number;
  /** Peak resident memory of the whole process (every thread), bytes. */
  peak: number;
}

async function run(extracts: string, out: string): Promise<RunResult> {
  const t0 = process.hrtime.bigint();
  const r = await prepare({ extracts, out });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const u = process.resourceUsage();
  const rows = r.summary.rows;
  const all = rows.measures.read + rows.employment.read + rows.employment.benefitsRead + rows.persons.read;
  console.log(`prepare ${extracts}: ${rows.measures.read} measure rows (${all} extract rows) in ${wall.toFixed(1)} s; exits ${r.summary.exits.kept}, spells ${r.summary.spells.kept}`);
  return { extracts, measureRows: rows.measures.read, extractRows: all, wall, user: u.userCPUTime / 1e6, system: u.systemCPUTime / 1e6, peak: u.maxRSS * 1024 };
}

/**
 * `national [rows] [dir]`: the extracts (written once, kept in dir), then one `prepare` process per
 * input format, each timed from inside (wall clock around `prepare`, the process's CPU and peak
 * resident memory, worker thread included); prints a table beside the targets.
 */
async function national(rows: number, dir: string): Promise<void> {
  const { existsSync, rmSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  if (!existsSync(join(dir, "csv", "persons.csv"))) await write(rows, dir);
  const target = { parquet: "≤ 90 s, ≤ 4 GB", csv: "≤ 180 s" } as const;
  const lines: string[] = [];
  for (const fmt of ["parquet", "csv"] as const) {
    const out = join(dir, `out-${fmt}`);
    rmSync(out, { recursive: true, force: true });
    const stdout = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "run", join(dir, fmt), out, "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    rmSync(out, { recursive: true, force: true });
    const r = JSON.parse(stdout.trim().split("\n").pop()!) as RunResult;
    lines.push(`| ${fmt} | ${(r.measureRows / 1e6).toFixed(1)}M (${(r.extractRows / 1e6).toFixed(1)}M) | ${r.wall.toFixed(1)} | ${(r.user + r.system).toFixed(1)} (${r.user.toFixed(1)} + ${r.system.toFixed(1)}) | ${(r.peak / 1e9).toFixed(2)} GB (${(r.peak / 2 ** 30).toFixed(2)} GiB) | ${target[fmt]} |`);
  }
  console.log("| input | measure rows (all extract rows) | wall s | CPU s (user + system) | peak memory | target |");
  console.log("|---|---:|---:|---:|---:|---|");
  for (const l of lines) console.log(l);
}

const [cmd, a, b] = process.argv.slice(2);
if (cmd === "write") await write(Number(a), b);
else if (cmd === "run") {
  const r = await run(a, b);
  if (process.argv.includes("--json")) console.log(JSON.stringify(r));
} else if (cmd === "national") await national(Number(a ?? 101_700_000), b ?? "/tmp/effekt-prepare-national");
else {
  console.error("usage: prepare-files.js write <rows> <dir> | run <extracts> <out> [--json] | national [rows] [dir]");
  process.exit(2);
}
