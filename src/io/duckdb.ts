/**
 * The embedded SQL engine under CSV, Parquet and JSON input (and the SQL aggregates of docs/scale.md).
 *
 * One in-process DuckDB instance, created lazily, with extension autoinstall and autoload OFF: with
 * them on, a statement that touches an unloaded extension tries to download it, and a machine behind
 * a stalling proxy waits about two minutes per statement. The built-in parquet, json and icu
 * extensions (statically linked in the npm binaries) are all effekt needs.
 */
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

/** Settings every DuckDB instance effekt creates carries. */
export const DUCKDB_CONFIG: Record<string, string> = {
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
};

let shared: Promise<DuckDBConnection> | undefined;

/** A new instance with effekt's settings (caller closes it). */
export async function createDuckDB(config: Record<string, string> = {}): Promise<DuckDBInstance> {
  return DuckDBInstance.create(":memory:", { ...DUCKDB_CONFIG, ...config });
}

/** The process-wide connection used by the readers. */
export function duckdb(): Promise<DuckDBConnection> {
  shared ??= (async () => {
    const con = await (await createDuckDB()).connect();
    // Timestamps with a zone are turned into Norwegian calendar days (the readers also say so explicitly).
    await con.run("SET TimeZone = 'Europe/Oslo'");
    return con;
  })();
  return shared;
}

/** SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
