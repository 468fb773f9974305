/**
 * The lock of an output folder: a file `.<name>.effekt-lock` beside the folder, created with
 * O_EXCL ("wx"), holding the owner's pid, host and process start time. A second process that finds
 * the lock held by a live process refuses with a BusyError (exit 6). A lock whose process is gone
 * (killed with SIGKILL, power cut) is stale and is broken — under a short-lived break lock, so two
 * processes breaking the same stale lock cannot both win.
 *
 * Liveness: `kill(pid, 0)` on the same host, plus the process start time from /proc (Linux) so a
 * reused pid is not taken for the old owner. A lock written on another host is never broken
 * automatically (the message says how to remove it by hand).
 */
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { BusyError } from "../errors.js";
import { isSystemError, outputFailure } from "./fs-errors.js";

interface Holder {
  pid: number;
  host: string;
  /** Process start time (clock ticks since boot, /proc/<pid>/stat field 22), "" where unknown. */
  started: string;
  command: string;
}

/** How long an empty or unreadable lock file (its writer was killed between create and write) counts as live. */
const EMPTY_LOCK_GRACE_MS = 5000;

function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) may hold spaces and parentheses: fields after the last ")" are 3, 4, …
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

function alive(h: Holder): boolean {
  if (h.host !== hostname()) return true; // cannot tell: treat as held
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return false;
    // EPERM: the process exists (another user's)
  }
  if (h.started) {
    const now = processStart(h.pid);
    if (now && now !== h.started) return false; // the pid was reused by a later process
  }
  return true;
}

function readHolder(file: string): { holder?: Holder; text: string; ageMs: number } | undefined {
  try {
    const text = readFileSync(file, "utf8");
    const ageMs = Date.now() - statSync(file).mtimeMs;
    try {
      const h = JSON.parse(text) as Holder;
      if (Number.isInteger(h.pid) && typeof h.host === "string") return { holder: h, text, ageMs };
    } catch {
      /* half-written */
    }
    return { text, ageMs };
  } catch (e) {
    if (isSystemError(e) && e.code === "ENOENT") return undefined;
    throw e;
  }
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (e) {
    if (isSystemError(e) && e.code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if (!(isSystemError(e) && e.code === "ENOENT")) throw e;
  }
}

/** Block the thread for `ms` milliseconds (used only in short waits around locks and in tests' pauses). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface Lock {
  file: string;
  release(): void;
}

/**
 * Take the lock `file` guarding the output folder `target` (named in messages), or throw BusyError.
 * File-system failures (read-only, no permission) become OutputError.
 */
export function acquireLock(file: string, target: string, command: string): Lock {
  const me: Holder = { pid: process.pid, host: hostname(), started: processStart(process.pid), command };
  const text = JSON.stringify(me) + "\n";
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createExclusive(file, text)) {
        return {
          file,
          release() {
            const cur = readHolder(file);
            if (cur?.text === text) unlinkQuiet(file);
          },
        };
      }
      const cur = readHolder(file);
      if (!cur) continue; // released meanwhile
      const h = cur.holder;
      const live = h ? alive(h) : cur.ageMs < EMPTY_LOCK_GRACE_MS;
      if (live) {
        const who = h ? `effekt ${h.command} (pid ${h.pid}${h.host !== me.host ? ` on ${h.host}` : ""})` : "another effekt process";
        throw new BusyError(
          `${who} is writing this output folder; try again when it has finished` +
            (h && h.host !== me.host ? ` (if it is no longer running, remove ${file})` : ""),
          { file: target },
        );
      }
      breakStale(file, cur.text);
      sleepSync(10 * (attempt + 1));
    }
    throw new BusyError(`could not take the lock ${file}: other effekt processes keep taking it`, { file: target });
  } catch (e) {
    if (isSystemError(e)) throw outputFailure(e, `cannot lock the output folder ${target}`);
    throw e;
  }
}

/** Remove a stale lock, unless another process replaced it meanwhile; one breaker at a time. */
function breakStale(file: string, staleText: string): void {
  const breaker = `${file}.break`;
  if (!createExclusive(breaker, `${process.pid}\n`)) {
    const b = readHolder(breaker);
    // A breaker holds the break lock for microseconds; an old one was killed while breaking.
    if (b && b.ageMs > EMPTY_LOCK_GRACE_MS) unlinkQuiet(breaker);
    return;
  }
  try {
    if (readHolder(file)?.text === staleText) unlinkQuiet(file);
  } finally {
    unlinkQuiet(breaker);
  }
}
