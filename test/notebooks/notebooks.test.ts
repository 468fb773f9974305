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
import { coxphFromTable, didFromTable, logrankFromTable, prepare, readTable } from "../../src/index.js";

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

  const executed: Record<string, any> = {};
  it.each(notebooks)("%s runs every cell without an error", (nb) => {
    const out = join(mkdtempSync(join(tmpdir(), "effekt-nb-")), nb);
    const r = spawnSync(
      "jupyter",
      ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", join(ROOT, "notebooks", nb), "--output", out],
      { encoding: "utf8", env, cwd: join(ROOT, "notebooks") },
    );
    expect(r.status, r.stderr.split("\n").slice(-30).join("\n")).toBe(0);
    const done = JSON.parse(readFileSync(out, "utf8"));
    executed[nb] = done;
    const outputs = done.cells.flatMap((c: any) => c.outputs ?? []);
    expect(outputs.filter((o: any) => o.output_type === "error")).toEqual([]);
    // every code cell ran (each of ours prints or displays something; tslab leaves execution_count
    // empty) and the figures were displayed inline
    const code = done.cells.filter((c: any) => c.cell_type === "code");
    expect(code.filter((c: any) => (c.outputs ?? []).length === 0).map((c: any) => c.id)).toEqual([]);
    expect(outputs.some((o: any) => o.output_type === "display_data" && String(o.data?.["text/html"] ?? "").includes("<svg"))).toBe(true);
  });

  /**
   * What the walk-through shows is what the API gives: the test repeats the notebook's calls through the
   * API (same extracts, same options) and compares every number the notebook prints, to the precision it
   * prints them (|shown − API| ≤ half a unit in the last shown digit).
   */
  it("01-pilot-evaluation.ipynb shows the API's numbers", async () => {
    const done = executed["01-pilot-evaluation.ipynb"];
    expect(done, "the notebook ran in the test above").toBeDefined();
    const text = (id: string) =>
      done.cells.find((c: any) => c.id === id).outputs.filter((o: any) => o.output_type === "stream").map((o: any) => [].concat(o.text).join("")).join("");
    const shown = (t: string, re: RegExp): string[] => {
      const m = t.match(re);
      expect(m, `${re} in ${t}`).not.toBeNull();
      return m!.slice(1);
    };
    const near = (s: string, api: number, what: string) => {
      const digits = s.includes("e") ? Number(s.split("e")[0].split(".")[1]?.length ?? 0) : (s.split(".")[1]?.length ?? 0);
      const unit = s.includes("e") ? 10 ** (Math.floor(Math.log10(Math.abs(api))) - digits) : 10 ** -digits;
      expect(Math.abs(Number(s) - api), `${what}: notebook shows ${s}, API gives ${api}`).toBeLessThanOrEqual(unit / 2 + 1e-15);
    };
    const truth = JSON.parse(readFileSync(join(ROOT, "data", "extracts", "truth.json"), "utf8")).truth;
    const [eff, hr] = shown(text("cell-01"), /true DiD effect: ([\d.]+)\s+true hazard ratio: ([\d.]+)/);
    near(eff, truth.didEffect, "true effect");
    near(hr, truth.hazardRatio, "true HR");

    const out = mkdtempSync(join(tmpdir(), "effekt-nb-api-"));
    const prep = await prepare({ extracts: join(ROOT, "data", "extracts"), out });
    const [kept] = shown(text("cell-03"), /exits kept: (\d+) excluded:/);
    expect(Number(kept)).toBe(prep.summary.exits.kept);
    // the excluded counts are printed as an object (node's inspect): every reason with its count
    for (const [why, k] of Object.entries(prep.summary.exits.excluded)) expect(text("cell-03")).toMatch(new RegExp(`'?${why}'?: ${k}\\b`));
    const [spells, events] = shown(text("cell-03"), /spells: (\d+) events: (\d+)/);
    expect(Number(spells)).toBe(prep.summary.spells.kept);
    expect(Number(events)).toBe(prep.summary.spells.events);

    const did = didFromTable(await readTable(join(out, "exits.arrow")), {
      outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, cluster: "office", referencePeriod: 2012, seed: 1,
    });
    const tw = did.twfe;
    const t5 = text("cell-05");
    const [est, se, df, G] = shown(t5, /TWFE estimate (-?[\d.]+); CR2 SE ([\d.]+) on ([\d.]+) df \((\d+) offices\)/);
    near(est, tw.estimate, "TWFE estimate");
    near(se, tw.se_cr2, "CR2 SE");
    near(df, tw.df_satterthwaite, "Satterthwaite df");
    expect(Number(G)).toBe(tw.n_clusters);
    const [lo, hi] = shown(t5, /CR2 95% CI (-?[\d.]+) to (-?[\d.]+)/);
    near(lo, tw.ci.cr2_satterthwaite[0], "CR2 lower");
    near(hi, tw.ci.cr2_satterthwaite[1], "CR2 upper");
    const [pb, pr] = shown(t5, /wild cluster bootstrap p = ([\d.e-]+), randomization inference p = ([\d.e-]+)/);
    expect(Number(pb)).toBe(did.wild_cluster_bootstrap.p_value);
    expect(Number(pr)).toBe(did.randomization_inference.p_value);

    const sp = await readTable(join(out, "spells.arrow"));
    const cox = coxphFromTable(sp, { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"], strata: "county", cluster: "office", zph: true });
    const j = cox.terms.indexOf("pilot");
    const t8 = text("cell-08");
    const [h, hl, hu] = shown(t8, /hazard ratio pilot vs control ([\d.]+) \(95% CI ([\d.]+) to ([\d.]+)\)/);
    near(h, cox.hazard_ratio[j], "HR");
    near(hl, cox.hr_lower[j], "HR lower");
    near(hu, cox.hr_upper[j], "HR upper");
    cox.zph!.rows.forEach((r, i) => near(shown(t8, new RegExp(`${r} p=([\\d.]+)`))[0], cox.zph!.p[i], `zph ${r}`));

    const lr = logrankFromTable(sp, { time: "stop", start: "start", event: "event", group: "pilot" });
    const [chi, ldf, lp] = shown(text("cell-09"), /log-rank chi-square ([\d.]+) on (\d+) df, p = ([\d.e+-]+)/);
    near(chi, lr.chisq, "log-rank chi-square");
    expect(Number(ldf)).toBe(lr.df);
    near(lp, lr.p, "log-rank p");
  }, 120_000);
});
