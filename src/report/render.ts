/**
 * Rendering of figures: Vega-Lite spec → Vega → SVG (headless, renderer "none") → PNG (resvg).
 *
 * Determinism: the same spec gives byte-identical SVG and PNG.
 * - Vega numbers clip paths and gradients with process-wide counters; they are reset before each
 *   render (`resetSVGDefIds`), so ids depend only on the figure.
 * - Text widths (used for layout) come from Vega's built-in estimate, never from a canvas
 *   package that might or might not be installed (`textMetrics.canvas(false)`).
 * - PNGs are drawn with the DejaVu Sans files shipped in the npm package `dejavu-fonts-ttf`,
 *   loaded by path; system fonts are never consulted, so CI and laptops give the same bytes.
 */
import { createRequire } from "node:module";
import path from "node:path";

// vega, vega-lite and resvg are loaded on first use: vega has a top-level await (which breaks
// require() of effekt from CommonJS notebook kernels) and the CLI should not pay for them unless
// it draws a figure.
type Vega = typeof import("vega");
type VegaLite = typeof import("vega-lite");
type TopLevelSpec = Parameters<VegaLite["compile"]>[0];
let libs: { vega: Vega; vl: VegaLite } | undefined;
async function loadVega(): Promise<{ vega: Vega; vl: VegaLite }> {
  if (!libs) libs = { vega: await import("vega"), vl: await import("vega-lite") };
  return libs;
}
const requireCjs = createRequire(import.meta.url);

/** CSS font stack written into the SVG; the PNG renderer has exactly the first family loaded. */
export const FIGURE_FONT = "DejaVu Sans, Verdana, Arial, sans-serif";

/** A rendered figure: the Vega-Lite spec it came from (for notebooks) and its SVG text. */
export interface Figure {
  spec: Record<string, unknown>;
  svg: string;
}

// Vega-scenegraph exports these through vega; its typings do not list textMetrics.
type Scenegraph = {
  resetSVGDefIds: () => void;
  textMetrics: { canvas: (use: boolean) => void };
};

let fontFilesCache: string[] | undefined;
/** Paths of the DejaVu Sans TTF files (regular, bold, oblique) from the `dejavu-fonts-ttf` package. */
export function figureFontFiles(): string[] {
  if (!fontFilesCache) {
    const dir = path.join(path.dirname(requireCjs.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fontFilesCache = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"].map(
      (f) => path.join(dir, f),
    );
  }
  return fontFilesCache;
}

/** Compile a Vega-Lite spec and render it to an SVG string, deterministically. */
export async function renderVegaLite(spec: Record<string, unknown>): Promise<string> {
  const { vega, vl } = await loadVega();
  const scenegraph = vega as unknown as Scenegraph;
  const compiled = vl.compile(spec as unknown as TopLevelSpec).spec;
  scenegraph.textMetrics.canvas(false);
  scenegraph.resetSVGDefIds();
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render a Vega-Lite spec into a {@link Figure}. */
export async function figureFromSpec(spec: Record<string, unknown>): Promise<Figure> {
  return { spec, svg: await renderVegaLite(spec) };
}

export interface PngOptions {
  /** Pixel density: 2 (default) gives sharp images on screens and in slides. */
  scale?: number;
}

/** Rasterise an SVG figure to PNG bytes with resvg and the bundled DejaVu Sans fonts. */
export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  const { Resvg } = requireCjs("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: opts.scale ?? 2 },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: figureFontFiles(),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return resvg.render().asPng();
}

/**
 * Give every id in an SVG a prefix (and rewrite its references), so several Vega figures can
 * sit inline in one HTML page: Vega names clip paths `clip1`, `clip2`, … in every figure.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]);
  if (ids.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) =>
    ids.has(id) ? `${lead}${prefix}${id}` : whole,
  );
}
