/**
 * Employment and benefit rows put in (person, month) order with duplicate person-months merged
 * (src/registers/sorted-extracts.ts, sortEmployment): in order already (one run), employment then
 * benefits (two runs, merged without a permutation) or any order (the radix sort). Against the
 * definition, written here: a stable comparison sort by (person, month), then each person-month's
 * flags OR-ed, and a count of the rows with the employment bit beyond the first (two employment rows
 * for one person-month), the first five such person-months as examples in sorted order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Employment } from "../../src/registers/load.js";
import { monthLabel } from "../../src/registers/months.js";
import { sortEmployment } from "../../src/registers/sorted-extracts.js";

type Row = [pid: number, month: number, flags: number];

function reference(rows: Row[]) {
  const sorted = rows.map((r, i) => [...r, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[3] - b[3]);
  const out: Row[] = [];
  let count = 0;
  const examples: string[] = [];
  for (const [p, m, f] of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] === p && last[1] === m) {
      if (last[2] & f & 1) {
        count++;
        if (examples.length < 5) examples.push(`person ${p}, ${monthLabel(m)}`);
      }
      last[2] |= f;
    } else out.push([p, m, f]);
  }
  return { out, count, examples };
}

function run(rows: Row[]) {
  const emp = {
    n: rows.length,
    pid: Int32Array.from(rows, (r) => r[0]),
    month: Uint16Array.from(rows, (r) => r[1]),
    flags: Uint8Array.from(rows, (r) => r[2]),
    firstMonth: rows.length ? Math.min(...rows.map((r) => r[1])) : 0,
  } as Employment;
  const issue = sortEmployment(emp);
  const out: Row[] = Array.from({ length: emp.n }, (_, i) => [emp.pid[i], emp.month[i], emp.flags[i]]);
  return { out, count: issue.count, examples: issue.examples };
}

const row = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 24150, max: 24156 }), fc.integer({ min: 0, max: 7 }));
const inOrder = (rows: Row[]) => [...rows].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe("employment rows into (person, month) order, duplicates merged", () => {
  it("one run in order, two runs (employment then benefits) and any order all give the definition's rows and count", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.array(row, { maxLength: 60 }), fc.array(row, { maxLength: 60 }), (a, b, c) => {
        for (const rows of [inOrder(a), [...inOrder(a), ...inOrder(b)], [...a, ...b, ...c]]) {
          expect(run(rows)).toEqual(reference(rows));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a worked case: two employment rows in one month are one duplicate; a benefit row in that month is not", () => {
    // employment: person 1 in 2013-04 twice (employed both times); benefits: person 1, 2013-04 (benefit bit)
    const emp: Row[] = [[1, 24159, 1], [1, 24159, 1], [2, 24160, 0]];
    const ben: Row[] = [[1, 24159, 2], [2, 24158, 2]];
    const r = run([...emp, ...ben]);
    expect(r.out).toEqual([[1, 24159, 3], [2, 24158, 2], [2, 24160, 0]]);
    expect(r.count).toBe(1);
    expect(r.examples).toEqual(["person 1, 2013-04"]);
  });
});
