/**
 * The record of input files as effekt read them: size and SHA-256 of exactly the bytes handed to the
 * parsers (hashed while reading, not re-read afterwards), so manifest.json describes the data the
 * results come from. A file read twice in one run must give the same hash both times; otherwise it
 * changed while effekt was reading it, and the run stops (InputError).
 */
import { createHash, type Hash } from "node:crypto";
import { basename, resolve } from "node:path";
import { InputError } from "../errors.js";

export interface InputFile {
  file: string;
  bytes: number;
  sha256: string;
}

export class InputLog {
  private readonly files = new Map<string, InputFile>();

  /** Record a file read whole. */
  record(file: string, data: Uint8Array): void {
    this.add(file, data.byteLength, createHash("sha256").update(data).digest("hex"));
  }

  /** A hasher for a file read in chunks: `update` each chunk as it is read, `done` at the end of the file. */
  stream(file: string): { update(chunk: Uint8Array): void; done(): void } {
    const h: Hash = createHash("sha256");
    let bytes = 0;
    return {
      update: (chunk) => {
        h.update(chunk);
        bytes += chunk.byteLength;
      },
      done: () => this.add(file, bytes, h.digest("hex")),
    };
  }

  private add(file: string, bytes: number, sha256: string): void {
    this.put(resolve(file), { file: basename(file), bytes, sha256 }, file);
  }

  private put(key: string, rec: InputFile, file: string): void {
    const prev = this.files.get(key);
    if (prev && (prev.sha256 !== rec.sha256 || prev.bytes !== rec.bytes)) {
      throw new InputError(
        `the file changed while effekt was reading it (sha256 ${prev.sha256.slice(0, 12)}… then ${rec.sha256.slice(0, 12)}…); run again when the extracts are no longer being written`,
        { file },
      );
    }
    this.files.set(key, rec);
  }

  /** The records as (absolute path, record) pairs: what a worker thread's log hands back. */
  entries(): [string, InputFile][] {
    return [...this.files];
  }

  /** Add another log's records (a file in both must have the same size and hash). */
  merge(entries: [string, InputFile][]): void {
    for (const [key, rec] of entries) this.put(key, rec, key);
  }

  /** Files read, by name. */
  list(): InputFile[] {
    return [...this.files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}
