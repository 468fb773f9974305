/**
 * Small-cell suppression for published count tables.
 *
 * Primary: every cell (margins included) with fewer than k persons is suppressed.
 * Secondary (complementary): a line (row or column) whose total is shown is a linear constraint
 * Σ cells = total; a line with exactly one hidden entry gives that entry away by subtraction, so
 * the smallest other cell of the line (non-zero first; interior cells before the total) is also
 * hidden; repeated until stable. Since a line rule is not always enough (two blocks of hidden
 * cells joined by a single cell: the bridge is still determined), an audit follows: the shown
 * constraints are solved for the hidden cells by Gaussian elimination and any hidden cell fixed by
 * them (zero in every null-space vector) gets another complementary cell in its row; repeat.
 * Non-negativity is not part of the audit: with hidden zeros an interval bound can still be tight.
 */
import { InputError } from "../errors.js";

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
  const reason: ("primary" | "secondary" | null)[][] = values.map((row) =>
    row.map((v) => (v < k && (v > 0 || opts.suppressZeros !== false) ? "primary" : null)),
  );
  const hidden = (i: number, j: number) => reason[i][j] !== null;

  // Lines: each is a list of entries [i, j] with the constraint Σ interior = total (last entry).
  const lines: [number, number][][] = [];
  if (rowT) for (let i = 0; i < nR; i++) lines.push([...Array(nC).keys()].map((j) => [i, j] as [number, number]));
  if (colT) for (let j = 0; j < nC; j++) lines.push([...Array(nR).keys()].map((i) => [i, j] as [number, number]));

  /** Hide the best complementary entry of a line: smallest non-zero interior, then zero, then the total. */
  const hideOneMore = (line: [number, number][]): boolean => {
    const cand = line.filter(([i, j]) => !hidden(i, j));
    if (cand.length === 0) return false;
    const isTotal = ([i, j]: [number, number]) => i >= R || j >= C;
    cand.sort((a, b) => {
      const ka = [isTotal(a) ? 1 : 0, values[a[0]][a[1]] === 0 ? 1 : 0, values[a[0]][a[1]]];
      const kb = [isTotal(b) ? 1 : 0, values[b[0]][b[1]] === 0 ? 1 : 0, values[b[0]][b[1]]];
      for (let q = 0; q < 3; q++) if (ka[q] !== kb[q]) return ka[q] - kb[q];
      return a[0] - b[0] || a[1] - b[1];
    });
    reason[cand[0][0]][cand[0][1]] = "secondary";
    return true;
  };

  for (let guard = 0; guard <= nR * nC; guard++) {
    let changed = false;
    for (const line of lines) {
      if (line.filter(([i, j]) => hidden(i, j)).length === 1) changed = hideOneMore(line) || changed;
    }
    if (changed) continue;
    const exposed = exposedCells(values, reason, lines);
    if (exposed.length === 0) break;
    const [ei, ej] = exposed[0];
    // Another cell in a line through the exposed one breaks the chain that pins it down.
    const through = lines.filter((l) => l.some(([i, j]) => i === ei && j === ej));
    if (!through.some((l) => hideOneMore(l))) break;
  }
  let primary = 0;
  let secondary = 0;
  for (const row of reason) for (const r of row) r === "primary" ? primary++ : r === "secondary" ? secondary++ : 0;
  return { values, suppressed: reason.map((row) => row.map((r) => r !== null)), reason, primary, secondary };
}

/**
 * Hidden entries that the shown lines determine exactly: solve A·x_hidden = b (A = the lines'
 * coefficients on hidden entries) by reduced row echelon form; a hidden entry is determined iff
 * its pivot row has no free-variable coefficient.
 */
export function exposedCells(
  values: number[][],
  reason: (string | null)[][],
  lines: [number, number][][],
): [number, number][] {
  const vars: [number, number][] = [];
  const index = new Map<string, number>();
  values.forEach((row, i) =>
    row.forEach((_, j) => {
      if (reason[i][j] !== null) {
        index.set(`${i},${j}`, vars.length);
        vars.push([i, j]);
      }
    }),
  );
  const n = vars.length;
  if (n === 0) return [];
  // Each line: Σ interior − total = 0; the total is the entry outside the interior block (last one).
  const A: number[][] = [];
  for (const line of lines) {
    const row = new Array(n).fill(0);
    line.forEach(([i, j], q) => {
      const v = index.get(`${i},${j}`);
      if (v !== undefined) row[v] += q === line.length - 1 ? -1 : 1;
    });
    if (row.some((x) => x !== 0)) A.push(row);
  }
  // Reduced row echelon form (entries are small integers; tolerance for round-off).
  const pivCol: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < A.length; c++) {
    let p = -1;
    for (let q = r; q < A.length; q++) if (Math.abs(A[q][c]) > 1e-9) { p = q; break; }
    if (p < 0) continue;
    [A[r], A[p]] = [A[p], A[r]];
    const d = A[r][c];
    for (let q = 0; q < n; q++) A[r][q] /= d;
    for (let q = 0; q < A.length; q++) {
      if (q !== r && Math.abs(A[q][c]) > 1e-9) {
        const f = A[q][c];
        for (let s = 0; s < n; s++) A[q][s] -= f * A[r][s];
      }
    }
    pivCol.push(c);
    r++;
  }
  const isPivot = new Set(pivCol);
  const out: [number, number][] = [];
  pivCol.forEach((c, q) => {
    let free = false;
    for (let s = 0; s < n; s++) if (!isPivot.has(s) && Math.abs(A[q][s]) > 1e-9) free = true;
    if (!free) out.push(vars[c]);
  });
  return out;
}

/** Replace suppressed entries by a marker, for writeTable. */
export function applySuppression(result: SuppressionResult, marker = ":"): (number | string)[][] {
  return result.values.map((row, i) => row.map((v, j) => (result.suppressed[i][j] ? marker : v)));
}
