/** Small hand-made extracts written as CSV into a fresh temp folder. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const OFFICES_CSV = `office_id,name,county,role,pilot_start
1,Ski,Akershus,pilot,201304
2,Nittedal,Akershus,control,
`;

export function writeExtracts(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "effekt-reg-"));
  for (const [name, text] of Object.entries({ "offices.csv": OFFICES_CSV, ...files })) writeFileSync(join(dir, name), text);
  return dir;
}

export function tmpOut(): string {
  return join(mkdtempSync(join(tmpdir(), "effekt-out-")), "prepared");
}
