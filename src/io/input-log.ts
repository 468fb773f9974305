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
    const key = resolve(file);
    const prev = this.files.get(key);
    if (prev && (prev.sha256 !== sha256 || prev.bytes !== bytes)) {
      throw new InputError(
        `the file changed while effekt was reading it (sha256 ${prev.sha256.slice(0, 12)}… then ${sha256.slice(0, 12)}…); run again when the extracts are no longer being written`,
        { file },
      );
    }
    this.files.set(key, { file: basename(file), bytes, sha256 });
  }

  /** Files read, by name. */
  list(): InputFile[] {
    return [...this.files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}
