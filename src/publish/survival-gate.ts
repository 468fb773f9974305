/**
 * Disclosure control of the time-to-work outputs:
 *  - Kaplan–Meier curves per group → safe bins ({@link binCurve}), truncated where < k remain;
 *    a censoring mark at the end of each shown bin with at least k censorings (a flag, no count);
 *    Aalen–Johansen curves, per cause, read at ends of unions of those bins holding 0 or ≥ k events
 *    of that cause ({@link coarsenForCauses});
 *  - Cox models: a per-pair model is withheld (estimates and counts) when an office of the pair
 *    has 0 < events < k or 0 < persons without the event < k; the counts n and events of all
 *    models are linked cells over atoms office × (event, no event), together with the group totals
 *    implied by the published KM bins, so that a withheld pair cannot be recovered as
 *    pooled − other pairs.
 */
import type { DataTable } from "../io/table.js";
import type { CoxAnalysis, SurvivalAnalysis } from "../job/analyses.js";
import { atBinEnds, binCurve, coarsenForCauses, type Bin } from "./event-times.js";
import { protectLinked, type CountCell } from "./linked-cells.js";

export interface PublishedKm {
  group: string;
  withheld: boolean;
  /** All bins (counts), the last one being the tail. */
  bins: Bin[];
  /** The shown steps: time = the bin's last time, n_risk at the bin's start. */
  time: number[];
  n_risk: number[];
  surv: number[];
  lower: number[];
  upper: number[];
  /**
   * Per shown bin: at least k persons were censored in it — the figure's censoring mark, one per
   * bin at its end. A mark is a flag, not a count: 0 < censorings < k gives no mark (the threshold
   * rule), and no individual censoring time is published. In a bin without entries the count
   * itself already follows from the published numbers at risk and events (0 or ≥ k by the binning).
   */
  censor_mark: boolean[];
  n: number;
  events: number;
}

export interface PublishedAj {
  group: string;
  /** Per cause: steps at ends of unions of the KM bins holding ≥ k events of that cause. */
  causes: { cause: string; time: number[]; cuminc: number[]; lower: number[]; upper: number[] }[];
}

export interface CoxGate {
  /** Estimates of the model may be shown. */
  estimates: (model: string) => boolean;
  /** n and events of the model may be shown. */
  counts: (model: string) => boolean;
  /** The number of persons in a KM group (KM n, log-rank n) may be shown. */
  groupN: (group: string) => boolean;
  withheld: string[];
}

export interface SurvivalGate {
  k: number;
  km: PublishedKm[];
  aj: PublishedAj[];
  cox: CoxGate;
}

/** Step value of a fine series at time t (value at the last time ≤ t; `before` if none). */
function stepAt(time: ArrayLike<number>, v: ArrayLike<number>, t: number, before: number): number {
  let out = before;
  for (let i = 0; i < time.length && time[i] <= t; i++) out = v[i];
  return out;
}

export function gateSurvival(survival: SurvivalAnalysis | undefined, cox: CoxAnalysis | undefined, spells: DataTable, k: number): SurvivalGate {
  const km: PublishedKm[] = [];
  const aj: PublishedAj[] = [];
  for (const c of survival?.km.curves ?? []) {
    const cr = survival?.competing?.curves.find((x) => x.group === c.group);
    const b = binCurve(c, k);
    const time = b.bins.slice(0, b.shown).map((x) => x.to);
    km.push({
      group: c.group,
      withheld: b.withheld,
      bins: b.bins,
      time,
      n_risk: b.bins.slice(0, b.shown).map((x) => x.n_risk),
      surv: atBinEnds(b, c.surv),
      lower: atBinEnds(b, c.lower),
      upper: atBinEnds(b, c.upper),
      censor_mark: b.bins.slice(0, b.shown).map((x) => x.n_censor >= k),
      n: c.n,
      events: c.events,
    });
    if (cr && !b.withheld) {
      // Each cause on its own unions of bins (at least k events of that cause per step); a cause
      // too rare for any safe step is left out.
      const causes = cr.causes
        .map((x) => {
          const ends = coarsenForCauses(b, { time: cr.time, n_event: [x.n_event] }, k);
          const t = ends.map((i) => b.bins[i].to);
          return {
            cause: x.cause,
            time: t,
            cuminc: t.map((u) => stepAt(cr.time, x.cuminc, u, 0)),
            lower: t.map((u) => stepAt(cr.time, x.lower, u, 0)),
            upper: t.map((u) => stepAt(cr.time, x.upper, u, 0)),
          };
        })
        .filter((x) => x.time.length > 0);
      if (causes.length) aj.push({ group: c.group, causes });
    }
  }
  return { k, km, aj, cox: gateCox(cox, km, spells, k) };
}

function gateCox(cox: CoxAnalysis | undefined, km: PublishedKm[], spells: DataTable, k: number): CoxGate {
  const officeCol = spells.columns.get("office");
  const eventCol = spells.columns.get("event");
  const pilotCol = spells.columns.get("pilot");
  const offices: string[] = [];
  const atoms: number[] = [];
  const pilotOf = new Map<string, number>();
  if (officeCol && eventCol && eventCol.type === "number") {
    for (let i = 0; i < spells.nrows; i++) {
      const o = officeCol.type === "string" ? officeCol.values[i] : String(officeCol.values[i]);
      if (o === null) continue;
      let j = offices.indexOf(o);
      if (j < 0) {
        j = offices.length;
        offices.push(o);
        atoms.push(0, 0);
        if (pilotCol?.type === "number") pilotOf.set(o, pilotCol.values[i]);
      }
      atoms[2 * j + (eventCol.values[i] === 1 ? 0 : 1)]++;
    }
  }
  const atomsOf = (names: string[], eventsOnly: boolean) =>
    names.flatMap((n) => {
      const j = offices.indexOf(n);
      return j < 0 ? [] : eventsOnly ? [2 * j] : [2 * j, 2 * j + 1];
    });
  const sum = (a: number[]) => a.reduce((s, x) => s + atoms[x], 0);
  const cells: CountCell[] = [];
  const small = (v: number) => v > 0 && v < k;
  const withheldModels: string[] = [];
  const addModel = (model: string, names: string[], n: number, events: number, withhold: boolean) => {
    const an = atomsOf(names, false);
    const ae = atomsOf(names, true);
    // Counts that are not sums of the atoms (rows dropped) are never shown.
    const mismatch = sum(an) !== n || sum(ae) !== events;
    cells.push({ id: `${model}|n`, atoms: an, value: sum(an), withheld: withhold || mismatch });
    cells.push({ id: `${model}|events`, atoms: ae, value: sum(ae), withheld: withhold || mismatch });
  };
  if (cox?.pooled) addModel("pooled", offices, cox.pooled.n, cox.pooled.nevent, false);
  for (const p of cox?.per_pair ?? []) {
    const names = [p.pilot_office, p.control_office];
    const withhold = names.some((o) => {
      const j = offices.indexOf(o);
      return j < 0 || small(atoms[2 * j]) || small(atoms[2 * j + 1]);
    });
    if (withhold) withheldModels.push(p.county);
    addModel(p.county, names, p.fit.n, p.fit.nevent, withhold);
  }
  // Group totals: events are implied by the published KM bins (they cover the whole follow-up);
  // the number of persons (KM n, log-rank n) is a count of its own.
  const sensitive: { id: string; atoms: number[] }[] = [];
  for (const c of km) {
    const pilot = c.group === "pilot=1" ? 1 : c.group === "pilot=0" ? 0 : -1;
    const names = offices.filter((o) => pilotOf.get(o) === pilot);
    const an = atomsOf(names, false);
    const ae = atomsOf(names, true);
    sensitive.push({ id: `${c.group} without the event`, atoms: an.filter((a) => a % 2 === 1) });
    if (c.withheld) continue;
    cells.push({ id: `km ${c.group}|n`, atoms: an, value: sum(an), withheld: sum(an) !== c.n });
    if (sum(ae) === c.events) cells.push({ id: `km ${c.group}|events`, atoms: ae, value: c.events, fixed: true });
  }
  for (const p of cox?.per_pair ?? []) sensitive.push({ id: `${p.county} without the event`, atoms: atomsOf([p.pilot_office, p.control_office], false).filter((a) => a % 2 === 1) });
  sensitive.push({ id: "all without the event", atoms: atomsOf(offices, false).filter((a) => a % 2 === 1) });
  const res = protectLinked(atoms.length, atoms, cells, k, { sensitive });
  if (res.unprotected.length) {
    // Only fixed (KM-implied) cells determine it: withhold every per-pair count.
    for (const c of cells) if (!c.fixed) res.hidden.set(c.id, "secondary");
  }
  return {
    estimates: (model) => !withheldModels.includes(model),
    counts: (model) => !res.hidden.has(`${model}|n`) && !res.hidden.has(`${model}|events`),
    groupN: (group) => cells.some((c) => c.id === `km ${group}|n`) && !res.hidden.has(`km ${group}|n`),
    withheld: withheldModels,
  };
}
