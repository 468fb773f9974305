import { target } from "./base.mjs";

export default target("survival", ["src/survival/**/*.ts"]);
