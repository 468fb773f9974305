/** Formatting of estimates with confidence intervals and the inference method, for tables and text. */
import { fixed as fixedIn, pValue } from "./i18n/format.js";

export interface InferenceMethod {
  /** Short name: "CR2", "CR1", "wild cluster bootstrap", "model-based", "robust", … */
  name: string;
  /** Degrees of freedom of the reference t distribution (e.g. Satterthwaite for CR2). */
  df?: number;
  /** Number of clusters (offices) the standard error is based on. */
  clusters?: number;
  /** Bootstrap draws, when the p-value is a share of draws. */
  draws?: number;
}

export interface EstimateWithCi {
  estimate: number;
  lower: number;
  upper: number;
  p?: number;
  /** Confidence level, default 0.95. */
  level?: number;
  method?: InferenceMethod;
}

/** Fixed decimals, with a true minus sign and no "-0.0" (English; see i18n/format.ts). */
export function fixed(v: number, decimals: number): string {
  return fixedIn(v, decimals, "en");
}

/** p-value for people: "p = 0.012", "p < 0.001" (English; see i18n/format.ts). */
export function formatPValue(p: number): string {
  return pValue(p, "en");
}

/** "CR2, 8.0 df, 10 offices" — how the uncertainty was computed. */
export function describeMethod(m: InferenceMethod, clusterWord = "offices"): string {
  const parts = [m.name];
  if (m.df !== undefined) parts.push(`${fixed(m.df, Number.isInteger(m.df) ? 0 : 1)} degrees of freedom`);
  if (m.clusters !== undefined) parts.push(`${m.clusters} ${clusterWord}`);
  if (m.draws !== undefined) parts.push(`${m.draws} draws`);
  return parts.join(", ");
}

/**
 * "0.109 (95% CI 0.075 to 0.143; CR2, 8 degrees of freedom, 10 offices; p < 0.001)".
 * `scale` multiplies estimate and limits (100 for percentage points).
 */
export function formatEstimate(e: EstimateWithCi, opts: { decimals?: number; scale?: number; unit?: string } = {}): string {
  const d = opts.decimals ?? 3;
  const s = opts.scale ?? 1;
  const u = opts.unit ?? "";
  const level = Math.round((e.level ?? 0.95) * 100);
  const extra: string[] = [];
  if (e.method) extra.push(describeMethod(e.method));
  if (e.p !== undefined) extra.push(formatPValue(e.p));
  return `${fixed(e.estimate * s, d)}${u} (${level}% CI ${fixed(e.lower * s, d)} to ${fixed(e.upper * s, d)}${u}${extra.length ? "; " + extra.join("; ") : ""})`;
}
