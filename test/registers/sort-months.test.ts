/** Radix sort against a comparison sort; month parsing rules. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gather, permuteInPlace, sortPersonMonth } from "../../src/registers/sort.js";
import { monthFromText, monthFromYyyymm, monthIndex } from "../../src/index.js";

describe("sortPersonMonth", () => {
  it("orders by (person, month), stable, as a comparison sort does", () => {
    const n = 5000;
    const pid = new Int32Array(n);
    const month = new Int32Array(n);
    let s = 7;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      pid[i] = 1 + (s % 50000) * 40000; // spans all four bytes of the id
      month[i] = 24000 + ((s >>> 16) % 300); // needs two month digits
    }
    const perm = sortPersonMonth(pid, month, 24000);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => pid[a] - pid[b] || month[a] - month[b] || a - b);
    expect(Array.from(perm)).toEqual(expected);
  });

  // Inputs already in (part of) the order take shortcuts (sort.ts): each must give the permutation a
  // comparison sort gives — stable, so rows with the same person and month keep their file order.
  const comparisonSort = (pid: Int32Array, month: Int32Array) =>
    Array.from({ length: pid.length }, (_, i) => i).sort((a, b) => pid[a] - pid[b] || month[a] - month[b] || a - b);
  const rows = (n: number, seed: number) => {
    const pid = new Int32Array(n);
    const month = new Int32Array(n);
    let s = seed;
    const next = () => (s = (s * 1103515245 + 12345) >>> 0);
    for (let i = 0; i < n; i++) {
      pid[i] = 1 + (next() % 300) * 70001;
      month[i] = 24000 + (next() % 90); // repeats: ties within a person
    }
    return { pid, month, next };
  };
  const order = (pid: Int32Array, month: Int32Array, by: (a: number, b: number) => number) => {
    const p = Array.from({ length: pid.length }, (_, i) => i).sort(by);
    return { pid: Int32Array.from(p, (i) => pid[i]), month: Int32Array.from(p, (i) => month[i]) };
  };

  it("rows grouped by person: months in order, out of order within persons, or ties — as a comparison sort", () => {
    const { pid, month } = rows(4000, 11);
    const cases = {
      "person then month": order(pid, month, (a, b) => pid[a] - pid[b] || month[a] - month[b]),
      "person, months in file order": order(pid, month, (a, b) => pid[a] - pid[b]),
      "person, months reversed": order(pid, month, (a, b) => pid[a] - pid[b] || month[b] - month[a]),
    };
    for (const [name, c] of Object.entries(cases)) {
      expect(Array.from(sortPersonMonth(c.pid, c.month, 24000)), name).toEqual(comparisonSort(c.pid, c.month));
    }
  });

  it("a few files in order one after the other (employment, then benefits): merged, ties from the earlier file first", () => {
    for (const parts of [2, 3, 16, 17, 40]) {
      const pidAll: number[] = [];
      const monthAll: number[] = [];
      for (let k = 0; k < parts; k++) {
        const { pid, month } = rows(300 + 17 * k, 100 + k);
        const c = order(pid, month, (a, b) => pid[a] - pid[b] || month[a] - month[b]);
        pidAll.push(...c.pid);
        monthAll.push(...c.month);
      }
      const pid = Int32Array.from(pidAll);
      const month = Int32Array.from(monthAll);
      expect(Array.from(sortPersonMonth(pid, month, 24000)), `${parts} parts`).toEqual(comparisonSort(pid, month));
    }
  });

  it("rows in month order (monthly files appended), and one person with months far out of order (the radix sort takes over)", () => {
    const { pid, month } = rows(4000, 5);
    const byMonth = order(pid, month, (a, b) => month[a] - month[b]);
    expect(Array.from(sortPersonMonth(byMonth.pid, byMonth.month, 24000))).toEqual(comparisonSort(byMonth.pid, byMonth.month));
    // one person, 3000 months in reverse: insertion would move ~4.5 million rows (> 4 per row)
    const p = new Int32Array(3000).fill(42);
    const m = Int32Array.from({ length: 3000 }, (_, i) => 24000 + ((3000 - i) % 700));
    expect(Array.from(sortPersonMonth(p, m, 24000))).toEqual(comparisonSort(p, m));
    expect(Array.from(sortPersonMonth(new Int32Array(0), new Int32Array(0), 24000))).toEqual([]);
    expect(Array.from(sortPersonMonth(Int32Array.of(7), Int32Array.of(24001), 24000))).toEqual([0]);
  });
});

describe("months", () => {
  it("YYYYMM and YYYY-MM; invalid months are NaN", () => {
    expect(monthFromYyyymm(201304)).toBe(monthIndex(2013, 4));
    expect(monthFromText("2013-04")).toBe(monthIndex(2013, 4));
    expect(monthFromText("201304")).toBe(monthIndex(2013, 4));
    expect(monthFromText("2013-13")).toBeNaN();
    expect(monthFromYyyymm(201300)).toBeNaN();
    expect(monthFromYyyymm(2013.5)).toBeNaN();
  });
});

describe("permuteInPlace", () => {
  // The expected order is the definition: after it, column[i] holds what column[perm[i]] held
  // (gather builds that into a new array); permutations with long cycles, fixed points and 2-cycles.
  it("puts every column in the permutation's order, as gather does, without a second array", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 0, maxLength: 300 }), (keys) => {
        const n = keys.length;
        const perm = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
        const a = Int32Array.from(keys, (k) => k - 5e8);
        const b = Uint16Array.from(keys, (k) => k % 65536);
        const c = Uint8Array.from(keys, (k) => k % 256);
        const expected = [gather(a, perm), gather(b, perm), gather(c, perm)];
        permuteInPlace(perm, [a, b, c]);
        expect([a, b, c]).toEqual(expected);
      }),
      { numRuns: 300, seed: 2013 },
    );
  });
});
