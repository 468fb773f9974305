/**
 * Read and validate a job file (YAML or JSON) before any estimation starts: size and nesting
 * limits, duplicate keys, the JSON Schema with every object closed (an unknown key anywhere, also in
 * `prepare:`, is an error with a "did you mean"), then the prepare configuration's own rules.
 */
import { dirname, resolve } from "node:path";
import { InputError } from "../errors.js";
import { readConfigDocument, strictValidator } from "../io/strict-document.js";
import { resolveConfig } from "../registers/config.js";
import { JOB_SCHEMA, type JobFile } from "./job-schema.js";

export interface LoadedJob {
  file: string;
  /** The job's text as read (kept in the manifest). */
  text: string;
  /** SHA-256 of the job file's bytes as read. */
  sha256: string;
  job: Required<Pick<JobFile, "extracts" | "design">> & JobFile;
  /** Absolute paths resolved against the job file's folder. */
  extractsDir: string;
  outputDir?: string;
}

export function loadJob(file: string): LoadedJob {
  const doc = readConfigDocument(file, "job file");
  const job = validateJob(doc.value, file);
  const base = dirname(resolve(file));
  return {
    file,
    text: doc.text,
    sha256: doc.sha256,
    job,
    extractsDir: resolve(base, job.extracts),
    outputDir: job.output ? resolve(base, job.output) : undefined,
  };
}

const checkJob = strictValidator(JOB_SCHEMA, "job");

export function validateJob(raw: unknown, file = "<job>"): LoadedJob["job"] {
  checkJob(raw, file);
  const job = raw as LoadedJob["job"];
  const { pre, post } = job.design;
  const overlap = pre.filter((y) => post.includes(y));
  if (overlap.length) throw new InputError(`job field design: year ${overlap[0]} is in both pre and post`, { file });
  if (job.prepare) {
    try {
      resolveConfig(job.prepare, file);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`job field prepare: ${e.detail.replace(/^config: /, "")}`, { file });
      throw e;
    }
  }
  return job;
}
