/**
 * The job file of `effekt run` (YAML or JSON), as a JSON Schema: validated with ajv before any
 * work starts. `docs/job.md` explains each field for users; `jobs/example.yaml` is a complete one.
 */
import { PREPARE_CONFIG_SCHEMA } from "../registers/config-schema.js";

export const JOB_SCHEMA = {
  $id: "https://effekt.dev/job.schema.json",
  type: "object",
  additionalProperties: false,
  required: ["extracts", "design"],
  properties: {
    name: { type: "string", description: "Title of the report." },
    extracts: { type: "string", description: "Folder with the register extracts (relative to the job file)." },
    output: { type: "string", description: "Output folder (relative to the job file); --out overrides." },
    seed: { type: "integer", minimum: 0, description: "Seed for the bootstrap and anything random." },
    prepare: { ...PREPARE_CONFIG_SCHEMA, description: "Overrides of the prepare configuration (see docs/extracts.md)." },
    input: {
      type: "object",
      additionalProperties: false,
      description: "How CSV extracts are written (as --encoding, --delimiter, --decimal).",
      properties: {
        encoding: { enum: ["utf-8", "latin-1", "windows-1252"] },
        delimiter: { type: "string", minLength: 1, maxLength: 1 },
        decimal: { enum: [".", ","] },
      },
    },
    design: {
      type: "object",
      additionalProperties: false,
      required: ["pre", "post"],
      properties: {
        offices: {
          type: "array",
          items: { type: "string" },
          minItems: 2,
          uniqueItems: true,
          description: "Office names the design expects; each must be in the offices extract.",
        },
        pilot_start: { type: "string", pattern: "^\\d{4}-\\d{2}$", description: "Overrides the offices extract." },
        pre: { $ref: "#/$defs/years", description: "Years before the pilot to compare (e.g. [2011, 2012])." },
        post: { $ref: "#/$defs/years", description: "Years after the start to compare (e.g. [2014, 2015])." },
        wider_comparison: {
          type: "boolean",
          default: false,
          description: "Also compare the pilot offices with every other office, incl. the rest of the country (offices with role other).",
        },
      },
    },
    population: {
      type: "object",
      additionalProperties: false,
      description: "Whom the headline estimates are for: exits from (and spells entering on) these measures, for these user groups.",
      properties: {
        measures: { type: "array", items: { type: "string" }, minItems: 1, description: "Measure codes (default: the four pilot measures; [\"*\"] = every measure)." },
        user_groups: { type: "array", items: { type: "string" }, minItems: 1, description: "User groups (default: all)." },
      },
    },
    by: {
      type: "array",
      items: { enum: ["measure", "user_group"] },
      uniqueItems: true,
      description: "Estimates per measure and/or per user group of the population, beside the headline, with the same inference.",
    },
    outcome: { type: "string", default: "job", description: "Binary outcome column of the exits table." },
    covariates: {
      type: "array",
      items: { type: "string" },
      uniqueItems: true,
      default: [],
      description: "Person covariates used in DiD (individual level) and Cox models.",
    },
    analyses: {
      type: "object",
      additionalProperties: false,
      properties: {
        baseline: { type: "boolean", default: true },
        did: {
          type: "object",
          additionalProperties: false,
          properties: {
            enabled: { type: "boolean", default: true },
            draws: { type: "integer", minimum: 1, default: 9999 },
            weights: { enum: ["rademacher", "webb"], default: "rademacher" },
            randomization: { enum: ["all", "pairs"], default: "all" },
            reference_period: { type: "integer" },
          },
        },
        cox: {
          type: "object",
          additionalProperties: false,
          properties: {
            enabled: { type: "boolean", default: true },
            pooled: { type: "boolean", default: true },
            per_office: { type: "boolean", default: true },
            ties: { enum: ["efron", "breslow"], default: "efron" },
            randomization: { enum: ["all", "pairs"], description: "Randomization inference for pilot over all assignments to offices or within county pairs (default: as did)." },
            split_at: { type: "array", items: { type: "number", exclusiveMinimum: 0 }, minItems: 1, default: [180], description: "Days at which spells are split for the hazard ratio by period (reported when proportional hazards are rejected)." },
          },
        },
        km: {
          type: "object",
          additionalProperties: false,
          properties: {
            enabled: { type: "boolean", default: true },
            times: { type: "array", items: { type: "number", minimum: 0 }, default: [90, 180, 365, 730] },
            conf_type: { enum: ["log", "log-log", "plain"], default: "log" },
            rmst_tau: { type: "number", exclusiveMinimum: 0, description: "Horizon in days of the restricted mean time to work (default: the last of times)." },
          },
        },
        competing_risks: { type: "boolean", default: true },
        background: { type: "boolean", default: true, description: "All 19 measures and all groups as a background line." },
      },
    },
    suppression: {
      type: "object",
      additionalProperties: false,
      properties: { min_cell: { type: "integer", minimum: 1, default: 5 } },
    },
  },
  $defs: {
    years: { type: "array", items: { type: "integer", minimum: 1900, maximum: 2200 }, minItems: 1, uniqueItems: true },
  },
} as const;

export interface JobFile {
  name?: string;
  extracts: string;
  output?: string;
  seed?: number;
  prepare?: Partial<import("../registers/config.js").PrepareConfig>;
  input?: { encoding?: "utf-8" | "latin-1" | "windows-1252"; delimiter?: string; decimal?: "." | "," };
  design: { offices?: string[]; pilot_start?: string; pre: number[]; post: number[]; wider_comparison?: boolean };
  population?: { measures?: string[]; user_groups?: string[] };
  by?: ("measure" | "user_group")[];
  outcome?: string;
  covariates?: string[];
  analyses?: {
    baseline?: boolean;
    did?: { enabled?: boolean; draws?: number; weights?: "rademacher" | "webb"; randomization?: "all" | "pairs"; reference_period?: number };
    cox?: { enabled?: boolean; pooled?: boolean; per_office?: boolean; ties?: "efron" | "breslow"; randomization?: "all" | "pairs"; split_at?: number[] };
    km?: { enabled?: boolean; times?: number[]; conf_type?: "log" | "log-log" | "plain"; rmst_tau?: number };
    competing_risks?: boolean;
    background?: boolean;
  };
  suppression?: { min_cell?: number };
}
