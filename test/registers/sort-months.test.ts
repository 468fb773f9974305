/** Radix sort against a comparison sort; month parsing rules. */
import { describe, expect, it } from "vitest";
import { sortPersonMonth } from "../../src/registers/sort.js";
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

  it("rows already in (person, month) order (ties included) give the identity without sorting; one row out of order is sorted", () => {
    const pid = Int32Array.from([3, 3, 3, 8, 8, 120000, 120000]);
    const month = Int32Array.from([24001, 24001, 24005, 24000, 24300, 24002, 24002]);
    expect(Array.from(sortPersonMonth(pid, month, 24000))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // expected: the comparison sort by (person, month, row) of the same rows with two swapped
    const month2 = Int32Array.from([24001, 24005, 24001, 24000, 24300, 24002, 24002]);
    expect(Array.from(sortPersonMonth(pid, month2, 24000))).toEqual([0, 2, 1, 3, 4, 5, 6]);
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
