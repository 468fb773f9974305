import { describe, expect, it } from "vitest";
import { applySuppression, suppressSmallCells, writeTable } from "../../src/report/index.js";
import type { SuppressionResult } from "../../src/report/index.js";

/**
 * Independent attacker check (not the code's own audit): a hidden entry cannot be derived by
 * subtraction if it lies on a cycle of hidden entries (alternately sharing a row and a column,
 * margins included) along which a ±1 move — signs chosen so that every row and column still adds
 * up to its total: two interior entries of a line move oppositely, an interior entry and the
 * line's total move alike — keeps every entry non-negative, in one direction or the other: that
 * gives a second table with the same shown numbers. The walk starts down the entry's column and
 * must come back along its row. Returns the hidden entries with no such cycle
 * (a sufficient test: an empty list proves that no hidden value is determined).
 */
function unprotected(res: SuppressionResult): [number, number][] {
  const S = res.suppressed;
  const V = res.values;
  const nR = S.length;
  const nC = S[0].length;
  const isMarginRow = (r: number) => r === nR - 1;
  const isMarginCol = (c: number) => c === nC - 1;
  const out: [number, number][] = [];
  for (let i = 0; i < nR; i++) {
    for (let j = 0; j < nC; j++) {
      if (!S[i][j]) continue;
      let safe = false;
      // DFS over paths of entries: from (i,j) step along its column to another row, then along
      // that row, …, until a row step lands back in column j of row i.
      const path: [number, number, number][] = [[i, j, 1]];
      const usedRows = new Set([i]);
      const usedCols = new Set([j]);
      const check = () => {
        const plus = path.every(([a, b, d]) => V[a][b] + d >= 0);
        const minus = path.every(([a, b, d]) => V[a][b] - d >= 0);
        if (plus || minus) safe = true;
      };
      // Step along the column of the last entry to a new row k, then along row k to a column.
      const stepCol = (): void => {
        const [r, c, d] = path[path.length - 1];
        for (let k = 0; k < nR && !safe; k++) {
          if (k === r || !S[k][c]) continue;
          const dk = d * (isMarginRow(r) || isMarginRow(k) ? 1 : -1);
          if (k === i) {
            // Closing the cycle along row i: (i,c) and (i,j) must keep row i's sum.
            if (path.length >= 3 && dk * (isMarginCol(c) || isMarginCol(j) ? 1 : -1) === 1) {
              path.push([k, c, dk]);
              check();
              path.pop();
            }
            continue;
          }
          if (usedRows.has(k)) continue;
          path.push([k, c, dk]);
          usedRows.add(k);
          stepRow();
          usedRows.delete(k);
          path.pop();
        }
      };
      const stepRow = (): void => {
        const [r, c, d] = path[path.length - 1];
        for (let l = 0; l < nC && !safe; l++) {
          if (l === c || !S[r][l]) continue;
          const dl = d * (isMarginCol(c) || isMarginCol(l) ? 1 : -1);
          if (l === j) continue;
          if (usedCols.has(l)) continue;
          path.push([r, l, dl]);
          usedCols.add(l);
          stepCol();
          usedCols.delete(l);
          path.pop();
        }
      };
      stepCol();
      if (!safe) out.push([i, j]);
    }
  }
  return out;
}

describe("small-cell suppression", () => {
  it("hides cells below k and complements a lone hidden cell in each line with a margin (hand-worked)", () => {
    // Hand-worked: 3 is the only cell < 5 (primary). Row 0 then has one hidden cell → its smallest
    // other cell, 12, is hidden. Column 0 has one hidden cell (3) → its smallest other, 8. Column 1
    // has one (12) → its smallest other, 9. Row 1 now has two (8, 9); every line has 0 or 2: stable.
    const counts = [
      [3, 12, 25],
      [8, 9, 30],
      [20, 22, 40],
    ];
    const res = suppressSmallCells(counts, { k: 5, rowTotals: true, colTotals: true });
    expect(res.values[3]).toEqual([31, 43, 95, 169]); // column totals and grand total, by hand
    expect(res.reason[0][0]).toBe("primary");
    expect(res.primary).toBe(1);
    expect(res.suppressed).toEqual([
      [true, true, false, false],
      [true, true, false, false],
      [false, false, false, false],
      [false, false, false, false],
    ]);
    expect(unprotected(res)).toEqual([]);
  });

  it("without margins only the primary cells are hidden (nothing to subtract from)", () => {
    const res = suppressSmallCells([[3, 12], [8, 9]], { k: 5 });
    expect(res.suppressed).toEqual([[true, false], [false, false]]);
    expect(res.secondary).toBe(0);
  });

  it("hides a small margin and protects it too", () => {
    // Row 1 total is 2+1 = 3 < 5: primary, as are its cells; the grand-total column then needs care.
    const res = suppressSmallCells([[10, 20], [2, 1], [15, 30]], { k: 5, rowTotals: true, colTotals: true });
    expect(res.reason[1]).toEqual(["primary", "primary", "primary"]);
    expect(unprotected(res)).toEqual([]);
  });

  it("breaks a bridge between two hidden blocks that the line rule alone leaves exposed", () => {
    // Primary cells at (0,0),(0,1),(1,0),(1,1) form a closed block; (2,2),(2,3),(3,2),(3,3) another.
    // Neither block leaves a line with exactly one hidden cell, and the audit finds nothing exposed;
    // the attacker check confirms that every hidden value has at least two consistent fillings.
    const counts = [
      [1, 2, 30, 40],
      [3, 4, 50, 60],
      [70, 80, 1, 2],
      [90, 15, 3, 4],
    ];
    const res = suppressSmallCells(counts, { k: 5, rowTotals: true, colTotals: true });
    expect(res.primary).toBe(8);
    expect(unprotected(res)).toEqual([]);
  });

  it("randomised small tables: no hidden value can be derived by subtraction", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let rep = 0; rep < 25; rep++) {
      const counts = [0, 1, 2].map(() => [0, 1, 2].map(() => (rnd() < 0.3 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 20))));
      const res = suppressSmallCells(counts, { k: 5, rowTotals: true, colTotals: true, suppressZeros: false });
      expect(unprotected(res), JSON.stringify(counts)).toEqual([]);
    }
  });

  it("writes a suppressed table with the marker in every format", () => {
    const res = suppressSmallCells([[3, 12], [8, 9]], { k: 5, rowTotals: true, colTotals: true });
    const shown = applySuppression(res);
    const rows = ["Office A", "Office B", "Total"].map((name, i) => ({ office: name, work: shown[i][0], other: shown[i][1], total: shown[i][2] }));
    const t = writeTable(rows, ["office", "work", "other", "total"], { csv: true, markdown: true });
    expect(t.csv).toContain("Office A,:,:,15");
    expect(t.markdown).toContain("| Office A | : | : | 15 |");
  });

  it("the attacker check flags a table with a lone hidden cell (negative control)", () => {
    const values = [[3, 12, 15], [8, 9, 17], [11, 21, 32]];
    const suppressed = values.map((r, i) => r.map((_, j) => i === 0 && j === 0));
    const reason = suppressed.map((r) => r.map((h) => (h ? ("primary" as const) : null)));
    expect(unprotected({ values, suppressed, reason, primary: 1, secondary: 0 })).toEqual([[0, 0]]);
  });

  it("rejects non-count input with the row named", () => {
    expect(() => suppressSmallCells([[1, 2], [3, -1]])).toThrow(/row 2/);
  });
});

/**
 * Exact decisions on hand-worked tables (not just "safe"): which cells are hidden and why. Each
 * expectation is worked out in the comment beside it. (The choice among complementary cells belongs to
 * the publication gate's engine, src/publish/linked-cells.ts, and is tested with it.)
 */
describe("small-cell suppression: exact decisions", () => {
  const T = true;
  const F = false;
  it("default threshold is 5: 4 is hidden, 5 is shown; margins are the sums", () => {
    const res = suppressSmallCells([[4, 5], [6, 7]]);
    expect(res.suppressed).toEqual([[T, F], [F, F]]);
    expect(res.reason).toEqual([["primary", null], [null, null]]);
    expect([res.primary, res.secondary]).toEqual([1, 0]);
    // margins: rows 3+12 = 15, 8+9 = 17; columns 11, 21; grand total 32
    expect(suppressSmallCells([[3, 12], [8, 9]], { rowTotals: true, colTotals: true }).values).toEqual([[3, 12, 15], [8, 9, 17], [11, 21, 32]]);
    expect(suppressSmallCells([[7, 4]], { k: 7 }).suppressed).toEqual([[F, T]]); // 7 ≥ k shown, 4 < 7 hidden
  });

  it("zeros are hidden by default and shown with suppressZeros: false", () => {
    expect(suppressSmallCells([[0, 3], [9, 9]]).suppressed).toEqual([[T, T], [F, F]]);
    const res = suppressSmallCells([[0, 3], [9, 9]], { suppressZeros: false });
    expect(res.suppressed).toEqual([[F, T], [F, F]]);
    expect(res.primary).toBe(1);
  });

  it("row totals only: the lone hidden cell of a row gets the smallest other interior cell as complement", () => {
    // row 0 = [3, 10, 20 | 33]: 3 is primary; candidates 10, 20 and the total 33 → 10 (smallest interior).
    // Hidden x00 + x01 = 13 has a free direction, so the audit adds nothing.
    const res = suppressSmallCells([[3, 10, 20], [8, 9, 30]], { rowTotals: true });
    expect(res.values).toEqual([[3, 10, 20, 33], [8, 9, 30, 47]]);
    expect(res.reason).toEqual([["primary", "secondary", null, null], [null, null, null, null]]);
    expect([res.primary, res.secondary]).toEqual([1, 1]);
  });

  it("column totals only: the same along the column", () => {
    const res = suppressSmallCells([[3, 8], [10, 9], [20, 30]], { colTotals: true });
    expect(res.values).toEqual([[3, 8], [10, 9], [20, 30], [33, 47]]);
    expect(res.suppressed).toEqual([[T, F], [T, F], [F, F], [F, F]]);
  });

  it("rejects ragged and non-count input naming the row and cell", () => {
    expect(() => suppressSmallCells([[1, 2], [3]])).toThrow("suppression: row 2 has 1 cells, expected 2");
    expect(() => suppressSmallCells([[1, 2], [3, -1]])).toThrow("suppression: cell (2, 2) is -1, not a count");
    expect(() => suppressSmallCells([[1.5, 2]])).toThrow("suppression: cell (1, 1) is 1.5, not a count");
    expect(suppressSmallCells([]).values).toEqual([]);
  });
});
