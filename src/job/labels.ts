/**
 * Display names of the analyses' codes in the report's language: survival groups ("pilot=1"),
 * competing causes, office roles and the job's population. The codes themselves stay in CSV,
 * JSON and results.json.
 */
import type { Localizer, MessageKey } from "../report/i18n/index.js";
import type { Population } from "./population.js";

const GROUPS: Record<string, MessageKey> = { "pilot=0": "group.control", "pilot=1": "group.pilot" };
const CAUSES: Record<string, MessageKey> = { work: "cause.work", "disability benefit": "cause.disability", "other exit": "cause.other" };
const ROLES: Record<string, MessageKey> = { pilot: "role.pilot", control: "role.control", other: "role.other" };

/** "pilot=1" → "Pilot offices" / "Pilotkontorer"; other groups as they are. */
export const groupLabel = (g: string, L: Localizer) => (GROUPS[g] ? L.t(GROUPS[g]) : g);
/** "disability benefit" → "uføretrygd"; other causes as they are. */
export const causeLabel = (c: string, L: Localizer) => (CAUSES[c] ? L.t(CAUSES[c]) : c);
/** "control" → "kontroll"; other roles as they are. */
export const roleLabel = (r: string, L: Localizer) => (ROLES[r] ? L.t(ROLES[r]) : r);

/**
 * Notes the estimators write in English (randomization intervals, the Cox fit's few-clusters
 * warning, leave-one-out labels), in the report's language: English ones are returned unchanged,
 * known Norwegian ones rebuilt from the catalogue; an unknown note stays as it is.
 */
export function estimatorNote(note: string, L: Localizer): string {
  if (L.lang === "en") return note;
  const num = (s: string) => L.sig(Number(s), 6);
  let m = /^no finite (\d+)% interval: with (\d+) assignments the smallest attainable p-value is ([-\d.e+]+) > ([-\d.e+]+)$/.exec(note);
  if (m) return L.t("note.noFiniteInterval", { level: L.percent(Number(m[1]) / 100, 0), n: Number(m[2]), minP: num(m[3]), alpha: num(m[4]) });
  m = /^the (\d+)% randomization interval is unbounded: hypothesised hazard ratios more than e\^(\d+) times the estimate are not rejected$/.exec(note);
  if (m) return L.t("note.unboundedHr", { level: L.percent(Number(m[1]) / 100, 0), max: m[2] });
  m = /^only (\d+) clusters \((\w+)\): the robust \(sandwich\) standard error is biased downward with fewer than about (\d+) clusters; use the small-sample CR1 row \(t with (\d+) df\) or randomization inference$/.exec(note);
  if (m) return L.t("table.hri.fewClusters", { n: Number(m[1]), name: m[2] === "office" ? L.t("col.office") : m[2], few: Number(m[3]), df: Number(m[4]) });
  m = /^without (.+)$/.exec(note);
  if (m) return L.t("note.without", { office: m[1] });
  return note;
}

/** A line of the breakdown: the population, the background line in the report's language; measures and groups as they are. */
export function lineLevel(scope: string, level: string, pop: Population, L: Localizer): string {
  if (scope === "population") return populationLabel(pop, L);
  const bg = /^all (\d+) measures, all user groups$/.exec(level);
  return scope === "background" && bg ? L.t("population.background", { n: Number(bg[1]) }) : level;
}

/**
 * The population in words ("AVKLARING, OPPFOLGING; all user groups"): measure codes and user
 * groups as in the data, "all measures" / "all user groups" in the report's language (population.ts
 * writes `label` with the English words, which results.json keeps).
 */
export function populationLabel(pop: Population, L: Localizer): string {
  const measures = pop.label.startsWith("all measures;") ? L.t("population.allMeasures") : pop.measures.join(", ");
  return `${measures}; ${pop.userGroups ? pop.userGroups.join(", ") : L.t("population.allGroups")}`;
}
