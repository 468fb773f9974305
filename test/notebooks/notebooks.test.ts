/**
 * Executes every notebook in notebooks/ with Jupyter (nbconvert --execute) and the tslab TypeScript
 * kernel, so the notebooks cannot rot: a cell that throws fails the test. Needs Debian's
 * jupyter-nbconvert (installed by .ci/run); skipped with a message elsewhere, required in CI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const PYTHON = "/usr/bin/python3";
const hasJupyter = spawnSync(PYTHON, ["-c", "import nbconvert, nbclient"], { encoding: "utf8" }).status === 0;
if (!hasJupyter) {
  if (process.env.CI) throw new Error("Jupyter (Debian jupyter-nbconvert) is required in CI; .ci/run installs it");
  console.warn("[notebooks.test] skipped: no Jupyter for /usr/bin/python3 (apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel)");
}

const notebooks = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();

describe.skipIf(!hasJupyter)("notebooks execute", () => {
  const prefix = mkdtempSync(join(tmpdir(), "effekt-kernels-"));
  const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") };

  it("installs the tslab kernel into a private prefix", () => {
    const tslab = join(ROOT, "node_modules", ".bin", "tslab");
    const r = spawnSync(tslab, ["install", `--python=${PYTHON}`, `--binary=${tslab}`, `--prefix=${prefix}`], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(prefix, "share", "jupyter", "kernels", "tslab", "kernel.json"))).toBe(true);
  });

  it.each(notebooks)("%s runs every cell without an error", (nb) => {
    const out = join(mkdtempSync(join(tmpdir(), "effekt-nb-")), nb);
    const r = spawnSync(
      "jupyter",
      ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", join(ROOT, "notebooks", nb), "--output", out],
      { encoding: "utf8", env, cwd: join(ROOT, "notebooks") },
    );
    expect(r.status, r.stderr.split("\n").slice(-30).join("\n")).toBe(0);
    const done = JSON.parse(readFileSync(out, "utf8"));
    const outputs = done.cells.flatMap((c: any) => c.outputs ?? []);
    expect(outputs.filter((o: any) => o.output_type === "error")).toEqual([]);
    // every code cell ran (each of ours prints or displays something; tslab leaves execution_count
    // empty) and the figures were displayed inline
    const code = done.cells.filter((c: any) => c.cell_type === "code");
    expect(code.filter((c: any) => (c.outputs ?? []).length === 0).map((c: any) => c.id)).toEqual([]);
    expect(outputs.some((o: any) => o.output_type === "display_data" && String(o.data?.["text/html"] ?? "").includes("<svg"))).toBe(true);
  });
});
