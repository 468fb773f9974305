/**
 * Published studies (../shared/peers, see its README): every DiD value that R (lm, sandwich, clubSandwich,
 * fixest, did) and Python (pyfixest, csdid) give on organ donations, castle, castle_2007 and mpdta, through
 * the API and through `effekt did --format json`, at the peers README's tolerances (relative 1e-6 on
 * estimates, statistics and p-values, 1e-5 on SEs). The expected numbers are read from the peers' JSON
 * files, each with its exact call (`call`) and tool versions (`env`).
 *
 * Conventions made explicit: effekt's default CR1 counts every coefficient (sandwich::vcovCL type "HC1",
 * the `vcovCL_HC1` and `_full` values); `ssc: "nested"` (`--ssc nested`) gives fixest's and pyfixest's
 * default, which does not count the unit effects nested in the clusters. Callaway–Sant'Anna SEs follow R's
 * did (and csdid): no G/(G−1) factor; `csSmallSample` (`--cs-small-sample`) multiplies by sqrt(G/(G−1)).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { didFromTable, didStaggeredFromTable, readTable, type DidSpec } from "../../src/index.js";
import { ROOT } from "../helpers/cli.js";
import { runCliJsonAsync } from "../helpers/cli-async.js";

const PEERS = process.env.EFFEKT_PEERS ?? join(ROOT, "..", "shared", "peers");
const load = (f: string) => JSON.parse(readFileSync(join(PEERS, f), "utf8"));
const REL = { est: 1e-6, se: 1e-5, stat: 1e-6 };

function close(actual: number, expected: number, rel: number, what: string) {
  const diff = Math.abs(actual - expected);
  if (!(diff <= rel * Math.abs(expected) + 1e-14)) expect.fail(`${what}: effekt ${actual}, peer ${expected} (relative difference ${diff / Math.abs(expected)}, tolerance ${rel})`);
}

/** The lm / vcovCL / clubSandwich block of a peers R JSON (twfe or twfe_weighted). */
function checkR(tw: any, ref: any, what: string) {
  close(tw.estimate, ref.lm.estimate, REL.est, `${what} estimate (lm)`);
  close(tw.se_iid, ref.lm.se_iid, REL.se, `${what} se_iid (lm)`);
  close(tw.p_iid, ref.lm.p_iid, REL.stat, `${what} p_iid (lm)`);
  expect(tw.n, `${what} n`).toBe(ref.lm.n);
  expect(tw.n_parameters, `${what} n_parameters`).toBe(ref.lm.n_parameters);
  expect(tw.n - tw.n_parameters, `${what} df_residual`).toBe(ref.lm.df_residual);
  close(tw.se_cr1, ref.vcovCL_HC1.se, REL.se, `${what} CR1 (vcovCL HC1)`);
  close(tw.t_cr1, ref.vcovCL_HC1.t, REL.stat, `${what} t CR1`);
  expect(tw.df_cr1).toBe(ref.vcovCL_HC1.df_t);
  close(tw.p_cr1_t, ref.vcovCL_HC1.p_t, REL.stat, `${what} p CR1 t(G-1)`);
  expect(tw.n_clusters).toBe(ref.vcovCL_HC1.n_clusters);
  close(tw.se_cr2, ref.clubSandwich_CR2.se, REL.se, `${what} CR2`);
  close(tw.df_satterthwaite, ref.clubSandwich_CR2.df, REL.stat, `${what} Satterthwaite df`);
  close(tw.p_cr2_satterthwaite, ref.clubSandwich_CR2.p, REL.stat, `${what} p CR2`);
  close(tw.estimate, ref.fixest.estimate, REL.est, `${what} estimate (fixest)`);
  close(tw.se_cr1, ref.fixest.se_cluster_fixefK_full, REL.se, `${what} fixest fixef.K full`);
  close(tw.se_iid, ref.fixest.se_iid, REL.se, `${what} fixest iid`);
}
/** fixest's default small-sample factor: run with ssc "nested". */
function checkNested(tw: any, ref: any, py: any | undefined, what: string) {
  expect(tw.cr1_ssc).toBe("nested");
  close(tw.se_cr1, ref.fixest.se_cluster_default_ssc, REL.se, `${what} fixest default ssc`);
  if (py) {
    close(tw.estimate, py.estimate, REL.est, `${what} pyfixest estimate`);
    close(tw.se_cr1, py.se_crv1_default_ssc, REL.se, `${what} pyfixest CRV1 default ssc`);
    close(tw.p_cr1_t, py.p_crv1_default_ssc, REL.stat, `${what} pyfixest p default ssc`);
    close(tw.se_iid, py.se_iid, REL.se, `${what} pyfixest iid`);
    expect(tw.n).toBe(py.n);
  }
}
function checkPyFull(tw: any, py: any, what: string) {
  close(tw.se_cr1, py.se_crv1_fixef_k_full, REL.se, `${what} pyfixest fixef_k full`);
  close(tw.p_cr1_t, py.p_crv1_fixef_k_full, REL.stat, `${what} pyfixest p fixef_k full`);
}

/** Callaway–Sant'Anna block of csdid / R did (group_time, simple, dynamic, group). */
function checkCS(cs: any, ref: any, what: string) {
  const gt = ref.group_time;
  expect(cs.group_time.length, `${what}: number of ATT(g,t)`).toBe(gt.group.length);
  gt.group.forEach((g: number, i: number) => {
    const c = cs.group_time.find((x: any) => x.group === g && x.period === gt.period[i]);
    expect(c, `${what} ATT(${g},${gt.period[i]})`).toBeDefined();
    close(c.estimate, gt.estimate[i], REL.est, `${what} ATT(${g},${gt.period[i]})`);
    close(c.se, gt.se[i], REL.se, `${what} SE ATT(${g},${gt.period[i]})`);
  });
  close(cs.simple.estimate, ref.simple.overall_att, REL.est, `${what} simple`);
  close(cs.simple.se, ref.simple.overall_se, REL.se, `${what} simple SE`);
  close(cs.dynamic_overall.estimate, ref.dynamic.overall_att, REL.est, `${what} dynamic overall`);
  close(cs.dynamic_overall.se, ref.dynamic.overall_se, REL.se, `${what} dynamic overall SE`);
  expect(cs.dynamic.map((d: any) => d.event_time)).toEqual(ref.dynamic.egt);
  ref.dynamic.egt.forEach((e: number, i: number) => {
    close(cs.dynamic[i].estimate, ref.dynamic.att_egt[i], REL.est, `${what} dynamic e=${e}`);
    close(cs.dynamic[i].se, ref.dynamic.se_egt[i], REL.se, `${what} dynamic SE e=${e}`);
  });
  close(cs.group_overall.estimate, ref.group.overall_att, REL.est, `${what} group overall`);
  close(cs.group_overall.se, ref.group.overall_se, REL.se, `${what} group overall SE`);
  expect(cs.group.map((d: any) => d.group)).toEqual(ref.group.egt);
  ref.group.egt.forEach((g: number, i: number) => {
    close(cs.group[i].estimate, ref.group.att_egt[i], REL.est, `${what} group ${g}`);
    close(cs.group[i].se, ref.group.se_egt[i], REL.se, `${what} group SE ${g}`);
  });
}

type Run = (extra: { ssc?: "full" | "nested"; weights?: string; control?: "never" | "notyet"; csSmallSample?: boolean }) => Promise<any>;
function runners(file: string, spec: DidSpec & { staggered?: boolean }): { api: Run; cli: Run } {
  const args = (e: Parameters<Run>[0]) => {
    const a = ["did", "--data", join(PEERS, file), "--outcome", spec.outcome, "--unit", spec.unit, "--time", spec.time, "--first-treated", String(spec.firstTreated), "--draws", "99", "--ri-draws", "99"];
    if (spec.treated) a.push("--treated", spec.treated);
    if (e.ssc) a.push("--ssc", e.ssc);
    if (e.weights) a.push("--weights", e.weights);
    if (e.control) a.push("--control", e.control);
    if (e.csSmallSample) a.push("--cs-small-sample");
    return a;
  };
  return {
    api: async (e) => {
      const t = await readTable(join(PEERS, file));
      const s = { ...spec, draws: 99, riDraws: 99, ssc: e.ssc, weights: e.weights, csSmallSample: e.csSmallSample };
      return typeof spec.firstTreated === "string" ? didStaggeredFromTable(t, { ...s, firstTreated: spec.firstTreated, control: e.control }) : didFromTable(t, s);
    },
    cli: async (e) => await runCliJsonAsync(args(e)),
  };
}

for (const via of ["api", "cli"] as const) {
  describe(`peers through the ${via === "api" ? "API" : "CLI --format json"}`, () => {
    it("organ donations (Kessler & Roth 2014): 2×2, TWFE, CR1/CR2, fixest, pyfixest, event study", async () => {
      const R = load("organ_donations.R.json");
      const py = load("organ_donations.py.json").twfe_pyfixest;
      const run = runners("organ_donations.csv", { outcome: "rate", unit: "state", time: "quarter_num", treated: "california", firstTreated: 4 })[via];
      const r = await run({});
      close(r.did_2x2.estimate, R.did_2x2.estimate, REL.est, "2×2");
      checkR(r.twfe, R.twfe, "organ");
      close(r.twfe.estimate, py.estimate, REL.est, "pyfixest estimate");
      checkPyFull(r.twfe, py, "organ");
      const es = R.event_study;
      expect(r.event_study.reference_period).toBe(es.reference_period);
      expect(r.event_study.coefficients.map((c: any) => c.period)).toEqual(es.period);
      es.period.forEach((q: number, i: number) => {
        const c = r.event_study.coefficients[i];
        close(c.estimate, es.estimate[i], REL.est, `ES ${q}`);
        close(c.se_cr1, es.se_cr1[i], REL.se, `ES CR1 ${q}`);
        close(c.se_cr2, es.se_cr2[i], REL.se, `ES CR2 ${q}`);
        close(c.estimate, es.fixest.estimate[i], REL.est, `ES fixest ${q}`);
      });
      close(r.event_study.pretrend_wald_chisq, es.pretrend_wald_chisq, REL.stat, "pre-trend Wald");
      expect(r.event_study.pretrend_df).toBe(es.pretrend_df);
      close(r.event_study.pretrend_p, es.pretrend_p, REL.stat, "pre-trend p");
      const n = await run({ ssc: "nested" });
      checkNested(n.twfe, R.twfe, py, "organ");
      es.period.forEach((q: number, i: number) => close(n.event_study.coefficients[i].se_cr1, es.fixest.se_cluster_default_ssc[i], REL.se, `ES fixest default ssc ${q}`));
    }, 60000);

    it("castle (Cheng & Hoekstra 2013, staggered): TWFE unweighted and by popwt, fixest, pyfixest, csdid", async () => {
      const R = load("castle.R.json");
      const py = load("castle.py.json");
      const run = runners("castle.csv", { outcome: "l_homicide", unit: "sid", time: "year", firstTreated: "first_treated" })[via];
      const r = await run({});
      checkR(r.twfe, R.twfe, "castle");
      checkPyFull(r.twfe, py.twfe_pyfixest, "castle");
      checkCS(r.callaway_santanna, py.cs_csdid, "castle csdid");
      expect(r.callaway_santanna.se_convention).toBe("did (no G/(G-1))");
      checkNested((await run({ ssc: "nested" })).twfe, R.twfe, py.twfe_pyfixest, "castle");
      const w = await run({ weights: "popwt" });
      checkR(w.twfe, R.twfe_weighted, "castle weighted");
      // weighted ATT(g,t) (no peer value; checked against did's formulas in test/did/staggered-options.test.ts)
      expect(w.callaway_santanna.group_time).toHaveLength(50);
      checkNested((await run({ weights: "popwt", ssc: "nested" })).twfe, R.twfe_weighted, undefined, "castle weighted");
      // the other convention: sqrt(G/(G-1)) times did's SE, G = 50 states
      const s = await run({ csSmallSample: true });
      close(s.callaway_santanna.simple.se, py.cs_csdid.simple.overall_se * Math.sqrt(50 / 49), 1e-12, "simple SE × sqrt(G/(G−1))");
    }, 60000);

    it("castle_2007 (13 of 42 states): TWFE unweighted and by popwt, fixest", async () => {
      const R = load("castle_2007.R.json");
      for (const spec of [
        { outcome: "l_homicide", unit: "sid", time: "year", treated: "treated", firstTreated: 2007 },
        { outcome: "l_homicide", unit: "sid", time: "year", firstTreated: "first_treated" },
      ] as const) {
        const run = runners("castle_2007.csv", spec as DidSpec)[via];
        const r = await run({});
        checkR(r.twfe, R.twfe, `castle_2007 (${spec.firstTreated})`);
        checkNested((await run({ ssc: "nested" })).twfe, R.twfe, undefined, "castle_2007");
        const w = await run({ weights: "popwt" });
        checkR(w.twfe, R.twfe_weighted, `castle_2007 weighted (${spec.firstTreated})`);
        checkNested((await run({ weights: "popwt", ssc: "nested" })).twfe, R.twfe_weighted, undefined, "castle_2007 weighted");
        if (spec.firstTreated === 2007) expect(r.randomization_inference.method).toBe("sampled");
      }
    }, 120000);

    it("mpdta (Callaway & Sant'Anna): TWFE, fixest, pyfixest, R did and csdid (never and not-yet treated)", async () => {
      const R = load("mpdta.R.json");
      const py = load("mpdta.py.json");
      const run = runners("mpdta.csv", { outcome: "lemp", unit: "countyreal", time: "year", firstTreated: "first_treat" })[via];
      const r = await run({});
      checkR(r.twfe, R.twfe, "mpdta");
      checkPyFull(r.twfe, py.twfe_pyfixest, "mpdta");
      checkCS(r.callaway_santanna, py.cs_R_did_via_csdid_repo, "mpdta R did");
      checkCS(r.callaway_santanna, py.cs_csdid, "mpdta csdid");
      checkNested((await run({ ssc: "nested" })).twfe, R.twfe, py.twfe_pyfixest, "mpdta");
      const ny = await run({ control: "notyet" });
      checkCS(ny.callaway_santanna, py.cs_csdid_notyet, "mpdta csdid not-yet-treated");
    }, 120000);
  });
}
