/** Assert that `f` throws an error of `type` whose message is exactly `message` (or contains it). */
import { expect } from "vitest";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

export function throwsExactly(f: () => unknown, type: new (...a: never[]) => Error, message: string): void {
  const err = thrown(f);
  expect(err, message).toBeInstanceOf(type);
  expect((err as Error).message).toBe(message);
}

export function throwsWith(f: () => unknown, type: new (...a: never[]) => Error, text: string): void {
  const err = thrown(f);
  expect(err, text).toBeInstanceOf(type);
  expect((err as Error).message).toContain(text);
}
