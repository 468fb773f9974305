/**
 * When clustered Cox inference is refused or qualified (src/survival/cox/few-clusters.ts): fewer than
 * 2 clusters cannot support it at all; below FEW_CLUSTERS (30) the robust SE is biased downward
 * (Cameron & Miller 2015, §VI) and the warning points to the small-sample row with t(G − 1).
 */
import { describe, expect, it } from "vitest";
import { EstimationError } from "../../src/errors.js";
import { FEW_CLUSTERS, checkClusters, countClusters } from "../../src/survival/cox/few-clusters.js";

describe("checkClusters", () => {
  it("refuses 0 or 1 cluster, naming the column; warns from 2 to 29 with the df; 30 and more pass", () => {
    expect(FEW_CLUSTERS).toBe(30);
    for (const G of [0, 1]) {
      expect(() => checkClusters(G, "office")).toThrow(EstimationError);
      expect(() => checkClusters(G, "office")).toThrow(`"office" has ${G}`);
    }
    expect(checkClusters(2, "office")).toBe(
      "only 2 clusters (office): the robust (sandwich) standard error is biased downward with fewer than about 30 clusters; use the small-sample CR1 row (t with 1 df) or randomization inference",
    );
    expect(checkClusters(29)).toMatch(/^only 29 clusters \(cluster\): .*\(t with 28 df\)/);
    expect(checkClusters(30)).toBeUndefined();
    expect(checkClusters(500)).toBeUndefined();
    expect(countClusters(Int32Array.of(3, 1, 3, 7, 1))).toBe(3);
  });
});
