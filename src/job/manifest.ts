/**
 * manifest.json of a job: what went in (file hashes and sizes of the bytes read — src/io/input-log.ts —
 * and row counts), what was dropped and why, which versions ran, the job file and the seed. It holds
 * no clock time, so the same inputs give a byte-identical manifest.
 */
import { createRequire } from "node:module";
import { VERSION } from "../version.js";

const DEPENDENCIES = ["apache-arrow", "ml-matrix", "jstat", "simple-statistics", "vega", "vega-lite", "@resvg/resvg-js", "@duckdb/node-api", "iconv-lite", "yaml", "ajv"];

/** Versions of effekt, Node and the libraries that shape the numbers and figures. */
export function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = { effekt: VERSION, node: process.version };
  for (const d of DEPENDENCIES) {
    try {
      out[d] = (require(`${d}/package.json`) as { version: string }).version;
    } catch {
      out[d] = "unknown";
    }
  }
  return out;
}
