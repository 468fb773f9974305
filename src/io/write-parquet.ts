/**
 * Writing typed columns as Parquet through DuckDB: a temporary table filled by the appender chunk by
 * chunk (numeric vectors copied straight from the typed arrays into DuckDB's vector buffers, NaN as
 * NULL through the validity mask; dictionary-coded text as values, code −1 as NULL), then
 * COPY … TO file (FORMAT parquet). Int32 → INTEGER, Int8/Uint8 → TINYINT, Float64 → DOUBLE, text → VARCHAR.
 */
import bindings from "@duckdb/node-bindings";
import { createDuckDB, duckdbApi, sqlIdent, sqlString } from "./duckdb.js";

/**
 * A typed output column. "i32" is written as 32-bit integers whatever the array (prepare's derived
 * columns are kept in 16 or 8 bits); "dict" codes index `levels`, −1 = missing (Int32 codes only).
 */
export type TypedOutColumn =
  | { name: string; kind: "i32"; values: Int32Array | Uint16Array | Uint8Array }
  | { name: string; kind: "i8"; values: Int8Array | Uint8Array }
  | { name: string; kind: "f64"; values: Float64Array }
  | { name: string; kind: "dict"; codes: Int32Array | Uint16Array | Uint8Array; levels: string[] };

const SQL_TYPE = { i32: "INTEGER", i8: "TINYINT", f64: "DOUBLE", dict: "VARCHAR" } as const;
const CHUNK = 2048;

export async function writeParquet(file: string, cols: TypedOutColumn[]): Promise<void> {
  const n = cols.length ? (cols[0].kind === "dict" ? cols[0].codes.length : cols[0].values.length) : 0;
  const db = await createDuckDB({ threads: "1" });
  const con = await db.connect();
  try {
    await con.run(`CREATE TABLE t (${cols.map((c) => `${sqlIdent(c.name)} ${SQL_TYPE[c.kind]}`).join(", ")})`);
    const app = await con.createAppender("t");
    const types = cols.map((_, j) => app.columnType(j));
    for (let s = 0; s < n; s += CHUNK) {
      const m = Math.min(CHUNK, n - s);
      const chunk = duckdbApi.DuckDBDataChunk.create(types, m);
      chunk.rowCount = m;
      cols.forEach((c, j) => {
        if (c.kind === "dict") {
          const v = new Array<string | null>(m);
          for (let i = 0; i < m; i++) {
            const code = c.codes[s + i];
            v[i] = code < 0 ? null : c.levels[code];
          }
          chunk.setColumnValues(j, v);
          return;
        }
        const vec = bindings.data_chunk_get_vector(chunk.chunk, j);
        let src: Int32Array | Int8Array | Float64Array | Uint16Array | Uint8Array = c.kind === "i8" && c.values instanceof Uint8Array ? new Int8Array(c.values.buffer, c.values.byteOffset, c.values.length) : c.values;
        let at = src.byteOffset + s * src.BYTES_PER_ELEMENT;
        if (c.kind === "i32" && !(src instanceof Int32Array)) {
          src = new Int32Array(src.subarray(s, s + m)); // a 16- or 8-bit column widened, this chunk's part
          at = 0;
        }
        const bytes = src.BYTES_PER_ELEMENT;
        // the bindings take an ArrayBuffer only: a column that is a view of an Arrow file's shared bytes (io/arrow.ts) is copied, this chunk's part
        if (typeof SharedArrayBuffer !== "undefined" && src.buffer instanceof SharedArrayBuffer) {
          src = src.slice(s, s + m);
          at = 0;
        }
        bindings.copy_data_to_vector(vec, 0, src.buffer as ArrayBuffer, at, m * bytes);
        if (c.kind === "f64") {
          let anyNaN = false;
          for (let i = 0; i < m && !anyNaN; i++) anyNaN = Number.isNaN(c.values[s + i]);
          if (anyNaN) {
            const mask = new Uint8Array(Math.ceil(m / 64) * 8).fill(0xff);
            for (let i = 0; i < m; i++) if (Number.isNaN(c.values[s + i])) mask[i >> 3] &= ~(1 << (i & 7));
            bindings.vector_ensure_validity_writable(vec);
            bindings.copy_data_to_vector_validity(vec, 0, mask.buffer, 0, mask.byteLength);
          }
        }
      });
      app.appendDataChunk(chunk);
    }
    app.closeSync();
    await con.run(`COPY t TO ${sqlString(file)} (FORMAT parquet)`);
  } finally {
    con.closeSync();
    db.closeSync();
  }
}
