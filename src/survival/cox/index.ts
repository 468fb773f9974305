/** Cox proportional hazards: fit, cox.zph, baseline hazard / adjusted survival, table front end. */
export { coxph, CoxModel, type CoxFit, type ChisqTest } from "./fit.js";
export type { CoxInput } from "./risk-sets.js";
export { coxZph, type ZphResult, type ZphTransform } from "./zph.js";
export { scoreResiduals } from "./robust.js";
export { coxphFromTable, type CoxTableSpec, type CoxTableFit } from "./from-table.js";
export { coxBaseline, type BaselineResult, type BaselineStratum } from "./baseline.js";
export { concordance, type Concordance } from "./concordance.js";
