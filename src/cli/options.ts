/** Option parsing shared by the CLI commands: lists, repeatable key=value options, number checks. */
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { ENCODINGS, type Encoding, type ReadOptions } from "../io/read-options.js";

/** `a,b,c` → ["a","b","c"] (empty entries removed). */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

/** Repeatable `--factor col=ref` → { col: "ref" }. */
export function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new UsageError(`expected column=value, got "${value}"`);
  return { ...previous, [value.slice(0, eq).trim()]: value.slice(eq + 1).trim() };
}

/** Repeatable `--levels col=a,b,c` → { col: ["a","b","c"] }. */
export function keyList(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new UsageError(`expected column=level1,level2,…, got "${value}"`);
  return { ...previous, [value.slice(0, eq).trim()]: list(value.slice(eq + 1)) };
}

export function number(name: string) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === "" || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${value}"`);
    return v;
  };
}

/** A probability strictly between 0 and 1 (confidence levels). */
export function probability(name: string) {
  const parse = number(name);
  return (value: string): number => {
    const v = parse(value);
    if (!(v > 0 && v < 1)) throw new UsageError(`--${name} must be between 0 and 1, got ${v}`);
    return v;
  };
}

/** A number ≥ 0 (e.g. the Harrington–Fleming rho). */
export function nonNegative(name: string) {
  const parse = number(name);
  return (value: string): number => {
    const v = parse(value);
    if (!(v >= 0)) throw new UsageError(`--${name} must be ≥ 0, got ${v}`);
    return v;
  };
}

export function integer(name: string) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
    return v;
  };
}

export function choice<T extends string>(name: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T)) {
      throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got "${value}"`);
    }
    return value as T;
  };
}

export type OutputFormat = "table" | "json";
export const FORMATS = ["table", "json"] as const;

/** Print a result: JSON (one object, NaN/Infinity as null) or the command's own text rendering. */
export function emit<T>(result: T, format: OutputFormat, render: (r: T) => string): void {
  if (format === "json") process.stdout.write(toJson(result) + "\n");
  else process.stdout.write(render(result) + "\n");
}

/** JSON with typed arrays as arrays and non-finite numbers as null. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === "number" && !Number.isFinite(v)) return null;
      if (v instanceof Map) return Object.fromEntries(v as Map<string, unknown>);
      return v;
    },
    indent,
  );
}

/** Options every command that reads a data file has: how a text file is written. */
export interface InputOptions {
  encoding?: Encoding;
  delimiter?: string;
  decimal?: "." | ",";
}

function delimiter(value: string): string {
  const v = value === "tab" || value === "\\t" ? "\t" : value;
  if (v.length !== 1 || /[\w"\s]/.test(v) && v !== "\t") {
    throw new UsageError(`--delimiter must be one character such as , ; | or tab, got "${value}"`);
  }
  return v;
}

/** Add --encoding, --delimiter and --decimal to a command. */
export function withInputOptions(cmd: Command): Command {
  return cmd
    .option("--encoding <enc>", "text encoding of a CSV file: utf-8 (default), latin-1 or windows-1252 (Excel on Windows)", choice("encoding", ENCODINGS))
    .option("--delimiter <char>", "CSV field delimiter: , ; | or tab (default: from the header line; ; with --decimal ,)", delimiter)
    .option("--decimal <mark>", "decimal mark in a CSV file: . (default) or , (Norwegian Excel: 1,5)", choice("decimal", [".", ","] as const));
}

/** Reader options for a command's input options and the columns it uses. */
export function readOptions(o: InputOptions, columns: (string | undefined)[]): ReadOptions {
  return {
    encoding: o.encoding,
    delimiter: o.delimiter,
    decimal: o.decimal,
    columns: [...new Set(columns.filter((c): c is string => !!c))],
  };
}
