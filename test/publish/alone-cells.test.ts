/**
 * Primary suppression for counts that no other publication contains (src/publish/alone-cells.ts,
 * docs/disclosure.md rule 5), at the boundaries of the rule with k = 5. Expected values follow from
 * the rule as written: a count is shown when it is 0 or at least k (zeros are not small); a share
 * num/den only when den ≥ k and both num and den − num are 0 or at least k (the share and its base
 * would otherwise give the small count).
 */
import { describe, expect, it } from "vitest";
import { aloneCount, aloneShare } from "../../src/publish/alone-cells.js";
import { SUPPRESSED } from "../../src/report/write-table.js";

describe("counts no other table overlaps", () => {
  it("a count is shown when 0 or ≥ k, suppressed when 0 < count < k", () => {
    expect(aloneCount(0, 5)).toBe(0);
    expect(aloneCount(1, 5)).toBe(SUPPRESSED);
    expect(aloneCount(4, 5)).toBe(SUPPRESSED);
    expect(aloneCount(5, 5)).toBe(5);
    expect(aloneCount(6, 5)).toBe(6);
    expect(aloneCount(99, 100)).toBe(SUPPRESSED);
    expect(aloneCount(100, 100)).toBe(100);
  });

  it("a share needs a base ≥ k and neither its part nor the rest small", () => {
    expect(aloneShare(0, 5, 5)).toBe(0); // 0 of 5: nobody, the rest 5
    expect(aloneShare(5, 5, 5)).toBe(1); // all 5: the rest 0
    expect(aloneShare(5, 10, 5)).toBe(0.5);
    expect(aloneShare(6, 11, 5)).toBe(6 / 11);
    expect(aloneShare(1, 5, 5)).toBe(SUPPRESSED); // part 1 < k
    expect(aloneShare(4, 5, 5)).toBe(SUPPRESSED); // rest 1 < k
    expect(aloneShare(4, 9, 5)).toBe(SUPPRESSED); // part 4 < k, rest 5
    expect(aloneShare(5, 9, 5)).toBe(SUPPRESSED); // part 5, rest 4 < k
    expect(aloneShare(0, 4, 5)).toBe(SUPPRESSED); // base 4 < k, though part and rest are 0 / 4
    expect(aloneShare(4, 4, 5)).toBe(SUPPRESSED); // base 4 < k
    expect(aloneShare(0, 0, 5)).toBe(SUPPRESSED); // no base
  });
});
