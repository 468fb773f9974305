/**
 * effekt's mark on the folders it writes: a file `.effekt-output` holding a small JSON stamp — the
 * command that wrote the folder and the sorted list of every file it wrote there (no clock time, so
 * outputs stay byte-identical between runs). A folder is effekt's to replace only when it is empty,
 * or holds this marker from the same command and no file that the marker does not list (an
 * analyst's note saved into an output folder keeps the folder from being replaced).
 *
 * Removal is marker-last: every file and subfolder is removed before the marker, so a removal cut
 * short by a kill leaves a folder that still carries the marker (and is removed on the next start)
 * — a folder without the marker is never emptied by effekt.
 */
import { lstatSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";

export const MARKER = ".effekt-output";

export type OutputCommand = "run" | "prepare" | "simulate";

const NOTE = "written by effekt; replaced as a whole by the next effekt run into this folder: keep no other files here";

interface Marker {
  command: string;
  /** Files written, relative paths with "/", sorted (the marker itself excluded). */
  files: string[];
}

export function markerText(command: OutputCommand, files: string[] = []): string {
  return JSON.stringify({ effekt: "output", command, note: NOTE, files }, null, 1) + "\n";
}

/** The marker of a folder being written (no files yet). */
export function writeMarker(dir: string, command: OutputCommand): void {
  writeFileSync(join(dir, MARKER), markerText(command));
}

/** Every regular file below `dir`, relative with "/", sorted; the marker excluded. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(join(d, f.name), `${prefix}${f.name}/`);
      else if (!(prefix === "" && f.name === MARKER)) out.push(`${prefix}${f.name}`);
    }
  };
  walk(dir, "");
  return out.sort();
}

/** Rewrite the marker with the list of files written (atomically: beside, then renamed over). */
export function finishMarker(dir: string, command: OutputCommand): void {
  const next = join(dir, `${MARKER}.next`);
  writeFileSync(next, markerText(command, listFiles(dir)));
  renameSync(next, join(dir, MARKER));
}

function readMarker(dir: string): Marker | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MARKER), "utf8");
  } catch {
    return undefined;
  }
  try {
    const m = JSON.parse(text) as { effekt?: unknown; command?: unknown; files?: unknown };
    if (m.effekt !== "output" || typeof m.command !== "string") return undefined;
    return { command: m.command, files: Array.isArray(m.files) ? m.files.map(String) : [] };
  } catch {
    return undefined;
  }
}

/** The command recorded in a folder's marker, or undefined when there is no (valid) marker. */
export function markerCommand(dir: string): string | undefined {
  return readMarker(dir)?.command;
}

/** What a path holds, as far as replacing it is concerned. */
export type Ownership = "absent" | "empty" | "effekt";

/**
 * May `command` replace the folder `dir`? "absent" or "empty" or "effekt" (marked by the same
 * command, every file listed); anything else is an InputError (exit 3) saying why, and nothing is
 * touched.
 */
export function checkOwnership(dir: string, command: OutputCommand): Ownership {
  let st;
  try {
    st = lstatSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw e;
  }
  const refuse = (why: string) => {
    throw new InputError(`${why}; effekt replaces its output folder as a whole and never deletes files it did not write: give a new or empty folder`, { file: dir });
  };
  if (st.isSymbolicLink()) refuse("the output folder is a symbolic link");
  if (!st.isDirectory()) refuse("the output path exists and is not a folder");
  if (readdirSync(dir).length === 0) return "empty";
  const files = listFiles(dir);
  const marker = readMarker(dir);
  const by = marker?.command ?? legacyCommand(dir, command);
  if (by === undefined) refuse(`the output folder holds ${files.length} file(s) not written by effekt (no ${MARKER} marker)`);
  if (by !== command) refuse(`the output folder holds the output of \`effekt ${by}\`, not of \`effekt ${command}\``);
  if (marker) {
    const listed = new Set(marker.files);
    const foreign = files.filter((f) => !listed.has(f));
    if (foreign.length) {
      refuse(`the output folder holds ${foreign.length} file(s) effekt did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""})`);
    }
  }
  return "effekt";
}

/**
 * Outputs of effekt versions before the marker: a `run` folder whose manifest.json lists every other
 * file in it, or a `prepare` folder whose prepare-summary.json does — then every file was written by
 * effekt. Anything more in the folder, and it is not recognised.
 */
function legacyCommand(dir: string, command: OutputCommand): OutputCommand | undefined {
  const list = command === "run" ? "manifest.json" : command === "prepare" ? "prepare-summary.json" : undefined;
  if (!list) return undefined;
  let outputs: unknown;
  try {
    outputs = (JSON.parse(readFileSync(join(dir, list), "utf8")) as { outputs?: unknown }).outputs;
  } catch {
    return undefined;
  }
  if (!Array.isArray(outputs)) return undefined;
  const listed = new Set([list, ...outputs.map(String)]);
  return readdirSync(dir).includes(MARKER) || !listFiles(dir).every((f) => listed.has(f)) ? undefined : command;
}

/**
 * Remove a folder effekt wrote: only if it carries the marker or is empty (else false, nothing
 * touched). Everything but the marker goes first, the marker last, then the folder.
 */
export function removeOwned(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw e;
  }
  if (entries.length && markerCommand(dir) === undefined && !entries.every((f) => f === MARKER)) return false;
  for (const f of entries) if (f !== MARKER) rmSync(join(dir, f), { recursive: true, force: true });
  if (entries.includes(MARKER)) unlinkSync(join(dir, MARKER));
  rmdirSync(dir);
  return true;
}
