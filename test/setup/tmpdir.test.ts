// The run's TMPDIR (test/setup/example-root.ts) is inside the run's own folder, so temporary folders
// that tests make are removed with it at the end of the run.
import { tmpdir } from "node:os";
import { inject, it, expect } from "vitest";

it("test workers make their temporary folders inside the run's folder", () => {
  expect(tmpdir().startsWith(inject("exampleRoot"))).toBe(true);
});
