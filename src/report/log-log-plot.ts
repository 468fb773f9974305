/**
 * Proportional-hazards check: log(−log S(t)) against log t per group. Under proportional hazards
 * log(−log S_g(t)) = log Λ_0(t) + β_g, so the curves are parallel (vertical shifts of each other).
 */
import { InputError } from "../errors.js";
import { Figure, figureFromSpec } from "./render.js";
import { baseConfig, colourScale, figureLocalizer, titleBlock, VEGA_LITE_SCHEMA, type FigureLanguage } from "./theme.js";
import type { SurvivalCurve } from "./survival-plot.js";

export interface LogLogPlotOptions extends FigureLanguage {
  title?: string;
  subtitle?: string;
  xTitle?: string;
  width?: number;
  height?: number;
}

export function logLogPlotSpec(curves: Pick<SurvivalCurve, "group" | "time" | "surv">[], opts: LogLogPlotOptions = {}): Record<string, unknown> {
  if (curves.length === 0) throw new InputError("log-log plot: no curves given");
  const rows: Record<string, unknown>[] = [];
  for (const c of curves) {
    if (c.time.length !== c.surv.length) {
      throw new InputError(`log-log plot ("${c.group}"): ${c.time.length} times but ${c.surv.length} survival values`, { column: "surv" });
    }
    // Only 0 < S < 1 and t > 0 have a finite log(−log S) and log t.
    for (let k = 0; k < c.time.length; k++) {
      const s = c.surv[k];
      if (c.time[k] > 0 && s > 0 && s < 1) rows.push({ group: c.group, time: c.time[k], lls: Math.log(-Math.log(s)) });
    }
  }
  const L = figureLocalizer(opts);
  const groups = curves.map((c) => c.group);
  const times = rows.map((r) => r.time as number);
  const tMin = times.length ? Math.min(...times) : 1;
  const tMax = times.length ? Math.max(...times) : 10;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(opts.title ?? L.t("ph.title"), opts.subtitle ?? L.t("ph.none.subtitle")),
    config: baseConfig(L.lang),
    width: opts.width ?? 520,
    height: opts.height ?? 300,
    data: { values: rows },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2, point: { size: 16 } },
    encoding: {
      x: { field: "time", type: "quantitative", scale: { type: "log", domain: [tMin, tMax], nice: false }, axis: { title: opts.xTitle ?? L.t("plot.timeLog"), tickCount: 6 } },
      y: { field: "lls", type: "quantitative", scale: { zero: false }, axis: { title: "log(−log S(t))" } },
      color: { field: "group", type: "nominal", scale: colourScale(groups), sort: groups, title: null },
    },
  };
}

export function logLogPlot(curves: Pick<SurvivalCurve, "group" | "time" | "surv">[], opts: LogLogPlotOptions = {}): Promise<Figure> {
  return figureFromSpec(logLogPlotSpec(curves, opts));
}
