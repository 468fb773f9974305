import { describe, expect, it } from "vitest";
import { formatEstimate, plainLanguageEffect, plainLanguageHazardRatio, writeTable } from "../../src/report/index.js";

describe("tables and sentences", () => {
  it("writes CSV at full precision, Markdown formatted, JSON with null for NaN", () => {
    const rows = [{ term: "treat_post", est: 0.10912345678, n: 12000 }, { term: 'a,"b"', est: NaN, n: 5 }];
    const t = writeTable(rows, ["term", { key: "est", label: "Estimate", digits: 3 }, "n"]);
    expect(t.csv).toBe('term,est,n\ntreat_post,0.10912345678,12000\n"a,""b""",,5\n');
    expect(t.markdown).toBe("| term | Estimate | n |\n| :--- | ---: | ---: |\n| treat_post | 0.109 | 12000 |\n| a,\"b\" | NA | 5 |\n");
    expect(JSON.parse(t.json!)).toEqual([{ term: "treat_post", est: 0.10912345678, n: 12000 }, { term: 'a,"b"', est: null, n: 5 }]);
  });

  it("formats an estimate with CI, method and p-value", () => {
    const e = { estimate: 0.109, lower: 0.075, upper: 0.143, p: 0.0004, method: { name: "CR2", df: 8, clusters: 10 } };
    expect(formatEstimate(e, { scale: 100, decimals: 1 })).toBe("10.9 (95% CI 7.5 to 14.3; CR2, 8 degrees of freedom, 10 offices; p < 0.001)");
  });

  it("plain sentences state the direction, the interval and the uncertainty honestly", () => {
    const s = plainLanguageEffect({ estimate: 0.109, lower: 0.075, upper: 0.143, p: 0.0004, method: { name: "CR2", df: 8, clusters: 10 } });
    expect(s).toContain("At pilot offices the share who got work rose by 10.9 percentage points more than at control offices (95% CI 7.5 to 14.3; CR2 with 8 degrees of freedom, 10 offices; p < 0.001).");
    expect(s).toContain("With only 10 offices");
    const null_ = plainLanguageEffect({ estimate: -0.012, lower: -0.04, upper: 0.016, p: 0.31 });
    expect(null_).toContain("fell by 1.2 percentage points");
    expect(null_).toContain("consistent with no effect");
    const hr = plainLanguageHazardRatio({ estimate: 1.23, lower: 1.1, upper: 1.38 });
    expect(hr).toContain("was 1.23 times the rate at control offices");
    expect(hr).not.toMatch(/as fast/);
    expect(hr).toContain("above 1");
  });
});
