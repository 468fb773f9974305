/**
 * Employment, benefits and persons loaded on a worker thread while the main thread loads the
 * measures: the two halves of `prepare`'s reading are independent until `derive`, and each is
 * mostly JS work on one thread (DuckDB decodes a chunk, JS codes and checks it), so on a machine with
 * two or more cores they overlap. Measured on 100M measure rows from Parquet (2 cores, idle):
 * reading and sorting every extract 43.5 s on one thread, 28.6 s on two; the whole `prepare` 93.4 s
 * and 78.8 s (docs/benchmarks.md).
 *
 * The typed arrays come back transferred, not copied. An error in the worker comes back as the
 * same kind of error (file, column, row intact); when both halves fail, the measures' error is the
 * one reported, as when they were read one after the other. Small extracts stay on the main thread
 * (a worker and its modules take about 0.2 s to start here), and so does code run from the
 * TypeScript sources (the tests), which a worker thread cannot load; `EFFEKT_LOAD_THREADS=1` keeps
 * everything on the main thread, `=2` uses the worker whatever the size (tests compare the two).
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { EffektError, type ErrorKind, InputError } from "../errors.js";
import { InputLog } from "../io/input-log.js";
import type { ReadOptions } from "../io/read-options.js";
import type { PrepareConfig } from "./config.js";
import type { Employment, Issue, Persons } from "./load.js";
import { loadSortedEmployment, loadSortedPersons } from "./sorted-extracts.js";

export interface PeopleFiles {
  employment: string;
  benefits?: string;
  persons: string;
}

export interface People {
  emp: Employment;
  duplicates: Issue;
  persons: Persons;
}

interface Request {
  effektLoadWorker: true;
  files: PeopleFiles;
  cfg: PrepareConfig;
  read: Omit<ReadOptions, "log">;
  log: boolean;
}

type Reply =
  | { ok: true; people: People; log: ReturnType<InputLog["entries"]> }
  | { ok: false; kind?: ErrorKind; detail?: string; file?: string; column?: string; row?: number; message: string; stack?: string };

/** Below this many bytes of employment, benefits and persons extracts the main thread reads them. */
const WORKER_BYTES = 32 << 20;

async function loadPeople(files: PeopleFiles, cfg: PrepareConfig, read: ReadOptions): Promise<People> {
  const { emp, duplicates } = await loadSortedEmployment(files.employment, files.benefits, cfg, read);
  const persons = await loadSortedPersons(files.persons, read);
  return { emp, duplicates, persons };
}

/** Whether to read on a worker thread: compiled code, two or more cores, large extracts (or forced). */
function useWorker(files: PeopleFiles): boolean {
  const mode = process.env.EFFEKT_LOAD_THREADS;
  if (mode === "1" || !import.meta.url.endsWith(".js")) return false;
  if (mode === "2") return true;
  if (availableParallelism() < 2) return false;
  let bytes = 0;
  for (const f of [files.employment, files.benefits, files.persons]) if (f) bytes += statSync(f).size;
  return bytes >= WORKER_BYTES;
}

/**
 * Start reading employment (with benefits) and persons, sorted; resolves when they are read. Runs
 * on a worker thread when that pays (see the header); the returned `cancel` stops it.
 */
export function startLoadingPeople(files: PeopleFiles, cfg: PrepareConfig, read: ReadOptions): { people: Promise<People>; cancel: () => void } {
  if (!useWorker(files)) {
    const people = loadPeople(files, cfg, read);
    people.catch(() => undefined); // awaited by the caller (after the measures); never unhandled meanwhile
    return { people, cancel: () => undefined };
  }
  const { log, ...rest } = read;
  const req: Request = { effektLoadWorker: true, files, cfg, read: rest, log: !!log };
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: req });
  const people = new Promise<People>((resolve, reject) => {
    let settled = false;
    worker.once("message", (r: Reply) => {
      settled = true;
      void worker.terminate();
      if (r.ok) {
        if (log) log.merge(r.log);
        resolve(r.people);
        return;
      }
      if (r.kind) {
        const where = { file: r.file, column: r.column, row: r.row };
        reject(r.kind === "input" ? new InputError(r.detail!, where) : new EffektError(r.kind, r.detail!, where));
        return;
      }
      const e = new Error(r.message);
      if (r.stack) e.stack = r.stack;
      reject(e);
    });
    worker.once("error", (e) => {
      settled = true;
      reject(e);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the reading thread stopped (exit code ${code})`));
    });
  });
  people.catch(() => undefined);
  return { people, cancel: () => void worker.terminate() };
}

/** Every ArrayBuffer under `x` (typed arrays' buffers), to transfer instead of copying. */
function buffers(x: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(x)) {
    if (x.buffer instanceof ArrayBuffer) out.add(x.buffer);
  } else if (Array.isArray(x)) {
    for (const v of x) buffers(v, out);
  } else if (x && typeof x === "object" && !(x instanceof Map)) {
    for (const v of Object.values(x)) buffers(v, out);
  }
  return [...out];
}

if (!isMainThread && (workerData as Request | undefined)?.effektLoadWorker) {
  const req = workerData as Request;
  const log = req.log ? new InputLog() : undefined;
  loadPeople(req.files, req.cfg, { ...req.read, log }).then(
    (people) => parentPort!.postMessage({ ok: true, people, log: log?.entries() ?? [] } satisfies Reply, buffers(people)),
    (e: unknown) => {
      const reply: Reply =
        e instanceof EffektError
          ? { ok: false, kind: e.kind, detail: e.detail, file: e.file, column: e.column, row: e.row, message: e.message }
          : { ok: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
      parentPort!.postMessage(reply);
    },
  );
}
