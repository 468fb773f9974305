/**
 * Competing risks: cumulative incidence per cause (e.g. work, education, benefits), either as
 * lines per cause (with optional CI bands) or stacked (the stack height is the share who left
 * by any cause). One panel per group.
 */
import { lastAtOrBefore } from "../survival/step-search.js";
import { InputError } from "../errors.js";
import { Figure, figureFromSpec } from "./render.js";
import { baseConfig, checkSeries, colourScale, figureLocalizer, titleBlock, uniqueInOrder, VEGA_LITE_SCHEMA, type FigureLanguage } from "./theme.js";

export interface IncidenceCurve {
  /** Panel (pilot/control); optional when there is one group. */
  group?: string;
  cause: string;
  time: ArrayLike<number>;
  /** Cumulative incidence of this cause just after each time. */
  cif: ArrayLike<number>;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

export interface IncidencePlotOptions extends FigureLanguage {
  stacked?: boolean;
  /** One panel per cause (own y scale), groups by colour: small causes stay readable. */
  byCause?: boolean;
  title?: string;
  subtitle?: string;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
}

/** Value of a step function (right-continuous, 0 before the first time) at t. */
function stepAt(time: ArrayLike<number>, y: ArrayLike<number>, t: number): number {
  const r = lastAtOrBefore(time, t);
  return r < 0 ? 0 : y[r];
}

export function cumulativeIncidencePlotSpec(curves: IncidenceCurve[], opts: IncidencePlotOptions = {}): Record<string, unknown> {
  if (curves.length === 0) throw new InputError("cumulative incidence plot: no curves given");
  curves.forEach((c, i) =>
    checkSeries(`incidence curve ${i + 1} ("${c.cause}")`, { time: c.time, cif: c.cif, lower: c.lower, upper: c.upper }, "time"),
  );
  const L = figureLocalizer(opts);
  const causes = uniqueInOrder(curves.map((c) => c.cause));
  const groups = uniqueInOrder(curves.map((c) => c.group ?? ""));
  const rows: Record<string, unknown>[] = [];
  if (opts.stacked) {
    // Stacking needs every cause on a common time grid within a group.
    for (const g of groups) {
      const cs = curves.filter((c) => (c.group ?? "") === g);
      const grid = [...new Set([0, ...cs.flatMap((c) => Array.from(c.time))])].sort((a, b) => a - b);
      for (const c of cs) for (const t of grid) rows.push({ group: g, cause: c.cause, time: t, y: stepAt(c.time, c.cif, t) });
    }
  } else {
    for (const c of curves) {
      const hasCi = c.lower !== undefined && c.upper !== undefined;
      if (c.time.length === 0 || c.time[0] > 0) rows.push({ group: c.group ?? "", cause: c.cause, time: 0, y: 0, lo: 0, hi: 0 });
      for (let k = 0; k < c.time.length; k++) {
        rows.push({ group: c.group ?? "", cause: c.cause, time: c.time[k], y: c.cif[k], lo: hasCi ? c.lower![k] : null, hi: hasCi ? c.upper![k] : null });
      }
    }
  }
  if (opts.byCause && !opts.stacked) {
    // one panel per cause with its own y scale (a 1% cause is not drawn on a 100% axis); groups by colour
    const colourG = { field: "group", type: "nominal", scale: colourScale(groups), sort: groups, title: null, legend: { orient: "top", symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 } };
    const xg = { field: "time", type: "quantitative", axis: { title: opts.xTitle ?? L.t("plot.time") } };
    const yg = { field: "y", type: "quantitative", scale: { domainMin: 0, zero: true }, axis: { title: opts.yTitle ?? L.t("plot.cumulativeIncidence"), format: ".1%" } };
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: titleBlock(opts.title, opts.subtitle),
      config: baseConfig(L.lang),
      data: { values: rows },
      facet: { column: { field: "cause", type: "nominal", sort: causes, title: null, header: { labelFontSize: 12 } } },
      spec: {
        width: opts.width ?? 200,
        height: opts.height ?? 220,
        layer: [
          { transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }], mark: { type: "area", interpolate: "step-after", opacity: 0.15 }, encoding: { x: xg, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color: colourG } },
          { mark: { type: "line", interpolate: "step-after", strokeWidth: 2 }, encoding: { x: xg, y: yg, color: colourG } },
        ],
      },
      resolve: { scale: { y: "independent" } },
    };
  }
  const colour = { field: "cause", type: "nominal", scale: colourScale(causes), sort: causes, title: null, legend: { orient: "top", symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 } };
  const x = { field: "time", type: "quantitative", axis: { title: opts.xTitle ?? L.t("plot.time") } };
  const y = { field: "y", type: "quantitative", axis: { title: opts.yTitle ?? L.t("plot.cumulativeIncidence"), format: ".0%" } };
  const layers: Record<string, unknown>[] = opts.stacked
    ? [{ mark: { type: "area", interpolate: "step-after", opacity: 0.85 }, encoding: { x, y: { ...y, stack: "zero" }, color: colour, order: { field: "cause", sort: "ascending" } } }]
    : [
        ...(curves.some((c) => c.lower && c.upper)
          ? [{
              transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }],
              mark: { type: "area", interpolate: "step-after", opacity: 0.15 },
              encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color: colour },
            }]
          : []),
        { mark: { type: "line", interpolate: "step-after", strokeWidth: 2 }, encoding: { x, y, color: colour } },
      ];
  const panel = { width: opts.width ?? (groups.length > 1 ? 300 : 520), height: opts.height ?? 280, layer: layers };
  const base = { $schema: VEGA_LITE_SCHEMA, title: titleBlock(opts.title, opts.subtitle), config: baseConfig(L.lang), data: { values: rows } };
  if (groups.length === 1) return { ...base, ...panel };
  return { ...base, facet: { column: { field: "group", type: "nominal", sort: groups, title: null } }, spec: panel };
}

export function cumulativeIncidencePlot(curves: IncidenceCurve[], opts: IncidencePlotOptions = {}): Promise<Figure> {
  return figureFromSpec(cumulativeIncidencePlotSpec(curves, opts));
}
