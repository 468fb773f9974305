import { target } from "./base.mjs";

export default target("did", ["src/did/**/*.ts"]);
