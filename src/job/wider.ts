/**
 * The wider comparison (issue 13): the pilot offices against every other office — the paired
 * control offices and the offices of the rest of the country (role `other`) — as the design's
 * fallback control group. With many offices the cluster-robust inference that suits many clusters
 * applies: TWFE DiD (office and year fixed effects) with CR2 / Satterthwaite df and CR1, and the
 * wild cluster bootstrap (Webb weights when 2^G would be too many draws); randomization inference is
 * not shown (C(G, 5) assignments are too many to enumerate, and with many control offices the
 * sandwich is reliable). Cox: the headline's model without county strata (the rest of the country has
 * no pilot office in its counties), robust SE by office.
 * The ten offices' own numbers stand beside it: per office, exits and the share to work before and
 * after, with the rest of the country as one line.
 */
import { InputError } from "../errors.js";
import { buildFrame } from "../frame/model-frame.js";
import type { DataTable } from "../io/table.js";
import { filterRows } from "../io/table.js";
import { twfe, twfeDesign, fitFromGrams, wildClusterBootstrap, type TwfeResult, type WildBootstrapResult } from "../did/index.js";
import { coxphFromTable } from "../survival/cox/index.js";
import { comparisonExits, coxBase } from "./analyses.js";
import type { JobFile } from "./job-schema.js";
import { coxLine, type CoxLine } from "./population.js";
import { mapUint8 } from "../frame/typed-map.js";

export interface WiderComparison {
  offices: { pilot: number; control: number; other: number };
  did?: { twfe: TwfeResult; wild_cluster_bootstrap: WildBootstrapResult; exits: number };
  did_error?: string;
  cox?: CoxLine;
  cox_error?: string;
  /** Exits and job shares per office (the ten) and for the rest of the country, pre and post. */
  per_office: { office: string; role: string; pre_exits: number; pre_share: number; post_exits: number; post_share: number }[];
}

function labels(t: DataTable, name: string): (string | null)[] {
  const c = t.columns.get(name);
  if (!c) throw new InputError("no such column", { file: t.source, column: name });
  return c.type === "string" ? c.values : Array.from(c.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** TWFE DiD with CR1/CR2 and the wild cluster bootstrap, no randomization inference (many offices). */
export function didManyClusters(exits: DataTable, job: JobFile) {
  const { pre, post } = job.design;
  const sub = comparisonExits(exits, pre, post);
  const outcome = job.outcome ?? "job";
  const f = buildFrame(sub, { numeric: [outcome, "pilot", "year"], covariates: job.covariates ?? [], labels: ["office", "year"] });
  const firstTreated = Math.min(...post);
  const d = new Float64Array(f.n);
  for (let k = 0; k < f.n; k++) d[k] = f.numeric.pilot[k] * (f.numeric.year[k] >= firstTreated ? 1 : 0);
  const inp = { y: f.numeric[outcome], d, unit: f.labels.office.codes, time: f.labels.year.codes, cluster: f.labels.office.codes, x: f.design.columns };
  const res = twfe(inp);
  const des = twfeDesign(inp);
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors, 1);
  const G = f.labels.office.levels.length;
  const draws = job.analyses?.did?.draws ?? 9999;
  const boot = wildClusterBootstrap(des, fit, { draws, seed: job.seed ?? 1, weights: 2 ** G <= draws ? (job.analyses?.did?.weights ?? "rademacher") : "webb" });
  return { twfe: res, wild_cluster_bootstrap: boot, exits: f.n };
}

export function runWider(exits: DataTable, spells: DataTable, job: JobFile): WiderComparison {
  const role = labels(exits, "role");
  const office = labels(exits, "office");
  const count = (r: string) => new Set(office.filter((_, i) => role[i] === r)).size;
  const out: WiderComparison = { offices: { pilot: count("pilot"), control: count("control"), other: count("other") }, per_office: [] };
  try {
    out.did = didManyClusters(exits, job);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    out.did_error = e.message;
  }
  try {
    // No strata: the offices of the rest of the country are in counties without a pilot office, so a
    // county-stratified model would ignore them. Robust SE by office.
    const spec = coxBase(job);
    out.cox = coxLine(coxphFromTable(spells, { ...spec, covariates: [...spec.covariates], cluster: "office" }));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    out.cox_error = e.message;
  }
  // Per office (the ten) and the rest of the country as one line.
  const year = exits.columns.get("year")!.values as Float64Array;
  const y = exits.columns.get(job.outcome ?? "job")!.values as Float64Array;
  const acc = new Map<string, { role: string; n: number[]; s: number[] }>();
  for (let i = 0; i < exits.nrows; i++) {
    const p = job.design.pre.includes(year[i]) ? 0 : job.design.post.includes(year[i]) ? 1 : -1;
    if (p < 0) continue;
    const key = role[i] === "other" ? `Rest of the country (${out.offices.other} offices)` : (office[i] ?? "");
    const a = acc.get(key) ?? { role: role[i] ?? "", n: [0, 0], s: [0, 0] };
    a.n[p]++;
    a.s[p] += y[i];
    acc.set(key, a);
  }
  const order = (r: string) => (r === "pilot" ? 0 : r === "control" ? 1 : 2);
  out.per_office = [...acc.entries()]
    .sort((a, b) => order(a[1].role) - order(b[1].role) || (a[0] < b[0] ? -1 : 1))
    .map(([o, a]) => ({ office: o, role: a.role, pre_exits: a.n[0], pre_share: a.s[0] / a.n[0], post_exits: a.n[1], post_share: a.s[1] / a.n[1] }));
  return out;
}

/** Rows of a prepared table outside the ten offices' design (role `other`) left out. */
export function withoutOther(t: DataTable): DataTable {
  if (!t.columns.has("role")) return t;
  const role = labels(t, "role");
  if (!role.includes("other")) return t;
  return filterRows(t, mapUint8(role, (r) => (r === "other" ? 0 : 1)));
}
