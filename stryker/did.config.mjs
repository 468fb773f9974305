import { target } from "./base.mjs";

// its in-process tests take 0.1–3 s per file; 30 s beyond 3× that is generous
// the shared linear algebra and sandwich (src/stats) are mutated by both this and the survival target
export default target("did", ["src/did/**/*.ts", "src/stats/linalg.ts", "src/stats/sandwich.ts"], 30000);
