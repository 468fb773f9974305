import { target } from "./base.mjs";

// its in-process tests take 0.1–3 s per file; 30 s beyond 3× that is generous
export default target("did", ["src/did/**/*.ts"], 30000);
