import { describe, expect, it } from "vitest";
import { numberAtRisk, renderReport, svgToPng } from "../../src/report/index.js";
import { niceSteps, survivalPlotSpec } from "../../src/report/survival-plot.js";
import { CURVES, sampleFigures } from "./sample-report.js";

describe("figures", () => {
  it("numbers at risk read n_risk at the first time ≥ τ, 0 after the last time", () => {
    // By hand from CURVES[0]: times 10,20,30,45,60,90 with n_risk 100,90,80,70,55,50.
    expect([0, 10, 11, 45, 90, 91].map((t) => numberAtRisk(CURVES[0], t))).toEqual([100, 100, 90, 70, 50, 0]);
    expect(niceSteps(100)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it("survival plot: incidence = 1 − S with swapped limits, risk table under the axis", () => {
    const spec = survivalPlotSpec(CURVES, { kind: "incidence", riskTimes: [0, 50] }) as any;
    const rows = spec.vconcat[0].data.values.filter((r: any) => r.group === "Pilot offices");
    // Start point (0, 0), then 1 − 0.9 at t = 10 with limits 1 − 0.95 and 1 − 0.85.
    expect(rows[0]).toMatchObject({ time: 0, y: 0 });
    expect(rows[1].y).toBeCloseTo(0.1, 12);
    expect(rows[1].lo).toBeCloseTo(0.05, 12);
    expect(rows[1].hi).toBeCloseTo(0.15, 12);
    expect(spec.vconcat[1].data.values).toEqual([
      { group: "Pilot offices", time: 0, n: 100 }, { group: "Pilot offices", time: 50, n: 55 },
      { group: "Control offices", time: 0, n: 120 }, { group: "Control offices", time: 50, n: 96 },
    ]);
  });

  it("rejects curves whose arrays differ in length, naming the column", () => {
    expect(() => survivalPlotSpec([{ group: "a", time: [1, 2], surv: [0.5], n_risk: [2, 1] }])).toThrow(/"surv" has 1 values/);
  });

  it("renders every figure to SVG with its text, byte-identical on a second run, and to PNG", async () => {
    const t0 = performance.now();
    const a = await sampleFigures();
    const t1 = performance.now();
    const b = await sampleFigures();
    for (const k of Object.keys(a) as (keyof typeof a)[]) {
      expect(a[k].svg.startsWith("<svg")).toBe(true);
      expect(a[k].svg).toBe(b[k].svg);
    }
    expect(a.survival.svg).toContain("Number at risk");
    expect(a.survival.svg).toContain(">114<");
    expect(a.eventStudy.svg).toContain(">start<");
    const png1 = svgToPng(a.survival.svg);
    const png2 = svgToPng(b.survival.svg);
    expect(Buffer.from(png1).subarray(1, 4).toString()).toBe("PNG");
    expect(Buffer.compare(Buffer.from(png1), Buffer.from(png2))).toBe(0);
    console.log(`[report/figures.test] five figures rendered in ${(t1 - t0).toFixed(0)} ms`);
  });

  it("report HTML is deterministic, self-contained and keeps figure ids apart", async () => {
    const f = await sampleFigures();
    const input = { title: "T <&>", sections: [{ heading: "S", figures: [f.survival.svg, f.logLog.svg] }] };
    const html = renderReport(input);
    expect(renderReport(input)).toBe(html);
    expect(html).toContain("<h1>T &lt;&amp;&gt;</h1>");
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toContain("<script");
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("censoring marks on a survival plot", () => {
  it("a '+' at every time with censorings (the analyst's own curve), none when turned off", () => {
    // hand-made curve: censorings at times 3 and 7 only
    const curve = { group: "a", time: [1, 3, 5, 7], surv: [0.9, 0.8, 0.6, 0.5], n_risk: [10, 9, 7, 4], n_censor: [0, 1, 0, 2] };
    const spec = survivalPlotSpec([curve]) as any;
    const layers = spec.vconcat[0].layer as any[];
    const marks = layers.find((l) => l.mark?.shape === "cross");
    expect(marks.data.values).toEqual([
      { group: "a", time: 3, y: 0.8 },
      { group: "a", time: 7, y: 0.5 },
    ]);
    const off = survivalPlotSpec([curve], { censorMarks: false }) as any;
    expect(off.vconcat[0].layer.some((l: any) => l.mark?.shape === "cross")).toBe(false);
  });
});
