/**
 * Property-based test (fast-check): corrupted and truncated CSV, Parquet and Arrow files fed to
 * every estimating command (cox, km, logrank, cuminc, did). Each run must end, within a time limit,
 * with exit 0, or with one line on stderr and exit 3 (bad input) or 4 (estimation failed) — never an
 * internal error (exit 1), a stack trace or a hang. A CSV cut at any byte is still a CSV: when it
 * is read, the numbers must equal those of the same rows parsed independently here.
 * The CLI runs in-process (src/cli/main.ts) so that hundreds of runs stay within a few seconds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corrupt, corruption, expectClean, runInProcess } from "../helpers/corrupt.js";
import { coxphFromTable, tableFromColumns } from "../../src/index.js";
import { createDuckDB } from "../../src/io/duckdb.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-corrupt-"));
const N = 80;

/** Seeded synthetic data with every column the commands use. */
function data() {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cols = { time: [] as number[], event: [] as number[], cause: [] as number[], age: [] as number[], grp: [] as string[], office: [] as number[], year: [] as number[], pilot: [] as number[], job: [] as number[] };
  for (let i = 0; i < N; i++) {
    cols.time.push(1 + Math.floor(rnd() * 300));
    const e = rnd() < 0.6 ? 1 : 0;
    cols.event.push(e);
    cols.cause.push(e ? 1 + Math.floor(rnd() * 2) : 0);
    cols.age.push(20 + Math.floor(rnd() * 40));
    cols.grp.push(rnd() < 0.5 ? "a" : "b");
    cols.office.push(1 + (i % 8));
    cols.year.push(2010 + (Math.floor(i / 8) % 4));
    cols.pilot.push(i % 8 < 4 ? 1 : 0);
    cols.job.push(rnd() < 0.5 ? 1 : 0);
  }
  return cols;
}

const COMMANDS: Record<string, string[]> = {
  cox: ["cox", "--time", "time", "--event", "event", "--covariates", "age,grp"],
  km: ["km", "--time", "time", "--event", "event", "--group", "grp"],
  logrank: ["logrank", "--time", "time", "--event", "event", "--group", "grp"],
  cuminc: ["cuminc", "--time", "time", "--cause", "cause"],
  did: ["did", "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2012", "--draws", "99"],
};

const run = (args: string[]) => runInProcess(args);

const base: Record<string, Uint8Array> = {};
let counter = 0;

beforeAll(async () => {
  const d = data();
  const csv = ["time,event,cause,age,grp,office,year,pilot,job"];
  for (let i = 0; i < N; i++) csv.push([d.time[i], d.event[i], d.cause[i], d.age[i], d.grp[i], d.office[i], d.year[i], d.pilot[i], d.job[i]].join(","));
  base.csv = Buffer.from(csv.join("\n") + "\n");
  writeFileSync(join(dir, "base.csv"), base.csv);
  base.arrow = tableToIPC(
    tableFromArrays({
      time: Float64Array.from(d.time), event: Int32Array.from(d.event), cause: Int32Array.from(d.cause), age: Float64Array.from(d.age),
      grp: d.grp, office: Int32Array.from(d.office), year: Int32Array.from(d.year), pilot: Int32Array.from(d.pilot), job: Int32Array.from(d.job),
    }),
    "file",
  );
  const db = await createDuckDB();
  const con = await db.connect();
  await con.run(`COPY (SELECT * FROM read_csv('${join(dir, "base.csv")}', header = true)) TO '${join(dir, "base.parquet")}' (FORMAT parquet)`);
  con.closeSync();
  db.closeSync();
  base.parquet = readFileSync(join(dir, "base.parquet"));
});

afterAll(() => {
  process.exitCode = undefined;
});

function write(ext: string, bytes: Uint8Array): string {
  const p = join(dir, `f${counter++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
}

describe("corrupted and truncated files (fast-check)", () => {
  for (const ext of ["csv", "parquet", "arrow"]) {
    it(`${ext}: every command ends with numbers or one clear line (exit 3/4), never an internal error or a hang`, async () => {
      await fc.assert(
        fc.asyncProperty(corruption, fc.constantFrom(...Object.keys(COMMANDS)), async (c, cmd) => {
          const p = write(ext, corrupt(base[ext], c));
          if (process.env.EFFEKT_PROP_LOG) process.stderr.write(`START ${cmd} ${p}\n`);
          const r = await run([...COMMANDS[cmd], "--data", p]);
          expectClean(r, `${cmd} on ${ext} ${JSON.stringify(c)}`);
          if (process.env.EFFEKT_PROP_LOG) console.log(ext, cmd, r.code, r.stderr.trim().slice(0, 150));
        }),
        { numRuns: ext === "arrow" ? 50 : 100, seed: 20261130, endOnFailure: true },
      );
    }, 120_000);
  }

  it("csv cut at any byte: when it is read, Cox equals the fit on the same rows parsed independently", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: base.csv.length }), async (cut) => {
        const text = Buffer.from(base.csv.slice(0, cut)).toString("utf8");
        const p = write("csv", Buffer.from(text));
        const r = await run([...COMMANDS.cox, "--data", p]);
        expectClean(r, `cut at ${cut}`);
        if (r.code !== 0) return;
        // independent parse: plain split (the generated file has no quotes)
        const lines = text.split("\n").filter((l) => l !== "");
        const header = lines[0].split(",");
        const rows = lines.slice(1).map((l) => l.split(","));
        const col = (name: string) => rows.map((cells) => cells[header.indexOf(name)]);
        const num = (name: string) => Float64Array.from(col(name), (v) => (v === undefined || v === "" ? NaN : Number(v)));
        const t = tableFromColumns({ time: num("time"), event: num("event"), age: num("age"), grp: col("grp").map((v) => v ?? null) });
        const fit = coxphFromTable(t, { time: "time", event: "event", covariates: ["age", "grp"] });
        expect(JSON.parse(r.stdout).coef).toEqual(Array.from(fit.coef));
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 120_000);
});
