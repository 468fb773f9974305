/**
 * Months and days. In extracts a month is an integer YYYYMM (Arrow/Parquet int, CSV `201304`) or
 * text "YYYY-MM"; inside effekt it is a month index `year*12 + (month-1)` so that month
 * arithmetic (exit + 2) is plain integer addition. Days (time-to-work spells) are whole days since
 * an origin date, computed in UTC.
 */

/** Month index of year and month (1–12). */
export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

/** YYYYMM integer → month index, or NaN when it is not a valid month (200013, 2013, 1.5…). */
export function monthFromYyyymm(v: number): number {
  if (!Number.isInteger(v)) return NaN;
  const y = Math.floor(v / 100);
  const m = v - y * 100;
  if (y < 1900 || y > 2200 || m < 1 || m > 12) return NaN;
  return monthIndex(y, m);
}

const MONTH_TEXT = /^(\d{4})-(\d{2})$/;
const YYYYMM_TEXT = /^(\d{6})$/;

/** "YYYY-MM" or "YYYYMM" text → month index, or NaN. */
export function monthFromText(s: string): number {
  const t = s.trim();
  let m = MONTH_TEXT.exec(t);
  if (m) {
    const mo = Number(m[2]);
    const y = Number(m[1]);
    if (mo < 1 || mo > 12 || y < 1900 || y > 2200) return NaN;
    return monthIndex(y, mo);
  }
  m = YYYYMM_TEXT.exec(t);
  if (m) return monthFromYyyymm(Number(m[1]));
  return NaN;
}

/** Parse a month given in a config or option ("2013-04"); throws with `what` named when invalid. */
export function parseMonth(s: string, what: string): number {
  const v = monthFromText(String(s));
  if (Number.isNaN(v)) throw new Error(`${what}: "${s}" is not a month (expected YYYY-MM)`);
  return v;
}

export function yearOf(mi: number): number {
  return Math.floor(mi / 12);
}

/** Month index → YYYYMM integer (what output files store). */
export function toYyyymm(mi: number): number {
  return Math.floor(mi / 12) * 100 + (mi % 12) + 1;
}

/** Month index → "YYYY-MM". */
export function monthLabel(mi: number): string {
  return `${Math.floor(mi / 12)}-${String((mi % 12) + 1).padStart(2, "0")}`;
}

const MS_PER_DAY = 86_400_000;

/** First days of the month indexes of years 1900–2199 (filled on first use; hot in the spell split). */
const FIRST_MONTH = 1900 * 12;
const MONTH_START = new Float64Array(300 * 12).fill(NaN);

/** Days since 1970-01-01 of the first day of a month index. */
export function dayOfMonthStart(mi: number): number {
  const k = mi - FIRST_MONTH;
  if (k >= 0 && k < MONTH_START.length && Number.isInteger(mi)) {
    const d = MONTH_START[k];
    if (d === d) return d;
    return (MONTH_START[k] = Date.UTC(Math.floor(mi / 12), mi % 12, 1) / MS_PER_DAY);
  }
  return Date.UTC(Math.floor(mi / 12), mi % 12, 1) / MS_PER_DAY;
}

/** Days since 1970-01-01 of the last day of a month index. */
export function dayOfMonthEnd(mi: number): number {
  return dayOfMonthStart(mi + 1) - 1;
}

/** Month index containing a day number (days since 1970-01-01). */
export function monthOfDay(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return monthIndex(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" (or integer YYYYMMDD) → days since 1970-01-01, or NaN when not a valid date. */
export function dayFromText(s: string): number {
  const m = DATE_TEXT.exec(s.trim());
  if (!m) return NaN;
  return dayFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function dayFromYyyymmdd(v: number): number {
  if (!Number.isInteger(v)) return NaN;
  return dayFromParts(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
}

function dayFromParts(y: number, mo: number, d: number): number {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1) return NaN; // 2013-02-30
  return t / MS_PER_DAY;
}

export function parseDay(s: string, what: string): number {
  const v = dayFromText(String(s));
  if (Number.isNaN(v)) throw new Error(`${what}: "${s}" is not a date (expected YYYY-MM-DD)`);
  return v;
}

export function dayLabel(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
