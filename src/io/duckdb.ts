/**
 * The embedded SQL engine under CSV, Parquet and JSON input (and the SQL aggregates of docs/scale.md).
 *
 * In-process DuckDB instances, one per read, with extension autoinstall and autoload OFF: with
 * them on, a statement that touches an unloaded extension tries to download it, and a machine behind
 * a stalling proxy waits about two minutes per statement. The built-in parquet, json and icu
 * extensions (statically linked in the npm binaries) are all effekt needs.
 */
import { createRequire } from "node:module";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/**
 * @duckdb/node-api is CommonJS: loaded with require, not an ES import, because Node's ES loader
 * parses each of its ~120 CommonJS files to find their export names (about 80 ms CPU per process,
 * measured: 0.14 s by import, 0.06 s by require).
 */
export const duckdbApi = createRequire(import.meta.url)("@duckdb/node-api") as typeof import("@duckdb/node-api");

/** Settings every DuckDB instance effekt creates carries. */
export const DUCKDB_CONFIG: Record<string, string> = {
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
};

/** A new instance with effekt's settings (caller closes it). */
export async function createDuckDB(config: Record<string, string> = {}): Promise<DuckDBInstance> {
  return duckdbApi.DuckDBInstance.create(":memory:", { ...DUCKDB_CONFIG, ...config });
}

/**
 * Run `use` on a connection to a fresh instance, closed afterwards: the memory DuckDB used for a
 * read goes back before the estimator needs it.
 */
export async function withDuckDB<T>(use: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await createDuckDB();
  const con = await db.connect();
  try {
    // Timestamps with a zone are turned into Norwegian calendar days (the readers also say so explicitly).
    await con.run("SET TimeZone = 'Europe/Oslo'");
    return await use(con);
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
