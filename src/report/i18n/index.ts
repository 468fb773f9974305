/**
 * The report's language: one message catalogue per language (en.ts, nb.ts; same keys, checked by
 * the compiler) and the number formats of format.ts, bundled as a {@link Localizer} that every
 * text-producing function of the report takes.
 */
import { en, type MessageKey, type Messages } from "./en.js";
import { nb } from "./nb.js";
import * as F from "./format.js";
import { LANGUAGES, type Lang } from "./lang.js";

export { LANGUAGES, type Lang, type MessageKey, type Messages };
export const CATALOGUES: Readonly<Record<Lang, Messages>> = { en, nb };

export type MessageParams = Record<string, string | number>;

export interface Localizer {
  lang: Lang;
  /** The message `key` with its `{name}` placeholders filled (whole numbers formatted for the language). */
  t(key: MessageKey, params?: MessageParams): string;
  fixed(v: number, decimals: number): string;
  /** A share in percentage points / per cent without sign: 0.089 → "8.9" / "8,9". */
  pp(share: number, decimals?: number): string;
  /** A share as per cent with the sign: "8.9%" / "8,9 %". */
  percent(share: number, decimals?: number): string;
  /** "p = 0.012" / "p = 0,012". */
  p(p: number): string;
  /** "0.012" or "< 0.001" (tables). */
  p3(p: number): string;
  int(v: number): string;
  sig(v: string | number | null | undefined, digits?: number): string;
  date(iso: string): string;
  /** A day or month in the report header (ISO in English, words in Norwegian). */
  headerDate(iso: string): string;
  /** Placeholder-free join of list items: "a; b", or "a, b and c" as the language says. */
  list(items: string[], sep: "semicolon" | "and"): string;
}

/** Fill a template's `{name}` placeholders; a placeholder without a value is an internal error. */
export function fill(template: string, params: MessageParams | undefined, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`report text: no value for {${name}} in "${template}"`);
    return typeof v === "number" ? (Number.isInteger(v) ? F.integer(v, lang) : F.significant(v, 4, lang)) : v;
  });
}

const cache = new Map<Lang, Localizer>();

/** The localizer of a language (default English). */
export function localizer(lang: Lang = "en"): Localizer {
  let l = cache.get(lang);
  if (l) return l;
  const cat = CATALOGUES[lang];
  l = {
    lang,
    t: (key, params) => fill(cat[key], params, lang),
    fixed: (v, d) => F.fixed(v, d, lang),
    pp: (v, d = 1) => F.fixed(100 * v, d, lang),
    percent: (v, d = 1) => F.percent(v, d, lang),
    p: (v) => F.pValue(v, lang),
    p3: (v) => F.pValue3(v, lang),
    int: (v) => F.integer(v, lang),
    sig: (v, digits = 4) => F.significant(v, digits, lang),
    date: (iso) => F.longDate(iso, lang),
    headerDate: (iso) => F.headerDate(iso, lang),
    // "a, b and c" / "a, b og c" by the language's own rules (ICU, built into Node).
    list: (items, sep) => (sep === "and" ? new Intl.ListFormat(lang, { type: "conjunction" }).format(items) : items.join(cat["kf.list.semicolon"])),
  };
  cache.set(lang, l);
  return l;
}
