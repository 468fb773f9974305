/** Difference-in-differences with honest few-cluster inference. */
export { did2x2, did2x2Aggregate, type Did2x2Result } from "./two-by-two.js";
export { twfe, twfeDesign, inferenceFromFit, type TwfeInput, type TwfeResult, type TwfeDesign } from "./twfe.js";
export { buildGrams, type Grams, type GramInput } from "./absorb.js";
export { fitFromGrams, type GramFit } from "./ols.js";
export { varianceIid, varianceCR1, varianceCR2, cr1Factor } from "./variance-cr.js";
export { satterthwaiteDf } from "./satterthwaite.js";
export { wildClusterBootstrap, type WildBootstrapOptions, type WildBootstrapResult } from "./wild-bootstrap.js";
export { randomizationInference, type RandomizationInput, type RandomizationResult } from "./randomization.js";
export { eventStudy, type EventStudyInput, type EventStudyResult } from "./event-study.js";
export { didFromTable, didStaggeredFromTable, type DidSpec, type DidResult, type StaggeredDidResult } from "./from-table.js";
export { callawaySantAnna, type StaggeredInput, type StaggeredResult } from "./staggered.js";
