/**
 * The one publication gate of `effekt run`: everything published — tables (CSV, Markdown, JSON),
 * figures (SVG, PNG; their data, labels, aria-labels), report.html and results.json — is built
 * here from the analyses through the disclosure-control layer in src/publish, and written by
 * {@link writePublished}. Nothing else in the job writes outside `data/` (analysis data, not for
 * publication) and manifest.json.
 *
 * Flow: (1) the survival outputs are binned and the Cox models gated; (2) every table, the
 * figures' data and results.json are built once with the linked exit counts in "declare" mode, so
 * each count they will show is registered; (3) primary and complementary suppression is solved
 * over all of them at once; (4) everything is built again, now reading the protected values.
 * Rules: docs/disclosure.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DataTable } from "../io/table.js";
import { ExitsCells } from "../publish/exits-cells.js";
import { publishedCox, publishedDid, publishedSurvival } from "../publish/published-results.js";
import { gateSurvival } from "../publish/survival-gate.js";
import type { BaselineRow } from "../registers/baseline-tables.js";
import { svgToPng } from "../report/render.js";
import { writeTable } from "../report/write-table.js";
import { localizer, type Lang } from "../report/i18n/index.js";
import { toJson } from "../cli/options.js";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "./analyses.js";
import { baselineShareData, findingsInput, jobFigures, jobHtml, summarySentences } from "./job-report.js";
import { methodsAndLimitations } from "../report/key-findings.js";
import {
  baselineDetailTable,
  baselineTables,
  didCellsTable,
  didEffectTable,
  effectOverTimeTable,
  eventStudyTable,
  hazardRatioByPeriodTable,
  hazardRatioInferenceTable,
  hazardRatioTable,
  parallelTrendsTable,
  survivalTable,
  zphTable,
  type JobTable,
} from "./job-tables.js";

export interface PublicationInput {
  k: number;
  baseline: BaselineRow[];
  showBaseline: boolean;
  did?: DidAnalysis;
  cox?: CoxAnalysis;
  survival?: SurvivalAnalysis;
  spells: DataTable;
  pilotStartYear: number;
  title: string;
  footer: string[];
  noPng?: boolean;
  /** Appended to the notes of the headline tables (the job's population). */
  headlineNote?: string;
  /** Tables beside the headline (population-tables.ts: per measure/group, goals, wider comparison), built with the gate's exit cells. */
  extraTables?: (exits: ExitsCells) => JobTable[];
  /** Their results for results.json (explicit fields, counts through the same gate). */
  extraResults?: (exits: ExitsCells) => Record<string, unknown>;
  /** Start of time-to-work spells in words ("1 November 2012"). */
  origin?: string;
  /** Header lines under the title (offices, as-of month, run date). */
  header?: string[];
  offices: number;
  pilotOffices: number;
  /** Language of every text published (report, Markdown tables, figures); CSV and JSON keep English keys. Default "en". */
  lang?: Lang;
}

export interface PublicationResult {
  /** Files written, relative to the output folder. */
  files: string[];
  suppressed: { primary: number; secondary: number; withheld: number; models_withheld: number };
}

/** Build and write every published file into `dir`. */
export async function writePublished(dir: string, p: PublicationInput): Promise<PublicationResult> {
  const L = localizer(p.lang);
  const sg = gateSurvival(p.survival, p.cox, p.spells, p.k);
  const exits = new ExitsCells(p.baseline, p.k);
  const build = () => {
    const tables: JobTable[] = [];
    if (p.did) tables.push(didEffectTable(p.did, exits, L), didCellsTable(p.did, exits, L), eventStudyTable(p.did, L), parallelTrendsTable(p.did, L));
    if (p.cox) {
      tables.push(hazardRatioTable(p.cox, sg, p.origin, L), ...[hazardRatioInferenceTable(p.cox, L), hazardRatioByPeriodTable(p.cox, p.origin, L)].filter((t): t is JobTable => !!t));
      const z = zphTable(p.cox, L);
      if (z) tables.push(z);
    }
    if (p.survival) tables.push(survivalTable(p.survival, sg, L), effectOverTimeTable(p.survival, L));
    if (p.showBaseline) {
      tables.push(...baselineTables(exits, L), baselineDetailTable(p.baseline, exits, L));
      baselineShareData(exits);
    }
    // The headline and baseline tables are of the population's exits and spells (the gate's atoms).
    if (p.headlineNote) for (const t of tables) t.note = `${t.note ? `${t.note} ` : ""}${p.headlineNote}`;
    tables.push(...(p.extraTables?.(exits) ?? []));
    const results = {
      did: p.did && publishedDid(p.did, exits, p.pilotStartYear),
      cox: p.cox && publishedCox(p.cox, sg, p.k),
      survival: p.survival && publishedSurvival(p.survival, sg),
      ...(p.extraResults?.(exits) ?? {}),
    };
    return { tables, results };
  };
  build(); // declare every count
  const years = exits.years;
  exits.solve([
    ...(p.did ? [p.did.comparison.pre, p.did.comparison.post, [...p.did.comparison.pre, ...p.did.comparison.post]] : []),
    years.filter((y) => y < p.pilotStartYear),
    years.filter((y) => y >= p.pilotStartYear),
  ]);
  const { tables, results } = build();

  const files: string[] = [];
  const put = (rel: string, content: string | Uint8Array) => {
    writeFileSync(join(dir, rel), content);
    files.push(rel);
  };
  mkdirSync(join(dir, "tables"), { recursive: true });
  for (const t of tables) {
    const w = writeTable(t.rows, t.columns, { csv: true, markdown: true, json: true }, L.lang);
    put(`tables/${t.name}.csv`, w.csv!);
    put(`tables/${t.name}.md`, `${t.caption}\n\n${w.markdown!}${t.note ? `\n${t.note}\n` : ""}`);
    put(`tables/${t.name}.json`, w.json!);
  }
  const figures = await jobFigures({ did: p.did, survival: p.survival ? sg : undefined, exits: p.showBaseline ? exits : undefined, origin: p.origin, cox: p.cox, analysis: p.survival, L });
  mkdirSync(join(dir, "figures"), { recursive: true });
  for (const f of figures) {
    put(`figures/${f.name}.svg`, f.figure.svg);
    if (!p.noPng) put(`figures/${f.name}.png`, svgToPng(f.figure.svg));
  }
  put("results.json", toJson({ min_cell: p.k, ...results }, 1));
  const sc = exits.counts();
  const findings = findingsInput({
    did: p.did,
    cox: p.cox,
    survival: p.survival,
    offices: p.offices,
    pilotOffices: p.pilotOffices,
    spellOrigin: p.origin,
    suppressedCells: sc.primary + sc.secondary,
    minCell: p.k,
    L,
  });
  const html = jobHtml({
    title: p.title,
    header: p.header,
    summary: summarySentences(findings, L),
    methods: methodsAndLimitations(findings, L),
    offices: p.offices,
    origin: p.origin,
    tables,
    figures,
    footer: [L.t("report.footer.protection", { k: p.k }), ...p.footer],
    L,
  });
  put("report.html", html);
  const c = exits.counts();
  return { files, suppressed: { ...c, models_withheld: sg.cox.withheld.length } };
}
