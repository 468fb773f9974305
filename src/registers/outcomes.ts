/**
 * Outcome of an exit: the person's status in the status month (exit month + 2).
 *  - job_without_benefits: employed, no benefit paid that month;
 *  - job_with_benefits: employed and a benefit paid the same month;
 *  - no_job: not employed but still a job seeker (registered job seeker, a job-seeker benefit such
 *    as unemployment benefit or work assessment allowance, or on another measure);
 *  - other: none of these (not registered, other benefits such as disability or old-age pension).
 * `job` = the first two.
 */
import { BENEFIT, EMPLOYED, JOBSEEKER } from "./load.js";

export const OUTCOMES = ["job_without_benefits", "job_with_benefits", "no_job", "other"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcome index from the status month's employment flags and whether the person is on a measure. */
export function classifyOutcome(flags: number, onMeasure: boolean): number {
  if (flags & EMPLOYED) return flags & BENEFIT ? 1 : 0;
  if (flags & JOBSEEKER || onMeasure) return 2;
  return 3;
}

export function isJob(outcome: number): boolean {
  return outcome === 0 || outcome === 1;
}
