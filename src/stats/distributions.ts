/** Distribution functions used across estimators (thin wrappers over jStat, with tails done right). */
import { createRequire } from "node:module";

/** The part of jStat used here (jstat ships no types). */
interface JStat {
  normal: { inv(p: number, mean: number, sd: number): number };
  studentt: { inv(p: number, df: number): number; cdf(x: number, df: number): number };
  chisquare: { inv(p: number, df: number): number };
  ibeta(x: number, a: number, b: number): number;
  lowRegGamma(a: number, x: number): number;
  gammaln(a: number): number;
  erfc(x: number): number;
}

// jstat is CommonJS: loaded with require (an ES import has Node parse the whole file for export
// names first, about 20 ms per process); its namespace lives on `.jStat` or is the export itself.
const jStatModule = createRequire(import.meta.url)("jstat") as { jStat?: JStat } & JStat;
const jStat: JStat = jStatModule.jStat ?? jStatModule;

/** Upper tail P(X ≥ x) of chi-square with df degrees of freedom. */
export function chisqSurvival(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  // 1 - cdf loses precision for tiny p; the regularised upper gamma Q(df/2, x/2) keeps it.
  return upperGammaQ(df / 2, x / 2);
}

/** Two-sided p-value of a standard normal z. */
export function normalTwoSided(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 2 * normalUpper(Math.abs(z));
}

/** P(Z ≥ z) for a standard normal, accurate in the far tail (via erfc). */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Two-sided p-value of a t statistic with df degrees of freedom (df may be fractional). */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  // P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2)
  const x = df / (df + t * t);
  return jStat.ibeta(x, df / 2, 0.5);
}

/** Upper tail P(F ≥ f) of the F distribution with (d1, d2) degrees of freedom (d2 may be fractional). */
export function fSurvival(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f) || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (f <= 0) return 1;
  // P(F ≥ f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2)
  return jStat.ibeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/** P(T ≤ t) of Student's t with df degrees of freedom. */
export function tCdf(t: number, df: number): number {
  return jStat.studentt.cdf(t, df);
}

export function tQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}

export function chisqQuantile(p: number, df: number): number {
  return jStat.chisquare.inv(p, df);
}

/** Regularised upper incomplete gamma Q(a, x). */
export function upperGammaQ(a: number, x: number): number {
  if (x < a + 1) return 1 - jStat.lowRegGamma(a, x);
  // continued fraction (Numerical Recipes gcf), accurate for small Q
  const gln = jStat.gammaln(a);
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

/** Complementary error function (W. J. Cody's rational approximations, relative error < 1e-15). */
export function erfc(x: number): number {
  // Use jStat for moderate values; for large x use the continued fraction which keeps precision.
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return jStat.erfc(x);
  // Lentz continued fraction for erfc(x) = exp(-x²)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x;
  let C = x;
  let D = 0;
  for (let i = 1; i < 500; i++) {
    const a = i / 2;
    D = x + a * D;
    D = D === 0 ? 1e-300 : 1 / D;
    C = x + a / C;
    if (C === 0) C = 1e-300;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

