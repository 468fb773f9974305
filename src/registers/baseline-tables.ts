/**
 * Baseline tables per office, user group and year: person-months on measures, average monthly
 * stock (person-months / months of the year in the extract), share per measure, share in ordinary
 * vs sheltered settings, exits (kept and excluded) and the outcome counts and transition-to-work
 * share (job with or without benefits / kept exits).
 */
import type { MeasureDef } from "./config.js";
import type { Offices } from "./load.js";
import { OUTCOMES } from "./outcomes.js";

export class BaselineCounts {
  readonly nYears: number;
  readonly personMonths: Float64Array;
  readonly shelteredMonths: Float64Array;
  readonly measureMonths: Float64Array;
  readonly exits: Float64Array;
  readonly excludedExits: Float64Array;
  readonly outcomes: Float64Array;
  constructor(
    readonly nOffices: number,
    readonly nGroups: number,
    readonly firstYear: number,
    lastYear: number,
    readonly nMeasures: number,
    readonly nOutcomes: number,
  ) {
    this.nYears = lastYear - firstYear + 1;
    const cells = nOffices * nGroups * this.nYears;
    this.personMonths = new Float64Array(cells);
    this.shelteredMonths = new Float64Array(cells);
    this.measureMonths = new Float64Array(cells * nMeasures);
    this.exits = new Float64Array(cells);
    this.excludedExits = new Float64Array(cells);
    this.outcomes = new Float64Array(cells * nOutcomes);
  }
  cell(office: number, group: number, year: number): number {
    return (office * this.nGroups + group) * this.nYears + (year - this.firstYear);
  }
  addMonth(office: number, group: number, year: number, measure: number, sheltered: number): void {
    const k = this.cell(office, group, year);
    this.personMonths[k]++;
    this.shelteredMonths[k] += sheltered;
    this.measureMonths[k * this.nMeasures + measure]++;
  }
  addExit(office: number, group: number, year: number, outcome: number): void {
    const k = this.cell(office, group, year);
    this.exits[k]++;
    this.outcomes[k * this.nOutcomes + outcome]++;
  }
  addExcludedExit(office: number, group: number, year: number): void {
    this.excludedExits[this.cell(office, group, year)]++;
  }
}

export interface BaselineRow {
  office_id: number;
  office: string;
  county: string;
  pilot: number;
  /** pilot | control | other (rest of the country). */
  role: string;
  user_group: string;
  year: number;
  person_months: number;
  avg_stock: number;
  share_ordinary: number;
  share_sheltered: number;
  exits: number;
  exits_excluded: number;
  job_without_benefits: number;
  job_with_benefits: number;
  no_job: number;
  other: number;
  job: number;
  job_share: number;
}

export interface MeasureShareRow {
  office_id: number;
  office: string;
  user_group: string;
  year: number;
  measure: string;
  person_months: number;
  share: number;
}

/** Rows of the baseline tables (cells without person-months and exits are left out). */
export function baselineTables(
  b: BaselineCounts,
  offices: Offices,
  groups: { code: string }[],
  measures: MeasureDef[],
  monthsInYear: (year: number) => number,
): { baseline: BaselineRow[]; measureShares: MeasureShareRow[] } {
  const baseline: BaselineRow[] = [];
  const measureShares: MeasureShareRow[] = [];
  for (let f = 0; f < b.nOffices; f++) {
    for (let g = 0; g < b.nGroups; g++) {
      for (let y = 0; y < b.nYears; y++) {
        const year = b.firstYear + y;
        const k = b.cell(f, g, year);
        const pm = b.personMonths[k];
        if (pm === 0 && b.exits[k] === 0 && b.excludedExits[k] === 0) continue;
        const o = (j: number) => b.outcomes[k * b.nOutcomes + j];
        const job = o(0) + o(1);
        baseline.push({
          office_id: offices.ids[f],
          office: offices.names[f],
          county: offices.counties[f],
          pilot: offices.pilot[f],
          role: offices.pilot[f] ? "pilot" : offices.other[f] ? "other" : "control",
          user_group: groups[g].code,
          year,
          person_months: pm,
          avg_stock: monthsInYear(year) > 0 ? pm / monthsInYear(year) : NaN,
          share_ordinary: pm > 0 ? (pm - b.shelteredMonths[k]) / pm : NaN,
          share_sheltered: pm > 0 ? b.shelteredMonths[k] / pm : NaN,
          exits: b.exits[k],
          exits_excluded: b.excludedExits[k],
          [OUTCOMES[0]]: o(0),
          [OUTCOMES[1]]: o(1),
          [OUTCOMES[2]]: o(2),
          [OUTCOMES[3]]: o(3),
          job,
          job_share: b.exits[k] > 0 ? job / b.exits[k] : NaN,
        });
        for (let c = 0; c < b.nMeasures; c++) {
          const v = b.measureMonths[k * b.nMeasures + c];
          if (v === 0) continue;
          measureShares.push({
            office_id: offices.ids[f],
            office: offices.names[f],
            user_group: groups[g].code,
            year,
            measure: measures[c].code,
            person_months: v,
            share: v / pm,
          });
        }
      }
    }
  }
  return { baseline, measureShares };
}
