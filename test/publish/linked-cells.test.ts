/**
 * The linked-cell engine (src/publish/linked-cells.ts) on small hand-worked systems: the choice of
 * the complementary cell (smallest value, then fewest atoms, then id), zeros, fixed and withheld
 * cells, and what is reported when only fixed cells determine a small count. Each expectation is
 * derived in the comments from the rules in the module's header; "determined" is checked by hand
 * as membership in the span of the shown cells' 0/1 rows.
 */
import { describe, expect, it } from "vitest";
import { protectLinked } from "../../src/publish/linked-cells.js";

const sorted = (m: Map<string, string>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe("protectLinked", () => {
  it("refuses duplicate cell ids", () => {
    expect(() => protectLinked(1, [5], [{ id: "a", atoms: [0], value: 5 }, { id: "a", atoms: [0], value: 5 }], 5)).toThrow(/duplicate/);
  });

  it("zeros are safe by default; with hideZeros a zero is primary and its complement hidden", () => {
    // x0 = 0, x1 = 10; cells x0, x1, total = 10. Default: nothing small (0 is safe; total − x1 = 0
    // is no small difference). hideZeros: x0 primary; total − x1 gives it → the cheaper of total
    // (10, 2 atoms) and x1 (10, 1 atom) is hidden: x1 (fewer atoms at equal value).
    const cells = [
      { id: "x0", atoms: [0], value: 0 },
      { id: "x1", atoms: [1], value: 10 },
      { id: "total", atoms: [0, 1], value: 10 },
    ];
    expect(protectLinked(2, [0, 10], cells, 5).hidden.size).toBe(0);
    expect(sorted(protectLinked(2, [0, 10], cells, 5, { hideZeros: true }).hidden)).toEqual([["x0", "primary"], ["x1", "secondary"]]);
  });

  it("at equal value and size the complement is chosen by id, not by order", () => {
    // a = 3 (primary); total = a + z + b = 23, z = b = 10. a = total − z − b: witnesses total, z, b;
    // z and b tie on value (10) and atoms (1) → "b" < "z" is hidden. Then a + b = total − z is known
    // but neither a nor b: done.
    const r = protectLinked(3, [3, 10, 10], [
      { id: "a", atoms: [0], value: 3 },
      { id: "z", atoms: [1], value: 10 },
      { id: "b", atoms: [2], value: 10 },
      { id: "total", atoms: [0, 1, 2], value: 23 },
    ], 5);
    expect(sorted(r.hidden)).toEqual([["a", "primary"], ["b", "secondary"]]);
    expect(r.unprotected).toEqual([]);
  });

  it("the smallest value wins over fewer atoms", () => {
    // a = 3 (primary); b = 12 (1 atom), cd = c + d = 11 (2 atoms), total = 26. a = total − b − cd →
    // cd (11 < 12) is hidden although it has more atoms. Left: b, total → a + c + d known, not a.
    const r = protectLinked(4, [3, 12, 5, 6], [
      { id: "a", atoms: [0], value: 3 },
      { id: "b", atoms: [1], value: 12 },
      { id: "cd", atoms: [2, 3], value: 11 },
      { id: "total", atoms: [0, 1, 2, 3], value: 26 },
    ], 5);
    expect(sorted(r.hidden)).toEqual([["a", "primary"], ["cd", "secondary"]]);
  });

  it("a hidden complement that is itself determined gets a complement of its own", () => {
    // A 1×3 row with its total: x = 2, 10, 11, total 23. x0 primary. x0 = total − x1 − x2 → x1 (10)
    // hidden. Now x0 + x1 = total − x2 is known but neither alone: x1 is not determined → stop.
    // Add a published column pair x1 + y = 15 with y = 5 published: x1 = 15 − 5 → determined →
    // the cheapest of {x1y (15), y (5)} → y hidden.
    const r = protectLinked(4, [2, 10, 11, 5], [
      { id: "x0", atoms: [0], value: 2 },
      { id: "x1", atoms: [1], value: 10 },
      { id: "x2", atoms: [2], value: 11 },
      { id: "total", atoms: [0, 1, 2], value: 23 },
      { id: "x1y", atoms: [1, 3], value: 15 },
      { id: "y", atoms: [3], value: 5 },
    ], 5);
    expect(sorted(r.hidden)).toEqual([["x0", "primary"], ["x1", "secondary"], ["y", "secondary"]]);
  });

  it("withheld cells are never shown and are no complement candidates", () => {
    // w is withheld; a = 3 is primary; total = a + b = 13, b = 10 → b hidden by the difference rule
    // (total − b = 3). w (atom 1 again, value 10) is hidden as "withheld", whatever its value.
    const r = protectLinked(2, [3, 10], [
      { id: "a", atoms: [0], value: 3 },
      { id: "b", atoms: [1], value: 10 },
      { id: "w", atoms: [1], value: 10, withheld: true },
      { id: "total", atoms: [0, 1], value: 13 },
    ], 5);
    expect(sorted(r.hidden)).toEqual([["a", "primary"], ["b", "primary"], ["w", "withheld"]]);
  });

  it("difference rule: a fixed subset hides the superset; two fixed cells report the small atom", () => {
    // A ⊂ B, B − A = 2 < 5. A fixed → B is hidden (primary) instead; atom 1 = 2 is then not
    // determined (only A = x0 is shown).
    const r = protectLinked(2, [10, 2], [
      { id: "A", atoms: [0], value: 10, fixed: true },
      { id: "B", atoms: [0, 1], value: 12 },
    ], 5);
    expect(sorted(r.hidden)).toEqual([["B", "primary"]]);
    expect(r.unprotected).toEqual([]);
    // both fixed: nothing can be hidden, x1 = B − A = 2 is reported
    const f = protectLinked(2, [10, 2], [
      { id: "A", atoms: [0], value: 10, fixed: true },
      { id: "B", atoms: [0, 1], value: 12, fixed: true },
    ], 5);
    expect(f.hidden.size).toBe(0);
    expect(f.unprotected).toEqual(["atom 1"]);
  });

  it("a difference of exactly k, or of 0, is no small difference", () => {
    // B − A = 5 = k and C − B = 0 (C has an extra atom of 0): nothing to hide.
    const r = protectLinked(3, [10, 5, 0], [
      { id: "A", atoms: [0], value: 10 },
      { id: "B", atoms: [0, 1], value: 15 },
      { id: "C", atoms: [0, 1, 2], value: 15 },
    ], 5);
    expect(r.hidden.size).toBe(0);
  });

  it("a sensitive functional is protected only when 0 < value < k", () => {
    // Atoms x = 2, 2, 7, 8; published c1 = x0 + x2 = 9, c2 = x1 + x3 = 10, c3 = x2 + x3 = 15 (none
    // contains another). Null space: (1, −1, −1, 1) → x0, x1 alone are open, but x0 + x1 =
    // c1 + c2 − c3 = 4 is determined. Declared sensitive, it gets the cheapest witness, c1 (9),
    // hidden; then c2, c3 determine nothing small. Not declared: nothing is hidden.
    const cells = [
      { id: "c1", atoms: [0, 2], value: 9 },
      { id: "c2", atoms: [1, 3], value: 10 },
      { id: "c3", atoms: [2, 3], value: 15 },
    ];
    const x = [2, 2, 7, 8];
    expect(sorted(protectLinked(4, x, cells, 5, { sensitive: [{ id: "S", atoms: [0, 1] }] }).hidden)).toEqual([["c1", "secondary"]]);
    expect(protectLinked(4, x, cells, 5).hidden.size).toBe(0);
    // the same sum at 5 (atoms 2, 3 → c2 = 11) is not small: nothing hidden
    expect(protectLinked(4, [2, 3, 7, 8], [cells[0], { ...cells[1], value: 11 }, cells[2]], 5, { sensitive: [{ id: "S", atoms: [0, 1] }] }).hidden.size).toBe(0);
  });
  it("an atom determined only with half-integer weights (an elimination pivot of 2) is still found", () => {
    // Atoms x = 2, 10, 10, 10, 10 (k = 5); published a = x0+x1+x2 = 22, b = x1+x3 = 20, c = x2+x4 = 20,
    // d = x0+x3+x4 = 22: none contains another (rule 2 cannot see anything) and none is small. But
    // a − b − c + d = 2·x0, so x0 = (22 − 20 − 20 + 22)/2 = 2 is determined — the elimination meets
    // a pivot of 2 on the way (found by a brute-force search over small 0/1 systems against a
    // mutant that multiplies instead of dividing by the pivot). Every cell has weight ±1/2 in that
    // combination; the cheapest (20, two atoms; b before c by id) is hidden. Then x0 is not in the
    // row space of a, c, d (rank 3, and 4 with the unit vector of x0): nothing small is determined.
    const r = protectLinked(5, [2, 10, 10, 10, 10], [
      { id: "a", atoms: [0, 1, 2], value: 22 },
      { id: "b", atoms: [1, 3], value: 20 },
      { id: "c", atoms: [2, 4], value: 20 },
      { id: "d", atoms: [0, 3, 4], value: 22 },
    ], 5);
    expect(sorted(r.hidden)).toEqual([["b", "secondary"]]);
    expect(r.unprotected).toEqual([]);
  });
});
