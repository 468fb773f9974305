/**
 * One self-contained HTML page for stakeholders: inline CSS, inline SVG figures, no scripts and no
 * external requests (a Content-Security-Policy meta tag forbids them). Deterministic: no dates or
 * random ids; SVG ids are prefixed per figure so figures do not collide.
 */
import { localizer } from "./i18n/index.js";
import type { Lang } from "./i18n/lang.js";
import { prefixSvgIds } from "./render.js";
import { ColumnSpec, escapeHtml, TableRow, toHtmlTable } from "./write-table.js";

export interface ReportTable {
  caption?: string;
  columns: (string | ColumnSpec)[];
  rows: TableRow[];
  note?: string;
}

export interface ReportFigure {
  svg: string;
  caption?: string;
  /** Text alternative for screen readers. */
  alt?: string;
}

export interface ReportSection {
  heading: string;
  /** Paragraphs (plain text, escaped). */
  text?: string | string[];
  tables?: ReportTable[];
  figures?: (ReportFigure | string)[];
}

export interface ReportInput {
  title: string;
  subtitle?: string;
  /** Key findings, shown first in a highlighted box. */
  summary?: string[];
  sections: ReportSection[];
  /** Small print at the end (data sources, methods, version). */
  footer?: string | string[];
  /** Page language (its headings and number formats), default "en". */
  lang?: Lang;
}

const CSS = `
:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;background:#f6f8fa;color:var(--ink);font:16px/1.55 "DejaVu Sans",Verdana,Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:32px 28px 48px;background:#fff;min-height:100vh}
h1{font-size:1.9em;line-height:1.2;margin:0 0 4px}
.subtitle{color:var(--muted);margin:0 0 24px}
h2{font-size:1.35em;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.summary{background:#eef6fc;border-left:5px solid var(--accent);padding:12px 18px;margin:16px 0 8px}
.summary h2{border:0;margin:4px 0 6px;padding:0;font-size:1.1em}
.summary ul{margin:0;padding-left:20px}.summary li{margin:6px 0}
figure{margin:20px 0;overflow-x:auto}
.wide{overflow-x:auto;max-width:100%}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.9em;margin-top:6px}
table{border-collapse:collapse;margin:16px 0;font-size:.92em;min-width:50%}
caption{text-align:left;font-weight:bold;padding-bottom:6px}
th,td{padding:5px 12px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{border-bottom:2px solid var(--ink)}
.num{text-align:right;font-variant-numeric:tabular-nums}
tfoot td{color:var(--muted);font-size:.88em;border:0}
footer{margin-top:40px;color:var(--muted);font-size:.85em;border-top:1px solid var(--line);padding-top:10px}
@media print{body{background:#fff}main{padding:0}figure,table{break-inside:avoid}}
`;

const paragraphs = (t?: string | string[]) => (t === undefined ? [] : Array.isArray(t) ? t : [t]);

/** Strip an XML prolog and make the SVG scale with the page. */
function inlineSvg(svg: string, prefix: string, alt?: string): string {
  let s = svg.replace(/^<\?xml[^>]*>\s*/, "");
  s = prefixSvgIds(s, prefix);
  if (alt) s = s.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeHtml(alt)}"`);
  return s;
}

/** Render the report as one HTML string. */
export function renderReport(input: ReportInput): string {
  const L = localizer(input.lang);
  const out: string[] = [];
  out.push("<!DOCTYPE html>");
  out.push(`<html lang="${L.lang}">`);
  out.push("<head>");
  out.push('<meta charset="utf-8">');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push(`<title>${escapeHtml(input.title)}</title>`);
  out.push(`<style>${CSS}</style>`);
  out.push("</head>");
  out.push("<body><main>");
  out.push(`<h1>${escapeHtml(input.title)}</h1>`);
  if (input.subtitle) out.push(`<p class="subtitle">${escapeHtml(input.subtitle)}</p>`);
  if (input.summary?.length) {
    out.push(`<section class="summary"><h2>${escapeHtml(L.t("page.keyFindings"))}</h2><ul>`);
    for (const s of input.summary) out.push(`<li>${escapeHtml(s)}</li>`);
    out.push("</ul></section>");
  }
  let fig = 0;
  input.sections.forEach((sec) => {
    out.push("<section>");
    out.push(`<h2>${escapeHtml(sec.heading)}</h2>`);
    for (const p of paragraphs(sec.text)) out.push(`<p>${escapeHtml(p)}</p>`);
    for (const f of sec.figures ?? []) {
      const figure: ReportFigure = typeof f === "string" ? { svg: f } : f;
      fig++;
      out.push(`<figure>${inlineSvg(figure.svg, `f${fig}-`, figure.alt ?? figure.caption)}`);
      if (figure.caption) out.push(`<figcaption>${escapeHtml(L.t("page.figure", { n: fig }))} ${escapeHtml(figure.caption)}</figcaption>`);
      out.push("</figure>");
    }
    // a table wider than the page scrolls in its own box (tabindex: by keyboard too) instead of widening the page
    for (const t of sec.tables ?? []) out.push(`<div class="wide" tabindex="0">${toHtmlTable(t.rows, t.columns, t.caption, t.note, L.lang)}</div>`);
    out.push("</section>");
  });
  const foot = paragraphs(input.footer);
  if (foot.length) out.push(`<footer>${foot.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</footer>`);
  out.push("</main></body></html>");
  return out.join("\n") + "\n";
}
