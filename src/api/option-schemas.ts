/**
 * Schemas of the options objects of the API's `…FromTable` functions, checked at run time by
 * `checkOptions` (check-options.ts). The `KeysMatch` lines make the compiler refuse a schema whose keys
 * differ from its TypeScript interface: add an option to the interface and the build fails until the
 * schema has it too.
 */
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import type { CoxTableSpec } from "../survival/cox/from-table.js";
import type { KaplanMeierSpec, LogrankSpec } from "../survival/km-from-table.js";
import type { AalenJohansenSpec } from "../survival/cuminc-from-table.js";
import type { DidSpec } from "../did/from-table.js";
import { CONF_TYPES } from "../survival/confidence.js";

const column = (description: string) => Type.String({ minLength: 1, description });
const columns = (description: string) => Type.Array(Type.String({ minLength: 1 }), { description });
const opt = <T extends TSchema>(s: T) => Type.Optional(s);
const confType = Type.Union(CONF_TYPES.map((c) => Type.Literal(c)), { description: "confidence interval type" });
const level = (description: string) => Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description });

export const CoxOptions = Type.Object({
  time: column("the column of stop (or follow-up) times"),
  start: opt(column("the column of start times (delayed entry)")),
  event: column("the 0/1 event column"),
  covariates: columns("the covariate columns, e.g. [\"pilot\", \"age\"]"),
  factors: opt(Type.Record(Type.String(), Type.String(), { description: "factor covariates and their reference level" })),
  levels: opt(Type.Record(Type.String(), Type.Array(Type.String()), { description: "level order of factor covariates" })),
  strata: opt(column("the strata column")),
  cluster: opt(column("the cluster column (robust variance)")),
  weights: opt(column("the case-weight column")),
  ties: opt(Type.Union([Type.Literal("efron"), Type.Literal("breslow")])),
  confLevel: opt(level("level of the hazard-ratio limits, e.g. 0.95")),
  concordance: opt(Type.Boolean({ description: "Harrell's concordance in the result (default true)" })),
  robust: opt(Type.Boolean({ description: "robust (sandwich) variance; default: with cluster or fractional weights, as R" })),
  maxIter: opt(Type.Integer({ minimum: 1 })),
  eps: opt(Type.Number({ exclusiveMinimum: 0 })),
  zph: opt(Type.Boolean()),
  randomization: opt(column("randomization inference for this 0/1 covariate, constant within clusters (needs cluster)")),
  pair: opt(column("pairs of clusters: the label is re-assigned within pairs")),
  draws: opt(Type.Integer({ minimum: 1, description: "enumerate all assignments when at most this many, else sample this many" })),
  seed: opt(Type.Integer({ minimum: 0 })),
  randomizationCi: opt(Type.Boolean({ description: "interval by test inversion (default true)" })),
  jackknife: opt(Type.Boolean({ description: "cluster jackknife (CV3) SEs with t(G-1): G refits (default: with cluster, below 30 clusters)" })),
});

export const KaplanMeierOptions = Type.Object({
  time: column("the column of follow-up (or stop) times"),
  event: column("the 0/1 event column"),
  start: opt(column("the column of start times (delayed entry)")),
  group: opt(column("the group column")),
  groupLevels: opt(Type.Array(Type.String())),
  confType: opt(confType),
  confLevel: opt(level("confidence level, e.g. 0.95")),
  times: opt(Type.Array(Type.Number())),
  weights: opt(column("the case-weight column")),
  robust: opt(Type.Boolean({ description: "infinitesimal-jackknife SE; default with fractional weights, as R" })),
});

export const LogrankOptions = Type.Object({
  time: column("the column of follow-up (or stop) times"),
  event: column("the 0/1 event column"),
  start: opt(column("the column of start times (delayed entry)")),
  group: column("the group column"),
  groupLevels: opt(Type.Array(Type.String())),
  strata: opt(column("the strata column")),
  rho: opt(Type.Number({ minimum: 0 })),
});

export const AalenJohansenOptions = Type.Object({
  time: column("the column of follow-up (or stop) times"),
  cause: column("the column of exit causes: 0 = censored, 1..K = cause"),
  causeLevels: opt(Type.Array(Type.String())),
  start: opt(column("the column of start times (delayed entry)")),
  group: opt(column("the group column")),
  groupLevels: opt(Type.Array(Type.String())),
  confType: opt(confType),
  confLevel: opt(level("confidence level, e.g. 0.95")),
  times: opt(Type.Array(Type.Number(), { description: "also report the curves at these times" })),
  weights: opt(column("the case-weight column")),
});

export const DidOptions = Type.Object({
  outcome: column("the outcome column, e.g. \"job\""),
  unit: column("the unit column, e.g. \"office\""),
  time: column("the period column, e.g. \"year\""),
  treated: column("the 0/1 column marking pilot units"),
  firstTreated: Type.Union([Type.Number(), Type.String({ minLength: 1 })], {
    description: "the first treated period, e.g. 2013, or the name of a column holding each unit's first treated period",
  }),
  covariates: opt(columns("covariate columns")),
  factors: opt(Type.Record(Type.String(), Type.String(), { description: "factor covariates and their reference level" })),
  levels: opt(Type.Record(Type.String(), Type.Array(Type.String()), { description: "level order of factor covariates" })),
  cluster: opt(column("the cluster column (default: the unit)")),
  pair: opt(column("the pair column for within-pair randomization inference")),
  referencePeriod: opt(Type.Number()),
  draws: opt(Type.Integer({ minimum: 1 })),
  seed: opt(Type.Integer()),
  bootWeights: opt(Type.String({ description: "bootstrap weights, e.g. \"rademacher\"" })),
  weights: opt(column("the weight column")),
  binaryOutcome: opt(Type.Boolean()),
  level: opt(level("confidence level, e.g. 0.95")),
  riDraws: opt(Type.Integer({ minimum: 1, description: "randomization inference: sampled assignments when they are too many to enumerate" })),
  riMaxAssignments: opt(Type.Integer({ minimum: 1, description: "randomization inference: enumerate every assignment up to this many" })),
  weightType: opt(Type.Union([Type.Literal("analytic"), Type.Literal("frequency"), Type.Literal("shares")], { description: "what the weights are" })),
  ssc: opt(Type.Union([Type.Literal("full"), Type.Literal("nested")], { description: "CR1 small-sample factor" })),
  csSmallSample: opt(Type.Boolean({ description: "staggered: Callaway–Sant'Anna SEs times sqrt(G/(G-1))" })),
});

export const StaggeredDidOptions = Type.Object({
  ...DidOptions.properties,
  treated: opt(Type.String({ description: "not used: each unit's first treated period says which units are treated" })),
  firstTreated: column("the column holding each unit's first treated period (0 or after the last period = never treated)"),
  control: opt(Type.Union([Type.Literal("never"), Type.Literal("notyet")], { description: "control group" })),
});

type KeysMatch<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const keysMatch: [
  KeysMatch<Static<typeof CoxOptions>, CoxTableSpec>,
  KeysMatch<Static<typeof KaplanMeierOptions>, KaplanMeierSpec>,
  KeysMatch<Static<typeof LogrankOptions>, LogrankSpec>,
  KeysMatch<Static<typeof AalenJohansenOptions>, AalenJohansenSpec>,
  KeysMatch<Static<typeof DidOptions>, DidSpec>,
] = [true, true, true, true, true];
void keysMatch;
