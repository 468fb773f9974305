/**
 * CLI paths a user meets that the estimator tests do not: `--version`, exit code 1 (internal error),
 * `effekt simulate`, the text (table) output of cox/km/logrank/did/cuminc/prepare at the default and a
 * non-default `--conf-level`, and the DiD design with covariates (event study against R, bootstrap and
 * randomization as the API gives them).
 * Expected numbers: R's (../shared/reference, test/fixtures/*.R — the call is named at each use) or, for
 * pure presentation, the same command's `--format json` (itself checked against R elsewhere).
 * A shown number matches when it is the expected value rounded to the digits shown (half a unit in the
 * last shown digit).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, readTable } from "../../src/index.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";
import { expectRelClose, loadReference, refPath, TOL } from "../helpers/reference.js";

/** |shown − value| ≤ half a unit in the last digit shown (plain or exponent notation). */
function shows(shown: string, value: number, what = ""): void {
  const [mant, exp] = shown.split(/e/i);
  const decimals = mant.split(".")[1]?.length ?? 0;
  const unit = 10 ** (-decimals + (exp ? Number(exp) : 0));
  expect(Math.abs(Number(shown) - value), `${what}: shows ${shown}, expected ${value}`).toBeLessThanOrEqual(unit / 2 + 1e-12 * Math.abs(value));
}
/** The whitespace-separated cells of the text-table row starting with `label`. */
function row(text: string, label: string | RegExp): string[] {
  const line = text.split("\n").find((l) => (typeof label === "string" ? l.startsWith(label + " ") : label.test(l)));
  expect(line, `row ${label} in\n${text}`).toBeDefined();
  return line!.trim().split(/\s+/);
}

const lung = refPath("survival", "lung.csv");
const lungCases = loadReference<{ cases: any[] }>("survival", "lung.json").cases;

describe("effekt --version and exit codes", () => {
  it("--version prints package.json's version and exits 0", () => {
    const r = runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("an unexpected error exits 1 with one line naming it an internal error (no stack unless EFFEKT_DEBUG)", () => {
    // Plant a failure below the CLI: writing the result throws a plain Error (not an EffektError).
    const plant = "data:text/javascript,process.stdout.write=()=>{throw new Error('planted failure')}";
    const args = ["--import", plant, join(ROOT, "bin", "effekt.js"), "km", "--data", lung, "--time", "time", "--event", "dead", "--format", "json"];
    const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, EFFEKT_DEBUG: "" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("effekt: internal error: planted failure\n");
    const d = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...process.env, EFFEKT_DEBUG: "1" } });
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/^effekt: internal error: planted failure\nError: planted failure\n\s+at /);
  });
});

describe("effekt simulate", () => {
  it("reproduces the bundled extracts byte for byte from the same seed and scenario (docs/extracts.md)", () => {
    const out = mkdtempSync(join(tmpdir(), "effekt-sim-"));
    const r = runCliJson(["simulate", "--out", out, "--seed", "1", "--persons", "10000", "--pre-dip", "0.6", "--transition-hr", "0.5", "--transition-months", "9"]);
    const truth = JSON.parse(readFileSync(join(ROOT, "data", "extracts", "truth.json"), "utf8"));
    expect(r.rows).toEqual(truth.rows);
    const files = readdirSync(join(ROOT, "data", "extracts")).sort();
    expect(readdirSync(out).filter((f) => !f.startsWith(".")).sort()).toEqual(files); // .effekt-output: effekt's ownership marker
    for (const f of files) expect(readFileSync(join(out, f)).equals(readFileSync(join(ROOT, "data", "extracts", f))), f).toBe(true);
  }, 60_000);

  it("prints the row counts and the truth in its table output; another seed gives other data", () => {
    const out = mkdtempSync(join(tmpdir(), "effekt-sim-"));
    const r = runCli(["simulate", "--out", out, "--seed", "2", "--persons", "500", "--clean"]);
    expect(r.code, r.stderr).toBe(0);
    const truth = JSON.parse(readFileSync(join(out, "truth.json"), "utf8"));
    expect(truth.seed).toBe(2);
    expect(truth.persons).toBe(500);
    expect(row(r.stdout, "persons")[1]).toBe("500");
    expect(row(r.stdout, "measures")[1]).toBe(String(truth.rows.measures));
    shows(r.stdout.match(/True DiD effect on the exit→job share: ([\d.]+)/)![1], truth.truth.didEffect, "true effect");
    expect(readFileSync(join(out, "measures.arrow")).equals(readFileSync(join(ROOT, "data", "extracts", "measures.arrow")))).toBe(false);
    // Without a scenario the DiD estimates the effect, the pre-period gaps are 0 and the hazard ratio
    // is λp/λc = 0.05/0.06 before the pilot start (day 151 = 1 April 2013) and 0.05·1.5/0.06 after.
    const t = truth.truth;
    expect(t.didEstimand).toBe(t.didEffect);
    expect(t.pretrendGap).toEqual({ 2010: 0, 2011: 0 });
    expect(t.hazardRatioPeriods.map((p: any) => [p.from, p.to, p.days, p.hazardRatio])).toEqual([
      ["2012-11", "2013-03", [0, 151], 0.05 / 0.06],
      ["2013-04", "2015-12", [151, 1156], (0.05 * 1.5) / 0.06],
    ]);
    expect(r.stdout).toContain("True hazard ratio by period: 2012-11..2013-03 0.833; 2013-04..2015-12 1.250");
  }, 60_000);

  it("refuses a scenario option out of range with one line and exit 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "effekt-sim-")), "x");
    for (const [args, msg] of [
      [["--pre-dip", "0"], "--pre-dip must be a number > 0"],
      [["--pre-dip-until", "2011-13"], '--pre-dip-until must be a month YYYY-MM, not "2011-13"'],
      [["--transition-hr", "-1"], "--transition-hr must be a number > 0"],
    ] as const) {
      const r = runCli(["simulate", "--out", out, "--persons", "10", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")[0]).toContain(msg);
    }
  });
});

describe("text output shows the reference numbers", () => {
  it("cox at --conf-level 0.9: header and HR limits as R's summary(fit, conf.int = 0.9)", () => {
    const c = lungCases[0]; // coxph(Surv(time, dead) ~ age + sex + ph_ecog, data = lung2)
    const r = runCli(["cox", "--data", lung, "--time", "time", "--event", "dead", "--covariates", "age,sex,ph_ecog", "--conf-level", "0.9"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/exp\(-coef\)\s+lower \.9\s+upper \.9/);
    c.terms.forEach((t: string, i: number) => {
      const cells = row(r.stdout.slice(r.stdout.indexOf("exp(-coef)")), t);
      shows(cells[3], c.hr_lower_90[i], `${t} lower .9`);
      shows(cells[4], c.hr_upper_90[i], `${t} upper .9`);
    });
    // the coefficient table's p-values (R's summary: Pr(>|z|))
    c.terms.forEach((t: string, i: number) => shows(row(r.stdout, t)[5], c.p[i], `${t} p`));
  });

  const km = lungCases.find((c) => c.kind === "survfit" && c.spec.group === "sex" && c.conf_type === "log");
  it("km: medians with their 95% limits (R: print(survfit)), and the curve at --conf-level 0.9", () => {
    const r = runCli(["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/median\s+95% LCL\s+95% UCL/);
    ["sex=1", "sex=2"].forEach((g, k) => {
      const cells = row(r.stdout, g);
      expect(cells.slice(3, 6).map(Number)).toEqual([km.median[k], km.median_lower[k], km.median_upper[k]]);
    });
    const r90 = runCli(["km", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex", "--conf-level", "0.9"]);
    expect(r90.stdout).toMatch(/lower 90%\s+upper 90%/);
    const first = row(r90.stdout, /^\s+11\s/); // sex=1's first time, 11 days
    shows(first[3], km.surv[0], "surv");
    shows(first[5], km.lower_90[0], "lower 90%");
    shows(first[6], km.upper_90[0], "upper 90%");
  });

  it("logrank: chi-square, df and p as R's print(survdiff)", () => {
    const c = lungCases.find((x) => x.kind === "survdiff" && x.spec.rho === 0);
    const r = runCli(["logrank", "--data", lung, "--time", "time", "--event", "dead", "--group", "sex"]);
    expect(r.code, r.stderr).toBe(0);
    const [chi, df, p] = r.stdout.match(/Chisq=\s*([\d.]+)\s+on (\d+) degrees of freedom, p=\s*([\d.e-]+)/)!.slice(1);
    shows(chi, c.chisq, "chisq");
    expect(Number(df)).toBe(c.df);
    shows(p, c.p, "p");
    ["sex=1", "sex=2"].forEach((g, k) => {
      const cells = row(r.stdout, g);
      expect(Number(cells[2])).toBe(c.observed[k]);
      shows(cells[3], c.expected[k], `${g} expected`);
    });
  });

  it("cuminc: relapse rows at --times as R's survfit(Surv(time, factor(cause)) ~ grp) (test/fixtures/cuminc/gen.R)", async () => {
    const fix = join(ROOT, "test", "fixtures", "cuminc");
    const r = runCli(["cuminc", "--data", join(fix, "aj.csv"), "--time", "time", "--cause", "cause", "--group", "grp", "--causes", "relapse,death", "--times", "5,10"]);
    expect(r.code, r.stderr).toBe(0);
    const ref = await readTable(join(fix, "right.csv"));
    const R = (n: string) => ref.columns.get(n)!.values as ArrayLike<number | string>;
    const blocks = r.stdout.split(/\n(?=grp=)/);
    for (const g of ["a", "b"]) {
      const block = blocks.find((b) => b.startsWith(`grp=${g}`))!;
      for (const t of [5, 10]) {
        // R's value at t: the last row of the stratum with time ≤ t
        let k = -1;
        for (let i = 0; i < ref.nrows; i++) if (R("strata")[i] === `grp=${g}` && Number(R("time")[i]) <= t) k = i;
        const cells = row(block, new RegExp(`^\\s*${t}\\s+\\d+\\s+relapse\\s`));
        shows(cells[3], Number(R("p1")[k]), `grp=${g} t=${t} cuminc`);
        shows(cells[4], Number(R("lo1")[k]), `grp=${g} t=${t} lower`);
        shows(cells[5], Number(R("up1")[k]), `grp=${g} t=${t} upper`);
      }
    }
  });

  it("prepare: the table shows the counts of --format json", () => {
    const a = mkdtempSync(join(tmpdir(), "effekt-prep-"));
    const b = mkdtempSync(join(tmpdir(), "effekt-prep-"));
    const text = runCli(["prepare", "--extracts", join(ROOT, "data", "extracts"), "--out", a]);
    expect(text.code, text.stderr).toBe(0);
    const json = runCliJson(["prepare", "--extracts", join(ROOT, "data", "extracts"), "--out", b]);
    const s = json.summary ?? json;
    expect(row(text.stdout, "exits kept")[2]).toBe(String(s.exits.kept));
    for (const [why, k] of Object.entries(s.exits.excluded)) expect(row(text.stdout, `  excluded: ${why}`).at(-1)).toBe(String(k));
    expect(row(text.stdout, "time-to-work spells")[2]).toBe(String(s.spells.kept));
    expect(row(text.stdout, "  events (in work)").at(-1)).toBe(String(s.spells.events));
  }, 60_000);
});

describe("effekt did: text at two levels, and the design with covariates", () => {
  const ref = loadReference("did", "did_panel.json");
  const R90 = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "did-90.json"), "utf8"));
  const file = refPath("did", "did_panel.csv");
  const base = ["did", "--data", file, "--outcome", "job", "--unit", "office", "--time", "year", "--treated", "pilot", "--first-treated", "2013"];
  const interval = (text: string, label: string) => {
    const line = text.split("\n").find((l) => l.startsWith(label))!;
    return line.match(/\[(-?[\d.e-]+), (-?[\d.e-]+)\]/)!.slice(1);
  };

  it("shows the CR1 and CR2 intervals of R at 95% and, with --conf-level 0.9, at 90%", () => {
    const r = runCli(base);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/p\s+95% CI/);
    interval(r.stdout, "CR2, Satterthwaite").forEach((v, i) => shows(v, ref.twfe.ci_cr2[i], "CR2 95%"));
    interval(r.stdout, "CR1, t(G-1)").forEach((v, i) => shows(v, ref.twfe.ci_cr1[i], "CR1 95%"));
    const r9 = runCli([...base, "--conf-level", "0.9"]);
    expect(r9.stdout).toMatch(/p\s+90% CI/);
    interval(r9.stdout, "CR2, Satterthwaite").forEach((v, i) => shows(v, R90.did_panel.ci_cr2_90[i], "CR2 90%"));
    interval(r9.stdout, "iid").forEach((v, i) => shows(v, R90.did_panel.ci_iid_90[i], "iid 90%"));
    expect(runCli([...base, "--conf-level", "90"]).code).toBe(2); // a percentage is a usage error
  }, 60_000);

  it("with covariates: event study as R (test/fixtures/event-study-covariates.R), bootstrap and randomization as the API", async () => {
    const E = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "event-study-covariates.json"), "utf8"));
    const t = await readTable(file);
    for (const ds of ["did_panel", "did_unbalanced"]) {
      const f = refPath("did", `${ds}.csv`);
      const cli = runCliJson(["did", ...base.slice(1, 3).map((a) => (a === file ? f : a)), ...base.slice(3), "--covariates", "age,impaired"]);
      const es = cli.event_study;
      expect(es.coefficients.map((c: any) => Number(c.period))).toEqual(E[ds].year);
      es.coefficients.forEach((c: any, j: number) => {
        expectRelClose(c.estimate, E[ds].estimate[j], TOL.did.estimate, `${ds} ${c.period} estimate`);
        expectRelClose(c.se_cr1, E[ds].se_cr1[j], TOL.did.se, `${ds} ${c.period} se`);
        expectRelClose(c.ci_cr1_t[0], E[ds].lower[j], TOL.did.se, `${ds} ${c.period} lower`);
        expectRelClose(c.ci_cr1_t[1], E[ds].upper[j], TOL.did.se, `${ds} ${c.period} upper`);
        expectRelClose(c.p_cr1_t, E[ds].p_cr1[j], TOL.did.p, `${ds} ${c.period} p`);
      });
      expectRelClose(es.pretrend_wald_chisq, E[ds].pretrend_wald_chisq, TOL.did.p, `${ds} pretrend chisq`);
      expectRelClose(es.pretrend_p, E[ds].pretrend_p, TOL.did.p, `${ds} pretrend p`);
      if (ds === "did_panel") {
        // bootstrap and randomization through the CLI are the API's (whose intervals test/did/inversion.test.ts
        // checks against a brute-force inversion)
        const api = didFromTable(t, { outcome: "job", unit: "office", time: "year", treated: "pilot", firstTreated: 2013, covariates: ["age", "impaired"] });
        expect(cli.wild_cluster_bootstrap).toEqual(JSON.parse(JSON.stringify(api.wild_cluster_bootstrap)));
        expect(cli.randomization_inference).toEqual(JSON.parse(JSON.stringify(api.randomization_inference)));
        expect(cli.wild_cluster_bootstrap.ci[0]).toBeLessThan(cli.twfe.estimate);
        expect(cli.randomization_inference.ci[1]).toBeGreaterThan(cli.twfe.estimate);
      }
    }
  }, 120_000);
});
