/**
 * Column views and sinks: the bridge between a batch of an extract (an Arrow record batch, or a
 * whole CSV/Parquet table) and the growable typed arrays effekt works on. Each sink validates its
 * cells and names file, column and 1-based data row on the first bad one.
 */
import { type DataType, Type, type Vector } from "apache-arrow";
import { InputError } from "../errors.js";
import type { Column } from "../io/table.js";
import type { BatchColumn } from "../io/read-table.js";
import { dayFromText, dayFromYyyymmdd, monthFromText, monthFromYyyymm } from "./months.js";
import { mapFloat64 } from "../frame/typed-map.js";

/** One column of one batch, read without per-row objects where the storage allows it. */
export interface ColView {
  n: number;
  /** Type as the user sees it ("Int32", "Utf8", "number", "text"). */
  typeName: string;
  /** Numeric cells (NaN = missing) when the column is numeric. */
  num?: ArrayLike<number>;
  /** Text cells when the column is text (null = missing). */
  str?: (i: number) => string | null;
  /** Dictionary-encoded text: per-row index into `values` (null when the row is missing). */
  dict?: { idx: ArrayLike<number>; valid?: (i: number) => boolean; values: (string | null)[] };
}

/** View of an Arrow vector (one column of a record batch). */
export function viewArrow(vec: Vector<DataType>): ColView {
  const n = vec.length;
  const typeId: Type = (vec.type).typeId;
  const typeName = String(vec.type);
  const single = vec.data.length === 1 ? (vec.data[0]) : undefined;
  if (typeId === Type.Dictionary && single) {
    const d = single;
    const values = (d.dictionary!.toArray() as unknown[]).map((v) => (v === null || v === undefined ? null : String(v)));
    const raw = d.values as ArrayLike<number> | BigInt64Array;
    const idx = raw instanceof BigInt64Array ? Array.from(raw, Number) : raw;
    const sub = ArrayBuffer.isView(idx) ? (idx as Int32Array).subarray(d.offset, d.offset + n) : (idx as number[]).slice(d.offset, d.offset + n);
    const valid = d.nullCount > 0 ? (i: number) => d.getValid(i) : undefined;
    return { n, typeName, dict: { idx: sub, valid, values } };
  }
  if (typeId === Type.Int || typeId === Type.Float) {
    if (single && single.nullCount === 0 && !(single.values instanceof BigInt64Array) && !(single.values instanceof BigUint64Array)) {
      const v = single.values as Int32Array;
      return { n, typeName, num: v.subarray(single.offset, single.offset + n) };
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x: unknown = vec.get(i);
      out[i] = x === null || x === undefined ? NaN : Number(x);
    }
    return { n, typeName, num: out };
  }
  if (typeId === Type.Bool) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x: unknown = vec.get(i);
      out[i] = x === null || x === undefined ? NaN : x ? 1 : 0;
    }
    return { n, typeName, num: out };
  }
  if (typeId === Type.Date || typeId === Type.Timestamp) {
    // Dates become "YYYY-MM-DD" text so the date sink treats every format alike.
    return {
      n,
      typeName,
      str: (i) => {
        const x: unknown = vec.get(i);
        if (x === null || x === undefined) return null;
        const ms = x instanceof Date ? x.getTime() : Number(x);
        return new Date(ms).toISOString().slice(0, 10);
      },
    };
  }
  return {
    n,
    typeName,
    str: (i) => {
      const x: unknown = vec.get(i);
      return x === null || x === undefined ? null : String(x);
    },
  };
}

/** View of a streamed batch column (CSV, Parquet through DuckDB): numbers, or text as dictionary codes. */
export function viewBatchColumn(c: BatchColumn): ColView {
  if (c.type === "number") return { n: c.values.length, typeName: "number", num: c.values };
  const idx = c.codes;
  return { n: idx.length, typeName: "text", dict: { idx, valid: (i) => idx[i] >= 0, values: c.levels } };
}

/**
 * Per-row values of a dictionary column through `parse` applied once per dictionary value (NaN for a
 * missing row or a value `parse` rejects): a national-scale column has few distinct values.
 */
function viaDict(v: ColView, parse: (s: string) => number): { rows: Float64Array; text: (i: number) => string | null } {
  const { idx, valid, values } = v.dict!;
  const per = mapFloat64(values, (s) => (s === null ? NaN : parse(s)));
  const rows = new Float64Array(v.n);
  for (let i = 0; i < v.n; i++) rows[i] = valid && !valid(i) ? NaN : per[idx[i]];
  return { rows, text: dictGetter(v) };
}

/** View of a DataTable column (CSV, Parquet). */
export function viewTableColumn(c: Column): ColView {
  if (c.type === "number") return { n: c.values.length, typeName: "number", num: c.values };
  const v = c.values;
  return { n: v.length, typeName: "text", str: (i) => v[i] };
}

export interface Where {
  file: string;
  column: string;
}

/** Growable typed array. */
export class Growable<T extends Int32Array | Uint16Array | Uint8Array | Float64Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T, capacity = 1024) {
    this.data = make(capacity);
  }
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < need) cap *= 2;
    const next = this.make(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /**
   * Room for `total` rows in all, exactly (when the row count is known before reading: a Parquet
   * file's metadata): no doubling, so no spare capacity and no copy at the end.
   */
  reserveTotal(total: number): void {
    if (total <= this.data.length) return;
    const next = this.make(total);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** The filled part (a view; copy with slice() to release the spare capacity). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
  /**
   * The filled part: a view when at most a fifth of the buffer is spare (no second copy of a large
   * column at the peak), else a copy that frees the spare capacity.
   */
  take(): T {
    const spare = this.data.length - this.length;
    const out = (spare * 4 <= this.length ? this.data.subarray(0, this.length) : this.data.slice(0, this.length)) as T;
    this.data = this.make(0);
    return out;
  }
}

function fail(detail: string, w: Where, row: number): never {
  throw new InputError(detail, { file: w.file, column: w.column, row });
}

/** Positive whole-number ids (person, office). */
export function readIds(v: ColView, w: Where, rowBase: number, out: Growable<Int32Array>): void {
  // Text ids are accepted when every cell is a whole number (CSV with quotes and the like).
  out.reserve(v.n);
  const d = out.data;
  let k = out.length;
  if (v.dict) {
    const { rows, text } = viaDict(v, (s) => (/^\s*[+-]?\d+\s*$/.test(s) ? Number(s) : NaN));
    for (let i = 0; i < v.n; i++) {
      const x = rows[i];
      if (!(x > 0 && x <= 2147483647)) {
        const s = text(i);
        if (s === null) fail("missing id", w, rowBase + i + 1);
        if (Number.isNaN(x)) fail(`id "${s}" is not a whole number`, w, rowBase + i + 1);
        badId(x, w, rowBase + i + 1);
      }
      d[k++] = x;
    }
  } else if (v.num) {
    const a = v.num;
    for (let i = 0; i < v.n; i++) {
      const x = a[i];
      if (!(x > 0 && x <= 2147483647 && Number.isInteger(x))) badId(x, w, rowBase + i + 1);
      d[k++] = x;
    }
  } else {
    for (let i = 0; i < v.n; i++) {
      const s = v.str!(i);
      const x = s === null ? NaN : /^\s*[+-]?\d+\s*$/.test(s) ? Number(s) : NaN;
      if (!(x > 0 && x <= 2147483647)) {
        if (s === null) fail("missing id", w, rowBase + i + 1);
        if (Number.isNaN(x)) fail(`id "${s}" is not a whole number`, w, rowBase + i + 1);
        badId(x, w, rowBase + i + 1);
      }
      d[k++] = x;
    }
  }
  out.length = k;
}

function badId(x: number, w: Where, row: number): never {
  if (Number.isNaN(x)) fail("missing id", w, row);
  if (x <= 0) fail(`id ${x} is not positive (ids must be whole numbers ≥ 1)`, w, row);
  fail(`id ${x} is not a whole number in 1..2147483647`, w, row);
}

/** Months: integer YYYYMM or text "YYYY-MM" → month index. */
export function readMonths(v: ColView, w: Where, rowBase: number, out: Growable<Int32Array> | Growable<Uint16Array>): void {
  out.reserve(v.n);
  const d = out.data;
  let k = out.length;
  if (v.num) {
    const a = v.num;
    for (let i = 0; i < v.n; i++) {
      const m = monthFromYyyymm(a[i]);
      if (Number.isNaN(m)) {
        if (Number.isNaN(a[i])) fail("missing month", w, rowBase + i + 1);
        fail(`${a[i]} is not a month (expected YYYYMM, e.g. 201304)`, w, rowBase + i + 1);
      }
      d[k++] = m;
    }
  } else if (v.dict) {
    const { rows, text } = viaDict(v, monthFromText);
    for (let i = 0; i < v.n; i++) {
      const m = rows[i];
      if (Number.isNaN(m)) {
        const s = text(i);
        if (s === null) fail("missing month", w, rowBase + i + 1);
        fail(`"${s}" is not a month (expected YYYY-MM, e.g. 2013-04)`, w, rowBase + i + 1);
      }
      d[k++] = m;
    }
  } else if (v.str) {
    const get = v.str;
    for (let i = 0; i < v.n; i++) {
      const s = get(i);
      const m = s === null ? NaN : monthFromText(s);
      if (Number.isNaN(m)) {
        if (s === null) fail("missing month", w, rowBase + i + 1);
        fail(`"${s}" is not a month (expected YYYY-MM, e.g. 2013-04)`, w, rowBase + i + 1);
      }
      d[k++] = m;
    }
  }
  out.length = k;
}

function dictGetter(v: ColView): (i: number) => string | null {
  const { idx, valid, values } = v.dict!;
  return (i) => (valid && !valid(i) ? null : values[idx[i]]);
}

/** 0/1 flags (also booleans, "TRUE"/"FALSE"). */
export function readFlags(v: ColView, w: Where, rowBase: number, out: Growable<Uint8Array>): void {
  out.reserve(v.n);
  const d = out.data;
  let k = out.length;
  if (v.num) {
    const a = v.num;
    for (let i = 0; i < v.n; i++) {
      const x = a[i];
      if (x !== 0 && x !== 1) fail(Number.isNaN(x) ? "missing value (expected 0 or 1)" : `${x} is not 0 or 1`, w, rowBase + i + 1);
      d[k++] = x;
    }
  } else {
    const get = v.str ?? dictGetter(v);
    const flag = (s: string | null) => (s === "1" || s === "TRUE" || s === "true" ? 1 : s === "0" || s === "FALSE" || s === "false" ? 0 : -1);
    const rows = v.dict ? viaDict(v, flag).rows : undefined;
    for (let i = 0; i < v.n; i++) {
      const s = rows ? null : get(i);
      let x = rows ? rows[i] : flag(s);
      if (Number.isNaN(x)) x = -1;
      if (x < 0) {
        const t = rows ? get(i) : s;
        fail(t === null ? "missing value (expected 0 or 1)" : `"${t}" is not 0 or 1`, w, rowBase + i + 1);
      }
      d[k++] = x;
    }
  }
  out.length = k;
}

/** Whole numbers (birth year); `min`/`max` bound them. */
export function readInts(v: ColView, w: Where, rowBase: number, out: Growable<Int32Array>, min: number, max: number): void {
  out.reserve(v.n);
  const d = out.data;
  let k = out.length;
  for (let i = 0; i < v.n; i++) {
    let x: number;
    if (v.num) x = v.num[i];
    else {
      const s = (v.str ?? dictGetter(v))(i);
      x = s === null ? NaN : /^\s*[+-]?\d+\s*$/.test(s) ? Number(s) : NaN;
      if (s !== null && Number.isNaN(x)) fail(`"${s}" is not a whole number`, w, rowBase + i + 1);
    }
    if (Number.isNaN(x)) fail("missing value", w, rowBase + i + 1);
    if (!Number.isInteger(x) || x < min || x > max) fail(`${x} is not a whole number in ${min}..${max}`, w, rowBase + i + 1);
    d[k++] = x;
  }
  out.length = k;
}

/** Dates (text "YYYY-MM-DD", Arrow date, integer YYYYMMDD) → days since 1970; missing allowed (NaN). */
export function readDates(v: ColView, w: Where, rowBase: number, out: Growable<Float64Array>): void {
  out.reserve(v.n);
  const d = out.data;
  let k = out.length;
  const parsed = v.dict ? viaDict(v, (s) => (s.trim() === "" ? -Infinity : dayFromText(s))).rows : undefined;
  for (let i = 0; i < v.n; i++) {
    if (parsed && !Number.isNaN(parsed[i])) {
      d[k++] = parsed[i] === -Infinity ? NaN : parsed[i];
      continue;
    }
    let x: number;
    if (v.num) {
      const y = v.num[i];
      x = Number.isNaN(y) ? NaN : dayFromYyyymmdd(y);
      if (!Number.isNaN(y) && Number.isNaN(x)) fail(`${y} is not a date (expected YYYY-MM-DD or YYYYMMDD)`, w, rowBase + i + 1);
    } else {
      const s = (v.str ?? dictGetter(v))(i);
      x = s === null || s.trim() === "" ? NaN : dayFromText(s);
      if (s !== null && s.trim() !== "" && Number.isNaN(x)) fail(`"${s}" is not a date (expected YYYY-MM-DD)`, w, rowBase + i + 1);
    }
    d[k++] = x;
  }
  out.length = k;
}

/**
 * Text codes → integer codes in first-seen order (`levels`); numbers are read as their text
 * ("3"). Missing cells are an error unless `allowMissing` (then code −1).
 */
export class CodeSink {
  readonly levels: string[] = [];
  private readonly index = new Map<string, number>();
  readonly codes = new Growable<Int32Array>((n) => new Int32Array(n));
  constructor(private readonly allowMissing = false) {}

  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.levels.length;
      this.levels.push(s);
      this.index.set(s, c);
    }
    return c;
  }

  read(v: ColView, w: Where, rowBase: number): void {
    const out = this.codes;
    out.reserve(v.n);
    const d = out.data;
    let k = out.length;
    if (v.dict) {
      // Map the batch's dictionary once; rows are then an array lookup.
      const { idx, valid, values } = v.dict;
      const map = new Int32Array(values.length);
      for (let j = 0; j < values.length; j++) map[j] = values[j] === null || values[j] === "" ? -1 : this.code(values[j] as string);
      for (let i = 0; i < v.n; i++) {
        const c = valid && !valid(i) ? -1 : map[idx[i]];
        if (c < 0 && !this.allowMissing) fail("missing value", w, rowBase + i + 1);
        d[k++] = c;
      }
    } else if (v.str) {
      let lastS: string | null = null;
      let lastC = -1;
      for (let i = 0; i < v.n; i++) {
        const s = v.str(i);
        if (s === null || s === "") {
          if (!this.allowMissing) fail("missing value", w, rowBase + i + 1);
          d[k++] = -1;
          continue;
        }
        if (s !== lastS) {
          lastS = s;
          lastC = this.code(s);
        }
        d[k++] = lastC;
      }
    } else {
      const a = v.num!;
      for (let i = 0; i < v.n; i++) {
        if (Number.isNaN(a[i])) {
          if (!this.allowMissing) fail("missing value", w, rowBase + i + 1);
          d[k++] = -1;
        } else d[k++] = this.code(String(a[i]));
      }
    }
    out.length = k;
  }
}

/** Numeric covariate (NaN = missing). */
export function readNumbers(v: ColView, w: Where, rowBase: number, out: Growable<Float64Array>): void {
  out.reserve(v.n);
  const d = out.data;
  let k = out.length;
  for (let i = 0; i < v.n; i++) d[k++] = v.num![i];
  out.length = k;
  void w;
  void rowBase;
}
