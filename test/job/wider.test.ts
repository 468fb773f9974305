/**
 * The wider comparison: offices of the rest of the country (role `other`) beside the ten offices.
 * Simulated extracts (`effekt simulate --persons 30000 --seed 5 --other-offices 20`): the rest of the
 * country behaves as the control offices (λc), so the truth is the same as for the ten offices'
 * design (truth.json: didEffect P(0.075) − P(0.05) ≈ 0.1016, hazardRatio 1.25 for the pilot measures).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tQuantile } from "../../src/stats/distributions.js";
import { ROOT } from "../helpers/cli.js";


const tmp = mkdtempSync(join(tmpdir(), "effekt-wider-"));
const cli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((res) =>
    execFile(process.execPath, [join(ROOT, "bin", "effekt.js"), ...args], { cwd: ROOT, maxBuffer: 1 << 28 }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

let res: any;
let truth: any;
beforeAll(async () => {
  const sim = await cli(["simulate", "--out", join(tmp, "x"), "--persons", "30000", "--seed", "5", "--other-offices", "20", "--format", "json"]);
  if (sim.code !== 0) throw new Error(sim.stderr);
  truth = JSON.parse(readFileSync(join(tmp, "x", "truth.json"), "utf8")).truth;
  writeFileSync(
    join(tmp, "job.yaml"),
    "extracts: x\nseed: 1\ndesign:\n  offices: [Ski, Kongsvinger, Bamble, Åsane, Heimdal, Nittedal, Stange, Porsgrunn, Askøy, Østbyen]\n  pre: [2011, 2012]\n  post: [2014, 2015]\n  wider_comparison: true\nanalyses:\n  did: { draws: 999 }\n",
  );
  const r = await cli(["run", join(tmp, "job.yaml"), "--out", join(tmp, "out"), "--no-png", "--progress", "quiet", "--format", "json"]);
  if (r.code !== 0) throw new Error(r.stderr);
  res = JSON.parse(readFileSync(join(tmp, "out", "results.json"), "utf8"));
}, 400_000);

describe("wider comparison with the rest of the country", () => {
  it("the ten offices' headline does not include the rest of the country", () => {
    expect(res.did.comparison.twfe.n_clusters).toBe(10);
    const base = readFileSync(join(tmp, "out", "tables", "baseline-exits.csv"), "utf8").trim().split("\n");
    expect(base).toHaveLength(1 + 10 + 1); // header, ten offices, total
    expect(base.some((l) => l.startsWith("Other"))).toBe(false);
  });

  it("pilot offices against all 25 others: many clusters, the truth covered", () => {
    expect(res.wider.offices).toEqual({ pilot: 5, control: 5, other: 20 });
    const d = res.wider.did;
    expect(d.clusters).toBe(30);
    // 99.9 % bands, not one seed's 95 % interval. DiD: the 95 % CR2 limits are estimate ± t_{df,.975}·se,
    // so the 99.9 % half-width is the 95 % one × t_{df,.9995} / t_{df,.975} (R: qt). Cox: the 95 % limits
    // are exp(β ± 1.96·se), so 99.9 % is β ± 3.2905/1.96 × the log half-width (R: qnorm(0.9995)).
    const half = (d.upper - d.lower) / 2;
    expect(Math.abs(d.estimate - truth.didEffect)).toBeLessThan((half * tQuantile(0.9995, d.df)) / tQuantile(0.975, d.df));
    expect(d.bootstrap_weights).toBe("webb"); // 2^30 sign vectors: sampled with Webb weights
    const c = res.wider.cox;
    const halfLog = (Math.log(c.upper) - Math.log(c.lower)) / 2;
    expect(Math.abs(Math.log(c.hazard_ratio) - Math.log(truth.hazardRatio))).toBeLessThan((3.2905 / 1.96) * halfLog);
  });

  it("the report shows the ten offices beside the rest of the country", () => {
    const rows = res.wider.per_office.map((o: any) => `${o.role}:${o.office}`);
    expect(rows).toHaveLength(11);
    expect(rows[10]).toBe("other:Rest of the country (20 offices)");
    const html = readFileSync(join(tmp, "out", "report.html"), "utf8");
    expect(html).toContain("Rest of the country (20 offices)");
    // The ten offices' counts come through the publication gate and equal the baseline table's
    // margins over the compared years; the rest of the country is shown (30 000 persons: no small cell).
    const base = readFileSync(join(tmp, "out", "tables", "baseline-exits.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const head = base[0];
    let compared = 0;
    for (const o of res.wider.per_office.slice(0, 10)) {
      const r = base.find((b) => b[0] === o.office)!;
      for (const [key, ys] of [["pre_exits", [2011, 2012]], ["post_exits", [2014, 2015]]] as const) {
        const cells = ys.map((y) => r[head.indexOf(String(y))]);
        if (cells.includes(":") || o[key] === ":") continue; // a cell the gate hid (secondary suppression)
        expect(o[key]).toBe(cells.reduce((t, c) => t + Number(c), 0));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5); // of 20 (office × period); the rest have a year cell the gate hid
    expect(typeof res.wider.per_office[10].pre_exits).toBe("number");
  });
});
