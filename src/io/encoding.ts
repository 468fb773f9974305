/**
 * Text encodings of CSV files. DuckDB reads UTF-8 only (and Latin-1), and Node's
 * TextDecoder("windows-1252") maps 0x80–0x9F wrongly (as Latin-1 control characters, so "€" and "–"
 * are lost); Windows-1252 and Latin-1 files are therefore transcoded by iconv-lite, streaming, into
 * a private temporary UTF-8 copy (mode 0600, removed after reading) that DuckDB then reads.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import { InputError } from "../errors.js";
import type { Encoding } from "./read-options.js";

const ICONV_NAME: Record<Exclude<Encoding, "utf-8">, string> = { "latin-1": "latin1", "windows-1252": "win1252" };

/** Run `use` on a UTF-8 version of `file` (the file itself when it is UTF-8 already). */
export async function withUtf8<T>(file: string, encoding: Encoding | undefined, use: (utf8File: string) => Promise<T>): Promise<T> {
  const copy = await utf8Copy(file, encoding);
  try {
    return await use(copy.file);
  } catch (e) {
    throw copy.rename(e);
  } finally {
    copy.remove();
  }
}

/** A UTF-8 version of `file`: the file itself, or a private transcoded copy to `remove()` after use. */
export async function utf8Copy(file: string, encoding: Encoding | undefined): Promise<{ file: string; remove(): void; rename(e: unknown): unknown }> {
  if (!encoding || encoding === "utf-8") return { file, remove: () => {}, rename: (e) => e };
  const dir = mkdtempSync(join(tmpdir(), "effekt-"));
  const copy = join(dir, basename(file));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(
      createReadStream(file),
      iconv.decodeStream(ICONV_NAME[encoding]),
      iconv.encodeStream("utf8"),
      createWriteStream(copy, { mode: 0o600 }),
    );
  } catch (e) {
    remove();
    throw new InputError(`cannot read file: ${(e as Error).message}`, { file });
  }
  // Errors name the user's file, not the temporary copy.
  const rename = (e: unknown) => (e instanceof InputError && e.file === copy ? new InputError(e.detail, { file, column: e.column, row: e.row }) : e);
  return { file: copy, remove, rename };
}
