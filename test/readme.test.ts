/**
 * Every shell line in the README's ```sh blocks runs verbatim and exits 0 — the promise the README
 * makes to a newcomer. Lines run in a temporary folder laid out like the repository (jobs/ copied,
 * data/ linked), with `npx effekt` resolved to this checkout's bin/effekt.js, so nothing is written
 * into the repository. Skipped on purpose, each for a stated reason:
 *   - `npm install …`, `npm test`, `npm run …`: the suite itself, or the benchmarks (minutes, not a test);
 *   - `deno jupyter --install`: registers a kernel in the user's Jupyter folder (a change outside the
 *     repository); the notebook test writes the same kernelspec into a private folder and runs it;
 *   - a command that an earlier line already ran verbatim (the README's first line is
 *     `npm install && npx effekt run jobs/example.yaml`, and the walk-through repeats
 *     `npx effekt run jobs/example.yaml`): the example job takes about 30 s of CPU, and a second run
 *     of the same command in the same folder checks nothing the first did not.
 * The order of the lines is kept: later lines use the files earlier ones write (prepared/, …).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "effekt.js");

/** Shell lines of ```sh blocks, continuation lines joined, comments stripped. */
export function readmeShellLines(markdown: string): string[] {
  const lines: string[] = [];
  const blocks = markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g);
  for (const [, body] of blocks) {
    let pending = "";
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\s+#.*$/, "").replace(/^#.*$/, "");
      if (line.trimEnd().endsWith("\\")) {
        pending += line.trimEnd().slice(0, -1) + " ";
        continue;
      }
      const full = (pending + line).trim();
      pending = "";
      if (full) lines.push(full);
    }
  }
  return lines;
}

const SKIP = [/^npm (test|run|ci)\b/, /^npm install$/, /deno jupyter --install/];

describe("README shell lines run verbatim", () => {
  const dir = mkdtempSync(join(tmpdir(), "effekt-readme-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, "jobs"), join(dir, "jobs"), { recursive: true });
  symlinkSync(join(ROOT, "data"), join(dir, "data"));
  const lines = readmeShellLines(readFileSync(join(ROOT, "README.md"), "utf8"));

  it("finds the example commands", () => {
    // the first line installs and runs the example job (the guide's promise); it is not skipped
    expect(lines[0]).toBe("npm install && npx effekt run jobs/example.yaml");
    expect(lines.some((l) => l.includes("effekt run jobs/example.yaml"))).toBe(true);
    expect(lines.some((l) => l.includes("effekt km"))).toBe(true);
  });

  // `npm install && npx effekt …`: the install part is the suite's own set-up
  const commandOf = (line: string) => line.replace(/^npm install\s*&&\s*/, "");
  const seen = new Set<string>();
  for (const line of lines) {
    const repeat = seen.has(commandOf(line));
    seen.add(commandOf(line));
    const skipped = repeat || SKIP.some((re) => re.test(line));
    it.skipIf(skipped)(line.length > 90 ? line.slice(0, 87) + "…" : line, async () => {
      const command = commandOf(line).replace(/\bnpx effekt\b/g, `node ${JSON.stringify(BIN)}`);
      try {
        // asynchronous, so vitest's worker stays responsive while a long command runs
        // (the example job takes about 30 s of CPU; 10 minutes leave room for a loaded machine — a
        // timeout would leave the job running and the next line, writing the same folder, would
        // find it locked)
        const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", command], { cwd: dir, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
        if (/effekt run jobs\/example\.yaml$/.test(line.replace(/\s*#.*$/, "").trim())) {
          // the terminal summary qualifies both headline numbers as the report does (the bundled
          // example fails the pre-trend and the PH tests: test/job/key-findings.test.ts)
          expect(stdout).toMatch(/DiD effect on exits to work: [\d.]+ pp \(95% CI .*\) — but the pre-trend test fails \(p [<=] [\d.]+\): not to be read as the pilot's effect/);
          expect(stdout).toMatch(/Hazard ratio of work, pilot vs control: [\d.]+ — an average over time: proportional hazards rejected \(p [<=] [\d.]+\)/);
        }
      } catch (e) {
        const err = e as { code?: number; stderr?: string };
        throw new Error(`README line failed (exit ${err.code}): ${line}\n${err.stderr ?? ""}`, { cause: e });
      }
    }, 660_000);
  }
});
