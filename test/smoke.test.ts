import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";

describe("CLI shell", () => {
  it("prints help listing every subcommand", () => {
    const r = runCli(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["run", "prepare", "simulate", "did", "cox", "km", "logrank", "cuminc"]) expect(r.stdout).toContain(c);
  });
  it("rejects an unknown subcommand with a usage exit code", () => {
    const r = runCli(["frobnicate"]);
    expect(r.code).toBe(2);
  });
});
