/**
 * manifest.json of a job: what went in (file hashes, sizes, row counts), what was dropped and why,
 * which versions ran, the job file and the seed. It holds no clock time, so the same inputs give a
 * byte-identical manifest.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { VERSION } from "../version.js";

export interface InputFile {
  file: string;
  bytes: number;
  sha256: string;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hash every regular file of a folder (not recursing), sorted by name. */
export function hashFolder(dir: string): InputFile[] {
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => {
      const buf = readFileSync(join(dir, f));
      return { file: f, bytes: buf.byteLength, sha256: sha256(buf) };
    });
}

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
