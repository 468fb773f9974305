/**
 * Time to work as counting-process (start, stop] rows in days since the origin (1 Nov 2012 by
 * default), for Cox and Kaplan–Meier with delayed entry:
 *  - population: persons on a measure at some month in [origin month, end month];
 *  - entry: the first day of the person's first month on a measure at or after the origin month
 *    (the origin itself when on a measure then); start = days from origin to entry;
 *  - event: the first month in work after the entry month; stop = days from origin to its first day;
 *  - censored (event 0) at the earliest of moving away, death, the end of observation (31 Dec 2015)
 *    and the last day of the employment register's last month (the only register "in work" needs);
 *  - excluded (counted): no person record, in work in the entry month, left or censored before entry.
 * Competing risks (Aalen–Johansen): `cause` 1 work, 2 disability benefit (first month with a
 * `disabilityBenefits` code after entry), 3 other exit (death, or an `otherExitBenefits` code such as
 * old-age pension), whichever comes first, at `crStop`; 0 = censored (moving, end of observation,
 * register end — here the earlier of the employment and benefits registers' last months, as the causes
 * need both). The Cox/KM `event` stays "work", censored only at moving, death and the end.
 */
import type { Employment, Persons } from "./load.js";
import { DISABILITY, EMPLOYED, OTHER_EXIT } from "./load.js";
import { dayOfMonthEnd, dayOfMonthStart, monthOfDay } from "./months.js";

export interface TtwContext {
  originDay: number;
  endDay: number;
  /** Employment register's last month (month index): censors the work event. */
  registerLast: number;
  /** Earliest last month of employment and benefits: censors the competing-risks time. */
  crRegisterLast?: number;
  /** Cached month indices of originDay and endDay. */
  originMonth?: number;
  endMonth?: number;
}

export type TtwResult =
  | { kind: "none" }
  | { kind: "excluded"; why: string }
  | { kind: "spell"; row: number; entryMonth: number; start: number; stop: number; event: number; crStop: number; cause: number };

/** One person's spell from their sorted measure months M[s..e) and employment rows [es, ee). */
export function timeToWorkSpell(
  ctx: TtwContext,
  M: Int32Array | Uint16Array,
  s: number,
  e: number,
  prow: number,
  persons: Persons,
  emp: Employment,
  es: number,
  ee: number,
): TtwResult {
  const originMonth = (ctx.originMonth ??= monthOfDay(ctx.originDay));
  const endMonth = (ctx.endMonth ??= monthOfDay(ctx.endDay));
  if (M[e - 1] < originMonth || M[s] > endMonth) return { kind: "none" };
  if (prow < 0) return { kind: "excluded", why: "no_person_record" };
  // Entry = first month on a measure at or after the origin month (the later of origin and first
  // month on a measure; a person seen before the origin but not in the origin month enters when
  // seen again — counting them from the origin would lend them risk time in which an event could
  // not have been seen).
  let row = s;
  while (M[row] < originMonth) row++;
  const entryMonth = M[row];
  if (entryMonth > endMonth) return { kind: "none" };
  const entryDay = Math.max(ctx.originDay, dayOfMonthStart(entryMonth));
  let censor = Math.min(ctx.endDay, dayOfMonthEnd(ctx.registerLast));
  const mv = persons.moved[prow];
  const dd = persons.died[prow];
  if (mv < censor) censor = mv;
  if (dd < censor) censor = dd;
  if (censor <= entryDay) return { kind: "excluded", why: "censored_before_entry" };
  // Competing risks need the benefits register too: censored at the earlier register end (one day
  // after entry at the least, so that the interval is not empty when benefits end before the entry).
  const crCensor = Math.max(entryDay + 1, Math.min(censor, dayOfMonthEnd(ctx.crRegisterLast ?? ctx.registerLast)));
  let eventMonth = -1;
  let competingMonth = -1;
  let competingCause = 0;
  for (let k = es; k < ee; k++) {
    const f = emp.flags[k];
    const m = emp.month[k];
    if (competingMonth < 0 && m > entryMonth && f & (DISABILITY | OTHER_EXIT)) {
      competingMonth = m;
      competingCause = f & DISABILITY ? 2 : 3;
    }
    if (!(f & EMPLOYED)) continue;
    if (m === entryMonth) return { kind: "excluded", why: "in_work_at_entry" };
    if (m > entryMonth) {
      eventMonth = m;
      break;
    }
  }
  const start = entryDay - ctx.originDay;
  // Competing-risks time: the first of work, disability benefit, other benefit exit or death.
  let crStop = crCensor - ctx.originDay;
  let cause = 0;
  if (dd === crCensor && dd < ctx.endDay) cause = 3; // died while observed
  const competingDay = competingMonth >= 0 ? dayOfMonthStart(competingMonth) : Infinity;
  const workDay = eventMonth >= 0 ? dayOfMonthStart(eventMonth) : Infinity;
  const firstDay = Math.min(workDay, competingDay);
  if (firstDay <= crCensor) {
    crStop = firstDay - ctx.originDay;
    cause = workDay <= competingDay ? 1 : competingCause;
  }
  if (eventMonth >= 0 && workDay <= censor) {
    return { kind: "spell", row, entryMonth, start, stop: workDay - ctx.originDay, event: 1, crStop, cause };
  }
  return { kind: "spell", row, entryMonth, start, stop: censor - ctx.originDay, event: 0, crStop, cause };
}
