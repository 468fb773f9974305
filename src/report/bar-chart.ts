/** Grouped bar chart for baseline tables: e.g. share in work per year (x) and pilot/control (colour). */
import { InputError } from "../errors.js";
import { Figure, figureFromSpec } from "./render.js";
import { baseConfig, colourScale, titleBlock, uniqueInOrder, VEGA_LITE_SCHEMA, type FigureLanguage } from "./theme.js";

export interface BarDatum {
  /** Position on the x axis (office, year, …). */
  category: string | number;
  /** Bars side by side within a category (pilot/control); optional. */
  group?: string;
  value: number;
  lower?: number;
  upper?: number;
}

export interface BarChartOptions extends FigureLanguage {
  title?: string;
  subtitle?: string;
  xTitle?: string;
  yTitle?: string;
  /** Values are shares: axis in percent. Default false. */
  percent?: boolean;
  width?: number;
  height?: number;
}

export function barChartSpec(data: BarDatum[], opts: BarChartOptions = {}): Record<string, unknown> {
  if (data.length === 0) throw new InputError("bar chart: no values given");
  const rows = data.map((d, i) => {
    if (!Number.isFinite(d.value)) throw new InputError(`bar chart: value ${i + 1} is not a finite number`, { column: "value" });
    return { category: String(d.category), group: d.group ?? "", value: d.value, lower: d.lower ?? null, upper: d.upper ?? null };
  });
  const cats = uniqueInOrder(rows.map((r) => r.category));
  const groups = uniqueInOrder(rows.map((r) => r.group));
  const grouped = groups.length > 1 || groups[0] !== "";
  const x = { field: "category", type: "nominal", sort: cats, axis: { title: opts.xTitle ?? null, labelAngle: 0 } };
  const xOffset = grouped ? { xOffset: { field: "group", type: "nominal", sort: groups } } : {};
  const color = grouped ? { color: { field: "group", type: "nominal", scale: colourScale(groups), sort: groups, title: null } } : {};
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: "bar", ...(grouped ? {} : { color: "#0072B2" }) },
      encoding: {
        x,
        ...xOffset,
        y: { field: "value", type: "quantitative", axis: { title: opts.yTitle ?? null, format: opts.percent ? ".0%" : undefined } },
        ...color,
      },
    },
  ];
  if (rows.some((r) => r.lower !== null && r.upper !== null)) {
    layers.push({
      transform: [{ filter: "isValid(datum.lower) && isValid(datum.upper)" }],
      mark: { type: "rule", color: "#333", strokeWidth: 1.5 },
      encoding: { x, ...xOffset, y: { field: "lower", type: "quantitative" }, y2: { field: "upper" } },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(opts.title, opts.subtitle),
    config: baseConfig(opts.lang),
    // a fixed width: with many categories × groups a per-bar step made charts thousands of pixels
    // wide, which a page then shrank to a thin strip
    width: opts.width ?? Math.min(720, cats.length * (grouped ? 18 * groups.length + 14 : 36)),
    height: opts.height ?? 280,
    data: { values: rows },
    layer: layers,
  };
}

export function barChart(data: BarDatum[], opts: BarChartOptions = {}): Promise<Figure> {
  return figureFromSpec(barChartSpec(data, opts));
}
