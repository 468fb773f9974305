// The publication gate: src/publish (linked-cell suppression, safe survival bins, the gate of the
// time-to-work outputs, results.json whitelisting) and its table front end src/report/suppress.ts.
import { target } from "./base.mjs";

// its tests take < 1 s, so 15 s beyond 3× that is generous (endless-loop mutants cost this much each)
export default target("publish", ["src/publish/**/*.ts", "src/report/suppress.ts"], 15000);
