/**
 * Key findings generated from the estimates and their diagnostics, so that no sentence can
 * contradict the data: each finding states the estimate, the inference with the number of
 * clusters, and every diagnostic that qualifies it — pre-trends (event-study Wald test, placebo
 * start, relative-magnitudes breakdown value), proportional hazards (then the effect over time
 * instead of one hazard ratio), few clusters (randomization p-values, small-sample corrections),
 * small cells, and the minimum detectable effect. Every number comes from the input object;
 * there is no fixed text about offices, dates or results.
 *
 * Rules: a hazard ratio is described as a ratio of rates of getting work, never as "times as
 * fast"; with fewer than 2 pilot or 2 control offices the data cannot support an inference and
 * the findings say so instead of quoting p-values; below FEW (30) clusters every finding that shows
 * a clustered result says how many clusters it rests on.
 */
import { fixed, formatPValue } from "./format-estimate.js";

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

const pp = (v: number) => fixed(100 * v, 1);
const ppSigned = (v: number) => (v > 0 ? `+${pp(v)}` : pp(v));
const pct = (v: number) => `${fixed(100 * v, 1)}%`;
const p = (v: number) => formatPValue(v);

function officesLine(x: FindingsInput): string {
  const G0 = x.offices - x.pilotOffices;
  return `${x.offices} offices (${x.pilotOffices} pilot, ${G0} control)`;
}

export function keyFindings(x: FindingsInput): string[] {
  const out: string[] = [];
  const G0 = x.offices - x.pilotOffices;
  const noInference = x.pilotOffices < 2 || G0 < 2;
  if (noInference) {
    out.push(
      `The data cannot support an inference about the pilot's effect: the comparison rests on ${officesLine(x)}, so any difference between pilot and control is also a difference between individual offices, and no standard error, bootstrap or randomization test can tell the two apart. The numbers below are descriptions of these offices, not estimates of an effect; p-values are not reported.`,
    );
  } else if (x.offices < FEW) {
    out.push(
      `The comparison rests on ${officesLine(x)}. With so few offices, uncertainty is judged office by office: the intervals use small-sample corrections with ${x.offices - 1} or fewer degrees of freedom, and randomization inference re-assigns the pilot label to offices.`,
    );
  }

  const d = x.did;
  if (d) {
    const period = `${d.post.join("–")} against ${d.pre.join("–")}`;
    const dir = d.estimate >= 0 ? "rose" : "fell";
    let s = `Share of exits to work (${period}): at pilot offices it ${dir} by ${pp(Math.abs(d.estimate))} percentage points more than at control offices`;
    if (noInference) s += ".";
    else {
      s += ` (95% CI ${pp(d.ci[0])} to ${pp(d.ci[1])}; CR2 with ${fixed(d.df, 1)} degrees of freedom, ${x.offices} offices; ${p(d.p)}`;
      if (d.wildP !== undefined) s += `; wild cluster bootstrap ${p(d.wildP)}`;
      if (d.riP !== undefined) s += `; randomization inference over ${d.riAssignments} assignments ${p(d.riP)}`;
      s += ").";
    }
    const pt = noInference ? undefined : d.pretrend;
    if (pt && pt.p < 0.05) {
      s += ` But the offices did not move in parallel before the pilot: the test of parallel pre-trends fails (Wald χ² = ${fixed(pt.chisq, 1)} on ${pt.df} df, ${p(pt.p)})`;
      if (pt.worst) s += `; in ${pt.worst.period} the pilot − control difference was ${pp(pt.worst.estimate)} points relative to ${pt.reference} (95% CI ${pp(pt.worst.ci[0])} to ${pp(pt.worst.ci[1])})`;
      s += ".";
      if (d.placeboStart && d.placeboStart.p < 0.05) s += ` A placebo pilot start in ${d.placeboStart.falseStart}, before the real one, shows an "effect" of ${pp(d.placeboStart.estimate)} points (${p(d.placeboStart.p)}).`;
      if (d.breakdown !== undefined && Number.isFinite(d.breakdown)) {
        s += d.breakdown === 0
          ? " Allowing for any continuation of these pre-trends, the estimate is no longer distinguishable from zero."
          : ` The effect stays distinguishable from zero only if the trend gap after the start changes by less than ${fixed(d.breakdown, 2)} times the largest year-to-year change before it${d.deltaPre !== undefined ? `, ${pp(d.deltaPre)} points` : ""} (relative-magnitudes sensitivity after Rambachan & Roth).`;
      }
      s += " The estimate should therefore not be read as the pilot's effect.";
    } else if (pt) {
      s += ` The test of parallel pre-trends does not reject (${p(pt.p)}), which with ${x.offices} offices is weak evidence that trends were parallel.`;
    }
    if (d.mde !== undefined && !noInference) s += ` With this design the smallest effect detectable with 80% power is about ${pp(d.mde)} percentage points (minimum detectable effect).`;
    out.push(s);
  }

  const c = x.cox;
  const ot = x.overTime;
  const phFails = !noInference && c?.phP !== undefined && c.phP < 0.05;
  if (ot && (phFails || !c)) {
    const parts = ot.days.map((r) => `${pct(r.pilot)} vs ${pct(r.control)} by day ${r.day} (${ppSigned(r.difference)} points${noInference ? "" : `, 95% CI ${pp(r.ci[0])} to ${pp(r.ci[1])}`})`);
    let s = `Time to work${x.spellOrigin ? ` (from ${x.spellOrigin})` : ""}: the pilot's effect changes over time${phFails ? ` — proportional hazards are rejected for pilot (${p(c!.phP!)}), so no single hazard ratio describes it` : ""}. In work at pilot vs control offices: ${parts.join("; ")}.`;
    if (c?.byPeriod?.length) {
      s += ` The hazard ratio of getting work is ${c.byPeriod.map((b) => `${fixed(b.hr, 2)} for ${b.label}${noInference ? "" : ` (95% CI ${fixed(b.ci[0], 2)} to ${fixed(b.ci[1], 2)})`}`).join(" and ")}.`;
    }
    if (ot.rmst) {
      const r = ot.rmst;
      const clear = !noInference && (r.ci[0] > 0 || r.ci[1] < 0);
      s += ` Within ${r.tau} days, the average time without work (restricted mean) was ${fixed(r.pilot, 0)} days at pilot and ${fixed(r.control, 0)} days at control offices (difference ${fixed(r.difference, 0)} days${noInference ? "" : `, 95% CI ${fixed(r.ci[0], 0)} to ${fixed(r.ci[1], 0)}; randomization ${p(r.p)}`})${noInference ? "" : clear ? "." : ": no clear difference over the whole period."}`;
    }
    if (c && phFails) s += ` The average hazard ratio (${fixed(c.hr, 2)}) mixes these phases and is not a summary of the effect.`;
    out.push(s);
  } else if (c) {
    let s = `Time to work${x.spellOrigin ? ` (from ${x.spellOrigin})` : ""}: the rate of getting work at pilot offices was ${fixed(c.hr, 2)} times the rate at control offices (hazard ratio`;
    const how = c.ciFrom === "randomization" ? `randomization inference over ${c.riAssignments} assignments` : c.ciFrom === "jackknife" ? `office jackknife with t(${c.df})` : `small-sample corrected with t(${c.df})`;
    const ci = c.ci[0] > 0 && Number.isFinite(c.ci[1]) ? `95% CI ${fixed(c.ci[0], 2)} to ${fixed(c.ci[1], 2)}` : "95% CI unbounded";
    s += noInference ? ")." : `; ${ci}, ${how}, ${x.offices} offices; ${p(c.p)}).`;
    if (c.phP !== undefined && !noInference) s += ` Proportional hazards are not rejected (${p(c.phP)}).`;
    if (noInference) s += " With one office on each side this is a comparison of two offices, not an effect of the pilot.";
    out.push(s);
  }
  if (c && !noInference && c.riP !== undefined) {
    let s = `Randomization inference for the hazard ratio, re-assigning the pilot label over ${c.riAssignments} possible assignments${c.riWithinPairs ? " within county pairs" : " of offices"}, gives ${p(c.riP)} (robust z statistic)`;
    s += c.riP >= 0.05 ? ": differences between offices alone could produce a hazard ratio this far from 1." : ".";
    if (ot) s += ` The log-rank test's ${p(ot.logrankP)} treats persons as independent; with offices as the unit (randomization over ${ot.assignments} assignments) it is ${p(ot.logrankRiP)}.`;
    if (c.mdeHr !== undefined) {
      s += ` The smallest hazard ratio this design detects with 80% power is about ${fixed(c.mdeHr, 2)} (or ${fixed(1 / c.mdeHr, 2)} below 1)`;
      s += c.riP >= 0.05 && c.p < 0.05 ? ", but that rests on the small-sample robust standard error, which the randomization test does not bear out here." : ".";
    }
    out.push(s);
  }
  if (x.suppressedCells) {
    out.push(`${x.suppressedCells} cells of the baseline tables are suppressed because they count fewer than ${x.minCell} persons (or would reveal such a cell); the findings above use all data.`);
  }
  return out;
}

/** The methods-and-limitations section, from the same input. */
export function methodsAndLimitations(x: FindingsInput): string[] {
  const out = [
    `Design: ${officesLine(x)}; the pilot label is assigned to whole offices, so the effective sample size for every comparison is the number of offices, not persons.`,
    "Difference in differences: two-way fixed effects (office and year) on exits, with person covariates; CR2 standard errors with Satterthwaite degrees of freedom (recommended with few offices), the wild cluster bootstrap and randomization inference beside it. It assumes parallel trends: without the pilot, the share of exits to work would have changed by the same amount at pilot and control offices. The event study, placebo tests and the relative-magnitudes sensitivity check that assumption.",
    "Time to work: Kaplan–Meier share in work by day, restricted mean time to work, and Cox regression stratified by county pair; randomization inference over assignments of the pilot label (the default for the hazard ratio: exact when offices are exchangeable), the office jackknife (CV3: refits leaving out each office) with t(G−1) for the hazard ratio by period, the cluster-robust variance with a G/(G−1) factor beside them, and leave-one-office-out jackknife intervals for differences by day. A hazard ratio is a ratio of rates among people still without work; when proportional hazards fail it is reported by period.",
    "Minimum detectable effect: (t(α/2) + t(0.2)) times the achieved standard error, with the same degrees of freedom — the smallest effect the analysis would detect with 80% power.",
    "Limitations: synthetic or register data can misclassify exits; offices were not randomly assigned; with few offices, all inference is approximate and randomization p-values cannot fall below the smallest attainable value (2 divided by the number of assignments).",
  ];
  return out;
}
