/** Read and validate a job file (YAML or JSON) before any estimation starts. */
import { readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import AjvModule from "ajv";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors.js";
import { JOB_SCHEMA, type JobFile } from "./job-schema.js";

// ajv is CommonJS with a default export
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule;

export interface LoadedJob {
  file: string;
  /** The job's text as read (kept in the manifest). */
  text: string;
  job: Required<Pick<JobFile, "extracts" | "design">> & JobFile;
  /** Absolute paths resolved against the job file's folder. */
  extractsDir: string;
  outputDir?: string;
}

export function loadJob(file: string): LoadedJob {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read job file: ${(e as Error).message}`, { file });
  }
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(`not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`, { file });
  }
  const job = validateJob(raw, file);
  const base = dirname(resolve(file));
  return {
    file,
    text,
    job,
    extractsDir: resolve(base, job.extracts),
    outputDir: job.output ? resolve(base, job.output) : undefined,
  };
}

export function validateJob(raw: unknown, file = "<job>"): LoadedJob["job"] {
  const ajv = new (Ajv as any)({ allErrors: false, useDefaults: true, strict: false });
  const validate = ajv.compile(JOB_SCHEMA);
  if (!validate(raw)) {
    const err = validate.errors[0];
    const where = (err.instancePath || "").replace(/^\//, "").replace(/\//g, ".") || "(top level)";
    let detail = err.message as string;
    if (err.keyword === "additionalProperties") detail = `unknown field "${err.params.additionalProperty}"`;
    if (err.keyword === "enum") detail += ` (${err.params.allowedValues.join(", ")})`;
    throw new InputError(`job field ${where}: ${detail}`, { file });
  }
  const job = raw as LoadedJob["job"];
  const { pre, post } = job.design;
  const overlap = pre.filter((y) => post.includes(y));
  if (overlap.length) throw new InputError(`job field design: year ${overlap[0]} is in both pre and post`, { file });
  return job;
}
