/**
 * Primary and complementary (secondary) suppression over a LINKED set of published counts.
 *
 * Model (as τ-Argus / sdcTable for linked tables): the persons are split into disjoint atoms
 * (e.g. office × user group × year × outcome). Every count that some output wants to publish —
 * a table cell, a margin, a total in a note, the numerator or denominator behind a share — is a
 * sum of atoms, so all published counts together are a linear system P·x = b over the atom
 * counts x. An attacker holding every published file knows exactly the functionals in the row
 * space of P. A functional f (a 0/1 vector over atoms) is determined iff f·v = 0 for every v in
 * the null space of P.
 *
 * Rules, applied until stable:
 *  1. primary: a cell with 0 < value < k is not published (zeros are safe, as sdcTable's default
 *     `allowZeros = FALSE`; `hideZeros` makes them unsafe too); cells marked `withheld` are never
 *     published;
 *  2. differences: for published cells A ⊂ B (atoms), B − A is published implicitly; if
 *     0 < B − A < k, A is hidden (primary);
 *  3. complementary: a sensitive functional — an atom with 0 < x < k, any cell of the full
 *     hierarchical cross-classification (`sensitive`) with 0 < x < k, or any hidden cell (primary,
 *     secondary, or withheld with a non-zero value) —
 *     that the published cells determine gets one more cell hidden: the cheapest (smallest value,
 *     then fewest atoms) cell among those with a non-zero weight in a combination that determines
 *     it (cells marked `fixed` are never chosen). Repeat.
 * Non-negativity and interval (LP) protection are not modelled: a hidden cell is protected when
 * its exact value does not follow from the published equalities.
 *
 * Numerics: coefficients are small integers; elimination in doubles with partial pivoting and a
 * 1e-9 tolerance (exact for the sizes here: a few hundred cells and atoms).
 */

export interface CountCell {
  /** Unique id, e.g. "baseline-exits|Ski|2012". */
  id: string;
  /** Atom indices whose sum this cell is. */
  atoms: readonly number[];
  /** The count (must equal the sum of its atoms unless `withheld`). */
  value: number;
  /** Never published (e.g. the count is not a sum of the atoms, or its group is too small). */
  withheld?: boolean;
  /** Published whatever happens (implied by another publication); never chosen as complement. */
  fixed?: boolean;
}

export type HideReason = "primary" | "secondary" | "withheld";

export interface LinkedSuppression {
  /** Ids of cells that must not be published, with why. */
  hidden: Map<string, HideReason>;
  /** Sensitive functionals still determined (only possible through `fixed` cells); should be []. */
  unprotected: string[];
}

const TOL = 1e-9;

/** Null-space basis (as atom-major rows: nullRows[atom] = its coordinates) of the published cells. */
function nullRows(cells: { atoms: readonly number[] }[], nAtoms: number): Float64Array[] {
  const rows: Float64Array[] = cells.map((c) => {
    const r = new Float64Array(nAtoms);
    // Stryker disable next-line AssignmentOperator: equivalent — "-= 1" negates the row, and a row and its negative span the same space (same null space)
    for (const a of c.atoms) r[a] += 1;
    return r;
  });
  const pivCols: number[] = [];
  let r = 0;
  for (let c = 0; c < nAtoms && r < rows.length; c++) {
    let p = -1;
    let best = TOL;
    for (let q = r; q < rows.length; q++) if (Math.abs(rows[q][c]) > best) { best = Math.abs(rows[q][c]); p = q; }
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p], rows[r]];
    const pr = rows[r];
    const d = pr[c];
    for (let s = c; s < nAtoms; s++) pr[s] /= d;
    for (let q = 0; q < rows.length; q++) {
      if (q === r) continue;
      const f = rows[q][c];
      if (Math.abs(f) > TOL) { const rq = rows[q]; for (let s = c; s < nAtoms; s++) rq[s] -= f * pr[s]; }
    }
    pivCols.push(c);
    r++;
  }
  const isPivot = new Uint8Array(nAtoms);
  for (const c of pivCols) isPivot[c] = 1;
  const free: number[] = [];
  for (let c = 0; c < nAtoms; c++) if (!isPivot[c]) free.push(c);
  const out: Float64Array[] = [];
  for (let a = 0; a < nAtoms; a++) out.push(new Float64Array(free.length));
  free.forEach((fc, j) => {
    out[fc][j] = 1;
    pivCols.forEach((pc, i) => { if (Math.abs(rows[i][fc]) > TOL) out[pc][j] = -rows[i][fc]; });
  });
  return out;
}

/** f (0/1 over atoms) is determined by the published cells iff it is orthogonal to the null space. */
function determined(atoms: readonly number[], nullR: Float64Array[]): boolean {
  const m = nullR.length ? nullR[0].length : 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    // Stryker disable next-line AssignmentOperator: equivalent — "-=" gives −s, and only |s| is tested
    for (const a of atoms) s += nullR[a][j];
    if (Math.abs(s) > 1e-7) return false;
  }
  return true;
}

/**
 * Weights λ with Σ λ_c·cell_c = f over the published cells (least-norm solution is not needed:
 * any exact combination will do). Solved by elimination on [Pᵀ | f].
 */
function combination(f: readonly number[], cells: { atoms: readonly number[] }[], nAtoms: number): Float64Array {
  const n = cells.length;
  // Rows = atoms, columns = cells, augmented with f.
  const A: Float64Array[] = [];
  for (let a = 0; a < nAtoms; a++) A.push(new Float64Array(n + 1));
  // Stryker disable next-line AssignmentOperator: equivalent — negating cell j's column negates λ_j, and only |λ_j| is used
  cells.forEach((c, j) => { for (const a of c.atoms) A[a][j] += 1; });
  // Stryker disable next-line AssignmentOperator: equivalent — negating f negates every λ, and only |λ| is used
  for (const a of f) A[a][n] += 1;
  const piv: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < nAtoms; c++) {
    let p = -1;
    let best = TOL;
    for (let q = r; q < nAtoms; q++) if (Math.abs(A[q][c]) > best) { best = Math.abs(A[q][c]); p = q; }
    if (p < 0) continue;
    [A[r], A[p]] = [A[p], A[r]];
    const pr = A[r];
    const d = pr[c];
    for (let s = c; s <= n; s++) pr[s] /= d;
    for (let q = 0; q < nAtoms; q++) {
      if (q === r) continue;
      const g = A[q][c];
      if (Math.abs(g) > TOL) { const rq = A[q]; for (let s = c; s <= n; s++) rq[s] -= g * pr[s]; }
    }
    piv.push(c);
    r++;
  }
  const lambda = new Float64Array(n);
  piv.forEach((c, i) => (lambda[c] = A[i][n]));
  return lambda;
}

/** Run primary and complementary suppression over linked cells; see the header for the rules. */
export function protectLinked(
  nAtoms: number,
  atomValues: ArrayLike<number>,
  cells: CountCell[],
  k: number,
  opts: {
    hideZeros?: boolean;
    /**
     * Further sensitive functionals that are not published themselves but must not be derivable
     * when 0 < value < k: the cells of the full hierarchical cross-classification (e.g. pilot
     * offices × one user group × the years before the pilot × not work).
     */
    sensitive?: { id: string; atoms: readonly number[] }[];
  } = {},
): LinkedSuppression {
  const hidden = new Map<string, HideReason>();
  const small = (v: number) => v < k && (v > 0 || opts.hideZeros === true);
  const byId = new Map(cells.map((c) => [c.id, c]));
  if (byId.size !== cells.length) throw new Error("protectLinked: duplicate cell ids");
  for (const c of cells) {
    if (c.withheld) hidden.set(c.id, "withheld");
    else if (small(c.value) && !c.fixed) hidden.set(c.id, "primary");
  }
  // Rule 2: implicit differences of nested published cells.
  const sets = cells.map((c) => new Set(c.atoms));
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < cells.length; i++) {
      const A = cells[i];
      if (hidden.has(A.id)) continue;
      for (let j = 0; j < cells.length; j++) {
        const B = cells[j];
        if (i === j || hidden.has(B.id) || B.atoms.length <= A.atoms.length) continue;
        const diff = B.value - A.value;
        if (!(diff > 0 && diff < k)) continue;
        if (!A.atoms.every((a) => sets[j].has(a))) continue;
        const victim = A.fixed ? B : A;
        if (victim.fixed) continue;
        hidden.set(victim.id, "primary");
        changed = true;
        if (victim === A) break;
      }
    }
  }
  // Sensitive functionals: small atoms and every hidden cell (a hidden cell the published ones
  // determine would be hidden in name only).
  const smallAtoms: { id: string; atoms: readonly number[] }[] = [];
  for (let a = 0; a < nAtoms; a++) if (atomValues[a] > 0 && atomValues[a] < k) smallAtoms.push({ id: `atom ${a}`, atoms: [a] });
  for (const f of opts.sensitive ?? []) {
    let v = 0;
    for (const a of f.atoms) v += atomValues[a];
    if (v > 0 && v < k) smallAtoms.push({ id: f.id, atoms: [...f.atoms] });
  }
  const unprotected: string[] = [];
  for (let guard = 0; guard <= 2 * cells.length + nAtoms; guard++) {
    const shown = cells.filter((c) => !hidden.has(c.id));
    const nr = nullRows(shown, nAtoms);
    // Withheld cells too: a count withheld by rule (e.g. a county pair's Cox model with an office of
    // 1–4 events) that the shown counts give by subtraction would be withheld in name only.
    const targets = [...smallAtoms, ...cells.filter((c) => hidden.has(c.id) && (hidden.get(c.id) !== "withheld" || c.value > 0))];
    const exposed = targets.find((t) => !unprotected.includes(t.id) && determined(t.atoms, nr));
    if (!exposed) break;
    const lambda = combination(exposed.atoms, shown, nAtoms);
    const witnesses = shown
      .map((c, j) => ({ c, w: Math.abs(lambda[j]) }))
      .filter((x) => x.w > TOL && !x.c.fixed)
      .sort((x, y) => x.c.value - y.c.value || x.c.atoms.length - y.c.atoms.length || (x.c.id < y.c.id ? -1 : 1));
    if (witnesses.length === 0) {
      unprotected.push(exposed.id);
      continue;
    }
    hidden.set(witnesses[0].c.id, "secondary");
  }
  return { hidden, unprotected };
}
