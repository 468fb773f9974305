/**
 * Writing an output folder without ever losing a file: every command that writes a folder
 * (`run`, `prepare`, `simulate`) goes through `openOutput` → write into `dir` → `commit()` (or
 * `abandon(e)` on failure).
 *
 *  1. Refuse (InputError, exit 3) a target that is not effekt's (see marker.ts) or that contains an
 *     input (the job file, the extracts folder, a config file) — before anything is read or written.
 *  2. Take the lock beside the target (lock.ts; BusyError, exit 6, when another run holds it).
 *  3. Recover what a killed run left: a target missing between the two renames of a swap is restored
 *     from its `.T.effekt-old-*` folder; stale `.T.effekt-tmp-*` / `.T.effekt-old-*` folders (they
 *     may hold person-level data) are removed.
 *  4. Write into `.T.effekt-tmp-<pid>` beside the target (same file system, so renames are atomic),
 *     marker first.
 *  5. commit(): fsync the files, then swap: target → `.T.effekt-old-<pid>`, temp → target, fsync the
 *     parent, remove the old folder (marker-last). A kill -9 at any point leaves the previous complete
 *     output or the new complete one at the target — or, for the microseconds between the two renames,
 *     no target and a complete `.T.effekt-old-*` that the next start renames back.
 *  6. SIGINT/SIGTERM/SIGHUP while writing remove the temporary folder and the lock, then exit 130/143/129
 *     (only where nothing else listens to the signal, i.e. where it would end the process anyway).
 *
 * File-system failures (read-only, disk full, permission, missing folder) become OutputError
 * (exit 5) naming the output folder.
 */
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { EffektError, InputError, OutputError } from "../errors.js";
import { asSystemError, isSystemError, outputFailure } from "./fs-errors.js";
import { acquireLock, type Lock, sleepSync } from "./lock.js";
import { checkOwnership, finishMarker, MARKER, markerCommand, type OutputCommand, removeOwned, writeMarker } from "./marker.js";

export interface OpenOutputOptions {
  command: OutputCommand;
  /** Input files and folders (job file, extracts folder, config file): none may be, or be inside, the output folder. */
  inputs?: readonly string[];
  /** Create missing parent folders (`mkdir -p`); otherwise a missing parent is an OutputError. */
  createParents?: boolean;
  /** Where notes about leftovers go (default stderr). */
  warn?: (line: string) => void;
}

export interface OutputFolder {
  /** The output folder the user named (absolute). */
  target: string;
  /** The temporary folder to write into. */
  dir: string;
  /** Swap the written folder in; the lock is released. */
  commit(): void;
  /** Remove the temporary folder and release the lock; returns the error to throw (fs errors as OutputError). */
  abandon(e: unknown): unknown;
}

/** Leftover folders of a target: `.T.effekt-tmp-<pid>` (being written) and `.T.effekt-old-<pid>` (being removed). */
function leftoverPattern(target: string): RegExp {
  const b = basename(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\.${b}\\.effekt-(tmp|old)-\\d+$`);
}

/** A path with symbolic links resolved as far as it exists. */
function realish(p: string): string {
  const abs = resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) return abs;
    tail.unshift(basename(head));
    head = up;
  }
  try {
    return join(realpathSync(head), ...tail);
  } catch {
    return abs;
  }
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** Test hook (docs/DEVELOPING.md): pause inside the swap so tests can kill the process at each step. */
function swapPoint(step: string): void {
  const ms = Number(process.env.EFFEKT_TEST_SWAP_PAUSE_MS ?? 0);
  if (ms > 0) {
    process.stderr.write(`effekt-swap: ${step}\n`);
    sleepSync(ms);
  }
}

function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(p, "r");
    fsyncSync(fd);
  } catch (e) {
    // Some file systems refuse fsync on folders (EINVAL); the data files are what matters.
    if (!(isSystemError(e) && (e.code === "EINVAL" || e.code === "EISDIR" || e.code === "EBADF"))) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** fsync every file and folder below `dir` (so a power cut after the rename cannot leave empty files). */
function syncTree(dir: string): void {
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) syncTree(p);
    else fsyncPath(p);
  }
  fsyncPath(dir);
}

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Step 1 alone: throw if `targetPath` may not be written by `opts.command` (holds an input, is not
 * effekt's, or its parent is missing and may not be created). Touches nothing; `openOutput` repeats it.
 */
export function checkOutput(targetPath: string, opts: OpenOutputOptions): void {
  const target = resolve(targetPath);
  const parent = dirname(target);
  const realTarget = realish(target);
  for (const input of opts.inputs ?? []) {
    if (input && inside(realish(input), realTarget)) {
      throw new InputError(
        `the output folder ${realTarget === realish(input) ? "is" : "contains"} the input ${input}; effekt replaces its output folder as a whole: give a folder of its own`,
        { file: target },
      );
    }
  }
  try {
    checkOwnership(target, opts.command);
  } catch (e) {
    if (isSystemError(e)) throw outputFailure(e, "cannot use this as the output folder", undefined, target);
    throw e;
  }
  if (!existsSync(parent) && !opts.createParents) throw new OutputError("the folder that should hold the output does not exist", { file: parent });
}

export function openOutput(targetPath: string, opts: OpenOutputOptions): OutputFolder {
  const target = resolve(targetPath);
  const parent = dirname(target);
  const warn = opts.warn ?? ((line: string) => process.stderr.write(`effekt: ${line}\n`));
  const what = "cannot write the output folder";

  // 1. Whose folder is it? Nothing is touched before this passes.
  checkOutput(target, opts);
  if (!existsSync(parent)) {
    try {
      mkdirSync(parent, { recursive: true });
    } catch (e) {
      if (isSystemError(e)) throw outputFailure(e, `cannot create the folder ${parent} for the output`);
      throw e;
    }
  }

  // 2. The lock.
  const lock: Lock = acquireLock(join(parent, `.${basename(target)}.effekt-lock`), target, opts.command);
  const tmp = join(parent, `.${basename(target)}.effekt-tmp-${process.pid}`);
  const old = join(parent, `.${basename(target)}.effekt-old-${process.pid}`);
  const toTarget = (p: string) => (inside(p, tmp) ? join(target, relative(tmp, p)) : p);
  let onSignal: ((sig: keyof typeof SIGNALS) => void) | undefined;
  const handled: string[] = [];
  const stopSignals = () => {
    if (onSignal) for (const s of handled) process.removeListener(s, onSignal);
    onSignal = undefined;
  };
  let finished = false;
  const cleanUp = () => {
    if (finished) return;
    finished = true;
    stopSignals();
    try {
      removeOwned(tmp);
    } finally {
      lock.release();
    }
  };

  try {
    // 3. Leftovers of killed runs.
    recoverLeftovers(target, opts.command, warn);
    // 4. The temporary folder, marker first.
    mkdirSync(tmp);
    writeMarker(tmp, opts.command);
  } catch (e) {
    try {
      cleanUp();
    } catch {
      /* the first error is the one to report */
    }
    if (isSystemError(e)) throw outputFailure(e, what, toTarget, target);
    throw e;
  }
  onSignal = (sig) => {
    try {
      cleanUp();
    } finally {
      process.exit(SIGNALS[sig]);
    }
  };
  // Only where the signal would end the process anyway (no other listener): a host that handles
  // SIGINT itself (a notebook kernel, a REPL) keeps its behaviour; the next start removes the folder.
  for (const s of Object.keys(SIGNALS)) {
    if (process.listenerCount(s) === 0) {
      process.on(s, onSignal);
      handled.push(s);
    }
  }

  return {
    target,
    dir: tmp,
    commit() {
      try {
        finishMarker(tmp, opts.command);
        syncTree(tmp);
        // The target may have changed since the start (a user copying files in): check again.
        const now = checkOwnership(target, opts.command);
        if (now !== "absent") {
          // An output of an effekt version before the marker (recognised by its file list): mark it,
          // so that removing it is marker-last like any other.
          if (now === "effekt" && markerCommand(target) === undefined) finishMarker(target, opts.command);
          swapPoint("before-old");
          renameSync(target, old);
        }
        swapPoint("before-new");
        renameSync(tmp, target);
        fsyncPath(parent);
        swapPoint("before-remove-old");
        if (now !== "absent") {
          // The new output is in place: a failure to remove the old one is a note, not a failed run.
          try {
            if (!removeOwned(old)) warn(`left ${old} in place: it is not marked as effekt's`);
          } catch (e) {
            warn(`could not remove the previous output ${old} (${(e as Error).message}); the next run into ${target} removes it`);
          }
        }
        swapPoint("done");
      } catch (e) {
        // Cut short between the two renames (e.g. EBUSY): put the previous output back.
        if (!existsSync(target) && existsSync(old)) {
          try {
            renameSync(old, target);
          } catch {
            /* the next start restores it */
          }
        }
        throw this.abandon(e);
      }
      finished = true;
      stopSignals();
      lock.release();
    },
    abandon(e: unknown): unknown {
      try {
        cleanUp();
      } catch (e2) {
        warn(`could not remove the temporary folder ${tmp}: ${(e2 as Error).message}; it may hold person-level data, remove it`);
      }
      const sys = e instanceof EffektError ? undefined : asSystemError(e);
      return sys ? outputFailure(sys, what, toTarget, target) : e;
    },
  };
}

/**
 * With the lock held, no other process writes these: restore a target lost between the two renames
 * of a swap, and remove temporary and old folders of killed runs (marker-checked).
 */
function recoverLeftovers(target: string, command: OutputCommand, warn: (line: string) => void): void {
  const parent = dirname(target);
  const pattern = leftoverPattern(target);
  const names = readdirSync(parent).filter((f) => pattern.test(f)).sort();
  if (!existsSync(target)) {
    const restorable = names.find((f) => f.includes(".effekt-old-") && markerCommand(join(parent, f)) === command);
    if (restorable) {
      renameSync(join(parent, restorable), target);
      warn(`restored ${target} from ${restorable}, left by a run that was killed while replacing it`);
    }
  }
  for (const f of names) {
    const p = join(parent, f);
    if (!existsSync(p)) continue;
    if (!lstatSync(p).isDirectory() || !removeOwned(p)) {
      warn(`${p} looks like an effekt temporary folder but is not marked as effekt's (${MARKER}); left in place`);
    }
  }
  // Temporary folders of effekt versions before the marker (".T.tmp-<pid>"): not removed blindly, but named.
  const legacy = new RegExp(`^\\.${basename(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.tmp-\\d+(\\.old)?$`);
  for (const f of readdirSync(parent).filter((n) => legacy.test(n))) {
    warn(`${join(parent, f)} was left by an older effekt run and may hold person-level data: check and remove it`);
  }
}
