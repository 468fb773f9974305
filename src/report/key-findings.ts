/**
 * Key findings generated from the estimates and their diagnostics, so that no sentence can
 * contradict the data: each finding states the estimate, the inference with the number of
 * clusters, and every diagnostic that qualifies it — pre-trends (event-study Wald test, placebo
 * start, relative-magnitudes breakdown value), proportional hazards (then the effect over time
 * instead of one hazard ratio), few clusters (randomization p-values, small-sample corrections),
 * small cells, and the minimum detectable effect. Every number comes from the input object;
 * there is no fixed text about offices, dates or results. The sentences are assembled from the
 * templates of the report's message catalogue (src/report/i18n, keys "kf.*" and "methods.*") in the
 * language of the localizer passed in (default English).
 *
 * Rules: a hazard ratio is described as a ratio of rates of getting work, never as "times as
 * fast"; with fewer than 2 pilot or 2 control offices the data cannot support an inference and
 * the findings say so instead of quoting p-values; below FEW (30) clusters every finding that shows
 * a clustered result says how many clusters it rests on.
 */
import { localizer, type Localizer } from "./i18n/index.js";

const FEW = 30;

export interface FindingsInput {
  offices: number;
  pilotOffices: number;
  /** e.g. "1 November 2012": the start of time-to-work spells. */
  spellOrigin?: string;
  did?: {
    estimate: number;
    ci: [number, number];
    p: number;
    df: number;
    pre: number[];
    post: number[];
    wildP?: number;
    riP?: number;
    riAssignments?: number;
    mde?: number;
    pretrend?: { chisq: number; df: number; p: number; worst?: { period: string | number; estimate: number; ci: [number, number] }; reference: string | number };
    placeboStart?: { falseStart: number; estimate: number; p: number };
    breakdown?: number;
    deltaPre?: number;
  };
  cox?: {
    hr: number;
    ci: [number, number];
    p: number;
    df: number;
    /** Where ci and p come from: randomization inference (the default, test inversion), else the cluster jackknife or CR1 with t(df). */
    ciFrom?: "randomization" | "jackknife" | "cr1";
    riP?: number;
    riAssignments?: number;
    riWithinPairs?: boolean;
    phP?: number;
    mdeHr?: number;
    byPeriod?: { label: string; hr: number; ci: [number, number]; p: number }[];
  };
  overTime?: {
    days: { day: number; pilot: number; control: number; difference: number; ci: [number, number]; p: number }[];
    rmst?: { tau: number; pilot: number; control: number; difference: number; ci: [number, number]; p: number };
    logrankP: number;
    logrankRiP: number;
    assignments: number;
  };
  suppressedCells?: number;
  minCell?: number;
}

function officesLine(x: FindingsInput, L: Localizer): string {
  return L.t("kf.offices", { n: x.offices, pilot: x.pilotOffices, control: x.offices - x.pilotOffices });
}

export function keyFindings(x: FindingsInput, L: Localizer = localizer()): string[] {
  const pp = (v: number) => L.fixed(100 * v, 1);
  const ppSigned = (v: number) => (v > 0 ? `+${pp(v)}` : pp(v));
  const pct = (v: number) => L.percent(v, 1);
  const p = (v: number) => L.p(v);
  const f2 = (v: number) => L.fixed(v, 2);
  const f0 = (v: number) => L.fixed(v, 0);
  const out: string[] = [];
  const G0 = x.offices - x.pilotOffices;
  const noInference = x.pilotOffices < 2 || G0 < 2;
  if (noInference) {
    out.push(L.t("kf.noInference", { offices: officesLine(x, L) }));
  } else if (x.offices < FEW) {
    out.push(L.t("kf.fewOffices", { offices: officesLine(x, L), df: x.offices - 1 }));
  }

  const d = x.did;
  if (d) {
    let s = L.t(d.estimate >= 0 ? "kf.did.rose" : "kf.did.fell", { post: d.post.join("–"), pre: d.pre.join("–"), pp: pp(Math.abs(d.estimate)) });
    if (noInference) s += L.t("kf.stop");
    else {
      s += L.t("kf.did.inference", { lower: pp(d.ci[0]), upper: pp(d.ci[1]), df: L.fixed(d.df, 1), offices: x.offices, p: p(d.p) });
      if (d.wildP !== undefined) s += L.t("kf.did.wild", { p: p(d.wildP) });
      if (d.riP !== undefined) s += L.t("kf.did.ri", { n: d.riAssignments ?? "NA", p: p(d.riP) });
      s += L.t("kf.did.close");
    }
    const pt = noInference ? undefined : d.pretrend;
    if (pt && pt.p < 0.05) {
      s += L.t("kf.pretrend.fails", { chisq: L.fixed(pt.chisq, 1), df: pt.df, p: p(pt.p) });
      if (pt.worst) s += L.t("kf.pretrend.worst", { period: String(pt.worst.period), pp: pp(pt.worst.estimate), reference: String(pt.reference), lower: pp(pt.worst.ci[0]), upper: pp(pt.worst.ci[1]) });
      s += L.t("kf.stop");
      if (d.placeboStart && d.placeboStart.p < 0.05) s += L.t("kf.pretrend.placebo", { year: String(d.placeboStart.falseStart), pp: pp(d.placeboStart.estimate), p: p(d.placeboStart.p) });
      if (d.breakdown !== undefined && Number.isFinite(d.breakdown)) {
        s += d.breakdown === 0
          ? L.t("kf.pretrend.breakdownZero")
          : L.t("kf.pretrend.breakdown", { m: f2(d.breakdown), delta: d.deltaPre !== undefined ? L.t("kf.pretrend.delta", { pp: pp(d.deltaPre) }) : "" });
      }
      s += L.t("kf.pretrend.notEffect");
    } else if (pt) {
      s += L.t("kf.pretrend.passes", { p: p(pt.p), offices: x.offices });
    }
    if (d.mde !== undefined && !noInference) s += L.t("kf.did.mde", { pp: pp(d.mde) });
    out.push(s);
  }

  const c = x.cox;
  const ot = x.overTime;
  const phFails = !noInference && c?.phP !== undefined && c.phP < 0.05;
  const from = x.spellOrigin ? L.t("kf.time.from", { origin: x.spellOrigin }) : "";
  const ci = (lo: string, hi: string) => (noInference ? "" : L.t("kf.ci", { lower: lo, upper: hi }));
  if (ot && (phFails || !c)) {
    const parts = ot.days.map((r) =>
      L.t("kf.time.day", { pilot: pct(r.pilot), control: pct(r.control), day: r.day, diff: ppSigned(r.difference), ci: noInference ? "" : L.t("kf.time.dayCi", { lower: pp(r.ci[0]), upper: pp(r.ci[1]) }) }),
    );
    let s = L.t("kf.time.changes", { from, ph: phFails ? L.t("kf.time.phRejected", { p: p(c.phP!) }) : "", days: L.list(parts, "semicolon") });
    if (c?.byPeriod?.length) {
      s += L.t("kf.time.byPeriod", { periods: L.list(c.byPeriod.map((b) => L.t("kf.time.period", { hr: f2(b.hr), period: b.label, ci: ci(f2(b.ci[0]), f2(b.ci[1])) })), "and") });
    }
    if (ot.rmst) {
      const r = ot.rmst;
      const clear = !noInference && (r.ci[0] > 0 || r.ci[1] < 0);
      s += L.t("kf.rmst", {
        tau: r.tau,
        pilot: f0(r.pilot),
        control: f0(r.control),
        diff: f0(r.difference),
        ci: noInference ? "" : L.t("kf.rmst.ci", { lower: f0(r.ci[0]), upper: f0(r.ci[1]), p: p(r.p) }),
        end: noInference ? "" : clear ? L.t("kf.stop") : L.t("kf.rmst.unclear"),
      });
    }
    if (c && phFails) s += L.t("kf.time.mixes", { hr: f2(c.hr) });
    out.push(s);
  } else if (c) {
    let s = L.t("kf.hr", { from, hr: f2(c.hr) });
    const how = c.ciFrom === "randomization" ? L.t("kf.hr.how.randomization", { n: c.riAssignments ?? "NA" }) : c.ciFrom === "jackknife" ? L.t("kf.hr.how.jackknife", { df: c.df }) : L.t("kf.hr.how.cr1", { df: c.df });
    const hrCi = c.ci[0] > 0 && Number.isFinite(c.ci[1]) ? L.t("kf.hr.ci", { lower: f2(c.ci[0]), upper: f2(c.ci[1]) }) : L.t("kf.hr.ciUnbounded");
    s += noInference ? L.t("kf.hr.noInference") : L.t("kf.hr.inference", { ci: hrCi, how, offices: x.offices, p: p(c.p) });
    if (c.phP !== undefined && !noInference) s += L.t("kf.hr.phKept", { p: p(c.phP) });
    if (noInference) s += L.t("kf.hr.twoOffices");
    out.push(s);
  }
  if (c && !noInference && c.riP !== undefined) {
    let s = L.t(c.riWithinPairs ? "kf.ri.pairs" : "kf.ri.offices", { n: c.riAssignments ?? "NA", p: p(c.riP) });
    s += c.riP >= 0.05 ? L.t("kf.ri.notSignificant") : L.t("kf.stop");
    if (ot) s += L.t("kf.ri.logrank", { p: p(ot.logrankP), n: ot.assignments, pRi: p(ot.logrankRiP) });
    if (c.mdeHr !== undefined) {
      s += L.t("kf.ri.mde", { hr: f2(c.mdeHr), inverse: f2(1 / c.mdeHr) });
      s += c.riP >= 0.05 && c.p < 0.05 ? L.t("kf.ri.mdeCaveat") : L.t("kf.stop");
    }
    out.push(s);
  }
  if (x.suppressedCells) {
    out.push(L.t("kf.suppressed", { n: x.suppressedCells, k: x.minCell ?? "NA" }));
  }
  return out;
}

/** The methods-and-limitations section, from the same input. */
export function methodsAndLimitations(x: FindingsInput, L: Localizer = localizer()): string[] {
  return [L.t("methods.design", { offices: officesLine(x, L) }), L.t("methods.did"), L.t("methods.time"), L.t("methods.mde"), L.t("methods.limitations")];
}
