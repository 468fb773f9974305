/** Plain aligned text tables for the terminal (the CLI's default output format). */

export type Cell = string | number | null | undefined;

/** Format a number for people: fixed significant digits, p-values in scientific form when tiny. */
export function fmt(v: Cell, digits = 4): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (Number.isNaN(v)) return "NA";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

export function fmtP(p: Cell): string {
  if (typeof p !== "number") return fmt(p);
  if (p < 2.2e-16) return "<2e-16";
  if (p < 1e-4) return p.toExponential(1);
  return p.toFixed(4);
}

/** Render rows under headers; numbers right-aligned, text left-aligned. */
export function textTable(headers: string[], rows: Cell[][], digits = 4): string {
  const cells = rows.map((r) => r.map((c) => fmt(c, digits)));
  const numericCol = headers.map((_, j) => rows.every((r) => typeof r[j] === "number" || r[j] == null));
  const width = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? "").length)));
  const pad = (s: string, j: number) => (numericCol[j] ? s.padStart(width[j]) : s.padEnd(width[j]));
  const line = (r: string[]) => r.map((s, j) => pad(s, j)).join("  ").trimEnd();
  return [line(headers), line(width.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
