/** Tables for publication: CSV (full precision), Markdown (formatted), JSON (raw values), HTML. */
import { significant } from "./i18n/format.js";
import type { Lang } from "./i18n/lang.js";
import type { Cell } from "./text-table.js";

/** Marker for a suppressed cell (Statistics Norway's symbol for "not shown for confidentiality"). */
export const SUPPRESSED = ":";

export interface ColumnSpec {
  key: string;
  label?: string;
  /** Significant digits for Markdown/HTML (default 4). */
  digits?: number;
  /** Custom text for Markdown/HTML. */
  format?: (v: Cell) => string;
}

export type TableRow = Record<string, Cell>;

export interface TableFormats {
  csv?: boolean;
  markdown?: boolean;
  json?: boolean;
  html?: boolean;
}

export interface WrittenTable {
  csv?: string;
  markdown?: string;
  json?: string;
  html?: string;
}

function specs(columns: (string | ColumnSpec)[]): ColumnSpec[] {
  return columns.map((c) => (typeof c === "string" ? { key: c } : c));
}

function shown(c: ColumnSpec, v: Cell, lang: Lang): string {
  if (c.format) return c.format(v);
  return significant(v, c.digits ?? 4, lang);
}

function csvField(v: Cell): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** RFC 4180 CSV with the column keys as header; numbers at full precision, missing as empty. */
export function toCsv(rows: TableRow[], columns: (string | ColumnSpec)[]): string {
  const cs = specs(columns);
  const lines = [cs.map((c) => csvField(c.key)).join(",")];
  for (const r of rows) lines.push(cs.map((c) => csvField(r[c.key])).join(","));
  return lines.join("\n") + "\n";
}

/** GitHub-flavoured Markdown: numeric columns right-aligned, values formatted for `lang` (default en). */
export function toMarkdown(rows: TableRow[], columns: (string | ColumnSpec)[], lang: Lang = "en"): string {
  const cs = specs(columns);
  const numeric = cs.map((c) => rows.every((r) => typeof r[c.key] === "number" || r[c.key] == null || r[c.key] === SUPPRESSED));
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    `| ${cs.map((c) => esc(c.label ?? c.key)).join(" | ")} |`,
    `|${cs.map((_, j) => (numeric[j] ? " ---: " : " :--- ")).join("|")}|`,
  ];
  for (const r of rows) lines.push(`| ${cs.map((c) => esc(shown(c, r[c.key], lang))).join(" | ")} |`);
  return lines.join("\n") + "\n";
}

/** JSON array of objects keyed by column key; NaN and ±Inf become null (JSON has no such numbers). */
export function toJsonRows(rows: TableRow[], columns: (string | ColumnSpec)[]): string {
  const cs = specs(columns);
  const out = rows.map((r) => {
    const o: Record<string, string | number | null> = {};
    for (const c of cs) {
      const v = r[c.key];
      o[c.key] = v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? null : v;
    }
    return o;
  });
  return JSON.stringify(out, null, 2) + "\n";
}

/** An HTML <table> (escaped), numeric columns right-aligned, with optional caption and note; values formatted for `lang`. */
export function toHtmlTable(rows: TableRow[], columns: (string | ColumnSpec)[], caption?: string, note?: string, lang: Lang = "en"): string {
  const cs = specs(columns);
  const numeric = cs.map((c) => rows.every((r) => typeof r[c.key] === "number" || r[c.key] == null || r[c.key] === SUPPRESSED));
  const cls = (j: number) => (numeric[j] ? ' class="num"' : "");
  const head = `<tr>${cs.map((c, j) => `<th${cls(j)}>${escapeHtml(c.label ?? c.key)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${cs.map((c, j) => `<td${cls(j)}>${escapeHtml(shown(c, r[c.key], lang))}</td>`).join("")}</tr>`).join("\n");
  const cap = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  const foot = note ? `<tfoot><tr><td colspan="${cs.length}">${escapeHtml(note)}</td></tr></tfoot>` : "";
  return `<table>${cap}<thead>${head}</thead>${foot}<tbody>\n${body}\n</tbody></table>`;
}

/**
 * Write one table in the requested formats (all four when none is requested). CSV and JSON keep the
 * column keys and raw numbers in every language (machine-readable); Markdown and HTML show the
 * labels and numbers formatted for `lang`.
 */
export function writeTable(rows: TableRow[], columns: (string | ColumnSpec)[], formats: TableFormats = {}, lang: Lang = "en"): WrittenTable {
  const all = !formats.csv && !formats.markdown && !formats.json && !formats.html;
  const out: WrittenTable = {};
  if (all || formats.csv) out.csv = toCsv(rows, columns);
  if (all || formats.markdown) out.markdown = toMarkdown(rows, columns, lang);
  if (all || formats.json) out.json = toJsonRows(rows, columns);
  if (all || formats.html) out.html = toHtmlTable(rows, columns, undefined, undefined, lang);
  return out;
}
