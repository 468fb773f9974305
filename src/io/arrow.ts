import { readFileSync } from "node:fs";
import { type Table as ArrowTable, tableFromIPC, Type } from "apache-arrow";
import { InputError } from "../errors.js";
import type { InputLog } from "./input-log.js";
import { type Column, type DataTable, makeTable } from "./table.js";

/** Read an Arrow IPC file or stream (.arrow, .feather, .ipc); `log` records the bytes read. */
export function readArrow(file: string, log?: InputLog): DataTable {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  log?.record(file, buf);
  let t: ArrowTable;
  try {
    t = tableFromIPC(buf);
  } catch (e) {
    throw new InputError(`not a valid Arrow IPC file: ${(e as Error).message}`, { file });
  }
  return fromArrowTable(t, file);
}

/** Convert an apache-arrow Table to a DataTable (numbers, booleans, dates → numeric; the rest → text). */
export function fromArrowTable(t: ArrowTable, source = "<arrow>"): DataTable {
  const cols: Column[] = [];
  for (const field of t.schema.fields) {
    const vec = t.getChild(field.name)!;
    const n = vec.length;
    const typeId = field.type.typeId;
    const numericLike =
      typeId === Type.Int || typeId === Type.Float || typeId === Type.Bool || typeId === Type.Decimal ||
      typeId === Type.Date || typeId === Type.Timestamp;
    if (numericLike) {
      const values = new Float64Array(n);
      if (vec.nullCount === 0 && (typeId === Type.Int || typeId === Type.Float)) {
        let k = 0;
        for (const chunk of vec.data) {
          const arr = chunk.values as ArrayLike<number | bigint>;
          const off = chunk.offset;
          for (let i = 0; i < chunk.length; i++) values[k++] = Number(arr[off + i]);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = vec.get(i);
          values[i] = v === null || v === undefined ? NaN : v instanceof Date ? v.getTime() : Number(v);
        }
      }
      cols.push({ name: field.name, type: "number", values });
    } else {
      const values: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = vec.get(i);
        values[i] = v === null || v === undefined ? null : String(v);
      }
      cols.push({ name: field.name, type: "string", values });
    }
  }
  return makeTable(source, cols);
}
