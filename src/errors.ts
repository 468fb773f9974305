/**
 * Errors that carry where the problem is (file, column, row), so the CLI can print one clear line
 * and exit with a code a scheduler can act on.
 */
export type ErrorKind = "input" | "estimation" | "usage" | "output" | "busy";

/**
 * Exit codes of the CLI, one per kind of failure (0 = done). 5: the output could not be written
 * (read-only file system, disk full, permission denied, a folder missing or not creatable);
 * 6: another effekt process is writing the same output folder (try again when it has finished).
 */
export const EXIT_CODES: Record<ErrorKind | "internal", number> = {
  usage: 2,
  input: 3,
  estimation: 4,
  output: 5,
  busy: 6,
  internal: 1,
};

const ERROR_NAMES: Record<ErrorKind, string> = {
  input: "InputError",
  estimation: "EstimationError",
  usage: "UsageError",
  output: "OutputError",
  busy: "BusyError",
};

export interface ErrorLocation {
  file?: string;
  column?: string;
  /** 1-based data row (header excluded). */
  row?: number;
}

export class EffektError extends Error {
  readonly kind: ErrorKind;
  readonly file?: string;
  readonly column?: string;
  readonly row?: number;
  readonly detail: string;

  constructor(kind: ErrorKind, detail: string, where: ErrorLocation = {}) {
    super(formatLocated(detail, where));
    this.name = ERROR_NAMES[kind];
    this.kind = kind;
    this.detail = detail;
    this.file = where.file;
    this.column = where.column;
    this.row = where.row;
  }
}

/** Bad data or bad options about data: missing column, wrong type, invalid value. */
export class InputError extends EffektError {
  constructor(detail: string, where: ErrorLocation = {}) {
    super("input", detail, where);
  }
}

/** The estimator could not produce a trustworthy answer: non-convergence, singular information. */
export class EstimationError extends EffektError {
  constructor(detail: string, where: ErrorLocation = {}) {
    super("estimation", detail, where);
  }
}

/** Wrong use of the API or CLI (contradictory options and the like). */
export class UsageError extends EffektError {
  constructor(detail: string, where: ErrorLocation = {}) {
    super("usage", detail, where);
  }
}

/** The file system refused to write the output: read-only, full, no permission, missing folder. */
export class OutputError extends EffektError {
  constructor(detail: string, where: ErrorLocation = {}) {
    super("output", detail, where);
  }
}

/** Another effekt process holds the lock of the output folder. */
export class BusyError extends EffektError {
  constructor(detail: string, where: ErrorLocation = {}) {
    super("busy", detail, where);
  }
}

export function formatLocated(detail: string, where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  return parts.length ? `${parts.join(", ")}: ${detail}` : detail;
}
