/**
 * Files as users have them: encodings, delimiters, decimal commas, R's row names and status codes,
 * typos in numeric columns, empty files. Each case gives the right numbers (compared with the same
 * data in a plain UTF-8, comma, 0/1 file — the path the reference tests check against R) or one
 * clear line on stderr with exit 3.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { coxphFromTable, kaplanMeierFromTable, readTable } from "../../src/index.js";
import { runCli, runCliJson } from "../helpers/cli.js";
import { refPath } from "../helpers/reference.js";

const dir = mkdtempSync(join(tmpdir(), "effekt-userfiles-"));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** lung.csv (R survival's lung, ../shared/reference) rows with time, dead, age, sex complete. */
async function lung(): Promise<{ time: number[]; dead: number[]; age: number[]; sex: number[] }> {
  const t = await readTable(refPath("survival", "lung.csv"), { columns: ["time", "dead", "age", "sex"] });
  const col = (n: string) => Array.from(t.columns.get(n)!.values as Float64Array);
  return { time: col("time"), dead: col("dead"), age: col("age"), sex: col("sex") };
}

/** One line on stderr, exit 3, no stack trace. */
function expectInputError(args: string[], pattern: RegExp): string {
  const r = runCli(args);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  expect(r.stderr).toMatch(pattern);
  expect(r.code).toBe(3);
  return r.stderr;
}

describe("encodings", () => {
  const text = "kontor,tid,jobb,notat\nÅsane,5,1,€ 100\nAskøy,7,0,uke 1–2\nÅsane,9,1,ok\nAskøy,3,1,x\n";

  it("reads a Windows-1252 file with € and – and Norwegian letters with --encoding windows-1252", async () => {
    const p = file("w1252.csv", iconv.encode(text, "win1252"));
    // the bytes are single-byte: € = 0x80, – = 0x96, Å = 0xC5, ø = 0xF8
    expect(readFileSync(p).includes(0x80) && readFileSync(p).includes(0x96)).toBe(true);
    const t = await readTable(p, { encoding: "windows-1252" });
    expect(t.columns.get("kontor")!.values).toEqual(["Åsane", "Askøy", "Åsane", "Askøy"]);
    expect(t.columns.get("notat")!.values).toEqual(["€ 100", "uke 1–2", "ok", "x"]);
    expect(t.source).toBe(p);
    // two offices stay two groups
    const km = kaplanMeierFromTable(t, { time: "tid", event: "jobb", group: "kontor" });
    expect(km.curves.map((c) => c.group)).toEqual(["kontor=Askøy", "kontor=Åsane"]);
    const cli = runCliJson(["km", "--data", p, "--time", "tid", "--event", "jobb", "--group", "kontor", "--encoding", "windows-1252"]);
    expect(cli.curves.map((c: { group: string }) => c.group)).toEqual(["kontor=Askøy", "kontor=Åsane"]);
  });

  it("reads a Latin-1 file with --encoding latin-1", async () => {
    const p = file("latin1.csv", iconv.encode("kontor,tid\nÅsane,5\nAskøy,7\n", "latin1"));
    const t = await readTable(p, { encoding: "latin-1" });
    expect(t.columns.get("kontor")!.values).toEqual(["Åsane", "Askøy"]);
  });

  it("refuses invalid UTF-8 without --encoding, naming file and row, never replacement characters", async () => {
    const p = file("w1252-noenc.csv", iconv.encode(text, "win1252"));
    await expect(readTable(p)).rejects.toThrow(/w1252-noenc\.csv, row 1: not valid UTF-8.*--encoding/);
    // the first bad byte on data row 3 (rows 1–2 are ASCII)
    const p3 = file("late.csv", Buffer.concat([Buffer.from("a,b\nx,1\ny,2\n"), iconv.encode("Askøy,3\n", "latin1")]));
    await expect(readTable(p3)).rejects.toThrow(/late\.csv, row 3: not valid UTF-8/);
    expectInputError(["km", "--data", p, "--time", "tid", "--event", "jobb"], /w1252-noenc\.csv, row 1: not valid UTF-8/);
  });

  it("keeps a UTF-8 byte-order mark out of the first column name", async () => {
    const t = await readTable(file("bom.csv", "\uFEFFtid,jobb\n5,1\n"));
    expect(t.names).toEqual(["tid", "jobb"]);
  });
});

describe("delimiters and decimal marks", () => {
  it("takes the delimiter from the header line (; tab |) or from --delimiter", async () => {
    for (const [name, d] of [["semi.csv", ";"], ["tab.tsv", "\t"], ["pipe.csv", "|"]] as const) {
      const t = await readTable(file(name, `a${d}b\n1${d}x\n2${d}y\n`));
      expect(t.names).toEqual(["a", "b"]);
      expect(Array.from(t.columns.get("a")!.values as Float64Array)).toEqual([1, 2]);
    }
    // a single-column file whose text holds commas: --delimiter says it is ;-separated
    const t = await readTable(file("forced.csv", "a;b\n1;x,y\n"), { delimiter: ";" });
    expect(t.columns.get("b")!.values).toEqual(["x,y"]);
  });

  it("reads a Norwegian Excel file (semicolons, decimal comma) with --decimal , to the same Cox fit", async () => {
    const d = await lung();
    const plain = ["time,dead,age,sex", ...d.time.map((t, i) => `${t},${d.dead[i]},${d.age[i] + 0.25},${d.sex[i]}`)].join("\n");
    const excel = ["time;dead;age;sex", ...d.time.map((t, i) => `${t};${d.dead[i]};${String(d.age[i] + 0.25).replace(".", ",")};${d.sex[i]}`)].join("\r\n");
    const a = coxphFromTable(await readTable(file("plain.csv", plain)), { time: "time", event: "dead", covariates: ["age", "sex"] });
    const pExcel = file("excel.csv", excel);
    const b = coxphFromTable(await readTable(pExcel, { decimal: "," }), { time: "time", event: "dead", covariates: ["age", "sex"] });
    expect(b.coef).toEqual(a.coef);
    expect(b.se).toEqual(a.se);
    const cli = runCliJson(["cox", "--data", pExcel, "--time", "time", "--event", "dead", "--covariates", "age,sex", "--decimal", ","]);
    expect(cli.coef).toEqual(Array.from(a.coef));
    // without --decimal the comma numbers are text: one line with the hint
    expectInputError(["cox", "--data", pExcel, "--time", "time", "--event", "dead", "--covariates", "age,sex"], /excel\.csv, column "age", row 1: value "74,25" has a decimal comma; pass --decimal ,/);
  });

  it("refuses a thousands separator, naming the row", () => {
    const p = file("thousands.csv", "tid;jobb;inntekt\n5;1;250\n7;0;1.234,50\n9;1;300\n");
    expectInputError(
      ["cox", "--data", p, "--time", "tid", "--event", "jobb", "--covariates", "inntekt", "--decimal", ","],
      /thousands\.csv, column "inntekt", row 2: value "1\.234,50" has a thousands separator/,
    );
    const q = file("thousands2.csv", 'tid,jobb,inntekt\n5,1,250\n7,0,"12,345.5"\n9,1,300\n');
    expectInputError(["cox", "--data", q, "--time", "tid", "--event", "jobb", "--covariates", "inntekt"], /row 2: value "12,345\.5" has a thousands separator/);
  });
});

describe("R and Excel users' files", () => {
  it("recognises and ignores R write.csv's row-name column", async () => {
    const d = await lung();
    const rows = d.time.map((t, i) => `"${i + 1}",${t},${d.dead[i]},${d.age[i]},${d.sex[i]}`);
    const p = file("writecsv.csv", ['"","time","dead","age","sex"', ...rows].join("\n"));
    const t = await readTable(p);
    expect(t.names).toEqual(["time", "dead", "age", "sex"]);
    const plain = file("plain2.csv", ["time,dead,age,sex", ...d.time.map((x, i) => `${x},${d.dead[i]},${d.age[i]},${d.sex[i]}`)].join("\n"));
    const a = runCliJson(["cox", "--data", plain, "--time", "time", "--event", "dead", "--covariates", "age,sex"]);
    const b = runCliJson(["cox", "--data", p, "--time", "time", "--event", "dead", "--covariates", "age,sex"]);
    expect(b.coef).toEqual(a.coef);
  });

  it("R's status coding 1 = censored / 2 = event: refused with a hint, right with --event-value 2", async () => {
    const d = await lung();
    const p01 = file("s01.csv", ["time,status,age", ...d.time.map((t, i) => `${t},${d.dead[i]},${d.age[i]}`)].join("\n"));
    const p12 = file("s12.csv", ["time,status,age", ...d.time.map((t, i) => `${t},${d.dead[i] + 1},${d.age[i]}`)].join("\n"));
    for (const cmd of [["cox", "--covariates", "age"], ["km"], ["logrank", "--group", "age"]]) {
      const [name, ...rest] = cmd;
      expectInputError([name, "--data", p12, "--time", "time", "--event", "status", ...rest], /holds only 1 and 2.*--event-value 2/);
    }
    const a = runCliJson(["cox", "--data", p01, "--time", "time", "--event", "status", "--covariates", "age"]);
    const b = runCliJson(["cox", "--data", p12, "--time", "time", "--event", "status", "--covariates", "age", "--event-value", "2"]);
    expect(b.coef).toEqual(a.coef);
    const ka = runCliJson(["km", "--data", p01, "--time", "time", "--event", "status"]);
    const kb = runCliJson(["km", "--data", p12, "--time", "time", "--event", "status", "--event-value", "2"]);
    expect(kb.curves).toEqual(ka.curves);
    // text codes work too
    const pt = file("stext.csv", ["time,status", ...d.time.map((t, i) => `${t},${d.dead[i] ? "dead" : "alive"}`)].join("\n"));
    const kt = runCliJson(["km", "--data", pt, "--time", "time", "--event", "status", "--event-value", "dead"]);
    expect(kt.curves).toEqual(ka.curves);
  });

  it("cuminc --censor-value: 1 = censored, 2 and 3 = causes give the same curves as 0/1/2", () => {
    const rows = [[2, 1], [3, 2], [3, 0], [5, 1], [6, 0], [7, 2], [8, 1], [9, 0], [10, 2], [12, 1]];
    const p0 = file("c0.csv", ["t,c", ...rows.map(([t, c]) => `${t},${c}`)].join("\n"));
    const p1 = file("c1.csv", ["t,c", ...rows.map(([t, c]) => `${t},${c + 1}`)].join("\n"));
    const a = runCliJson(["cuminc", "--data", p0, "--time", "t", "--cause", "c", "--causes", "work,other"]);
    const b = runCliJson(["cuminc", "--data", p1, "--time", "t", "--cause", "c", "--censor-value", "1", "--causes", "work,other"]);
    expect(b.curves).toEqual(a.curves);
    // the cause names default to the original codes
    const c = runCliJson(["cuminc", "--data", p1, "--time", "t", "--cause", "c", "--censor-value", "1"]);
    expect(c.curves[0].causes.map((x: { cause: string }) => x.cause)).toEqual(["2", "3"]);
    // a 1/2-only cause column (likely R's status) is refused with the hint
    const p12 = file("c12.csv", "t,c\n1,1\n2,2\n3,1\n");
    expectInputError(["cuminc", "--data", p12, "--time", "t", "--cause", "c"], /only 1 and 2.*--censor-value 1/);
  });

  it("a numeric column with one non-number is an error naming the first bad row and value; --factor makes it categorical", () => {
    const lines = ["time,event,age"];
    for (let i = 1; i <= 2000; i++) lines.push(`${(i * 7) % 365 + 1},${i % 3 === 0 ? 0 : 1},${20 + (i % 45)}`);
    lines[1235] = lines[1235].replace(/,\d+$/, ",sixty"); // data row 1235
    const p = file("typo.csv", lines.join("\n"));
    expectInputError(["cox", "--data", p, "--time", "time", "--event", "event", "--covariates", "age"], /typo\.csv, column "age", row 1235: value "sixty" is not a number.*--factor age=/);
    const r = runCli(["cox", "--data", p, "--time", "time", "--event", "event", "--covariates", "age", "--factor", "age=20", "--format", "json"]);
    // 45 ages + "sixty" = 46 levels → 45 dummies (it may not converge, but it is read as a factor)
    if (r.code === 0) expect(JSON.parse(r.stdout).terms).toHaveLength(45);
    else expect(r.code).toBe(4);
  });

  it("a non-number beyond the CSV sniffer's sample (row 25 000 of 30 000) is found too, with its row", async () => {
    const lines = ["time,event,age"];
    for (let i = 1; i <= 30_000; i++) lines.push(`${(i % 300) + 1},${i % 2},${20 + (i % 40)}`);
    lines[25_000] = "5,1,sixty";
    const p = file("late-typo.csv", lines.join("\n"));
    const t = await readTable(p, { columns: ["age"] });
    expect(t.columns.get("age")!.type).toBe("string"); // re-read as text after DuckDB's cast failed
    expectInputError(["cox", "--data", p, "--time", "time", "--event", "event", "--covariates", "age"], /late-typo\.csv, column "age", row 25000: value "sixty" is not a number/);
  });

  it("a header-only or empty file is an error", () => {
    const h = file("header.csv", "time,event\n");
    const e = file("empty.csv", "");
    expectInputError(["km", "--data", h, "--time", "time", "--event", "event"], /header\.csv: no data rows/);
    expectInputError(["km", "--data", e, "--time", "time", "--event", "event"], /empty\.csv: file is empty/);
  });

  it("ragged rows and an unclosed quote name the row", async () => {
    await expect(readTable(file("ragged2.csv", "a,b\n1,2\n3,4\n5\n"))).rejects.toThrow(/ragged2\.csv, row 3: not valid CSV: row has 1 fields, the header has 2/);
    await expect(readTable(file("quote.csv", 'a,b\n1,2\n3,"4\n'))).rejects.toThrow(/quote\.csv, row 2: not valid CSV: a quoted field is never closed/);
  });
});
