/**
 * The fitted model is an explicit value, `fit.model` (a CoxModel holding the sorted rows), that
 * coxZph and coxBaseline read. It holds row-level data, so JSON leaves it out; a fit read back from
 * JSON is used with the model input it was fitted on — the results equal those of the live fit
 * (derivation: same data, same coefficients).
 */
import { describe, expect, it } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { type CoxInput, CoxModel, coxBaseline, coxZph, coxph } from "../../src/survival/cox/index.js";
import { refPath } from "../helpers/reference.js";

describe("Cox fitted-model value", () => {
  it("a fit read back from JSON gives the same cox.zph and baseline with { input }", async () => {
    const t = await readTable(refPath("survival", "lung.csv"));
    const col = (n: string) => t.columns.get(n)!.values as Float64Array;
    const keep = [...col("ph_ecog").keys()].filter((i) => !Number.isNaN(col("ph_ecog")[i]));
    const pick = (n: string) => Float64Array.from(keep, (i) => col(n)[i]);
    const input: CoxInput = { time: pick("time"), event: pick("dead"), x: [pick("age"), pick("sex"), pick("ph_ecog")], names: ["age", "sex", "ph_ecog"] };
    const fit = coxph(input);
    expect(fit.model).toBeInstanceOf(CoxModel);
    const back = JSON.parse(JSON.stringify(fit));
    expect("model" in back).toBe(false);
    expect(() => coxZph(back)).toThrow(/input/);
    expect(coxZph(back, { input })).toEqual(coxZph(fit));
    expect(coxBaseline(back, { input })).toEqual(coxBaseline(fit));
  });
});
