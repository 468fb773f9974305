// ESLint (flat config, `npm run lint`): ESLint's and typescript-eslint's recommended rules everywhere,
// and the type-aware ones (recommendedTypeChecked, on tsconfig.json's program) on src/ and bench/;
// tests are not in that program, so they get the syntactic rules only. About 20 s on two cores.
// A rule switched off below says why on its line.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const typed = ["src/**/*.ts", "bench/**/*.ts"];

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "out/", "reports/", ".stryker-tmp/", "bench/data/", "notebooks/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: typed })),
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly" },
    },
    rules: {
      // `const { dropped: _d, ...rest } = x` is how a property is left out of a copy (tsc's noUnusedLocals agrees)
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }],
    },
  },
  {
    files: typed,
    rules: {
      // table cells are `unknown` by design (rows from files, JSON, Arrow); String(cell) after the null checks is the intended text
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  {
    files: typed,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ["src/survival/cox/unrolled.ts"],
    rules: {
      // the unrolled Cox kernels are generated with new Function on purpose (fixed p, no user input); see the file's header
      "@typescript-eslint/no-implied-eval": "off",
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // tests read R's reference JSON and the CLI's --format json output, whose shape the test itself asserts
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
);
