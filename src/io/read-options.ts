/** Options shared by every reader: which columns, how a text file is written, and the input record. */
import type { InputLog } from "./input-log.js";

export const ENCODINGS = ["utf-8", "latin-1", "windows-1252"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface ReadOptions {
  /** Read only these columns (the others are never decoded); default all. Unknown names are an error. */
  columns?: string[];
  /** Text encoding of a CSV file (default UTF-8; invalid UTF-8 is an error naming the row). */
  encoding?: Encoding;
  /** CSV field delimiter (default: sniffed; `;` when `decimal` is `,`). */
  delimiter?: string;
  /** Decimal mark of numbers in a CSV file (default `.`). */
  decimal?: "." | ",";
  /** Date and timestamp columns as day numbers since 1970-01-01 (default) or as "YYYY-MM-DD" text. */
  dates?: "days" | "text";
  /** Rows per batch when a file is streamed (register extracts; default 1 048 576). */
  batchRows?: number;
  /** Records size and SHA-256 of the file as read (for a manifest). */
  log?: InputLog;
}
