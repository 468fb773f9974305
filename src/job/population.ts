/**
 * The job's population and its breakdowns (issue 13). The pilot took over four measures; the
 * design estimates the effect on exits from these four (and on time to work of users entering on
 * them), together and each separately, per user group, with all 19 measures only as a background:
 *  - `population` = rows of exits.arrow / spells.arrow whose `measure` (the exit's measure, the
 *    spell's entry measure) and `user_group` are in the job's lists; default the four pilot
 *    measures, all groups. The headline DiD, Cox and Kaplan–Meier use only these rows.
 *  - `by` = [measure, user_group]: the same DiD (TWFE with CR2/Satterthwaite, wild cluster bootstrap,
 *    randomization inference) and pooled Cox (strata county pair, robust SE by office) on each
 *    level within the population.
 *  - background: every measure of the design's 19 (catalogue `baseline`), all groups — diluted by
 *    measures the pilot did not touch, shown for context, never as the pilot's effect.
 * A breakdown that cannot be estimated (a compared year without exits, too few events) is reported
 * with its reason instead of stopping the job.
 */
import { EffektError, InputError } from "../errors.js";
import { filterRows, type DataTable } from "../io/table.js";
import type { MeasureDef, PrepareConfig } from "../registers/config.js";
import { PILOT_MEASURES } from "../registers/config.js";
import { runCoxPooled, runDidComparison, type DidAnalysis } from "./analyses.js";
import type { CoxTableFit } from "../survival/cox/index.js";
import type { JobFile } from "./job-schema.js";
import type { BaselineRow } from "../registers/baseline-tables.js";

export interface Population {
  measures: string[];
  /** null = all user groups. */
  userGroups: string[] | null;
  /** For captions: "AVKLARING, AVKL_SKJERMET, OPPFOLGING, ARB_BISTAND; all user groups". */
  label: string;
}

/** The job's population, checked against the catalogue and the user groups of the configuration. */
export function resolvePopulation(job: JobFile, cfg: PrepareConfig, jobFile: string): Population {
  const codes = new Set(cfg.measures.map((m) => m.code));
  const asked = job.population?.measures;
  // "*" = every measure of the catalogue (as in the regimes' measure lists).
  const measures = asked?.includes("*") ? [...codes] : (asked ?? PILOT_MEASURES.filter((c) => codes.has(c)));
  for (const m of measures) {
    if (!codes.has(m)) throw new InputError(`population: measure "${m}" is not in the catalogue (${[...codes].join(", ")})`, { file: jobFile });
  }
  const groups = new Set(cfg.userGroups.map((g) => g.code));
  const userGroups = job.population?.user_groups ?? null;
  for (const g of userGroups ?? []) {
    if (!groups.has(g)) throw new InputError(`population: user group "${g}" is not one of ${[...groups].join(", ")}`, { file: jobFile });
  }
  const label = asked?.includes("*") ? "all measures" : measures.join(", ");
  return { measures, userGroups, label: `${label}; ${userGroups ? userGroups.join(", ") : "all user groups"}` };
}

function labels(t: DataTable, name: string): (string | null)[] {
  const c = t.columns.get(name);
  if (!c) throw new InputError("no such column", { file: t.source, column: name });
  return c.type === "string" ? c.values : Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** Rows whose `measure` is in `measures` and `user_group` in `groups` (null = any). */
export function selectRows(t: DataTable, measures: string[] | null, groups: string[] | null, source = t.source): DataTable {
  const m = labels(t, "measure");
  const g = labels(t, "user_group");
  const ms = measures && new Set(measures);
  const gs = groups && new Set(groups);
  const keep = new Uint8Array(t.nrows);
  for (let i = 0; i < t.nrows; i++) keep[i] = (!ms || ms.has(m[i] ?? "")) && (!gs || gs.has(g[i] ?? "")) ? 1 : 0;
  return filterRows(t, keep, source);
}

/**
 * The baseline rows the publication gate links every exit count to, for the job's population: the
 * office × user group × year rows of prepare's baseline (stocks and settings of all measures, as
 * context), with `exits` and `job` counted from the population's exits (`outcome` = the DiD's
 * outcome column). So the headline's 2×2 cells and "on N exits", the baseline tables and the
 * shares by office all rest on one set of atoms (office × group × year × outcome of the
 * population's exits), and a count of the population is published exactly when the gate allows.
 */
export function populationBaseline(rows: BaselineRow[], exits: DataTable, outcome: string): BaselineRow[] {
  const office = labels(exits, "office");
  const group = labels(exits, "user_group");
  const yc = exits.columns.get("year");
  const oc = exits.columns.get(outcome);
  if (!yc || yc.type !== "number") throw new InputError("numeric column needed", { file: exits.source, column: "year" });
  if (!oc || oc.type !== "number") throw new InputError("numeric column needed", { file: exits.source, column: outcome });
  const n = new Map<string, { exits: number; job: number }>();
  for (let i = 0; i < exits.nrows; i++) {
    const key = `${office[i]}\u0000${group[i]}\u0000${yc.values[i]}`;
    const c = n.get(key) ?? { exits: 0, job: 0 };
    c.exits++;
    if (oc.values[i] === 1) c.job++;
    n.set(key, c);
  }
  const out = rows.map((r) => {
    const c = n.get(`${r.office}\u0000${r.user_group}\u0000${r.year}`) ?? { exits: 0, job: 0 };
    n.delete(`${r.office}\u0000${r.user_group}\u0000${r.year}`);
    return { ...r, exits: c.exits, job: c.job, job_share: c.exits > 0 ? c.job / c.exits : NaN };
  });
  // Every population exit lies in a baseline cell (prepare counts each kept exit there).
  if (n.size) throw new Error(`population baseline: exits outside prepare's baseline cells (${[...n.keys()][0].replaceAll("\u0000", " ")})`);
  return out;
}

/** The inference the headline shows, for one line of the breakdown. */
export interface DidLine {
  estimate: number;
  se_cr2: number;
  df: number;
  lower: number;
  upper: number;
  p: number;
  p_wild_bootstrap: number;
  p_randomization: number;
  exits: number;
  clusters: number;
  pilot_offices: number;
}

export interface CoxLine {
  hazard_ratio: number;
  lower: number;
  upper: number;
  p: number;
  n: number;
  events: number;
}

export interface ByLine {
  scope: "population" | "measure" | "user_group" | "background";
  level: string;
  did?: DidLine;
  did_error?: string;
  cox?: CoxLine;
  cox_error?: string;
}

export function didLine(c: DidAnalysis["comparison"]): DidLine {
  const tw = c.twfe;
  return {
    estimate: tw.estimate,
    se_cr2: tw.se_cr2,
    df: tw.df_satterthwaite,
    lower: tw.ci.cr2_satterthwaite[0],
    upper: tw.ci.cr2_satterthwaite[1],
    p: tw.p_cr2_satterthwaite,
    p_wild_bootstrap: c.wild_cluster_bootstrap.p_value,
    p_randomization: c.randomization_inference.p_value,
    exits: c.rows,
    clusters: tw.n_clusters,
    pilot_offices: tw.n_treated_clusters,
  };
}

export function coxLine(fit: CoxTableFit): CoxLine {
  const j = fit.terms.indexOf("pilot");
  return { hazard_ratio: fit.hazard_ratio[j], lower: fit.hr_lower[j], upper: fit.hr_upper[j], p: fit.p[j], n: fit.n, events: fit.nevent };
}

function attempt<T>(f: () => T): { value?: T; error?: string } {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof EffektError) return { error: e.message };
    throw e;
  }
}

export interface ByOptions {
  did: boolean;
  cox: boolean;
  /** Outcome column and whether it is binary (for the DiD). */
  outcome?: string;
}

/** One line: DiD on `exits`, pooled Cox on `spells`, each reported or with its reason. */
export function estimateLine(scope: ByLine["scope"], level: string, exits: DataTable | undefined, spells: DataTable | undefined, job: JobFile, o: ByOptions): ByLine {
  const line: ByLine = { scope, level };
  if (o.did && exits) {
    const r = attempt(() => didLine(runDidComparison(exits, job, o.outcome)));
    if (r.value) line.did = r.value;
    else line.did_error = r.error;
  }
  if (o.cox && spells) {
    const r = attempt(() => coxLine(runCoxPooled(spells, job, false)));
    if (r.value) line.cox = r.value;
    else line.cox_error = r.error;
  }
  return line;
}

/**
 * The breakdown lines beside the headline: each level of `by` within the population, then the
 * background (all of the design's measures, all groups). `exits` and `spells` are the unfiltered
 * prepared tables.
 */
export function runBy(exits: DataTable, spells: DataTable, job: JobFile, pop: Population, catalogue: MeasureDef[], o: ByOptions): ByLine[] {
  const lines: ByLine[] = [];
  for (const dim of job.by ?? []) {
    const levels = dim === "measure" ? pop.measures : (pop.userGroups ?? [...new Set(labels(exits, "user_group"))].filter((g): g is string => !!g).sort());
    for (const level of levels) {
      const ms = dim === "measure" ? [level] : pop.measures;
      const gs = dim === "user_group" ? [level] : pop.userGroups;
      const tag = `${dim} ${level}`;
      lines.push(estimateLine(dim, level, selectRows(exits, ms, gs, `${exits.source} (${tag})`), selectRows(spells, ms, gs, `${spells.source} (${tag})`), job, o));
    }
  }
  if (job.analyses?.background !== false) {
    const all = catalogue.filter((m) => m.baseline).map((m) => m.code);
    lines.push(
      estimateLine("background", `all ${all.length} measures, all user groups`, selectRows(exits, all, null, `${exits.source} (background)`), selectRows(spells, all, null, `${spells.source} (background)`), job, o),
    );
  }
  return lines;
}
