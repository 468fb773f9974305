/**
 * Shared by the property tests over damaged files: the fast-check corruptions (cut, overwrite,
 * insert bytes), the in-process CLI run with a time limit, and the check that a run ended cleanly
 * (exit 0 with JSON, or one line on stderr with exit 3/4; never exit 1, a stack trace or a hang).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { main } from "../../src/cli/main.js";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process, capturing output; fails if it does not end within `limitMs`. */
export async function runInProcess(args: string[], limitMs = 30_000): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += String(c)), true)) as typeof process.stderr.write;
  try {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      main(["node", "effekt", ...args, "--format", "json"]),
      new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: effekt ${args.join(" ")}`)), limitMs))),
    ]);
    clearTimeout(timer);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

export function expectClean(r: Run, what: string, codes = [3, 4]): void {
  if (r.code === 0) {
    expect(() => JSON.parse(r.stdout), what).not.toThrow();
    return;
  }
  expect(codes, `${what}: exit ${r.code}, stderr ${r.stderr}`).toContain(r.code);
  expect(r.stderr.trim().split("\n"), what).toHaveLength(1);
  expect(r.stderr, what).not.toMatch(/internal error|\bat .*:\d+:\d+/);
}

/** Corruptions: cut at a byte, overwrite bytes (any, or CSV-meaningful ASCII), insert bytes; positions taken modulo the length. */
export const corruption = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("flip" as const), edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }) }),
  fc.record({
    kind: fc.constant("flip" as const),
    edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom(10, 13, 34, 44, 59, 32, 48, 57, 65, 120, 45, 46)), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);
export type Corruption = typeof corruption extends fc.Arbitrary<infer T> ? T : never;

export function corrupt(src: Uint8Array, c: Corruption): Uint8Array {
  const n = src.length;
  if (c.kind === "truncate") return src.slice(0, c.at % (n + 1));
  if (c.kind === "flip") {
    const out = Uint8Array.from(src);
    for (const [pos, b] of c.edits) out[pos % n] = b;
    return out;
  }
  const at = c.at % (n + 1);
  return Uint8Array.from([...src.slice(0, at), ...c.bytes, ...src.slice(at)]);
}
