/**
 * Registration regimes as a lookup table: (month, office, measure) → the regime that contaminates
 * a spell there (−1 = none). Built once from the config; a row check is one array read.
 */
import type { PrepareConfig } from "./config.js";
import type { Offices } from "./load.js";
import { parseMonth } from "./months.js";

export interface RegimeTable {
  from: number;
  to: number;
  nOffices: number;
  nMeasures: number;
  regime: Int16Array;
  names: string[];
}

export function buildRegimeTable(cfg: PrepareConfig, offices: Offices): RegimeTable {
  const names = cfg.regimes.map((r) => r.name);
  if (!cfg.regimes.length) return { from: 0, to: -1, nOffices: 0, nMeasures: 0, regime: new Int16Array(0), names };
  const from = Math.min(...cfg.regimes.map((r) => parseMonth(r.from, "regime from")));
  const to = Math.max(...cfg.regimes.map((r) => parseMonth(r.to, "regime to")));
  const nOffices = offices.ids.length;
  const nMeasures = cfg.measures.length;
  const regime = new Int16Array((to - from + 1) * nOffices * nMeasures).fill(-1);
  const codeIndex = new Map(cfg.measures.map((m, i) => [m.code, i]));
  cfg.regimes.forEach((r, ri) => {
    const a = parseMonth(r.from, "regime from");
    const b = parseMonth(r.to, "regime to");
    const ms = r.measures.includes("*") ? cfg.measures.map((_, i) => i) : r.measures.map((c) => codeIndex.get(c)!);
    for (let m = a; m <= b; m++) {
      for (let f = 0; f < nOffices; f++) {
        if (r.offices === "pilot" && !offices.pilot[f]) continue;
        if (r.offices === "control" && (offices.pilot[f] || offices.other[f])) continue;
        for (const c of ms) {
          const k = ((m - from) * nOffices + f) * nMeasures + c;
          if (regime[k] < 0) regime[k] = ri;
        }
      }
    }
  });
  return { from, to, nOffices, nMeasures, regime, names };
}

/** Regime index contaminating (month, office row, measure index), or −1. */
export function regimeAt(t: RegimeTable, month: number, office: number, measure: number): number {
  if (month < t.from || month > t.to) return -1;
  return t.regime[((month - t.from) * t.nOffices + office) * t.nMeasures + measure];
}
