/**
 * The in-memory table every reader produces: named columns, numeric ones as Float64Array with NaN
 * for missing, text ones as string arrays with null for missing. Estimators never see this type;
 * the model frame (src/frame) turns it into typed columns.
 */
export interface NumericColumn {
  name: string;
  type: "number";
  values: Float64Array;
}

export interface StringColumn {
  name: string;
  type: "string";
  values: (string | null)[];
}

export type Column = NumericColumn | StringColumn;

export interface DataTable {
  /** Where the table came from (file path or a label), used in error messages. */
  source: string;
  nrows: number;
  names: string[];
  columns: Map<string, Column>;
}

export function makeTable(source: string, cols: Column[]): DataTable {
  const nrows = cols.length ? cols[0].values.length : 0;
  const columns = new Map<string, Column>();
  for (const c of cols) {
    if (c.values.length !== nrows) throw new Error(`column ${c.name} has ${c.values.length} rows, expected ${nrows}`);
    columns.set(c.name, c);
  }
  return { source, nrows, names: cols.map((c) => c.name), columns };
}

/** Build a table from plain JS column arrays (numbers, strings, null/undefined/NaN for missing). */
export function tableFromColumns(
  data: Record<string, ArrayLike<number | string | null | undefined | boolean | bigint>>,
  source = "<data>",
): DataTable {
  const cols: Column[] = [];
  for (const [name, arr] of Object.entries(data)) {
    if (arr instanceof Float64Array) {
      cols.push({ name, type: "number", values: arr });
      continue;
    }
    let numeric = true;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (v === null || v === undefined) continue;
      if (typeof v !== "number" && typeof v !== "boolean" && typeof v !== "bigint") {
        numeric = false;
        break;
      }
    }
    if (numeric) {
      const values = new Float64Array(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        values[i] = v === null || v === undefined ? NaN : Number(v);
      }
      cols.push({ name, type: "number", values });
    } else {
      const values = new Array<string | null>(arr.length);
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        values[i] = v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? null : String(v);
      }
      cols.push({ name, type: "string", values });
    }
  }
  return makeTable(source, cols);
}

/** The rows of a table where `keep` is non-zero (same columns, same source). */
export function filterRows(t: DataTable, keep: ArrayLike<number | boolean>, source = t.source): DataTable {
  let n = 0;
  for (let i = 0; i < t.nrows; i++) if (keep[i]) n++;
  const idx = new Int32Array(n);
  for (let i = 0, k = 0; i < t.nrows; i++) if (keep[i]) idx[k++] = i;
  const cols: Column[] = t.names.map((name) => {
    const c = t.columns.get(name)!;
    if (c.type === "number") {
      const v = new Float64Array(n);
      for (let k = 0; k < n; k++) v[k] = c.values[idx[k]];
      return { name, type: "number", values: v };
    }
    const v = new Array<string | null>(n);
    for (let k = 0; k < n; k++) v[k] = c.values[idx[k]];
    return { name, type: "string", values: v };
  });
  return { ...makeTable(source, cols), names: [...t.names] };
}
