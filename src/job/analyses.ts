/**
 * The analyses of an evaluation job, on the analysis tables that `prepare` wrote: DiD on exits,
 * Cox (pooled and per county pair), Kaplan–Meier with log-rank, and competing-risk cumulative
 * incidence on time-to-work spells. Each returns plain result objects; nothing here writes files.
 */
import { InputError } from "../errors.js";
import { coxphFromTable, type CoxTableFit } from "../survival/cox/index.js";
import { didFromTable, type DidResult } from "../did/index.js";
import { filterRows, type DataTable } from "../io/table.js";
import { kaplanMeierFromTable, logrankFromTable } from "../survival/km-from-table.js";
import { aalenJohansenFromTable } from "../survival/cuminc-from-table.js";
import type { KaplanMeierResult } from "../survival/kaplan-meier.js";
import type { LogrankResult } from "../survival/logrank.js";
import type { AalenJohansenResult } from "../survival/cumulative-incidence.js";
import type { Dropped } from "../frame/model-frame.js";
import type { JobFile } from "./job-schema.js";
import { effectOverTimeFromTable, type EffectOverTime } from "../survival/effect-over-time.js";
import { hazardRatioByPeriod } from "../survival/split-spells.js";
import { parallelTrendChecks, relativeMagnitudes, type RelativeMagnitudes, type RobustnessResult } from "../did/robustness.js";

export interface DidAnalysis {
  /** Main effect: post years against pre years. */
  comparison: DidResult & { pre: number[]; post: number[]; rows: number };
  /** Event study over every year in the exits table (reference: last year before the pilot). */
  all_years: DidResult;
  /** Placebo start, each control office as a false pilot, leave one office out. */
  robustness: RobustnessResult;
  /** Relative-magnitudes sensitivity (Rambachan & Roth 2023) of the post-period event-study average. */
  sensitivity?: RelativeMagnitudes;
}

function numericColumn(t: DataTable, name: string): Float64Array {
  const c = t.columns.get(name);
  if (!c) throw new InputError(`no such column (columns are: ${t.names.join(", ")})`, { file: t.source, column: name });
  if (c.type !== "number") throw new InputError("column must be numeric", { file: t.source, column: name });
  return c.values;
}

/** Exits in the compared years only. Errors before estimation when a period has no exits. */
export function comparisonExits(exits: DataTable, pre: number[], post: number[]): DataTable {
  const year = numericColumn(exits, "year");
  const keep = new Uint8Array(exits.nrows);
  const count = new Map<number, number>();
  for (let i = 0; i < exits.nrows; i++) {
    if (pre.includes(year[i]) || post.includes(year[i])) {
      keep[i] = 1;
      count.set(year[i], (count.get(year[i]) ?? 0) + 1);
    }
  }
  for (const y of [...pre, ...post]) {
    if (!count.get(y)) {
      throw new InputError(`period ${y} has no exits (the exits table covers ${yearsOf(year).join(", ")})`, {
        file: exits.source,
        column: "year",
      });
    }
  }
  return filterRows(exits, keep);
}

function yearsOf(year: Float64Array): number[] {
  return [...new Set(year)].filter((y) => !Number.isNaN(y)).sort((a, b) => a - b);
}

/** The DiD specification every DiD of a job shares (headline, per measure, per group, background). */
export function didBase(job: JobFile, outcome = job.outcome ?? "job") {
  const opts = job.analyses?.did ?? {};
  return {
    outcome,
    unit: "office",
    time: "year",
    treated: "pilot",
    covariates: job.covariates ?? [],
    cluster: "office",
    // Randomization inference over all C(10,5) assignments, or within county pairs (2^5) on request.
    pair: opts.randomization === "pairs" ? "county" : undefined,
    draws: opts.draws ?? 9999,
    seed: job.seed ?? 1,
    bootWeights: opts.weights ?? "rademacher",
    binaryOutcome: true,
  };
}

/** The main comparison only: `design.post` against `design.pre`. */
export function runDidComparison(exits: DataTable, job: JobFile, outcome?: string, binary = true, weights?: string): DidAnalysis["comparison"] {
  const { pre, post } = job.design;
  const sub = comparisonExits(exits, pre, post);
  const r = didFromTable(sub, { ...didBase(job, outcome), binaryOutcome: binary, weights, firstTreated: Math.min(...post), referencePeriod: Math.max(...pre) });
  return { ...r, pre, post, rows: sub.nrows };
}

export function runDid(exits: DataTable, job: JobFile, pilotStartYear: number): DidAnalysis {
  const pre = job.design.pre;
  const post = job.design.post;
  const opts = job.analyses?.did ?? {};
  const base = didBase(job);
  const sub = comparisonExits(exits, pre, post);
  const comparison = didFromTable(sub, {
    ...base,
    firstTreated: Math.min(...post),
    referencePeriod: Math.max(...pre),
  });
  const years = yearsOf(numericColumn(exits, "year"));
  const all_years = didFromTable(exits, {
    ...base,
    firstTreated: pilotStartYear,
    referencePeriod: opts.reference_period ?? Math.max(...years.filter((y) => y < pilotStartYear)),
  });
  const quick = { outcome: base.outcome, unit: "office", time: "year", treated: "pilot", covariates: job.covariates ?? [], firstTreated: Math.min(...post), pilotStart: pilotStartYear };
  const robustness = parallelTrendChecks(sub, exits, quick, comparison.twfe.estimate);
  let sensitivity: RelativeMagnitudes | undefined;
  try {
    sensitivity = relativeMagnitudes(all_years.event_study, post, comparison.twfe.n_clusters);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
  return { comparison: { ...comparison, pre, post, rows: sub.nrows }, all_years, robustness, sensitivity };
}

export interface CoxAnalysis {
  /** Pooled model with small-sample and randomization inference for `pilot`. */
  pooled?: CoxTableFit;
  /** One hazard ratio of `pilot` per period (spells split at `split_at` days), when the PH test rejects. */
  by_period?: CoxTableFit & { periods: string[] };
  /** One model per county pair: the pilot office against its control office. */
  per_pair: { county: string; pilot_office: string; control_office: string; fit: CoxTableFit }[];
}

/** Spells column holding the strings of a dictionary column, as label values. */
function stringValues(t: DataTable, name: string): (string | null)[] {
  const c = t.columns.get(name);
  if (!c) throw new InputError("no such column", { file: t.source, column: name });
  return c.type === "string" ? c.values : Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** The Cox specification every Cox model of a job shares. */
export function coxBase(job: JobFile) {
  return { time: "stop", start: "start", event: "event", ties: job.analyses?.cox?.ties ?? "efron", covariates: ["pilot", ...(job.covariates ?? [])] } as const;
}

/** Pooled Cox: baseline hazard per county pair (strata), robust variance by office. */
export function runCoxPooled(spells: DataTable, job: JobFile, zph = true): CoxTableFit {
  const spec = coxBase(job);
  return coxphFromTable(spells, { ...spec, covariates: [...spec.covariates], strata: "county", cluster: "office", zph });
}

export function runCox(spells: DataTable, job: JobFile): CoxAnalysis {
  const opts = job.analyses?.cox ?? {};
  const { covariates: cov, ...spec } = coxBase(job);
  const covariates = [...cov];
  const result: CoxAnalysis = { per_pair: [] };
  if (opts.pooled !== false) {
    // Pooled: baseline hazard per county pair (strata), robust variance by office, few-cluster
    // inference for pilot (small-sample CR1 row and randomization over offices or within pairs).
    const pairs = (opts.randomization ?? job.analyses?.did?.randomization) === "pairs";
    const robust = { strata: "county", cluster: "office" };
    result.pooled = coxphFromTable(spells, {
      ...spec,
      ...robust,
      covariates,
      zph: true,
      randomization: "pilot",
      pair: pairs ? "county" : undefined,
      draws: job.analyses?.did?.draws ?? 9999,
      seed: job.seed ?? 1,
    });
    const j = result.pooled.zph?.rows.indexOf("pilot") ?? -1;
    if (j >= 0 && result.pooled.zph!.p[j] < 0.05) {
      result.by_period = hazardRatioByPeriod(spells, { ...spec, ...robust, covariates, label: "pilot", cuts: opts.split_at ?? [180] });
    }
  }
  if (opts.per_office !== false) {
    const county = stringValues(spells, "county");
    const office = stringValues(spells, "office");
    const pilot = numericColumn(spells, "pilot");
    const counties = [...new Set(county)].filter((c): c is string => c !== null).sort();
    for (const c of counties) {
      const keep = county.map((v) => (v === c ? 1 : 0));
      const sub = filterRows(spells, keep, `${spells.source} (county ${c})`);
      let pilotOffice = "";
      let controlOffice = "";
      for (let i = 0; i < spells.nrows; i++) {
        if (county[i] !== c) continue;
        if (pilot[i] === 1) pilotOffice = office[i] ?? "";
        else controlOffice = office[i] ?? "";
      }
      result.per_pair.push({ county: c, pilot_office: pilotOffice, control_office: controlOffice, fit: coxphFromTable(sub, { ...spec, covariates }) });
    }
  }
  return result;
}

export interface SurvivalAnalysis {
  km: KaplanMeierResult & { dropped: Dropped };
  logrank: LogrankResult & { dropped: Dropped };
  /** Log-rank stratified by county pair. */
  logrank_by_pair: LogrankResult & { dropped: Dropped };
  competing?: AalenJohansenResult & { dropped: Dropped };
  /** Share in work by day and RMST, pilot − control, with few-cluster inference. */
  effect_over_time: EffectOverTime & { dropped: Dropped };
}

/** Pilot/control labels for the 0/1 `pilot` column. */
export const GROUP_LABELS: Record<string, string> = { "pilot=0": "Control offices", "pilot=1": "Pilot offices" };

export function runSurvival(spells: DataTable, job: JobFile): SurvivalAnalysis {
  const opts = job.analyses?.km ?? {};
  const base = { time: "stop", start: "start", event: "event", group: "pilot" };
  const times = opts.times ?? [90, 180, 365, 730];
  const km = kaplanMeierFromTable(spells, { ...base, confType: opts.conf_type ?? "log", times });
  const effect_over_time = effectOverTimeFromTable(spells, {
    time: "stop",
    start: "start",
    event: "event",
    cluster: "office",
    label: "pilot",
    pair: (job.analyses?.cox?.randomization ?? job.analyses?.did?.randomization) === "pairs" ? "county" : undefined,
    days: times,
    tau: opts.rmst_tau ?? Math.max(...times),
    draws: job.analyses?.did?.draws ?? 9999,
    seed: job.seed ?? 1,
  });
  const logrank = logrankFromTable(spells, base);
  const logrank_by_pair = logrankFromTable(spells, { ...base, strata: "county" });
  let competing: SurvivalAnalysis["competing"];
  if (job.analyses?.competing_risks !== false && spells.columns.has("cause")) {
    competing = aalenJohansenFromTable(spells, {
      time: "cr_stop",
      start: "start",
      cause: "cause",
      causeLevels: ["work", "disability benefit", "other exit"],
      group: "pilot",
    });
  }
  return { km, logrank, logrank_by_pair, competing, effect_over_time };
}
