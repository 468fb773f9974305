/** Shared look of all figures (Vega-Lite `config`) and checks of figure inputs. */
import { InputError } from "../errors.js";
import { vegaNumberLocale } from "./i18n/format.js";
import { localizer, type Lang, type Localizer } from "./i18n/index.js";
import { FIGURE_FONT } from "./render.js";

/** Okabe–Ito colours: distinguishable with the common forms of colour blindness and in greyscale print. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Options every figure takes: the language of its default labels and of its numbers. */
export interface FigureLanguage {
  /** Language of default titles and labels and of axis numbers (decimal comma in "nb"). Default "en". */
  lang?: Lang;
}

/** The localizer of a figure's options. */
export function figureLocalizer(opts: FigureLanguage): Localizer {
  return localizer(opts.lang);
}

/** Vega-Lite config used by every figure: readable sizes, light grid, one font, number locale. */
export function baseConfig(lang: Lang = "en"): Record<string, unknown> {
  const number = vegaNumberLocale(lang);
  return {
    ...(number ? { locale: { number } } : {}),
    font: FIGURE_FONT,
    background: "white",
    padding: 8,
    view: { stroke: null },
    axis: {
      labelFontSize: 12,
      titleFontSize: 13,
      titleFontWeight: "normal",
      gridColor: "#e6e6e6",
      domainColor: "#888",
      tickColor: "#888",
      labelColor: "#333",
      titleColor: "#333",
    },
    legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal", orient: "top", symbolStrokeWidth: 3 },
    title: { fontSize: 15, fontWeight: "bold", anchor: "start", color: "#222", subtitleFontSize: 12, subtitleColor: "#555" },
    range: { category: PALETTE },
    header: { labelFontSize: 12, titleFontSize: 13 },
  };
}

export function titleBlock(title?: string, subtitle?: string): Record<string, unknown> | undefined {
  if (!title && !subtitle) return undefined;
  return subtitle ? { text: title ?? "", subtitle } : { text: title ?? "" };
}

/** Check that the named arrays of a figure input have the same length and finite numbers where required. */
export function checkSeries(
  what: string,
  arrays: Record<string, ArrayLike<number> | undefined>,
  lengthOf: string,
): void {
  const n = arrays[lengthOf]?.length ?? 0;
  for (const [name, arr] of Object.entries(arrays)) {
    if (arr === undefined) continue;
    if (arr.length !== n) {
      throw new InputError(`${what}: "${name}" has ${arr.length} values but "${lengthOf}" has ${n}`, { column: name });
    }
  }
}

/** The colour scale shared by the panels of a figure: groups in the order given. */
export function colourScale(groups: string[]): Record<string, unknown> {
  return { domain: groups, range: groups.map((_, i) => PALETTE[i % PALETTE.length]) };
}

/** Groups in first-seen order. */
export function uniqueInOrder(values: string[]): string[] {
  return [...new Set(values)];
}
