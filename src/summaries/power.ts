/**
 * Printed summary of the power and minimum detectable effect of a DiD design (effekt power).
 * Used by the CLI's table output and by notebooks (`console.log(powerSummary(result))`).
 */
import type { PowerResult } from "../power/did-power.js";

const pp = (v: number) => `${(100 * v).toFixed(1)} percentage points`;

export function powerSummary(r: PowerResult): string {
  const d = r.design;
  const lines = [
    `Design: ${d.offices} offices (${d.treated} pilot), ${d.persons} persons per office and period, ${d.pre} pre / ${d.post} post periods, baseline ${(100 * d.baseline).toFixed(1)}%, ICC ${d.icc}`,
    `CR2 formula: SE ${pp(r.formula.se)}, t(${r.formula.df}); MDE at ${Math.round(100 * d.power)}% power, alpha ${d.alpha}: ${pp(r.formula.mde)}${r.formula.power_at_effect !== undefined ? `; power at the effect: ${(100 * r.formula.power_at_effect).toFixed(1)}%` : ""}`,
  ];
  if (r.simulated) lines.push(`Simulated (${r.method}, ${r.simulated.reps} replicates): power ${(100 * r.simulated.power).toFixed(1)}% ± ${(100 * r.simulated.mc_se).toFixed(1)} (Monte-Carlo SE) at ${pp(r.simulated.effect)}`);
  lines.push(`Minimum detectable effect (${r.method}): ${r.mde === null ? "none" : `${pp(r.mde)} (${r.mde_source})`}`);
  if (r.note) lines.push(`Note: ${r.note}`);
  return lines.join("\n");
}
