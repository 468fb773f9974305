/**
 * `effekt cuminc --format json` against R's survfit with a factor status (the R-made fixture of
 * cuminc.test.ts: test/fixtures/cuminc/gen.R → right.csv), and its bad-input exit code.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/index.js";
import { ROOT, runCli, runCliJson } from "../helpers/cli.js";
import { expectRelClose, refPath, TOL } from "../helpers/reference.js";

const FIX = join(ROOT, "test", "fixtures", "cuminc");

describe("effekt cuminc", () => {
  it("reproduces R's Aalen–Johansen estimates through the CLI's JSON", async () => {
    const out = runCliJson(["cuminc", "--data", join(FIX, "aj.csv"), "--time", "time", "--cause", "cause", "--group", "grp", "--causes", "relapse,death"]);
    const ref = await readTable(join(FIX, "right.csv"));
    const R = (n: string) => ref.columns.get(n)!.values as Float64Array;
    const times = out.curves.flatMap((c: any) => c.time);
    expect(times).toEqual(Array.from(R("time")));
    expect(out.curves.flatMap((c: any) => c.n_risk)).toEqual(Array.from(R("nrisk")));
    const p1 = out.curves.flatMap((c: any) => c.causes[0].cuminc);
    const se2 = out.curves.flatMap((c: any) => c.causes[1].std_err_cuminc);
    R("p1").forEach((v, i) => expectRelClose(p1[i], v, TOL.survival.surv, `p1[${i}]`));
    R("se2").forEach((v, i) => expectRelClose(se2[i], v, TOL.survival.se, `se2[${i}]`));
    expect(out.curves[0].causes.map((c: any) => c.cause)).toEqual(["relapse", "death"]);
    expect(out.dropped.total).toBe(0);
  });

  it("names file, column and row for a cause that is not a whole number", () => {
    const r = runCli(["cuminc", "--data", refPath("survival", "heart.csv"), "--time", "stop", "--cause", "age"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/heart\.csv, column "age", row \d+/);
  });
});
