/**
 * Counts that no other publication contains or overlaps (so no linked system can difference them):
 * e.g. the exits of the rest of the country in the wider comparison, a population outside the ten
 * offices whose counts appear nowhere else. Only primary suppression applies:
 *  - a count is shown when it is 0 or at least k;
 *  - a share num/den is shown only when den ≥ k and both num and den − num are 0 or at least k
 *    (the share and the base give both, see exits-cells.ts).
 * Anything that overlaps other published counts goes through the linked cells (exits-cells.ts,
 * survival-gate.ts) instead.
 */
import { SUPPRESSED } from "../report/write-table.js";

const safe = (v: number, k: number) => v === 0 || v >= k;

export function aloneCount(v: number, k: number): number | typeof SUPPRESSED {
  return safe(v, k) ? v : SUPPRESSED;
}

export function aloneShare(num: number, den: number, k: number): number | typeof SUPPRESSED {
  return den >= k && safe(num, k) && safe(den - num, k) ? num / den : SUPPRESSED;
}
