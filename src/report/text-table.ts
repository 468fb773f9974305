/** Plain aligned text tables for the terminal (the CLI's default output format). */
import { significant } from "./i18n/format.js";

export type Cell = string | number | null | undefined;

/** Format a number for people: fixed significant digits, p-values in scientific form when tiny (i18n/format.ts). */
export function fmt(v: Cell, digits = 4): string {
  return significant(v, digits, "en");
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
