/**
 * Executes every notebook in notebooks/ with Jupyter (nbconvert --execute) and Deno's kernel (the `deno`
 * dev dependency; kernelspec written to a private JUPYTER_PATH), so the notebooks cannot rot — and
 * checks that what they SHOW is right: the tables in tagged cells are parsed from the executed notebook
 * and compared, to the digits shown, with the same estimates computed here through the API. The API's
 * own numbers are checked against R elsewhere (test/*-reference tests); this test catches a notebook that
 * shows the wrong field, a stale number, or nothing.
 * Needs Debian's jupyter-nbconvert (installed by .ci/run); skipped with a message elsewhere, required in CI.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  coxphFromTable, didFromTable, filterRows, PILOT_MEASURES, formatCell, kaplanMeierFromTable, logrankFromTable, prepare, readTable,
} from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";

const PYTHON = "/usr/bin/python3";
const hasJupyter = spawnSync(PYTHON, ["-c", "import nbconvert, nbclient"], { encoding: "utf8" }).status === 0;
if (!hasJupyter) {
  if (process.env.CI) throw new Error("Jupyter (Debian jupyter-nbconvert) is required in CI; .ci/run installs it");
  console.warn("[notebooks.test] skipped: no Jupyter for /usr/bin/python3 (apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel)");
}

const notebooks = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
type Cell = { cell_type: string; id: string; metadata: { tags?: string[] }; outputs?: { output_type: string; data?: Record<string, string | string[]>; text?: string | string[] }[] };
const executed = new Map<string, Cell[]>();

/** Rows of the HTML tables a tagged cell displayed, as {header: cell text}. */
function tables(nb: string, tag: string): Record<string, string>[][] {
  const cell = executed.get(nb)!.find((c) => c.metadata.tags?.includes(tag));
  expect(cell, `${nb}: a cell tagged ${tag}`).toBeDefined();
  const html = (cell!.outputs ?? []).map((o) => [o.data?.["text/html"] ?? ""].flat().join("")).filter((h) => h.includes("<table"));
  return html.map((h) => {
    const head = [...h.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    return [...h.matchAll(/<tr>((?:<td[^>]*>.*?<\/td>)+)<\/tr>/g)].map((m) => {
      const cells = [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1].replace(/&lt;/g, "<").replace(/&amp;/g, "&"));
      return Object.fromEntries(head.map((k, i) => [k, cells[i]]));
    });
  });
}
const text = (nb: string, tag: string) =>
  (executed.get(nb)!.find((c) => c.metadata.tags?.includes(tag))!.outputs ?? []).map((o) => [o.text ?? ""].flat().join("")).join("");

describe.skipIf(!hasJupyter)("notebooks", () => {
  const prefix = mkdtempSync(join(tmpdir(), "effekt-kernels-"));
  const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), NO_COLOR: "1" };

  beforeAll(() => {
    // Deno's kernelspec (what `deno jupyter --install` writes), into a private prefix
    const dir = join(prefix, "share", "jupyter", "kernels", "deno");
    mkdirSync(dir, { recursive: true });
    const deno = join(ROOT, "node_modules", ".bin", "deno");
    writeFileSync(join(dir, "kernel.json"), JSON.stringify({ argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" }));
  });

  it.each(notebooks)("%s runs every cell without an error", async (nb) => {
    // Deno's kernel (2.x, "unstable") now and then reports a cell idle before its last output
    // reaches Jupyter, so nbconvert records the cell without output. Such a run is repeated (at
    // most 6 runs); a cell that throws fails at once, and the accepted run must have every output.
    let done: { cells: Cell[] } = { cells: [] };
    let missing: string[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const out = join(mkdtempSync(join(tmpdir(), "effekt-nb-")), nb);
      // asynchronous, so vitest's worker stays responsive while Jupyter runs
      await promisify(execFile)(
        "jupyter",
        ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", join(ROOT, "notebooks", nb), "--output", out],
        { encoding: "utf8", env, cwd: join(ROOT, "notebooks"), maxBuffer: 64 * 1024 * 1024 },
      ).catch((e: { stderr?: string }) => expect.fail(`nbconvert failed: ${(e.stderr ?? "").split("\n").slice(-30).join("\n")}`));
      done = JSON.parse(readFileSync(out, "utf8"));
      const outputs = done.cells.flatMap((c: Cell) => c.outputs ?? []);
      expect(outputs.filter((o: { output_type: string }) => o.output_type === "error")).toEqual([]);
      const code = done.cells.filter((c: Cell) => c.cell_type === "code" && !c.metadata.tags?.includes("setup"));
      // a cell is complete when it has an output, and one display per `await show(`/`await svg(`/display call
      const displays = (c: Cell) => (c.outputs ?? []).filter((o) => o.output_type === "display_data").length;
      const wanted = (c: Cell) => ([(c as unknown as { source: string | string[] }).source].flat().join("").match(/await (show|svg|Deno\.jupyter\.display)\(/g) ?? []).length;
      missing = code.filter((c: Cell) => (c.outputs ?? []).length === 0 || displays(c) < wanted(c)).map((c: Cell) => c.id);
      if (missing.length === 0) break;
      console.warn(`[notebooks.test] ${nb}: run ${attempt} recorded no output for ${missing.join(", ")}; running again`);
    }
    expect(missing).toEqual([]);
    executed.set(nb, done.cells);
  });

  describe("show the API's numbers", () => {
    let prepared: string;
    beforeAll(async () => {
      prepared = mkdtempSync(join(tmpdir(), "effekt-nbcheck-"));
      // The notebooks prepare the design's population: the four pilot measures.
      await prepare({ extracts: join(ROOT, "data", "extracts"), out: prepared, config: { population: { measures: PILOT_MEASURES } } });
    });
    const shown = (v: number, col: string) => formatCell(v, col);

    it("1: the DiD table by method, all years and as in the job", async () => {
      const nb = "01-prepare-and-did.ipynb";
      expect(executed.has(nb)).toBe(true);
      const exits = await readTable(join(prepared, "exits.arrow"));
      const did = didFromTable(exits, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, cluster: "office", seed: 1 });
      const [all] = tables(nb, "did-all-years");
      const cr2 = all.find((r) => r.method.startsWith("TWFE, CR2"))!;
      expect(cr2.estimate).toBe(shown(did.twfe.estimate, "estimate"));
      expect(cr2.std_error).toBe(shown(did.twfe.se_cr2, "std_error"));
      expect(cr2.df).toBe(shown(did.twfe.df_satterthwaite, "df"));
      expect(cr2.p_value).toBe(shown(did.twfe.p_cr2_satterthwaite, "p_value"));
      expect(all.find((r) => r.method.startsWith("wild"))!.p_value).toBe(shown(did.wild_cluster_bootstrap.p_value, "p_value"));
      const years = exits.columns.get("year")!.values as Float64Array;
      const compared = filterRows(exits, years.map((y) => ([2011, 2012, 2014, 2015].includes(y) ? 1 : 0)));
      const job = didFromTable(compared, {
        outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, cluster: "office", seed: 1, covariates: ["age", "immigrant", "prior_work"],
      });
      const [asJob] = tables(nb, "did-job");
      expect(asJob.find((r) => r.method.startsWith("TWFE, CR2"))!.estimate).toBe(shown(job.twfe.estimate, "estimate"));
      const [es] = tables(nb, "event-study");
      expect(es.map((r) => r.estimate)).toEqual(did.event_study.coefficients.map((c) => shown(c.estimate, "estimate")));
      expect(text(nb, "event-study")).toContain(`pre-trend Wald chi-square ${did.event_study.pretrend_wald_chisq.toFixed(2)}`);
    });

    it("2: share in work by day, log-rank and the Cox table", async () => {
      const nb = "02-time-to-work.ipynb";
      expect(executed.has(nb)).toBe(true);
      const spells = await readTable(join(prepared, "spells.arrow"));
      const km = kaplanMeierFromTable(spells, { time: "stop", start: "start", event: "event", group: "pilot", times: [90, 180, 365, 730] });
      const [share] = tables(nb, "km");
      const want = km.curves.flatMap((c) => c.at_times!.surv.map((s) => shown(1 - s, "share_in_work")));
      expect(share.map((r) => r.share_in_work)).toEqual(want);
      const lr = logrankFromTable(spells, { time: "stop", start: "start", event: "event", group: "pilot" });
      const [, test] = tables(nb, "logrank");
      expect(test[0].statistic).toBe(shown(lr.chisq, "statistic"));
      const cox = coxphFromTable(spells, { time: "stop", start: "start", event: "event", covariates: ["pilot", "age"], strata: "county", cluster: "office", zph: true });
      const [terms, zph] = tables(nb, "cox");
      expect(terms.map((r) => r.hazard_ratio)).toEqual(cox.hazard_ratio.map((h) => shown(h, "hazard_ratio")));
      expect(terms.map((r) => r.robust_std_error)).toEqual(cox.robust_se!.map((s) => shown(s, "robust_std_error")));
      expect(zph.map((r) => r.p_value)).toEqual(cox.zph!.p.map((p) => shown(p, "p_value")));
    });

    it("3: the job's DiD estimate is the one in results.json", () => {
      const nb = "03-the-job.ipynb";
      expect(executed.has(nb)).toBe(true);
      const [t] = tables(nb, "results");
      expect(t).toHaveLength(1);
      expect(t[0].offices).toBe("10");
      expect(text(nb, "run")).toMatch(/files written/);
    });
  });
});
