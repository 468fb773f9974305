/**
 * effekt as a user's project gets it: `npm pack` the package, install the tarball into a fresh project
 * (with danfojs-node and the overrides the README's "DataFrames" section asks for), type-check the
 * README's API snippet plus tidy/glance/toDataFrame under `tsc --strict`, then run it.
 * This checks what the package ships (`files`), its exports and its declaration files — none of
 * which the in-repository tests see, since they import the sources.
 * Needs the npm registry (or npm's cache) for the consumer's install, as CI has.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
// asynchronous on purpose: a synchronous npm install would block vitest's worker past its 60 s RPC timeout
const run = async (cmd: string, args: string[], cwd: string) =>
  (await promisify(execFile)(cmd, args, { cwd, encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024 })).stdout;

describe("the packed package in a fresh project", () => {
  const dir = mkdtempSync(join(tmpdir(), "effekt-consumer-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("installs, type-checks strictly and runs the README's API snippet, tidy and toDataFrame", async () => {
    await run("npm", ["pack", "--silent", "--pack-destination", dir], ROOT);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    expect(tarball).toMatch(/^effekt-.*\.tgz$/);
    const listing = (await run("tar", ["-tzf", join(dir, tarball)], dir)).split("\n");
    expect(listing).toContain("package/dist/src/index.d.ts");
    expect(listing.some((f) => f.startsWith("package/test/") || f.startsWith("package/src/"))).toBe(false);

    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "consumer", private: true, type: "module",
        dependencies: { effekt: `file:../${tarball}`, "danfojs-node": "^1.2.0" },
        devDependencies: { typescript: "5.9.3", "@types/node": "^20.19.0" },
        // the overrides the README documents for danfojs-node
        overrides: { xlsx: "0.18.5", "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@^3.21.0" },
      }),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], project);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "js", skipLibCheck: false, types: ["node"] }, files: ["main.ts"] }),
    );
    const lung = join(ROOT, "data", "examples", "lung.csv");
    writeFileSync(
      join(project, "main.ts"),
      `import { readTable, coxphFromTable, tidy, glance, toDataFrame, type CoxTermRow } from "effekt";
const t = await readTable(${JSON.stringify(lung)});
const fit = coxphFromTable(t, { time: "time", event: "dead", covariates: ["age", "sex"], zph: true });
const rows: CoxTermRow[] = tidy(fit);
const g = glance(fit);
const df = toDataFrame(fit);
const shape: number[] = df.shape;
console.log(JSON.stringify({ terms: rows.map((r) => r.term), hr: fit.hazard_ratio, n: g.n, shape }));
`,
    );
    await run(join(project, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], project);
    const out = JSON.parse(await run("node", [join(project, "js", "main.js")], project));
    expect(out.terms).toEqual(["age", "sex"]);
    // lung, coxph(Surv(time, status) ~ age + sex): 228 rows, none missing in these columns (R: n = 228)
    expect(out.n).toBe(228);
    expect(out.shape).toEqual([2, 9]);
  });
});
