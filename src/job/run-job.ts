/**
 * `effekt run JOB`: register extracts → prepared analysis data → DiD, Cox, Kaplan–Meier, log-rank and
 * competing risks → tables (CSV, Markdown, JSON), figures (SVG, PNG), report.html and manifest.json.
 * Everything is written to a temporary folder that replaces the output folder only at the end
 * (src/output: the output folder must be new, empty or an earlier `effekt run` output; it is locked
 * while the run writes; a failed or killed run leaves the previous output). Checks of the job
 * against the data run before any estimation. Inputs are hashed as they are read (InputLog), so the
 * manifest describes exactly the bytes the results come from.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { readTable } from "../io/read-table.js";
import type { DataTable } from "../io/table.js";
import { InputLog } from "../io/input-log.js";
import { MARKER } from "../output/marker.js";
import { checkOutput, openOutput } from "../output/output-folder.js";
import { prepareInto, type PrepareSummary } from "../registers/prepare.js";
import { loadOffices } from "../registers/load.js";
import { findExtract } from "../registers/read-extracts.js";
import { runCox, runDid, runSurvival, comparisonExits, type CoxAnalysis, type DidAnalysis, type SurvivalAnalysis } from "./analyses.js";
import { writePublished } from "./job-publication.js";
import { localizer, type Lang, type Localizer } from "../report/i18n/index.js";
import { loadJob, type LoadedJob } from "./load-job.js";
import { didLine, coxLine, populationBaseline, resolvePopulation, runBy, selectRows, type ByLine, type Population } from "./population.js";
import { didByTable, goalTables, hazardByTable, publishedExtras, widerPerOffice, widerTables } from "./population-tables.js";
import type { JobTable } from "./job-tables.js";
import type { ExitsCells } from "../publish/exits-cells.js";
import { runGoals, type GoalLine } from "./goals.js";
import { runWider, withoutOther, type WiderComparison } from "./wider.js";
import type { JobFile } from "./job-schema.js";
import { populationLabel } from "./labels.js";
import { versions } from "./manifest.js";
import { makeProgress } from "./progress.js";

export interface RunOptions {
  /** Output folder (overrides the job file's). */
  out?: string;
  /** Use register data up to this month ("YYYY-MM"); the output goes to a subfolder of that name. */
  asOf?: string;
  progress?: "auto" | "bar" | "log" | "quiet";
  /** Skip PNG rendering (SVG only). */
  noPng?: boolean;
  /**
   * Run date shown in the report header (YYYY-MM-DD). Default: from SOURCE_DATE_EPOCH when set,
   * else none — the wall clock is never read, so the same inputs give byte-identical outputs.
   */
  runDate?: string;
  /** Language of the report and every published text (overrides the job's `language`; default en). */
  language?: Lang;
}

export interface RunResult {
  outDir: string;
  report: string;
  files: string[];
  did?: DidAnalysis;
  cox?: CoxAnalysis;
  survival?: SurvivalAnalysis;
  /** Whom the headline is for, and the lines beside it (per measure, per group, background). */
  population: Population;
  by: ByLine[];
  /** The pilot's other goals: waiting times and settings. */
  goals: GoalLine[];
  /** Pilot offices against every other office (design.wider_comparison). */
  wider?: WiderComparison;
  prepare: PrepareSummary;
  suppressedCells: number;
}

/** Written into data/: the analysis data are person-level and never to be published. */
const DATA_README = `NOT FOR PUBLICATION. This folder holds effekt's analysis data: person-level exits and
time-to-work spells (exits.arrow, spells.arrow), the unprotected baseline counts and the data-quality
report. None of it has passed disclosure control. Publish only report.html, tables/, figures/ and
results.json (listed under "publication" in manifest.json); see docs/disclosure.md.
`;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Run a job file. */
export async function runJob(jobFile: string, opts: RunOptions = {}): Promise<RunResult> {
  const loaded = loadJob(jobFile);
  return runLoadedJob(loaded, opts);
}

export async function runLoadedJob(loaded: LoadedJob, opts: RunOptions = {}): Promise<RunResult> {
  const { job } = loaded;
  if (opts.asOf !== undefined && !MONTH.test(opts.asOf)) throw new UsageError(`--as-of must be YYYY-MM, got "${opts.asOf}"`);
  const baseOut = opts.out ? resolve(opts.out) : loaded.outputDir;
  if (!baseOut) throw new UsageError("no output folder: give --out or `output:` in the job file");
  const outDir = opts.asOf ? join(baseOut, opts.asOf) : baseOut;
  const outputOptions = { command: "run", inputs: [loaded.file, loaded.extractsDir], createParents: true } as const;
  checkOutput(outDir, outputOptions); // refuse a folder that is not effekt's before any work
  const a = job.analyses ?? {};
  const steps = 5 + (a.did?.enabled !== false ? 1 : 0) + (a.cox?.enabled !== false ? 1 : 0) + (a.km?.enabled !== false ? 1 : 0);
  const progress = makeProgress(steps, opts.progress);

  // 1. The design against the offices extract, before anything is computed.
  progress.step("checking the job against the extracts");
  if (!existsSync(loaded.extractsDir)) throw new InputError("extracts folder not found", { file: loaded.extractsDir });
  const officesFile = findExtract(loaded.extractsDir, "offices");
  if (!officesFile) throw new InputError("no offices extract (offices.arrow, .parquet or .csv) in the extracts folder", { file: loaded.extractsDir });
  const inputLog = new InputLog();
  const offices = await loadOffices(officesFile, { ...loaded.job.input, log: inputLog });
  for (const name of job.design.offices ?? []) {
    if (!offices.names.includes(name)) {
      throw new InputError(`office "${name}" named in the job's design is not in the offices extract (offices: ${offices.names.join(", ")})`, {
        file: loaded.file,
      });
    }
  }
  for (const [r, name] of offices.names.entries()) {
    if (offices.other[r]) continue; // the rest of the country: not part of the ten offices' design
    if (job.design.offices && !job.design.offices.includes(name)) {
      throw new InputError(`office "${name}" in the offices extract is missing from the job's design.offices`, { file: loaded.file });
    }
  }

  // 2. Register extracts → analysis data, in a temporary folder beside the output (refused before
  // anything is written if the output folder is not effekt's or holds an input; locked).
  const output = openOutput(outDir, outputOptions);
  const tmp = output.dir;
  try {
    progress.step("preparing analysis data from the register extracts");
    const prepConfig = { ...(job.prepare ?? {}), ...(opts.asOf ? { asOf: opts.asOf } : {}), ...(job.design.pilot_start ? { pilotStart: job.design.pilot_start } : {}) };
    mkdirSync(join(tmp, "data"));
    const prep = await prepareInto(join(tmp, "data"), { extracts: loaded.extractsDir, config: prepConfig, inputLog, read: loaded.job.input });
    const summary = { ...prep.summary, seconds: undefined };
    writeFileSync(join(tmp, "data", "prepare-summary.json"), JSON.stringify(summary, null, 1));
    const countryExits = await readTable(join(tmp, "data", "exits.arrow"));
    const countrySpells = await readTable(join(tmp, "data", "spells.arrow"));
    countryExits.source = "exits.arrow";
    countrySpells.source = "spells.arrow";
    // The ten offices' design: offices of the rest of the country (role other) only in the wider comparison.
    const allExits = withoutOther(countryExits);
    const allSpells = withoutOther(countrySpells);
    checkColumns(allExits, [job.outcome ?? "job", ...(job.covariates ?? [])], loaded.file);
    checkColumns(allSpells, job.covariates ?? [], loaded.file);
    // The headline is for the job's population (default: the four pilot measures, all groups).
    const population = resolvePopulation(job, prep.summary.config, loaded.file);
    const exits = selectRows(allExits, population.measures, population.userGroups, "exits.arrow (population)");
    const spells = selectRows(allSpells, population.measures, population.userGroups, "spells.arrow (population)");
    // Office × month covariates in the Cox models: the spells split by month (time-varying values).
    const officeCovs = prep.summary.officeMonths?.covariates ?? [];
    const tvFile = join(tmp, "data", "spells-tv.arrow");
    let allCoxSpells = allSpells;
    if (existsSync(tvFile) && (job.covariates ?? []).some((c) => officeCovs.includes(c))) {
      allCoxSpells = await readTable(tvFile);
      allCoxSpells.source = "spells-tv.arrow";
      allCoxSpells = withoutOther(allCoxSpells);
    }
    const coxSpells = allCoxSpells === allSpells ? spells : selectRows(allCoxSpells, population.measures, population.userGroups, "spells-tv.arrow (population)");
    comparisonExits(exits, job.design.pre, job.design.post); // every compared year has exits
    const pilotStartYear = Number(prep.summary.pilotStart.slice(0, 4));

    // 3. Estimation.
    let did: DidAnalysis | undefined;
    let cox: CoxAnalysis | undefined;
    let survival: SurvivalAnalysis | undefined;
    if (a.did?.enabled !== false) {
      progress.step("difference in differences (CR2, wild bootstrap, randomization inference)");
      did = runDid(exits, job, pilotStartYear);
    }
    if (a.cox?.enabled !== false) {
      progress.step("Cox models (pooled and per county pair)");
      cox = runCox(coxSpells, job);
    }
    if (a.km?.enabled !== false) {
      progress.step("Kaplan–Meier, log-rank and competing risks");
      survival = runSurvival(spells, job);
    }

    progress.step("estimates per measure and user group, and the background of all measures");
    const by = runBy(allExits, allCoxSpells, job, population, prep.summary.config.measures, { did: a.did?.enabled !== false, cox: a.cox?.enabled !== false });
    let waits = await readTable(join(tmp, "data", "waits.arrow"));
    waits.source = "waits.arrow";
    waits = withoutOther(waits);
    let wider: WiderComparison | undefined;
    if (job.design.wider_comparison && offices.other.some((o) => o)) {
      const pm = (t: typeof countryExits, src: string) => selectRows(t, population.measures, population.userGroups, src);
      wider = runWider(pm(countryExits, "exits.arrow (population, all offices)"), pm(countrySpells, "spells.arrow (population, all offices)"), job);
    }
    const goals = a.did?.enabled !== false ? runGoals(waits, prep.settings, job, population) : [];
    const headline: ByLine = { scope: "population", level: population.label, ...(did ? { did: didLine(did.comparison) } : {}), ...(cox?.pooled ? { cox: coxLine(cox.pooled) } : {}) };

    const k = job.suppression?.min_cell ?? 5;
    // The population's note on the headline tables, and the tables beside them (population-tables.ts).
    const L = localizer(opts.language ?? job.language ?? "en");
    // (No counts here: the gated ones stand in the tables.)
    const populationNote = L.t("report.populationNote", { population: populationLabel(population, L) });
    const lines = [headline, ...by];
    const pre = job.design.pre;
    const post = job.design.post;
    const extraTables = (exits: ExitsCells): JobTable[] => [
      ...(did ? [didByTable(lines, population, L)] : []),
      ...(cox ? [hazardByTable(lines, population, L)] : []),
      ...(goals.length ? goalTables(goals, population, k, L) : []),
      ...(wider ? widerTables(wider, headline, exits, pre, post, L) : []),
    ];
    const extraResults = (exits: ExitsCells) => publishedExtras(population, lines, goals, wider && { w: wider, perOffice: widerPerOffice(wider, exits, pre, post) });

    // 4. Everything published passes the disclosure gate (job-publication.ts); then the manifest.
    progress.step("writing tables and figures");
    const origin = L.date(prep.summary.config.timeToWork.origin);
    const ver = versions();
    const inputs = inputLog.list();
    const pub = await writePublished(tmp, {
      k,
      baseline: populationBaseline(prep.baseline.filter((r) => r.role !== "other"), exits, job.outcome ?? "job"),
      headlineNote: populationNote,
      extraTables,
      extraResults,
      showBaseline: a.baseline !== false,
      did,
      cox,
      survival,
      spells,
      pilotStartYear,
      title: reportTitle(job.name, L),
      lang: L.lang,
      noPng: opts.noPng,
      origin,
      header: reportHeader(offices, opts.asOf ?? prep.summary.registerLastMonth, opts.runDate, L),
      offices: offices.names.length,
      pilotOffices: offices.pilot.reduce((acc, v) => acc + v, 0),
      footer: [
        L.t("report.footer.data", {
          folder: basename(loaded.extractsDir),
          files: inputs.map((i) => `${i.file} sha256 ${i.sha256.slice(0, 12)}`).join(", "),
          asOf: opts.asOf ? L.t("report.footer.asOf", { month: L.headerDate(opts.asOf) }) : "",
        }),
        L.t("report.footer.manifest", { version: ver.effekt, seed: String(job.seed ?? 1) }),
      ],
    });
    const files = [...pub.files];
    const suppressedCells = pub.suppressed.primary + pub.suppressed.secondary + pub.suppressed.withheld;
    writeFileSync(join(tmp, "data", "README.txt"), DATA_README);
    files.push(...prep.summary.outputs.map((o) => `data/${o}`), "data/README.txt", MARKER);

    const manifest = {
      effekt: ver.effekt,
      job: { file: basename(loaded.file), sha256: loaded.sha256, text: loaded.text },
      as_of: opts.asOf ?? null,
      seed: job.seed ?? 1,
      inputs: inputs.map((i) => ({ ...i, rows: rowCount(prep.summary, i.file) })),
      register_last_month: prep.summary.registerLastMonth,
      dropped: {
        measures: prep.summary.rows.measures.dropped,
        measures_duplicates: prep.summary.rows.measures.duplicates,
        employment_merged_duplicates: prep.summary.rows.employment.mergedDuplicates,
        exits_excluded: prep.summary.exits.excluded,
        spells_excluded: prep.summary.spells.excluded,
        outside_population: { exits: allExits.nrows - exits.nrows, spells: allSpells.nrows - spells.nrows },
        did_comparison_rows_outside_periods: did ? exits.nrows - did.comparison.rows : null,
        did_missing: did?.comparison.dropped ?? null,
        cox_missing: cox?.pooled?.dropped ?? null,
        km_missing: survival?.km.dropped ?? null,
      },
      suppression: { min_cell: k, cells_suppressed: suppressedCells, ...pub.suppressed },
      publication: {
        published: files.filter((f) => !f.startsWith("data/") && f !== MARKER).sort(),
        not_for_publication: ["data/", "manifest.json", MARKER],
        rules: "docs/disclosure.md",
      },
      versions: ver,
      outputs: [...files].sort(),
    };
    writeFileSync(join(tmp, "manifest.json"), JSON.stringify(manifest, null, 1) + "\n");

    // 5. Replace the output folder.
    output.commit();
    progress.done();
    return { outDir, report: join(outDir, "report.html"), files: manifest.outputs, did, cox, survival, population, by, goals, wider, prepare: prep.summary, suppressedCells };
  } catch (e) {
    throw output.abandon(e);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "10 offices (5 pilot) · data as of 2015-12 · run 2026-11-30": from the job and data, never the clock. */
function reportHeader(offices: { names: string[]; pilot: Uint8Array }, asOf: string, runDate: string | undefined, L: Localizer): string[] {
  let run = runDate;
  if (run !== undefined && !DAY.test(run)) throw new UsageError(`--run-date must be YYYY-MM-DD, got "${run}"`);
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (run === undefined && epoch && /^\d+$/.test(epoch)) run = new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  return [
    L.t("report.header.offices", { n: offices.names.length, pilot: offices.pilot.reduce((s, v) => s + v, 0) }),
    L.t("report.header.asOf", { month: L.headerDate(asOf) }),
    ...(run ? [L.t("report.header.run", { date: L.headerDate(run) })] : []),
  ];
}

/** The report's title: the job's `name` (one text, or one per language), else the default title in the report's language. */
function reportTitle(name: JobFile["name"], L: Localizer): string {
  if (typeof name === "string") return name;
  return name?.[L.lang] ?? L.t("report.titleDefault");
}

function checkColumns(t: DataTable, cols: string[], jobFile: string): void {
  for (const c of cols) {
    if (!t.columns.has(c)) {
      throw new InputError(`the job names column "${c}", which the prepared ${t.source} does not have (columns: ${t.names.join(", ")})`, {
        file: jobFile,
      });
    }
  }
}

function rowCount(s: PrepareSummary, file: string): number | null {
  const stem = file.replace(/\.[^.]+$/, "");
  if (stem === "measures") return s.rows.measures.read;
  if (stem === "employment") return s.rows.employment.read;
  if (stem === "benefits") return s.rows.employment.benefitsRead;
  if (stem === "persons") return s.rows.persons.read;
  if (stem === "office_months") return s.officeMonths?.rowsRead ?? null;
  return null;
}
