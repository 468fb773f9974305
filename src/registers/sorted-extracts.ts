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
import { gather, permuteInPlace, sortByPersonMonth } from "./sort.js";

/** The measures extract, sorted by (person, month). */
export async function loadSortedMeasures(file: string, offices: Offices, cfg: PrepareConfig, read: ReadOptions): Promise<Measures> {
  const ms = await loadMeasures(file, offices, cfg, read);
  if (ms.n === 0) throw new InputError("no usable rows in the measures extract", { file });
  const { perm, pid } = sortByPersonMonth(ms.pid, ms.month, ms.firstMonth);
  if (pid === ms.pid) {
    // Rows grouped by person already: the permutation only moves rows within a person (short,
    // local cycles), so the columns are put in order in place — no second copy at the reading peak.
    permuteInPlace(perm, [ms.month, ms.office, ms.measure, ms.group]);
    return ms;
  }
  // Otherwise a gather reads the rows in the permutation's order, far faster than following its
  // long cycles across the whole extract.
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

/**
 * Sort employment by (person, month) and merge duplicate person-months (flags OR-ed; two
 * employment rows for one person-month counted, a benefits row adding to an employment row is not a
 * duplicate). Registers usually come in order: employment by (person, month), then benefits by
 * (person, month) — at most two runs. Those are merged in one pass into new columns, duplicates
 * merged on the way, with no permutation (at national scale: the input and the output, 14 bytes a
 * row, where the sort holds the input, a permutation, its merge buffer and gathered copies, about 19).
 * Anything else goes through the radix sort. Either way the result is the stable sort's.
 */
export function sortEmployment(emp: Employment): Issue {
  const issue: Issue = { count: 0, examples: [] };
  if (emp.n === 0) return issue;
  const n = emp.n;
  const { pid, month, flags } = emp;
  // Where (person, month) goes down: the start of a new run.
  let split = 0;
  let runs = 1;
  for (let i = 1; i < n && runs <= 2; i++) {
    if (pid[i] < pid[i - 1] || (pid[i] === pid[i - 1] && month[i] < month[i - 1])) {
      runs++;
      split = i;
    }
  }
  let outPid: Int32Array;
  let outMonth: Uint16Array;
  let outFlags: Uint8Array;
  let w = 0;
  const add = (p: number, m: number, f: number): void => {
    if (w > 0 && outPid[w - 1] === p && outMonth[w - 1] === m) {
      const twice = outFlags[w - 1] & f & 1; // two employment rows for one person-month
      outFlags[w - 1] |= f;
      if (twice) {
        issue.count++;
        if (issue.examples.length < 5) issue.examples.push(`person ${p}, ${monthLabel(m)}`);
      }
      return;
    }
    outPid[w] = p;
    outMonth[w] = m;
    outFlags[w] = f;
    w++;
  };
  if (runs === 1) {
    // In order already: merged in place (the write position never passes the read position).
    outPid = pid;
    outMonth = month;
    outFlags = flags;
    for (let i = 0; i < n; i++) add(pid[i], month[i], flags[i]);
  } else if (runs === 2) {
    outPid = new Int32Array(n);
    outMonth = new Uint16Array(n);
    outFlags = new Uint8Array(n);
    let i = 0;
    let j = split;
    while (i < split || j < n) {
      // ties from the first run first (stable)
      const r = j >= n || (i < split && (pid[i] < pid[j] || (pid[i] === pid[j] && month[i] <= month[j]))) ? i++ : j++;
      add(pid[r], month[r], flags[r]);
    }
  } else {
    const sorted = sortByPersonMonth(pid, month, emp.firstMonth);
    const perm = sorted.perm;
    outPid = sorted.pid;
    outMonth = gather(month, perm);
    outFlags = gather(flags, perm);
    for (let i = 0; i < n; i++) add(outPid[i], outMonth[i], outFlags[i]);
  }
  emp.pid = outPid.subarray(0, w);
  emp.month = outMonth.subarray(0, w);
  emp.flags = outFlags.subarray(0, w);
  emp.n = w;
  return issue;
}
