/**
 * Configuration documents (job files, prepare configurations) checked strictly against a JSON
 * Schema with ajv: an unknown key anywhere is an error with a "did you mean" suggestion (nearest
 * allowed key by edit distance), never ignored; nesting deeper than MAX_DEPTH and files larger
 * than MAX_BYTES are refused before parsing or validating, so no input can overflow the stack.
 * The suggestion is the API's (`closest` in src/api/check-options.ts: edit distance with
 * transpositions, case folded).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse as parseYaml } from "yaml";
import { closest } from "../api/check-options.js";
import { InputError } from "../errors.js";

/** Largest configuration file read (a job file is a page of YAML). */
export const MAX_BYTES = 1 << 20;
/** Deepest nesting of objects and arrays accepted (the job schema needs 4). */
export const MAX_DEPTH = 32;

/** Depth of nested objects/arrays, iteratively (a recursive walk could itself overflow). */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    const dd = depth + 1;
    if (dd > max) max = dd;
    if (max > limit) return max;
    for (const child of Object.values(v)) stack.push([child, dd]);
  }
  return max;
}

/** Refuse a parsed document that is too deeply nested (before schema validation walks it). */
export function checkDepth(value: unknown, what: string, file: string): void {
  if (nestingDepth(value, MAX_DEPTH) > MAX_DEPTH) {
    throw new InputError(`${what} is nested more than ${MAX_DEPTH} levels deep; check its structure`, { file });
  }
}

/** Refuse a file too large to be a configuration document. */
export function checkSize(bytes: number, what: string, file: string): void {
  if (bytes > MAX_BYTES) throw new InputError(`${what} has ${bytes} bytes; it should be a small text file (at most ${MAX_BYTES} bytes)`, { file });
}

export interface ConfigDocument {
  /** The bytes read (hashed for the manifest) and their text. */
  bytes: Buffer;
  /** SHA-256 of `bytes`. */
  sha256: string;
  text: string;
  value: unknown;
}

/**
 * Read a YAML or JSON configuration file (JSON by extension `.json`): size-checked, parsed with
 * duplicate keys as errors (JSON's last-one-wins would silently drop a value), depth-checked.
 */
export function readConfigDocument(file: string, what: string): ConfigDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as Error).message}`, { file });
  }
  checkSize(bytes.byteLength, what, file);
  const text = bytes.toString("utf8");
  const json = extname(file).toLowerCase() === ".json";
  let value: unknown;
  try {
    value = json ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    const message = (e as Error).message;
    // A stack overflow while parsing (the yaml library reports it as a parse error).
    if (e instanceof RangeError || /Maximum call stack/.test(message)) {
      throw new InputError(`${what} is nested too deeply to read (at most ${MAX_DEPTH} levels); check its structure`, { file });
    }
    throw new InputError(`not valid ${json ? "JSON" : "YAML"}: ${firstLine(message)}`, { file });
  }
  checkDepth(value, what, file);
  if (json) {
    // JSON.parse keeps the last of two equal keys: YAML 1.2 (a superset of JSON) reports them.
    try {
      parseYaml(text, { uniqueKeys: true });
    } catch (e) {
      if (/Map keys must be unique/i.test((e as Error).message)) {
        throw new InputError(`not valid JSON: ${firstLine((e as Error).message)}`, { file });
      }
    }
  }
  checkDepth(value, what, file);
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), text, value };
}

const firstLine = (message: string) => message.split("\n")[0].replace(/:\s*$/, "");

/** Compile a schema (once) into a checker that throws one InputError line per document. */
export function strictValidator(schema: object, what: string, prefix = ""): (doc: unknown, file: string) => void {
  let validate: ValidateFunction | undefined;
  return (doc, file) => {
    checkDepth(doc, what, file);
    validate ??= new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true }).compile(schema);
    if (validate(doc)) return;
    // An unknown key explains a missing one (a misspelt required key): report it first.
    const err = validate.errors!.find((x) => x.keyword === "additionalProperties") ?? validate.errors![0];
    const path = (prefix + (err.instancePath || "")).replace(/^\//, "").replace(/\//g, ".");
    const where = path || "(top level)";
    let detail = err.message ?? "invalid";
    if (err.keyword === "additionalProperties") {
      const key = String(err.params.additionalProperty);
      const allowed = Object.keys((err.parentSchema?.properties ?? {}) as Record<string, unknown>);
      const guess = closest(key, allowed);
      detail = `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : allowed.length ? ` (allowed: ${allowed.join(", ")})` : ""}`;
    } else if (err.keyword === "enum") detail += ` (${(err.params.allowedValues as unknown[]).join(", ")})`;
    else if (err.keyword === "uniqueItems") {
      const [i, j] = [err.params.i as number, err.params.j as number].sort((x, y) => x - y);
      detail = `lists the same value twice (items ${i + 1} and ${j + 1})`;
    }
    throw new InputError(`${what} field ${where}: ${detail}`, { file });
  };
}
