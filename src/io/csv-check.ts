/**
 * When DuckDB refuses a CSV file, find the first bad record ourselves so the error names the data
 * row (DuckDB's sniffer errors name no line, and its line numbers count physical lines, not records):
 * invalid UTF-8, a record with more or fewer fields than the header, a quote never closed.
 * Runs only on the error path (one streaming byte pass, no strings).
 */
import { createReadStream } from "node:fs";

export interface CsvProblem {
  /** 1-based data row (header excluded); 0 = the header. */
  row: number;
  detail: string;
}

export async function locateCsvProblem(file: string, delimiter: string): Promise<CsvProblem | undefined> {
  const delim = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  let record = 0; // index of the current record (0 = header)
  let fields = 1;
  let headerFields = -1;
  let inQuotes = false;
  let atFieldStart = true;
  let quoteClosed = false; // just saw a closing quote (a following quote is an escaped one)
  let cont = 0; // UTF-8 continuation bytes still expected
  let empty = true; // current record has no bytes (blank lines are skipped)
  let first = true;
  const endRecord = (): CsvProblem | undefined => {
    if (!empty) {
      if (headerFields < 0) headerFields = fields;
      else if (fields !== headerFields) {
        return { row: record, detail: `row has ${fields} fields, the header has ${headerFields}` };
      }
      record++;
    }
    fields = 1;
    atFieldStart = true;
    quoteClosed = false;
    empty = true;
    return undefined;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i];
      if (cont > 0) {
        if ((b & 0xc0) !== 0x80) return { row: record, detail: "not valid UTF-8 text" };
        cont--;
        continue;
      }
      if (b >= 0x80) {
        if (b >= 0xc2 && b <= 0xdf) cont = 1;
        else if (b >= 0xe0 && b <= 0xef) cont = 2;
        else if (b >= 0xf0 && b <= 0xf4) cont = 3;
        else return { row: record, detail: "not valid UTF-8 text" };
        empty = false;
        atFieldStart = false;
        continue;
      }
      if (inQuotes) {
        if (b === QUOTE) {
          inQuotes = false;
          quoteClosed = true;
        }
        continue;
      }
      if (b === QUOTE) {
        if (atFieldStart || quoteClosed) {
          inQuotes = true;
          quoteClosed = false;
        }
        atFieldStart = false;
        empty = false;
        continue;
      }
      quoteClosed = false;
      if (b === LF || b === CR) {
        const p = endRecord();
        if (p) return p;
        continue;
      }
      empty = false;
      if (b === delim) {
        fields++;
        atFieldStart = true;
      } else atFieldStart = false;
    }
  }
  if (cont > 0) return { row: record, detail: "not valid UTF-8 text (file ends inside a character)" };
  if (inQuotes) return { row: record, detail: "a quoted field is never closed" };
  return endRecord();
}
