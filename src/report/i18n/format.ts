/**
 * The one number and date formatter of everything effekt publishes (report, tables' Markdown and
 * HTML, figure labels, CLI text tables), for the report language.
 *
 * - "en": unchanged from before the language option: `toFixed`/`toPrecision`, a true minus sign
 *   (U+2212) in report text, no thousands separator, "95%".
 * - "nb": `Intl.NumberFormat("nb-NO")` (Node's full ICU): decimal comma, U+2212 minus, and a
 *   no-break space (U+00A0) as thousands separator only from five digits on (`useGrouping: "min2"`,
 *   as Språkrådet recommends: 2013 and 9999 stay whole, 12 345 is grouped; years are never split),
 *   "95 %" with a no-break space before the per cent sign, and dates "1. november 2012".
 *
 * Hazards: `toFixed` and Intl both round the exact binary value half away from zero, so "en" and
 * "nb" agree digit for digit; "-0.0" is written "0.0" in both (`signDisplay: "negative"`). Intl
 * objects are costly to build and are cached per language and number of decimals.
 * Machine-readable outputs (CSV, JSON, results.json) never pass through here: they keep raw numbers.
 */
import type { Lang } from "./lang.js";

const MINUS = "\u2212";
const NBSP = "\u00a0";

const cache = new Map<string, Intl.NumberFormat>();
function nbFormat(minFrac: number, maxFrac: number): Intl.NumberFormat {
  const key = `${minFrac}:${maxFrac}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat("nb-NO", {
      minimumFractionDigits: minFrac,
      maximumFractionDigits: maxFrac,
      useGrouping: "min2",
      signDisplay: "negative",
    } as unknown as Intl.NumberFormatOptions);
    cache.set(key, f);
  }
  return f;
}

/** Fixed decimals, with a true minus sign and no "−0.0"; ∞ and NA for non-finite values. */
export function fixed(v: number, decimals: number, lang: Lang = "en"): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NA" : v > 0 ? "∞" : `${MINUS}∞`;
  if (lang === "nb") return nbFormat(decimals, decimals).format(v).replace(/-/g, MINUS);
  const s = v.toFixed(decimals);
  if (/^-0\.?0*$/.test(s)) return s.slice(1);
  return s.replace(/^-/, MINUS);
}

/**
 * A number for people at `digits` significant digits (trailing zeros dropped), integers whole,
 * tiny or huge values in scientific form; missing as "", text as is. "en" keeps ASCII "-" and
 * "Inf" (the CLI's tables, as R prints); "nb" writes a decimal comma and U+2212.
 */
export function significant(v: string | number | null | undefined, digits = 4, lang: Lang = "en"): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (Number.isNaN(v)) return "NA";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  const a = Math.abs(v);
  const integer = Number.isInteger(v) && a < 1e15;
  const scientific = !integer && a !== 0 && (a < 1e-4 || a >= 1e7);
  if (lang === "nb") {
    if (scientific) return v.toExponential(digits - 1).replace(".", ",").replace(/-/g, MINUS);
    return nbFormat(0, 20).format(integer ? v : Number(v.toPrecision(digits))).replace(/-/g, MINUS);
  }
  if (integer) return String(v);
  if (scientific) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** A whole number (counts, days): "12 345" in nb from five digits on, "12345" in en. */
export function integer(v: number, lang: Lang = "en"): string {
  return fixed(v, 0, lang);
}

/** The per cent sign after a number: "8.9%" (en), "8,9 %" (nb, no-break space). */
export function percentSign(lang: Lang): string {
  return lang === "nb" ? `${NBSP}%` : "%";
}

/** A share as per cent: 0.089 → "8.9%" / "8,9 %". */
export function percent(share: number, decimals = 1, lang: Lang = "en"): string {
  return `${fixed(100 * share, decimals, lang)}${percentSign(lang)}`;
}

/** Confidence level: 0.95 → "95%" / "95 %". */
export function level(conf: number, lang: Lang = "en"): string {
  return `${Math.round(conf * 100)}${percentSign(lang)}`;
}

/** p-value for people: "p = 0.012", "p < 0.001" (nb: "p = 0,012", "p < 0,001"). */
export function pValue(p: number, lang: Lang = "en"): string {
  if (!Number.isFinite(p)) return "p = NA";
  if (p < 0.001) return `p < ${fixed(0.001, 3, lang)}`;
  return `p = ${fixed(p, p < 0.01 ? 3 : 2, lang)}`;
}

/** p-value with three decimals, "< 0.001" below (tables and figure annotations), without "p". */
export function pValue3(p: number, lang: Lang = "en"): string {
  return p < 0.001 ? `< ${fixed(0.001, 3, lang)}` : fixed(p, 3, lang);
}

const EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const nbDate = new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Day "2012-11-01" → "1 November 2012" (en) or "1. november 2012" (nb); other text unchanged. */
export function longDate(iso: string, lang: Lang = "en"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  if (lang === "nb") return nbDate.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  return `${Number(m[3])} ${EN_MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

const nbMonth = new Intl.DateTimeFormat("nb-NO", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * A day or month in a report header: "2026-11-30" / "2015-12" as they are in English (ISO, as
 * before), "30. november 2026" / "desember 2015" in Norwegian; other text unchanged.
 */
export function headerDate(iso: string, lang: Lang = "en"): string {
  if (lang !== "nb") return iso;
  const m = /^(\d{4})-(\d{2})$/.exec(iso);
  if (m) return nbMonth.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
  return longDate(iso, lang);
}

/**
 * The same number conventions for Vega's d3-format (figure axes and labels), as Vega's
 * `config.locale.number`; undefined for English (Vega's default en-US). d3 has no "min2"
 * grouping, so axis ticks of 1 000 and more are grouped.
 */
export function vegaNumberLocale(lang: Lang): Record<string, unknown> | undefined {
  if (lang !== "nb") return undefined;
  return { decimal: ",", thousands: NBSP, grouping: [3], currency: ["", `${NBSP}kr`], minus: MINUS, percent: `${NBSP}%` };
}
