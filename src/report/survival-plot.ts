/**
 * Kaplan–Meier style step curves per group, optional confidence bands, and a numbers-at-risk
 * table under the x axis, as one Vega-Lite figure (vconcat of the curve panel and the table).
 */
import { InputError } from "../errors.js";
import { Figure, figureFromSpec } from "./render.js";
import { baseConfig, checkSeries, colourScale, figureLocalizer, titleBlock, VEGA_LITE_SCHEMA, type FigureLanguage } from "./theme.js";

/** One group's curve, as a Kaplan–Meier fit reports it: one entry per distinct time. */
export interface SurvivalCurve {
  group: string;
  time: ArrayLike<number>;
  /** S(t) just after each time. */
  surv: ArrayLike<number>;
  /** Pointwise confidence limits of S(t) (optional). */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Number at risk just before each time (R's `n.risk`). */
  n_risk: ArrayLike<number>;
  /** Censored at each time (R's `n.censor`): drawn as tick marks on the curve, as survminer. */
  n_censor?: ArrayLike<number>;
  /**
   * The curve stops before the end of follow-up (e.g. cut by disclosure control where few remain
   * at risk): no number at risk is shown after its last time (instead of 0).
   */
  truncated?: boolean;
}

export interface SurvivalPlotOptions extends FigureLanguage {
  /** "survival" draws S(t); "incidence" draws 1 − S(t), e.g. "share in work by day t". Default "survival". */
  kind?: "survival" | "incidence";
  title?: string;
  subtitle?: string;
  xTitle?: string;
  yTitle?: string;
  /** Times at which the numbers at risk are shown (also the x-axis ticks). Default: about 6 even steps. */
  riskTimes?: number[];
  /** Draw confidence bands when the curves have `lower`/`upper`. Default true. */
  ci?: boolean;
  /** Show the y axis as percentages. Default true. */
  percent?: boolean;
  width?: number;
  height?: number;
  /** Text drawn in the plot's upper left corner, e.g. "HR 1.22 (95% CI …), p = …". */
  annotation?: string;
  /** Draw censoring marks when the curves have `n_censor` (default true). */
  censorMarks?: boolean;
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `target` intervals over [0, max]. */
export function niceSteps(max: number, target = 6): number[] {
  if (!(max > 0)) return [0];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => max / s <= target) ?? 10 * mag;
  const out: number[] = [];
  for (let k = 0; k * step <= max * (1 + 1e-12); k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * Number at risk at time τ: n_risk at the first listed time ≥ τ (as R's summary.survfit(times=)
 * reads it; exact when the curve lists censoring times too, as survfit does), 0 after the last time.
 */
export function numberAtRisk(curve: Pick<SurvivalCurve, "time" | "n_risk">, tau: number): number {
  const t = curve.time;
  // binary search for the first time >= tau
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < tau) lo = mid + 1;
    else hi = mid;
  }
  return lo < t.length ? curve.n_risk[lo] : 0;
}

function checkCurve(c: SurvivalCurve, i: number): void {
  const what = `survival curve ${i + 1} ("${c.group}")`;
  checkSeries(what, { time: c.time, surv: c.surv, lower: c.lower, upper: c.upper, n_risk: c.n_risk }, "time");
  for (let k = 0; k < c.time.length; k++) {
    if (!Number.isFinite(c.time[k]) || (k > 0 && c.time[k] < c.time[k - 1])) {
      throw new InputError(`${what}: times must be finite and increasing (entry ${k + 1} is ${c.time[k]})`, { column: "time" });
    }
  }
}

/** The Vega-Lite spec of {@link survivalPlot} (for notebooks that render it themselves). */
export function survivalPlotSpec(curves: SurvivalCurve[], opts: SurvivalPlotOptions = {}): Record<string, unknown> {
  if (curves.length === 0) throw new InputError("survival plot: no curves given");
  curves.forEach(checkCurve);
  const L = figureLocalizer(opts);
  const incidence = opts.kind === "incidence";
  const width = opts.width ?? 560;
  const height = opts.height ?? 320;
  const groups = curves.map((c) => c.group);
  const maxTime = Math.max(...curves.map((c) => (c.time.length ? c.time[c.time.length - 1] : 0)));
  const riskTimes = opts.riskTimes ?? niceSteps(maxTime);
  const xMax = Math.max(maxTime, riskTimes[riskTimes.length - 1] ?? 0);

  // Step data: start at (0, S=1), then one row per listed time.
  const rows: Record<string, unknown>[] = [];
  const tr = (s: number) => (incidence ? 1 - s : s);
  for (const c of curves) {
    const hasCi = opts.ci !== false && c.lower !== undefined && c.upper !== undefined;
    if (c.time.length === 0 || c.time[0] > 0) rows.push({ group: c.group, time: 0, y: tr(1), lo: tr(1), hi: tr(1) });
    for (let k = 0; k < c.time.length; k++) {
      const y = tr(c.surv[k]);
      // 1 − S turns the upper limit of S into the lower limit of the incidence.
      const lo = hasCi ? tr(incidence ? c.upper![k] : c.lower![k]) : y;
      const hi = hasCi ? tr(incidence ? c.lower![k] : c.upper![k]) : y;
      rows.push({ group: c.group, time: c.time[k], y, lo: Number.isFinite(lo) ? lo : null, hi: Number.isFinite(hi) ? hi : null });
    }
  }
  const censored: Record<string, unknown>[] = [];
  if (opts.censorMarks !== false) {
    for (const c of curves) {
      if (!c.n_censor) continue;
      for (let k = 0; k < c.time.length; k++) if (c.n_censor[k] > 0) censored.push({ group: c.group, time: c.time[k], y: tr(c.surv[k]) });
    }
  }
  const risk: Record<string, unknown>[] = [];
  for (const c of curves) {
    const last = c.time.length ? c.time[c.time.length - 1] : 0;
    for (const tau of riskTimes) if (!c.truncated || tau <= last) risk.push({ group: c.group, time: tau, n: numberAtRisk(c, tau) });
  }

  const percent = opts.percent !== false;
  const colour = { field: "group", type: "nominal", scale: colourScale(groups), title: null, sort: groups };
  const x = {
    field: "time",
    type: "quantitative",
    scale: { domain: [0, xMax], nice: false, zero: true },
    axis: { values: riskTimes, title: opts.xTitle ?? L.t("plot.time"), grid: true },
  };
  const yTitle = opts.yTitle ?? L.t(incidence ? "plot.cumulativeShare" : "plot.survival");
  const layers: Record<string, unknown>[] = [];
  if (opts.ci !== false && curves.some((c) => c.lower && c.upper)) {
    layers.push({
      mark: { type: "area", interpolate: "step-after", opacity: 0.15 },
      encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color: { ...colour, legend: { orient: "top", title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 } } },
    });
  }
  layers.push({
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2.2 },
    encoding: {
      x,
      y: {
        field: "y",
        type: "quantitative",
        scale: { domain: [0, 1] },
        axis: { title: yTitle, format: percent ? ".0%" : ".2f", grid: true },
      },
      color: { ...colour, legend: { orient: "top", title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 } },
    },
  });
  if (censored.length) {
    layers.push({
      data: { values: censored },
      // a "+" as survminer draws it (a vertical tick would vanish in the riser of a step at the same time)
      mark: { type: "point", shape: "cross", size: 45, filled: true, opacity: 0.9 },
      encoding: { x, y: { field: "y", type: "quantitative" }, color: { ...colour, legend: { orient: "top", title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 } } },
    });
  }
  if (opts.annotation) {
    layers.push({
      data: { values: [{ text: opts.annotation }] },
      mark: { type: "text", align: "left", baseline: "top", x: 8, y: 8, fontSize: 11, color: "#333", lineBreak: "\n", limit: width - 16 },
      encoding: { text: { field: "text" } },
    });
  }

  return {
    $schema: VEGA_LITE_SCHEMA,
    title: titleBlock(opts.title, opts.subtitle),
    config: baseConfig(L.lang),
    spacing: 6,
    vconcat: [
      { width, height, data: { values: rows }, layer: layers },
      {
        width,
        height: 20 * curves.length,
        title: { text: L.t("plot.numberAtRisk"), fontSize: 12, fontWeight: "normal", anchor: "start", color: "#333" },
        data: { values: risk },
        mark: { type: "text", fontSize: 12 },
        encoding: {
          x: { field: "time", type: "quantitative", scale: { domain: [0, xMax], nice: false, zero: true }, axis: null },
          y: { field: "group", type: "nominal", sort: groups, axis: { title: null, domain: false, ticks: false, labelPadding: 26, labelLimit: 0 } },
          text: { field: "n", type: "quantitative", format: "d" },
          color: { ...colour, legend: { orient: "top", title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 0 } },
        },
      },
    ],
    resolve: { scale: { color: "shared" } },
  };
}

/** Step curves per group with optional CI bands and a numbers-at-risk table, as one SVG figure. */
export function survivalPlot(curves: SurvivalCurve[], opts: SurvivalPlotOptions = {}): Promise<Figure> {
  return figureFromSpec(survivalPlotSpec(curves, opts));
}
