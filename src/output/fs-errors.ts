/**
 * File-system failures while writing an output (read-only file system, disk full, permission denied,
 * a folder that does not exist) as one clear line naming the path, with exit code 5 — never
 * "internal error". Node's fs errors carry `code` (ENOSPC, EROFS, …), `syscall` and `path`.
 */
import { OutputError } from "../errors.js";

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on the device (disk full)",
  EDQUOT: "disk quota exceeded",
  EROFS: "the file system is read-only",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "is a folder, not a file",
  EEXIST: "already exists",
  ENOTEMPTY: "folder is not empty",
  EBUSY: "busy (in use by another program or a mount point)",
  EXDEV: "the temporary folder and the output are on different file systems",
  EIO: "input/output error of the device",
  EMFILE: "too many open files",
  ENAMETOOLONG: "file name too long",
};

export interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

/** True for an error thrown by the operating system (Node fs/stream errors with an `E…` code). */
export function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as SystemError).code === "string" && /^E[A-Z]+$/.test((e as SystemError).code);
}

/** strerror texts (as libraries such as DuckDB report them) → errno codes. */
const STRERROR: [RegExp, string][] = [
  [/No space left on device/i, "ENOSPC"],
  [/Disk quota exceeded/i, "EDQUOT"],
  [/Read-only file system/i, "EROFS"],
  [/Permission denied/i, "EACCES"],
  [/Input\/output error/i, "EIO"],
];

/**
 * The error as a system error: Node's own, or a library's I/O error that carries only the
 * operating system's text (DuckDB: `IO Error: Could not write file "…": No space left on device`).
 */
export function asSystemError(e: unknown): SystemError | undefined {
  if (isSystemError(e)) return e;
  if (!(e instanceof Error) || !/^IO Error\b/.test(e.message)) return undefined;
  const hit = STRERROR.find(([re]) => re.test(e.message));
  if (!hit) return undefined;
  const err = new Error(e.message) as SystemError;
  err.code = hit[1];
  err.path = /"([^"]+)"/.exec(e.message)?.[1];
  return err;
}

/** "no space left on the device (disk full) (ENOSPC)" */
export function describeSystemError(e: SystemError): string {
  const reason = REASONS[e.code] ?? e.message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*$/, "");
  return `${reason} (${e.code})`;
}

/**
 * An OutputError for a system error raised while writing the output, located at the error's path
 * (else `fallback`). `rename` maps a private path (the temporary folder) to what the user knows (the
 * output folder).
 */
export function outputFailure(e: SystemError, what: string, rename: (p: string) => string = (p) => p, fallback?: string): OutputError {
  const path = e.path ? rename(e.path) : fallback;
  return new OutputError(`${what}: ${describeSystemError(e)}`, { file: path });
}
