// Per-file counts of a partial mutation run (see partial-reporter.mjs): killed, survived, timeout,
// no coverage, ignored, compile errors, and the score = (killed + timeout) / (killed + timeout +
// survived + no coverage), as Stryker computes it. `--survived` also lists the surviving mutants.
import { readFileSync } from "node:fs";

const [file, flag] = process.argv.slice(2);
const rows = readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
const by = new Map();
for (const r of rows) {
  const f = r.file.replace(/^.*?\/src\//, "src/");
  if (!by.has(f)) by.set(f, { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 });
  by.get(f)[r.status] = (by.get(f)[r.status] ?? 0) + 1;
}
const score = (c) => {
  const det = c.Killed + c.Timeout;
  const all = det + c.Survived + c.NoCoverage;
  return all ? ((100 * det) / all).toFixed(1) : "—";
};
const tot = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
console.log("file | killed | survived | timeout | no coverage | compile error | ignored | score %");
for (const [f, c] of [...by].sort()) {
  for (const k of Object.keys(tot)) tot[k] += c[k] ?? 0;
  console.log(`${f} | ${c.Killed} | ${c.Survived} | ${c.Timeout} | ${c.NoCoverage} | ${c.CompileError} | ${c.Ignored} | ${score(c)}`);
}
console.log(`all | ${tot.Killed} | ${tot.Survived} | ${tot.Timeout} | ${tot.NoCoverage} | ${tot.CompileError} | ${tot.Ignored} | ${score(tot)}`);
if (flag === "--survived") for (const r of rows) if (r.status === "Survived" || r.status === "NoCoverage") console.log(`${r.status} ${r.file.replace(/^.*?\/src\//, "src/")}:${r.line}:${r.col} ${r.mutator} → ${JSON.stringify(r.replacement)}`);
