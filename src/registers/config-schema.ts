/**
 * The prepare configuration (a partial `PrepareConfig`, see config.ts and docs/extracts.md) as a
 * JSON Schema: every object closed (`additionalProperties: false`), so a misspelt key such as
 * `exitgap` is an error with a suggestion instead of being ignored. Used for `--config` files, a
 * job's `prepare:` section and the API's `resolveConfig`.
 */
const MONTH = { type: "string", pattern: "^\\d{4}-\\d{2}$" } as const;
const DAY = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" } as const;
const CODES = { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true } as const;

export const PREPARE_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    studyFrom: MONTH,
    studyTo: MONTH,
    pilotStart: MONTH,
    asOf: MONTH,
    exitGap: { type: "integer", minimum: 1 },
    statusLag: { type: "integer", minimum: 1 },
    userGroups: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["code", "label"],
        properties: { code: { type: "string", minLength: 1 }, label: { type: "string" } },
      },
    },
    measures: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["code", "name", "category", "setting", "pilot", "baseline"],
        properties: {
          code: { type: "string", minLength: 1 },
          name: { type: "string" },
          category: { type: "string" },
          setting: { enum: ["ordinary", "sheltered"] },
          pilot: { type: "boolean" },
          baseline: { type: "boolean" },
          aps: { type: "boolean" },
        },
      },
    },
    regimes: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "from", "to", "offices", "measures"],
        properties: {
          name: { type: "string", minLength: 1 },
          from: MONTH,
          to: MONTH,
          offices: { enum: ["pilot", "control", "all"] },
          measures: CODES,
          recode: { type: "object", additionalProperties: { type: "string", minLength: 1 } },
          excludeUsers: { type: "boolean" },
          description: { type: "string" },
        },
      },
    },
    jobseekerBenefits: CODES,
    disabilityBenefits: CODES,
    otherExitBenefits: CODES,
    population: {
      type: "object",
      additionalProperties: false,
      properties: { measures: { ...CODES, minItems: 1 }, userGroups: { ...CODES, minItems: 1 } },
    },
    timeToWork: {
      type: "object",
      additionalProperties: false,
      properties: { origin: DAY, end: DAY },
    },
  },
} as const;
