/**
 * Calendar days in Norway. Dates become whole days since 1970-01-01; an instant (a timestamp with a
 * time zone) becomes the day it was in Europe/Oslo (UTC+1, +2 in summer time), so 2020-03-01 23:30 UTC
 * is day 2020-03-02. Hazard: summer-time rules changed over the years; the offset comes from the
 * ICU time-zone data of Node's Intl, cached per UTC hour.
 */
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

const fmt = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Oslo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const hourCache = new Map<number, number>();

/** Day number (since 1970-01-01) in Europe/Oslo of an instant given as epoch milliseconds. */
export function osloDay(ms: number): number {
  const hour = Math.floor(ms / MS_PER_HOUR);
  let day = hourCache.get(hour);
  if (day === undefined) {
    const [y, m, d] = fmt.format(new Date(hour * MS_PER_HOUR)).split("-").map(Number);
    day = Date.UTC(y, m - 1, d) / MS_PER_DAY;
    if (hourCache.size > 100_000) hourCache.clear();
    hourCache.set(hour, day);
  }
  return day;
}

/** Day number of a wall-clock time without zone given as epoch milliseconds. */
export function wallClockDay(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** "YYYY-MM-DD" of a day number. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
