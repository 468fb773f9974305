/**
 * The optional office × month extract (`office_months`): characteristics of each office and its
 * surroundings by month — local unemployment, staff-years, users per staff-year, sickness absence,
 * any numeric column — used as time-varying covariates (value in the exit month for exits, in the
 * start month for waits, in each month at risk for the split time-to-work rows `spells-tv.arrow`).
 * Stored as one Float64Array per covariate over office × study month; a missing office-month is
 * NaN (models drop such rows and count them). Rows outside the study months are dropped and
 * counted; an office not in the offices extract is an InputError; a repeated office-month keeps the
 * first row and is counted.
 */
import { InputError } from "../errors.js";
import type { ReadOptions } from "../io/read-options.js";
import { Growable, readIds, readMonths, readNumbers } from "./columns.js";
import type { PrepareConfig } from "./config.js";
import { addIssue, type Issue, type Offices } from "./load.js";
import { monthLabel, parseMonth } from "./months.js";
import { checkColumns, readBatches } from "./read-extracts.js";
import { OFFICE_MONTHS_SCHEMA } from "./schema.js";

export interface OfficeMonths {
  file: string;
  names: string[];
  /** values[j][office × nMonths + (month − from)] */
  values: Float64Array[];
  from: number;
  nMonths: number;
  rowsRead: number;
  dropped: Record<string, Issue>;
}

export async function loadOfficeMonths(file: string, offices: Offices, cfg: PrepareConfig, read: ReadOptions = {}): Promise<OfficeMonths> {
  const from = parseMonth(cfg.studyFrom, "studyFrom");
  const to = parseMonth(cfg.studyTo, "studyTo");
  const nMonths = to - from + 1;
  const nOffices = offices.ids.length;
  let names: string[] | undefined;
  let values: Float64Array[] = [];
  const seen = new Uint8Array(nOffices * nMonths);
  const dropped: Record<string, Issue> = {};
  const ids = new Growable((n: number) => new Int32Array(n));
  const months = new Growable((n: number) => new Int32Array(n));
  const nums = new Growable((n: number) => new Float64Array(n));
  let rowsRead = 0;
  for await (const b of readBatches(file, read)) {
    checkColumns(b, OFFICE_MONTHS_SCHEMA, file);
    if (!names) {
      names = b.names.filter((n) => n !== "office_id" && n !== "month");
      values = names.map(() => new Float64Array(nOffices * nMonths).fill(NaN));
    }
    ids.length = months.length = 0;
    readIds(b.col("office_id")!, { file, column: "office_id" }, b.rowBase, ids);
    readMonths(b.col("month")!, { file, column: "month" }, b.rowBase, months);
    const cols = names.map((name) => {
      const v = b.col(name);
      if (!v) throw new InputError("column missing from a later batch", { file, column: name, row: b.rowBase + 1 });
      if (!v.num) throw new InputError(`office covariates must be numeric, found ${v.typeName}`, { file, column: name, row: b.rowBase + 1 });
      nums.length = 0;
      readNumbers(v, { file, column: name }, b.rowBase, nums);
      return Float64Array.from(nums.data.subarray(0, b.n));
    });
    for (let i = 0; i < b.n; i++) {
      const row = b.rowBase + i + 1;
      const f = offices.index.get(ids.data[i]);
      if (f === undefined) throw new InputError(`office ${ids.data[i]} is not in the offices extract (${offices.file})`, { file, column: "office_id", row });
      const m = months.data[i];
      if (m < from || m > to) {
        addIssue(dropped, "office_month_out_of_range", `row ${row}: ${monthLabel(m)}`);
        continue;
      }
      const k = f * nMonths + (m - from);
      if (seen[k]) {
        addIssue(dropped, "duplicate_office_month", `row ${row}: office ${ids.data[i]}, ${monthLabel(m)}`);
        continue;
      }
      seen[k] = 1;
      for (let j = 0; j < cols.length; j++) values[j][k] = cols[j][i];
    }
    rowsRead += b.n;
  }
  return { file, names: names ?? [], values, from, nMonths, rowsRead, dropped };
}

/** Output columns: each office covariate looked up at (office row, month index) per output row. */
export function officeColumns(om: OfficeMonths | undefined, office: ArrayLike<number>, month: ArrayLike<number>): { name: string; values: Float64Array; missing: number }[] {
  if (!om) return [];
  // The office × month cell of each row once (−1 outside the extract's months), shared by the covariates.
  const n = office.length;
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = month[i] - om.from;
    cell[i] = d < 0 || d >= om.nMonths ? -1 : office[i] * om.nMonths + d;
  }
  return om.names.map((name, j) => {
    const src = om.values[j];
    const v = new Float64Array(n);
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const k = cell[i];
      const x = k < 0 ? NaN : src[k];
      v[i] = x;
      if (x !== x) missing++;
    }
    return { name, values: v, missing };
  });
}
