/**
 * The API's one validation boundary for options objects. Notebook users call the `…FromTable`
 * functions from plain JavaScript, where TypeScript's checks do not reach: a misspelt key
 * (`covariate:`), a string where a list belongs (`covariates: "age,sex"`), a missing `event` or
 * `firstTreated`, or the snake_case spelling that results and the CLI use (`conf_type`). Each gives one
 * `UsageError` naming the function and the option, with a "did you mean" where a known name is close —
 * never a TypeError from deep inside, and never an option silently ignored.
 *
 * Names: options are camelCase; the snake_case spelling of the same option (as in results, job files
 * and CLI flags) is accepted and mapped, so `{ conf_type: "log-log" }` means `{ confType: "log-log" }`.
 * Giving both spellings of one option is an error.
 *
 * The schemas (TypeBox, checked with the same ajv the job files use) are in `option-schemas.ts`; a
 * compile-time check there keeps each schema's keys equal to its TypeScript interface, so the two
 * cannot drift apart.
 */
import { type TObject, type TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { UsageError } from "../errors.js";

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<TSchema, ValidateFunction>();

const snakeToCamel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Edit distance (optimal string alignment), for "did you mean". Short strings only. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known name closest to `name`, if it is close enough to be a likely typo. */
export function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name.toLowerCase(), k.toLowerCase());
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 30 ? v.slice(0, 27) + "…" : v)}`;
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

function explain(fn: string, e: ErrorObject, spec: Record<string, unknown>, schema: TObject): string {
  const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  const key = path.split(".")[0];
  const prop = key ? (schema.properties[key] as TSchema | undefined) : undefined;
  const value = key ? spec[key] : undefined;
  switch (e.keyword) {
    case "required": {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const desc = (schema.properties[missing] as TSchema | undefined)?.description;
      return `${fn}: option "${missing}" is required${desc ? ` (${desc})` : ""}`;
    }
    case "enum":
    case "anyOf":
    case "const": {
      const allowed = prop ? allowedValues(prop) : [];
      return `${fn}: option "${path}" is ${describeType(value)}; expected ${allowed.length ? `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}` : prop?.description ?? "another value"}`;
    }
    case "type": {
      const want = (e.params as { type: string }).type;
      if (want === "array" && typeof value === "string") {
        const parts = value.split(/\s*,\s*/).filter(Boolean);
        return `${fn}: option "${key}" must be a list of column names, not ${describeType(value)} (did you mean ${JSON.stringify(parts)}?)`;
      }
      const got = path.includes(".") ? describeType(path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], spec)) : describeType(value);
      return `${fn}: option "${path}" must be ${want === "array" ? "a list" : `a ${want}`}, not ${got}`;
    }
    default:
      return `${fn}: option "${path || "(options)"}" ${e.message ?? "is not valid"}`;
  }
}

function allowedValues(s: TSchema): unknown[] {
  if ("const" in s) return [s.const];
  if ("enum" in s && Array.isArray(s.enum)) return s.enum as unknown[];
  if ("anyOf" in s && Array.isArray(s.anyOf)) return (s.anyOf as TSchema[]).flatMap(allowedValues);
  return [];
}

/**
 * Check an options object against its schema and return it with snake_case keys mapped to camelCase.
 * Throws one UsageError: unknown key (with "did you mean"), missing required option, wrong type.
 */
export function checkOptions<T>(fn: string, schema: TObject, options: unknown): T {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(`${fn}: options must be an object such as { ${Object.keys(schema.properties).slice(0, 3).map((k) => `${k}: …`).join(", ")} }, not ${describeType(options)}`);
  }
  const known = Object.keys(schema.properties);
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options as Record<string, unknown>)) {
    if (v === undefined) continue;
    const name = known.includes(k) ? k : snakeToCamel(k);
    if (!known.includes(name)) {
      const hint = closest(k, known);
      throw new UsageError(`${fn}: unknown option "${k}"${hint ? ` (did you mean "${hint}"?)` : ""}; options are ${known.join(", ")}`);
    }
    if (name in spec) throw new UsageError(`${fn}: option "${name}" is given twice (as "${name}" and "${k}")`);
    spec[name] = v;
  }
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, additionalProperties: false });
    compiled.set(schema, validate);
  }
  if (!validate(spec)) {
    const errors = validate.errors ?? [];
    // the most useful first: required, then type, then the rest
    const order = ["required", "type", "enum", "anyOf", "const"];
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
    const e = [...errors].sort((a, b) => rank(a.keyword) - rank(b.keyword))[0];
    throw new UsageError(explain(fn, e, spec, schema));
  }
  return spec as T;
}
