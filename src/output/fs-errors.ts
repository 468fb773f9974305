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
