/**
 * The person-month extracts loaded and put in (person, month) order, ready for `derive`: measures
 * (sorted), employment with benefits (sorted, duplicate person-months merged and counted), persons
 * (sorted by id, a repeated id refused). One function per extract, so that `prepare` can run the
 * measures on one thread and employment and persons on another (src/registers/load-worker.ts).
 */
import { InputError } from "../errors.js";
import type { ReadOptions } from "../io/read-options.js";
import type { PrepareConfig } from "./config.js";
import { type Employment, type Issue, loadEmployment, loadMeasures, loadPersons, type Measures, type Offices, type Persons } from "./load.js";
import { monthLabel } from "./months.js";
import { gather, sortByPersonMonth } from "./sort.js";

/** The measures extract, sorted by (person, month). */
export async function loadSortedMeasures(file: string, offices: Offices, cfg: PrepareConfig, read: ReadOptions): Promise<Measures> {
  const ms = await loadMeasures(file, offices, cfg, read);
  if (ms.n === 0) throw new InputError("no usable rows in the measures extract", { file });
  const { perm, pid } = sortByPersonMonth(ms.pid, ms.month, ms.firstMonth);
  ms.pid = pid;
  ms.month = gather(ms.month, perm);
  ms.office = gather(ms.office, perm);
  ms.measure = gather(ms.measure, perm);
  ms.group = gather(ms.group, perm);
  return ms;
}

/** The employment and benefits extracts (one row per person-month, sorted), and the merged duplicates. */
export async function loadSortedEmployment(
  file: string, benefitsFile: string | undefined, cfg: PrepareConfig, read: ReadOptions,
): Promise<{ emp: Employment; duplicates: Issue }> {
  const emp = await loadEmployment(file, benefitsFile, cfg, read);
  return { emp, duplicates: sortEmployment(emp) };
}

/** The persons extract, sorted by person id (an id given twice is an error naming its row). */
export async function loadSortedPersons(file: string, read: ReadOptions): Promise<Persons> {
  const p = await loadPersons(file, read);
  const order = Int32Array.from({ length: p.n }, (_, i) => i).sort((a, b) => p.pid[a] - p.pid[b]);
  for (let k = 1; k < p.n; k++) {
    if (p.pid[order[k]] === p.pid[order[k - 1]]) {
      throw new InputError(`person id ${p.pid[order[k]]} appears twice`, { file: p.file, column: "person_id", row: order[k] + 1 });
    }
  }
  p.pid = gather(p.pid, order);
  p.birthYear = gather(p.birthYear, order);
  p.sex = gather(p.sex, order);
  p.moved = gather(p.moved, order);
  p.died = gather(p.died, order);
  for (const c of p.covariates) {
    if (c.type === "number") c.values = gather(c.values, order);
    else c.codes = gather(c.codes, order);
  }
  return p;
}

/** Sort employment by (person, month) and merge duplicate person-months (flags OR-ed, counted). */
function sortEmployment(emp: Employment): Issue {
  const issue: Issue = { count: 0, examples: [] };
  if (emp.n === 0) return issue;
  const sorted = sortByPersonMonth(emp.pid, emp.month, emp.firstMonth);
  const perm = sorted.perm;
  const pid = sorted.pid;
  emp.pid = pid;
  const month = gather(emp.month, perm);
  const flags = gather(emp.flags, perm);
  let w = 0;
  for (let i = 0; i < pid.length; i++) {
    if (w > 0 && pid[w - 1] === pid[i] && month[w - 1] === month[i]) {
      // A benefits row adds to an employment row of the same month: not a duplicate.
      const twice = flags[w - 1] & flags[i] & 1; // two employment rows for one person-month
      flags[w - 1] |= flags[i];
      if (twice) {
        issue.count++;
        if (issue.examples.length < 5) issue.examples.push(`person ${pid[i]}, ${monthLabel(month[i])}`);
      }
      continue;
    }
    pid[w] = pid[i];
    month[w] = month[i];
    flags[w] = flags[i];
    w++;
  }
  emp.pid = pid.subarray(0, w);
  emp.month = month.subarray(0, w);
  emp.flags = flags.subarray(0, w);
  emp.n = w;
  return issue;
}
