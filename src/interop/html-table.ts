/**
 * Rows (e.g. `tidy(result)`) as an HTML table for a notebook: numbers rounded for reading (p-values as
 * "< 0.001" or to 2–3 significant digits, other numbers to `digits` significant digits), missing values
 * as "–", text escaped. Only for display: the values themselves stay in the rows.
 */
export interface HtmlTableOptions {
  /** Significant digits of numbers (default 4). */
  digits?: number;
  /** Columns to show, in order (default: the keys of the first row). */
  columns?: string[];
  caption?: string;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A number as a reader wants it: p-values by their own rule, integers whole, others to `digits` significant digits. */
export function formatCell(value: unknown, column: string, digits = 4): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "–";
  if (typeof value === "number") {
    if (/(^|_)p(_value)?$/.test(column)) return value < 0.001 ? "< 0.001" : value.toPrecision(2);
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
    const s = Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6 ? Number(value.toPrecision(digits)).toString() : value.toExponential(digits - 1);
    return s.replace(/^-/, "−");
  }
  if (Array.isArray(value)) return value.map((v) => formatCell(v, column, digits)).join(" to ");
  return String(value);
}

export function htmlTable(rows: readonly object[], opts: HtmlTableOptions = {}): string {
  const columns = opts.columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const digits = opts.digits ?? 4;
  const head = columns.map((c) => `<th>${escape(c)}</th>`).join("");
  const body = rows
    .map((r) => {
      const cells = columns.map((c) => {
        const v = (r as Record<string, unknown>)[c];
        const align = typeof v === "number" ? ' style="text-align:right"' : "";
        return `<td${align}>${escape(formatCell(v, c, digits))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  const caption = opts.caption ? `<caption>${escape(opts.caption)}</caption>` : "";
  return `<table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}
