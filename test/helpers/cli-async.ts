/**
 * The CLI run asynchronously (child_process.spawn), so that vitest's worker stays responsive while a
 * long run (bootstrap, randomization inference) works under a loaded machine. Same contract as cli.ts.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT, type CliResult } from "./cli.js";

const BIN = join(ROOT, "bin", "effekt.js");

export function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    p.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    p.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function runCliJsonAsync<T = any>(args: string[]): Promise<T> {
  const r = await runCliAsync([...args, "--format", "json"]);
  if (r.code !== 0) throw new Error(`effekt ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
