/**
 * The model frame: from a DataTable and the names of the columns a model uses to plain typed
 * columns, with rows that have a missing value in any used column dropped and counted (as R's
 * na.omit). Factors become treatment-coded dummy columns named as R names them (`celltypeadeno`).
 */
import { InputError } from "../errors.js";
import { looksNumeric, notANumber, parseNumber } from "./parse-number.js";
import type { Column, DataTable } from "../io/table.js";

export interface FrameSpec {
  /** Columns that must be numeric (time, start, event, weights…). */
  numeric?: string[];
  /** Model covariates: numeric columns, or factors when named in `factors`/`levels` or when text. */
  covariates?: string[];
  /** Factor covariates and their reference level. */
  factors?: Record<string, string>;
  /** Explicit level order of a factor (the first is the reference unless `factors` names one). */
  levels?: Record<string, string[]>;
  /** Label columns (group, strata, cluster): any type, coded to 0..k-1 in sorted level order. */
  labels?: string[];
}

export interface Dropped {
  /** Rows dropped in all. */
  total: number;
  /** Per column: rows with a missing value there (a row missing two columns counts in both). */
  missing: Record<string, number>;
  /** Rows left out because their weight is 0 (weighted DiD: as if they were not in the data). */
  zero_weight?: number;
}

export interface LabelColumn {
  codes: Int32Array;
  levels: string[];
}

export interface ModelFrame {
  source: string;
  /** Rows kept. */
  n: number;
  /** Original (0-based) row index of each kept row. */
  rows: Int32Array;
  dropped: Dropped;
  numeric: Record<string, Float64Array>;
  /** Design matrix columns (covariates after factor coding), with their R-style names. */
  design: { names: string[]; columns: Float64Array[]; /** which covariate each column came from */ from: string[] };
  labels: Record<string, LabelColumn>;
  /** Each factor covariate's levels (in order) and its reference level (no column of its own). */
  factors: Record<string, { levels: string[]; reference: string }>;
}

function getColumn(t: DataTable, name: string): Column {
  const c = t.columns.get(name);
  if (!c) {
    throw new InputError(`no such column (columns are: ${t.names.join(", ")})`, { file: t.source, column: name });
  }
  return c;
}

function isMissing(c: Column, i: number): boolean {
  return c.type === "number" ? Number.isNaN(c.values[i]) : c.values[i] === null;
}

/** R-like label of a value: numbers without trailing zeros, text as is. */
export function labelOf(c: Column, i: number): string {
  return c.type === "number" ? String(c.values[i]) : (c.values[i] as string);
}

/**
 * Text levels in R's default order, the locale's collation: Norwegian (nb) — letters before case,
 * "bergen" before "Bodø", and Æ Ø Å after Z — with code points breaking exact collation ties.
 */
const COLLATOR = new Intl.Collator("nb");
export function compareLevels(a: string, b: string): number {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function sortLevels(c: Column, values: Set<string>): string[] {
  const lv = [...values];
  if (c.type === "number") return lv.sort((a, b) => Number(a) - Number(b));
  return lv.sort(compareLevels);
}

/** Numeric view of a column; a text column whose cells all parse as numbers is accepted. */
function asNumeric(t: DataTable, c: Column): Float64Array {
  if (c.type === "number") return c.values;
  const out = new Float64Array(c.values.length);
  for (let i = 0; i < c.values.length; i++) {
    const s = c.values[i];
    if (s === null) {
      out[i] = NaN;
      continue;
    }
    const v = parseNumber(s);
    if (Number.isNaN(v)) throw new InputError(notANumber(s), { file: t.source, column: c.name, row: i + 1 });
    out[i] = v;
  }
  return out;
}

export function buildFrame(t: DataTable, spec: FrameSpec): ModelFrame {
  const numericNames = spec.numeric ?? [];
  const covNames = spec.covariates ?? [];
  const labelNames = spec.labels ?? [];
  const factors = spec.factors ?? {};
  const levelsSpec = spec.levels ?? {};
  for (const f of [...Object.keys(factors), ...Object.keys(levelsSpec)]) {
    if (!covNames.includes(f)) {
      throw new InputError("named as a factor but not among the covariates", { file: t.source, column: f });
    }
  }
  const used = [...new Set([...numericNames, ...covNames, ...labelNames])];
  const cols = used.map((name) => getColumn(t, name));

  // rows kept: no missing value in any used column
  const missing: Record<string, number> = {};
  const keep = new Uint8Array(t.nrows).fill(1);
  for (const c of cols) {
    let m = 0;
    if (c.type === "number") {
      // isMissing's test, with the column's type settled once (5M rows × 7 columns: a hot loop)
      const v = c.values;
      for (let i = 0; i < t.nrows; i++) {
        if (Number.isNaN(v[i])) {
          keep[i] = 0;
          m++;
        }
      }
    } else {
      for (let i = 0; i < t.nrows; i++) {
        if (isMissing(c, i)) {
          keep[i] = 0;
          m++;
        }
      }
    }
    if (m > 0) missing[c.name] = m;
  }
  let n = 0;
  for (let i = 0; i < t.nrows; i++) n += keep[i];
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; i < t.nrows; i++) if (keep[i]) rows[k++] = i;

  // With no row dropped the columns are used as they are (no copy: a 5M-row model frame would
  // otherwise double the memory of its numeric columns). Estimators never write to their inputs.
  const take = (v: Float64Array): Float64Array => {
    if (n === t.nrows) return v;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = v[rows[k]];
    return out;
  };

  const numeric: Record<string, Float64Array> = {};
  for (const name of numericNames) {
    const c = getColumn(t, name);
    if (c.type !== "number") {
      const firstBad = c.values.findIndex((s) => s !== null && Number.isNaN(parseNumber(s)));
      throw new InputError(`column must be numeric; ${notANumber(c.values[firstBad]!)}`, {
        file: t.source,
        column: name,
        row: firstBad + 1,
      });
    }
    numeric[name] = take(c.values);
  }

  const design = { names: [] as string[], columns: [] as Float64Array[], from: [] as string[] };
  const factorInfo: Record<string, { levels: string[]; reference: string }> = {};
  for (const name of covNames) {
    const c = getColumn(t, name);
    const isFactor = name in factors || name in levelsSpec || c.type === "string";
    if (isFactor && !(name in factors) && !(name in levelsSpec) && c.type === "string") refuseMixed(t, c, rows);
    if (!isFactor) {
      design.names.push(name);
      design.columns.push(take(asNumeric(t, c)));
      design.from.push(name);
      continue;
    }
    const seen = new Set<string>();
    for (let k = 0; k < n; k++) seen.add(labelOf(c, rows[k]));
    let levels = levelsSpec[name] ? [...levelsSpec[name]] : sortLevels(c, seen);
    for (const v of seen) {
      if (!levels.includes(v)) {
        const row = rows[[...Array(n).keys()].find((k) => labelOf(c, rows[k]) === v)!] + 1;
        throw new InputError(`value "${v}" is not among the levels given (${levels.join(", ")})`, {
          file: t.source,
          column: name,
          row,
        });
      }
    }
    levels = levels.filter((l) => seen.has(l));
    const ref = factors[name] ?? levels[0];
    if (!levels.includes(ref)) {
      throw new InputError(`reference level "${ref}" does not occur (levels: ${levels.join(", ")})`, {
        file: t.source,
        column: name,
      });
    }
    factorInfo[name] = { levels, reference: ref };
    for (const lv of levels) {
      if (lv === ref) continue;
      const col = new Float64Array(n);
      for (let k = 0; k < n; k++) col[k] = labelOf(c, rows[k]) === lv ? 1 : 0;
      design.names.push(name + lv);
      design.columns.push(col);
      design.from.push(name);
    }
  }

  const labels: Record<string, LabelColumn> = {};
  for (const name of labelNames) {
    const c = getColumn(t, name);
    const seen = new Set<string>();
    for (let k = 0; k < n; k++) seen.add(labelOf(c, rows[k]));
    const levels = sortLevels(c, seen);
    const index = new Map(levels.map((l, j) => [l, j]));
    const codes = new Int32Array(n);
    for (let k = 0; k < n; k++) codes[k] = index.get(labelOf(c, rows[k]))!;
    labels[name] = { codes, levels };
  }

  return { source: t.source, n, rows, dropped: { total: t.nrows - n, missing }, numeric, design, labels, factors: factorInfo };
}

/**
 * A text covariate most of whose cells are numbers is a numeric column with typos ("sixty" among
 * 2 000 ages), not a factor with hundreds of levels: an error naming the first non-number, unless the
 * column is declared a factor (--factor / --levels).
 */
function refuseMixed(t: DataTable, c: Column, rows: Int32Array): void {
  if (c.type !== "string") return;
  let numbers = 0;
  let firstBad = -1;
  for (let k = 0; k < rows.length; k++) {
    const s = c.values[rows[k]]!;
    if (looksNumeric(s)) numbers++;
    if (firstBad < 0 && Number.isNaN(parseNumber(s))) firstBad = rows[k];
  }
  if (numbers > 0 && firstBad >= 0 && numbers >= rows.length - numbers) {
    throw new InputError(
      `${notANumber(c.values[firstBad]!)} in a column of numbers (to use the column as categories, declare it a factor: --factor ${c.name}=LEVEL)`,
      { file: t.source, column: c.name, row: firstBad + 1 },
    );
  }
}

/** Check that a numeric column holds only 0 and 1 (event indicators, binary outcomes). */
export function requireBinary(frame: ModelFrame, name: string): void {
  const v = frame.numeric[name];
  for (let k = 0; k < v.length; k++) {
    if (v[k] !== 0 && v[k] !== 1) {
      let only12 = true;
      for (let i = 0; i < v.length && only12; i++) only12 = v[i] === 1 || v[i] === 2;
      const hint = only12 ? " (the column holds 1 and 2: R's coding 1 = censored, 2 = event? then pass --event-value 2)" : "";
      throw new InputError(`value ${v[k]} is not 0 or 1${hint}`, { file: frame.source, column: name, row: frame.rows[k] + 1 });
    }
  }
}

/** Check that a numeric column has no negative values. */
export function requireNonNegative(frame: ModelFrame, name: string): void {
  const v = frame.numeric[name];
  for (let k = 0; k < v.length; k++) {
    if (v[k] < 0) {
      throw new InputError(`value ${v[k]} is negative`, { file: frame.source, column: name, row: frame.rows[k] + 1 });
    }
  }
}
