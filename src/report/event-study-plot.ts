/** Event-study figure: coefficient per period with CI bars, a zero line and a line at the start. */
import { InputError } from "../errors.js";
import { Figure, figureFromSpec } from "./render.js";
import { baseConfig, figureLocalizer, PALETTE, titleBlock, VEGA_LITE_SCHEMA, type FigureLanguage } from "./theme.js";

export interface EventStudyCoefficient {
  period: number;
  estimate: number;
  lower: number;
  upper: number;
}

export interface EventStudyOptions extends FigureLanguage {
  /** The omitted period (coefficient 0 by construction): drawn as a hollow point at 0. */
  reference: number;
  /** First treated period; the dashed vertical line sits half a period before it. Default reference + 1. */
  start?: number;
  title?: string;
  subtitle?: string;
  xTitle?: string;
  yTitle?: string;
  /** Multiply by 100 and label as percentage points (for effects on shares). Default false. */
  percentPoints?: boolean;
  width?: number;
  height?: number;
}

export function eventStudyPlotSpec(coefs: EventStudyCoefficient[], opts: EventStudyOptions): Record<string, unknown> {
  if (coefs.length === 0) throw new InputError("event-study plot: no coefficients given");
  const L = figureLocalizer(opts);
  const k = opts.percentPoints ? 100 : 1;
  const rows = coefs.map((c, i) => {
    for (const f of ["period", "estimate", "lower", "upper"] as const) {
      if (!Number.isFinite(c[f])) throw new InputError(`event-study plot: coefficient ${i + 1} has a non-finite ${f}`, { column: f });
    }
    return { period: c.period, estimate: c.estimate * k, lower: c.lower * k, upper: c.upper * k, kind: "estimate" };
  });
  if (!rows.some((r) => r.period === opts.reference)) {
    rows.push({ period: opts.reference, estimate: 0, lower: 0, upper: 0, kind: "reference" });
  }
  rows.sort((a, b) => a.period - b.period);
  const periods = rows.map((r) => r.period);
  const start = opts.start ?? opts.reference + 1;
  const x = {
    field: "period",
    type: "quantitative",
    scale: { domain: [Math.min(...periods) - 0.5, Math.max(...periods) + 0.5], nice: false, zero: false },
    axis: { values: periods, format: "d", title: opts.xTitle ?? L.t("plot.period"), grid: false },
  };
  const colour = PALETTE[0];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(opts.title, opts.subtitle),
    config: baseConfig(L.lang),
    width: opts.width ?? 520,
    height: opts.height ?? 300,
    layer: [
      { data: { values: [{ y: 0 }] }, mark: { type: "rule", color: "#555", strokeWidth: 1 }, encoding: { y: { field: "y", type: "quantitative" } } },
      {
        data: { values: [{ x: start - 0.5, label: L.t("plot.start") }] },
        layer: [
          { mark: { type: "rule", color: "#999", strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { x: { field: "x", type: "quantitative" } } },
          {
            mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 11, color: "#666" },
            encoding: { x: { field: "x", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
          },
        ],
      },
      {
        data: { values: rows },
        layer: [
          {
            mark: { type: "rule", color: colour, strokeWidth: 2 },
            encoding: { x, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" } },
          },
          {
            mark: { type: "point", shape: "circle", filled: true, size: 70, color: colour, stroke: colour, strokeWidth: 2, opacity: 1 },
            encoding: {
              x,
              y: {
                field: "estimate",
                type: "quantitative",
                axis: { title: opts.yTitle ?? L.t(opts.percentPoints ? "plot.effectPp" : "plot.effect"), grid: true },
              },
              fill: { condition: { test: "datum.kind === 'reference'", value: "white" }, value: colour },
            },
          },
        ],
      },
    ],
  };
}

/** Event-study coefficients with CI bars, zero line and a dashed line before the first treated period. */
export function eventStudyPlot(coefs: EventStudyCoefficient[], opts: EventStudyOptions): Promise<Figure> {
  return figureFromSpec(eventStudyPlotSpec(coefs, opts));
}
