/**
 * Small-cell suppression for one published count table with optional margins: a front end of the
 * linked-cell engine of the publication gate ({@link protectLinked}, src/publish/linked-cells.ts),
 * with the interior cells as atoms and every cell and margin as a published sum of them.
 *
 * Primary: every entry (margins included) with fewer than k persons (zeros too unless
 * `suppressZeros: false`). Complementary: while a hidden entry is determined by the shown ones
 * (it lies in the row space of the shown lines), the cheapest shown entry in a combination that
 * determines it is hidden too. Non-negativity is not part of the audit: with hidden zeros an
 * interval bound can still be tight.
 */
import { InputError } from "../errors.js";
import { protectLinked, type CountCell } from "../publish/linked-cells.js";

export interface SuppressOptions {
  /** Threshold: counts below k are hidden. Default 5. */
  k?: number;
  /** Hide zero counts too (they are "fewer than k persons"). Default true. */
  suppressZeros?: boolean;
  /** Margins that will be published: row totals, column totals (grand total is shown when both are). */
  rowTotals?: boolean;
  colTotals?: boolean;
}

export interface SuppressionResult {
  /** Counts, with margins appended when requested: rows × (cols [+1]) then the total row. */
  values: number[][];
  /** true where the entry must not be published (same shape as values). */
  suppressed: boolean[][];
  /** Why: "primary" (< k), "secondary" (complementary), or null when shown. */
  reason: ("primary" | "secondary" | null)[][];
  primary: number;
  secondary: number;
}

/** Suppress a rows × cols table of counts; margins are computed from the cells. */
export function suppressSmallCells(counts: number[][], opts: SuppressOptions = {}): SuppressionResult {
  const k = opts.k ?? 5;
  const R = counts.length;
  const C = R ? counts[0].length : 0;
  counts.forEach((row, i) => {
    if (row.length !== C) throw new InputError(`suppression: row ${i + 1} has ${row.length} cells, expected ${C}`, { row: i + 1 });
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new InputError(`suppression: cell (${i + 1}, ${j + 1}) is ${v}, not a count`, { row: i + 1 });
    });
  });
  const rowT = opts.rowTotals ?? false;
  const colT = opts.colTotals ?? false;
  // Extended table: interior cells, row-total column at index C, column-total row at index R.
  const nR = R + (colT ? 1 : 0);
  const nC = C + (rowT ? 1 : 0);
  const values: number[][] = [];
  for (let i = 0; i < nR; i++) {
    values.push([]);
    for (let j = 0; j < nC; j++) {
      const ii = i < R ? [i] : [...Array(R).keys()];
      const jj = j < C ? [j] : [...Array(C).keys()];
      let s = 0;
      for (const a of ii) for (const b of jj) s += counts[a][b];
      values[i].push(s);
    }
  }
  // Atoms: interior cells; every entry (cell or margin) is a published sum of them.
  const cells: CountCell[] = [];
  for (let i = 0; i < nR; i++) {
    for (let j = 0; j < nC; j++) {
      const atoms: number[] = [];
      for (let a = 0; a < R; a++) for (let b = 0; b < C; b++) if ((i === a || i === R) && (j === b || j === C)) atoms.push(a * C + b);
      cells.push({ id: `${i},${j}`, atoms, value: values[i][j] });
    }
  }
  const res = protectLinked(R * C, counts.flat(), cells, k, { hideZeros: opts.suppressZeros !== false });
  const reason: ("primary" | "secondary" | null)[][] = values.map((row, i) =>
    row.map((_, j) => {
      const r = res.hidden.get(`${i},${j}`);
      return r === "primary" || r === "secondary" ? r : null;
    }),
  );
  let primary = 0;
  let secondary = 0;
  for (const row of reason)
    for (const r of row) {
      if (r === "primary") primary++;
      else if (r === "secondary") secondary++;
    }
  return { values, suppressed: reason.map((row) => row.map((r) => r !== null)), reason, primary, secondary };
}

/** Replace suppressed entries by a marker, for writeTable. */
export function applySuppression(result: SuppressionResult, marker = ":"): (number | string)[][] {
  return result.values.map((row, i) => row.map((v, j) => (result.suppressed[i][j] ? marker : v)));
}
