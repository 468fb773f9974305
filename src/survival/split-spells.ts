/**
 * Hazard ratio by period: spells split at cut days (as R's survSplit), and a Cox model with one
 * coefficient of the label per period — a piecewise-constant hazard ratio, what to report when the
 * proportional-hazards test rejects a single one:
 *   survSplit(Surv(start, stop, event) ~ ., data, cut = c(180), episode = "period")
 *   coxph(Surv(tstart, stop, event) ~ pilot:strata(period) + age + strata(county), cluster = office)
 * A row (start, stop] is cut at every c with start < c < stop into (start, c], (c, stop]; only the
 * last piece keeps the event. The baseline hazard is continuous across the cut (no strata by
 * period), so the period itself needs no term. Terms are named `label[a,b)` in days.
 */
import { InputError } from "../errors.js";
import type { Column, DataTable } from "../io/table.js";
import { makeTable } from "../io/table.js";
import { type CoxTableFit, type CoxTableSpec, coxphFromTable } from "./cox/from-table.js";
import { mapFloat64 } from "../frame/typed-map.js";

export interface SplitResult {
  table: DataTable;
  /** Period index (0 = before the first cut) per output row. */
  period: Int32Array;
}

/** Split (start, stop] spells at `cuts`; every other column is copied to each piece. */
export function splitSpells(t: DataTable, spec: { start?: string; time: string; event: string; cuts: number[] }): SplitResult {
  const cuts = [...spec.cuts].sort((a, b) => a - b);
  const get = (name: string) => {
    const c = t.columns.get(name);
    if (!c || c.type !== "number") throw new InputError("numeric column needed to split spells", { file: t.source, column: name });
    return c.values;
  };
  const stop = get(spec.time);
  const event = get(spec.event);
  const start = spec.start ? get(spec.start) : new Float64Array(t.nrows);
  const src: number[] = [];
  const s0: number[] = [];
  const s1: number[] = [];
  const ev: number[] = [];
  const per: number[] = [];
  for (let i = 0; i < t.nrows; i++) {
    let a = start[i];
    const b = stop[i];
    let p = 0;
    while (p < cuts.length && cuts[p] <= a) p++;
    while (p < cuts.length && cuts[p] < b) {
      src.push(i);
      s0.push(a);
      s1.push(cuts[p]);
      ev.push(0);
      per.push(p);
      a = cuts[p];
      p++;
    }
    src.push(i);
    s0.push(a);
    s1.push(b);
    ev.push(event[i]);
    per.push(p);
  }
  const n = src.length;
  const cols: Column[] = t.names
    .filter((nm) => nm !== spec.time && nm !== spec.event && nm !== spec.start)
    .map((name) => {
      const c = t.columns.get(name)!;
      if (c.type === "number") return { name, type: "number", values: mapFloat64(src, (i) => c.values[i]) };
      return { name, type: "string", values: src.map((i) => c.values[i]) };
    });
  cols.push(
    { name: spec.start ?? "start", type: "number", values: Float64Array.from(s0) },
    { name: spec.time, type: "number", values: Float64Array.from(s1) },
    { name: spec.event, type: "number", values: Float64Array.from(ev) },
  );
  void n;
  return { table: makeTable(`${t.source} (split at ${cuts.join(", ")} days)`, cols), period: Int32Array.from(per) };
}

export function periodLabels(cuts: number[]): string[] {
  const c = [...cuts].sort((a, b) => a - b);
  return [0, ...c].map((lo, k) => (k < c.length ? `[${lo},${c[k]})` : `[${lo},∞)`));
}

/** Cox model with one coefficient of `label` per period; the other covariates constant over time. */
export function hazardRatioByPeriod(t: DataTable, spec: CoxTableSpec & { label: string; cuts: number[] }): CoxTableFit & { periods: string[] } {
  const split = splitSpells(t, { start: spec.start, time: spec.time, event: spec.event, cuts: spec.cuts });
  const lab = split.table.columns.get(spec.label);
  if (!lab || lab.type !== "number") throw new InputError("numeric label column needed", { file: t.source, column: spec.label });
  const periods = periodLabels(spec.cuts);
  const names = periods.map((p) => `${spec.label}${p}`);
  const cols: Column[] = split.table.names.map((nm) => split.table.columns.get(nm)!);
  names.forEach((name, k) => cols.push({ name, type: "number", values: mapFloat64(lab.values, (v, i) => (split.period[i] === k ? v : 0)) }));
  const table = makeTable(split.table.source, cols);
  const covariates = [...names, ...spec.covariates.filter((c) => c !== spec.label)];
  const { label: _label, cuts: _cuts, randomization: _r, pair: _p, draws: _d, seed: _s, randomizationCi: _c, ...cox } = spec;
  const fit = coxphFromTable(table, { ...cox, start: spec.start ?? "start", covariates, zph: false });
  return Object.assign(fit, { periods });
}
