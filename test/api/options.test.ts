/**
 * The API used from plain JavaScript (a notebook): each misuse gives one UsageError naming the function
 * and the option, and the spellings of results/CLI (snake_case) work. Expected messages are the design
 * of check-options.ts; the numbers are R's (../shared/reference/survival/lung.json:
 * survfit(Surv(time, dead) ~ sex, data = lung2, conf.type = 'log-log'); coxph(... ~ age + sex ...)).
 */
import { createRequire } from "node:module";
import { tableFromArrays, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { coxphFromTable, didFromTable, kaplanMeierFromTable, readTable, UsageError } from "../../src/index.js";
import { expectRelClose, loadReference, refPath, TOL } from "../helpers/reference.js";

const lungRef = loadReference("survival", "lung.json");
const call = (c: string) => lungRef.cases.find((x: { r_call: string }) => x.r_call === c);
const lung = () => readTable(refPath("survival", "lung.csv"));
// plain JavaScript callers: no compile-time check
const untyped = (o: unknown) => o as never;

describe("API options are checked at the boundary", () => {
  it("a misspelt option gets 'did you mean'", async () => {
    const t = await lung();
    expect(() => coxphFromTable(t, untyped({ time: "time", event: "dead", covariate: ["age"] }))).toThrow(
      /coxphFromTable: unknown option "covariate" \(did you mean "covariates"\?\)/,
    );
    expect(() => coxphFromTable(t, untyped({ time: "time", event: "dead", covariate: ["age"] }))).toThrow(UsageError);
  });

  it("a missing required option is named", async () => {
    const t = await lung();
    expect(() => coxphFromTable(t, untyped({ time: "time", covariates: ["age"] }))).toThrow(/coxphFromTable: option "event" is required/);
    expect(() => didFromTable(t, untyped({ outcome: "dead", unit: "inst", time: "time", treated: "sex" }))).toThrow(
      /didFromTable: option "firstTreated" is required/,
    );
  });

  it("a comma-separated string where a list belongs says what was meant", async () => {
    const t = await lung();
    expect(() => coxphFromTable(t, untyped({ time: "time", event: "dead", covariates: "age,sex" }))).toThrow(
      /option "covariates" must be a list of column names, not the text "age,sex" \(did you mean \["age","sex"\]\?\)/,
    );
  });

  it("wrong types and values are named", async () => {
    const t = await lung();
    expect(() => kaplanMeierFromTable(t, untyped({ time: "time", event: "dead", confLevel: 95 }))).toThrow(/option "confLevel"/);
    expect(() => kaplanMeierFromTable(t, untyped({ time: "time", event: "dead", confType: "loglog" }))).toThrow(/option "confType".*"log-log"/);
    expect(() => coxphFromTable(t, untyped("time"))).toThrow(/options must be an object/);
  });

  it("snake_case spellings (as in results and the CLI) are accepted; both spellings at once are refused", async () => {
    const t = await lung();
    const ref = call("survfit(Surv(time, dead) ~ sex, data = lung2, conf.type = 'log-log')");
    const km = kaplanMeierFromTable(t, untyped({ time: "time", event: "dead", group: "sex", conf_type: "log-log" }));
    expect(km.conf_type).toBe("log-log");
    expectRelClose(km.curves[0].lower[0], ref.lower[0], TOL.survival.surv, "log-log lower");
    expect(() => kaplanMeierFromTable(t, untyped({ time: "time", event: "dead", confType: "log", conf_type: "plain" }))).toThrow(/given twice/);
  });

  it("tables: Arrow tables, row objects and column objects give the same fit as readTable", async () => {
    const t = await lung();
    const ref = call("coxph(Surv(time, dead) ~ age + sex + ph_ecog, data = lung2)");
    const col = (name: string) => Array.from(t.columns.get(name)!.values as Float64Array, (v) => (Number.isNaN(v) ? null : v));
    const cols = { time: col("time"), dead: col("dead"), age: col("age"), sex: col("sex"), ph_ecog: col("ph_ecog") };
    const rows = cols.time.map((_, i) => ({ time: cols.time[i], dead: cols.dead[i], age: cols.age[i], sex: cols.sex[i], ph_ecog: cols.ph_ecog[i] }));
    const arrow = tableFromArrays({
      time: Float64Array.from(cols.time as number[]), dead: Float64Array.from(cols.dead as number[]),
      age: Float64Array.from(cols.age as number[]), sex: Float64Array.from(cols.sex as number[]),
      ph_ecog: Float64Array.from(cols.ph_ecog, (v) => v ?? NaN),
    });
    const spec = { time: "time", event: "dead", covariates: ["age", "sex", "ph_ecog"] };
    const a = coxphFromTable(t, spec);
    for (const other of [coxphFromTable(rows, spec), coxphFromTable(cols, spec), coxphFromTable(arrow, spec)]) {
      expect(other.coef).toEqual(a.coef);
    }
    ref.coef.forEach((c: number, j: number) => expectRelClose(a.coef[j], c, TOL.survival.coef, ref.terms[j]));
    expect(a.n).toBe(ref.n); // one row with ph_ecog missing dropped, as R
    // an Arrow table of either apache-arrow build (a notebook's ES import or a CommonJS require), with
    // sex as text: the factor's "female" column is sex − 1, so its coefficient is R's sex coefficient
    const cjsArrow = createRequire(import.meta.url)("apache-arrow") as typeof import("apache-arrow");
    const sexText = cols.sex.map((v) => (v === 2 ? "female" : "male"));
    for (const build of [{ tableFromArrays, vectorFromArray }, cjsArrow]) {
      const tbl = build.tableFromArrays({
        time: Float64Array.from(cols.time as number[]), dead: Float64Array.from(cols.dead as number[]),
        age: Float64Array.from(cols.age as number[]), ph_ecog: Float64Array.from(cols.ph_ecog, (v) => v ?? NaN),
      });
      const withSex = tbl.assign(build.tableFromArrays({ sexl: build.vectorFromArray(sexText) } as never));
      const f = coxphFromTable(withSex, { ...spec, covariates: ["age", "sexl", "ph_ecog"], factors: { sexl: "male" } });
      expect(f.terms).toEqual(["age", "sexlfemale", "ph_ecog"]);
      ref.coef.forEach((c: number, j: number) => expectRelClose(f.coef[j], c, TOL.survival.coef, ref.terms[j]));
    }
    expect(() => coxphFromTable(untyped(42), spec)).toThrow(/expected a table/);
    expect(() => coxphFromTable(untyped([1, 2]), spec)).toThrow(/row 1 of the table is not an object/);
  });
});
