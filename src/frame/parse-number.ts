/**
 * Numbers in text cells (a text column that a model needs as numbers) and why a cell is not one.
 * The readers type columns; this is the fallback for columns read as text, and the source of the
 * hints in error messages: a decimal comma, a thousands separator.
 */

/** Strict number parse: the whole cell must be a finite decimal number (TRUE/FALSE read as 1/0, as R). */
export function parseNumber(cell: string): number {
  const s = cell.trim();
  if (s === "") return NaN;
  if (s === "TRUE") return 1;
  if (s === "FALSE") return 0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/** Digits grouped by thousands: 1 234, 1,234,567, 1.234,5, 12 345 (with a space or no-break space). */
const THOUSANDS = /^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$|^[+-]?\d{1,3}(,\d{3}){2,}(\.\d+)?$|^[+-]?\d{1,3}(,\d{3})+\.\d+$|^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d{1,3}(\.\d{3}){2,}$/;

/** Why a cell is not a number, as a sentence for the error message. */
export function notANumber(cell: string): string {
  const s = cell.trim();
  if (THOUSANDS.test(s)) return `value "${cell}" has a thousands separator; write numbers without one`;
  if (/^[+-]?\d+,\d+$/.test(s)) return `value "${cell}" has a decimal comma; pass --decimal , (numbers like 1,5)`;
  return `value "${cell}" is not a number`;
}

/** A number as written in some locale (decimal comma, thousands separator) even if not parseable here. */
export function looksNumeric(cell: string): boolean {
  const s = cell.trim();
  return !Number.isNaN(parseNumber(s)) || THOUSANDS.test(s) || /^[+-]?\d+,\d+$/.test(s);
}
