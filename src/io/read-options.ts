/** Options shared by every reader: which columns, and how a text file is written. */
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
}
