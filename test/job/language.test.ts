/**
 * The report language in the job file and on the command line: `language: en | nb` and
 * `name` as one text or one per language are validated with the rest of the job (an unknown
 * language or a misspelled key is one line and exit 3 for the job file, exit 2 for
 * `--language`), before any work starts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateJob } from "../../src/job/load-job.js";
import { ROOT, runCliAsync } from "../helpers/cli.js";

const base = { extracts: "x", design: { pre: [2011], post: [2014] } };

describe("job field language and name", () => {
  it("accepts en, nb and a title per language", () => {
    expect(validateJob({ ...base, language: "nb" }).language).toBe("nb");
    expect(validateJob({ ...base, language: "en", name: { en: "Evaluation", nb: "Evaluering" } }).name).toEqual({ en: "Evaluation", nb: "Evaluering" });
    expect(validateJob({ ...base, name: "One title" }).name).toBe("One title");
  });

  it("refuses other languages and misspellings with one line", () => {
    expect(() => validateJob({ ...base, language: "no" }, "job.yaml")).toThrow("job.yaml: job field language: must be equal to one of the allowed values (en, nb)");
    expect(() => validateJob({ ...base, langauge: "nb" }, "job.yaml")).toThrow('unknown field "langauge" (did you mean "language"?)');
    expect(() => validateJob({ ...base, name: { en: "A", nn: "B" } }, "job.yaml")).toThrow('job field name: unknown field "nn"');
  });

  it("effekt run --language refuses an unknown language with exit 2 before any work", async () => {
    const r = await runCliAsync(["run", join(ROOT, "jobs", "example.yaml"), "--language", "de", "--out", "/nonexistent/never-written"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--language must be one of en, nb, got "de"/);
  });
});
