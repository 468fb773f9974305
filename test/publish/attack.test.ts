/**
 * Attack on everything `effekt run` publishes, on small simulated populations (150, 300 and 500
 * persons; the last two with offices of very different sizes: `effekt simulate --office-weights`),
 * min_cell 5. The attacker (./attacker.ts, independent of src/publish) holds every published file
 * at once — tables in CSV, Markdown and JSON, figures (SVG text and aria-labels, PNG chunks),
 * report.html, results.json — and tries each channel:
 *  - direct: every count shown (table cells, numbers at risk, n/events, KM bins) is 0 or ≥ 5;
 *  - shares: every share becomes num − s·den = 0 and enters the linear system with every count;
 *  - differencing: all published counts about exits (baseline tables and margins, 2×2 cells, the
 *    "on N exits" notes, results.json) and about time to work (hazard-ratio n/events per model,
 *    KM and log-rank group totals) are linear equations over the true atoms; no atom, no natural
 *    group count (office / pilot / control / all × user group / all × year / period / all × work /
 *    not work / exits), no union of the atoms of an office-year with 1–4 persons, and no
 *    suppressed cell, may be determined;
 *  - event times: between two published steps of a curve at least 5 events (each cause, for the
 *    competing-risks figure), and the SVG paths have no more steps than the published bins;
 *  - report.html shows no number its tables and figures do not.
 * The truth comes from the run's own data/ folder (analysis data, not published). The runs also
 * show that the data really has small cells (else the test would prove nothing).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTable } from "../../src/index.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { ariaFields, LinearKnowledge, parseCsv, pngChunkTypes, svgTexts } from "./attacker.js";

const K = 5;
const PRE = [2011, 2012];
const POST = [2014, 2015];
const PILOT_START = 2013;
const POPULATIONS = [
  { persons: 150, seed: 5, weights: undefined, png: true },
  { persons: 300, seed: 11, weights: "4,1,3,1,6,2,2,3,8,2", png: false },
  { persons: 500, seed: 7, weights: "10,1,5,2,8,2,3,4,12,3", png: false },
];
const tmp = mkdtempSync(join(tmpdir(), "effekt-attack-"));

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const small = (v: number) => v > 0 && v < K;
const num = (s: string | undefined) => (s === undefined || s === "" || s === ":" ? null : Number(s));

interface Run {
  name: string;
  out: string;
  published: string[];
}
const runs: Run[] = [];

beforeAll(() => {
  for (const p of POPULATIONS) {
    const name = `p${p.persons}`;
    const extracts = join(tmp, `${name}-extracts`);
    const sim = runCli(["simulate", "--out", extracts, "--persons", String(p.persons), "--seed", String(p.seed), ...(p.weights ? ["--office-weights", p.weights] : []), "--format", "json"]);
    if (sim.code !== 0) throw new Error(sim.stderr);
    const job = join(tmp, `${name}.yaml`);
    // Populations this small are not split by measure: the job's population is every measure ("*").
    writeFileSync(
      job,
      readFileSync(join(ROOT, "jobs", "example.yaml"), "utf8").replace("extracts: ../data/extracts", `extracts: ${extracts}`).replace(/^ {2}measures: \[[^\]]*\].*$/m, '  measures: ["*"]')
        .replace(/^covariates: .*$/m, "covariates: [age]"), // the simulator's 150-person sample has a pair where other covariates are constant
    );
    const out = join(tmp, name);
    const r = runCli(["run", job, "--out", out, "--progress", "quiet", ...(p.png ? [] : ["--no-png"])]);
    if (r.code !== 0) throw new Error(`effekt run (${name}) exited ${r.code}: ${r.stderr}`);
    const published = listFiles(out).filter((f) => !f.startsWith("data/") && f !== "manifest.json" && f !== ".effekt-output");
    runs.push({ name, out, published });
  }
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Truth about exits: atoms office × group × year × (work, not work) from data/baseline.csv. */
function exitsTruth(out: string) {
  const rows = parseCsv(readFileSync(join(out, "data", "baseline.csv"), "utf8"));
  const offices = [...new Map(rows.map((r) => [r.office, Number(r.pilot)])).entries()];
  const groups = [...new Set(rows.map((r) => r.user_group))];
  const years = [...new Set(rows.map((r) => Number(r.year)))].sort((a, b) => a - b);
  const idx = (o: string, g: string, y: number, work: boolean) =>
    ((offices.findIndex(([n]) => n === o) * groups.length + groups.indexOf(g)) * years.length + years.indexOf(y)) * 2 + (work ? 0 : 1);
  const x = new Float64Array(offices.length * groups.length * years.length * 2);
  for (const r of rows) {
    x[idx(r.office, r.user_group, Number(r.year), true)] += Number(r.job);
    x[idx(r.office, r.user_group, Number(r.year), false)] += Number(r.exits) - Number(r.job);
  }
  type Sel = { offices?: string[]; group?: string; years?: number[]; what: "job" | "nojob" | "exits" };
  const fn = (s: Sel) => {
    const m = new Map<number, number>();
    for (const [o] of offices) {
      if (s.offices && !s.offices.includes(o)) continue;
      for (const g of groups) {
        if (s.group && s.group !== g) continue;
        for (const y of years) {
          if (s.years && !s.years.includes(y)) continue;
          if (s.what !== "nojob") m.set(idx(o, g, y, true), 1);
          if (s.what !== "job") m.set(idx(o, g, y, false), 1);
        }
      }
    }
    return m;
  };
  const value = (m: Map<number, number>) => [...m].reduce((t, [a, c]) => t + c * x[a], 0);
  const pilot = offices.filter(([, p]) => p === 1).map(([n]) => n);
  const control = offices.filter(([, p]) => p !== 1).map(([n]) => n);
  return { offices, groups, years, x, fn, value, pilot, control };
}

/** Truth about time to work: atoms office × (event, no event); per group the event and cause times. */
async function spellsTruth(out: string) {
  const t = await readTable(join(out, "data", "spells.arrow"));
  const office = t.columns.get("office")!;
  const col = (n: string) => t.columns.get(n)!.values as Float64Array;
  const ev = col("event"), stop = col("stop"), pilot = col("pilot"), cause = col("cause"), crStop = col("cr_stop");
  const names: string[] = [];
  const pilotOf = new Map<string, number>();
  const officeOf: string[] = [];
  for (let i = 0; i < t.nrows; i++) {
    const o = String(office.type === "string" ? office.values[i] : office.values[i]);
    officeOf.push(o);
    if (!names.includes(o)) names.push(o);
    pilotOf.set(o, pilot[i]);
  }
  const x = new Float64Array(names.length * 2);
  for (let i = 0; i < t.nrows; i++) x[names.indexOf(officeOf[i]) * 2 + (ev[i] === 1 ? 0 : 1)]++;
  const fn = (offs: string[], what: "events" | "nonevents" | "n") => {
    const m = new Map<number, number>();
    for (const o of offs) {
      const j = names.indexOf(o);
      if (what !== "nonevents") m.set(2 * j, 1);
      if (what !== "events") m.set(2 * j + 1, 1);
    }
    return m;
  };
  const value = (m: Map<number, number>) => [...m].reduce((s, [a, c]) => s + c * x[a], 0);
  /** Events (KM: work at `stop`; cause c: at `cr_stop`) of a group in (from, to]. */
  const eventsIn = (group: number, from: number, to: number, c?: number) => {
    let n = 0;
    for (let i = 0; i < t.nrows; i++) {
      if (pilot[i] !== group) continue;
      if (c === undefined ? ev[i] === 1 && stop[i] > from && stop[i] <= to : cause[i] === c && crStop[i] > from && crStop[i] <= to) n++;
    }
    return n;
  };
  return { names, pilotOf, x, fn, value, eventsIn };
}

describe.each(POPULATIONS.map((p) => `p${p.persons}`))("attack on the publications of %s", (name) => {
  const run = () => runs.find((r) => r.name === name)!;
  const read = (f: string) => readFileSync(join(run().out, f), "utf8");
  const csv = (t: string) => parseCsv(read(`tables/${t}.csv`));
  const results = () => JSON.parse(read("results.json"));

  it("publishes only what the manifest lists as published, and labels data/ as not for publication", () => {
    const m = JSON.parse(read("manifest.json"));
    expect(m.publication.published).toEqual(run().published);
    expect(m.publication.not_for_publication).toEqual(["data/", "manifest.json", ".effekt-output"]);
    expect(read("data/README.txt")).toMatch(/^NOT FOR PUBLICATION/);
  });

  it("the data has small cells (so the attack can find something)", () => {
    const T = exitsTruth(run().out);
    expect([...T.x].filter(small).length).toBeGreaterThan(20);
  });

  it("shows no count of 1–4 directly (tables, numbers at risk, results.json)", () => {
    const seen: string[] = [];
    const check = (where: string, v: unknown) => {
      if (typeof v === "number" && small(v)) seen.push(`${where} = ${v}`);
      if (typeof v === "string" && v !== ":" && v !== "" && small(Number(v))) seen.push(`${where} = ${v}`);
    };
    for (const t of ["baseline-exits", "baseline-job"]) for (const r of csv(t)) for (const [k, v] of Object.entries(r)) if (k !== "office" && k !== "role") check(`${t} ${r.office} ${k}`, v);
    for (const r of csv("did-cells")) { check("did-cells pre_n", r.pre_n); check("did-cells post_n", r.post_n); }
    for (const r of csv("hazard-ratios")) { check(`hazard-ratios ${r.model} n`, r.n); check(`hazard-ratios ${r.model} events`, r.events); }
    for (const r of csv("share-in-work")) check(`share-in-work at_risk ${r.group} ${r.day}`, r.at_risk);
    // stock: avg monthly stock × months = person-months; with the sheltered share, sheltered and
    // ordinary person-months follow. None of them may be 1–4 (the gate asks more: average ≥ 5).
    const truth = parseCsv(read("data/baseline.csv"));
    for (const r of csv("baseline-detail")) {
      const t = truth.find((x) => x.office === r.office && x.user_group === r.user_group && x.year === r.year)!;
      const pm = Number(t.person_months);
      if (r.avg_stock !== ":") check(`baseline-detail ${r.office} ${r.user_group} ${r.year} person-months`, pm);
      if (r.share_sheltered !== ":") {
        const sheltered = Math.round(pm * Number(t.share_sheltered));
        check(`baseline-detail ${r.office} ${r.user_group} ${r.year} sheltered person-months`, sheltered);
        check(`baseline-detail ${r.office} ${r.user_group} ${r.year} ordinary person-months`, pm - sheltered);
      }
    }
    for (const f of run().published.filter((f) => f.endsWith(".svg"))) {
      for (const l of svgTexts(read(f))) {
        const a = ariaFields(l);
        if (a.n !== undefined) check(`${f} number at risk (${l})`, a.n);
      }
    }
    // results.json: every count-like key anywhere
    const COUNT = new Set(["n", "nevent", "events", "n_risk", "n_event", "n_censor", "n_enter", "observed", "rows", "count"]);
    const walk = (o: unknown, path: string) => {
      if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (o && typeof o === "object") {
        for (const [k, v] of Object.entries(o)) {
          expect(["means", "dropped", "var", "naive_var"], `${path}.${k} must not be published`).not.toContain(k);
          if (COUNT.has(k)) (Array.isArray(v) ? v : [v]).forEach((x, i) => check(`results.json ${path}.${k}[${i}]`, x));
          walk(v, `${path}.${k}`);
        }
      }
    };
    walk(results(), "");
    expect(seen).toEqual([]);
  });

  it("Markdown, JSON and HTML tables show the same cells as the CSV (no extra channel)", () => {
    const html = read("report.html");
    const htmlCells = new Set([...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")));
    for (const f of run().published.filter((f) => f.endsWith(".csv"))) {
      const c = parseCsv(read(f));
      const j = JSON.parse(read(f.replace(/\.csv$/, ".json")));
      const md = read(f.replace(/\.csv$/, ".md"));
      const mdRows = md.split("\n").filter((l) => l.startsWith("| ") && !/^\|[\s:|-]+\|$/.test(l)).slice(1).map((l) => l.slice(2, -2).split(" | "));
      expect(j.length, f).toBe(c.length);
      expect(mdRows.length, f).toBe(c.length);
      const header = read(f).split("\n")[0].split(",");
      c.forEach((row, i) => {
        // (by header position: integer-like keys such as "2010" come first in a JS object)
        header.map((k) => [k, row[k]] as const).forEach(([k, v], col) => {
          const jv = j[i][k];
          if (v === ":") {
            expect(jv, `${f} row ${i + 1} ${k}`).toBe(":");
            expect(mdRows[i][col], `${f} row ${i + 1} ${k} (md)`).toBe(":");
          }
          if (mdRows[i][col] === ":") expect(v, `${f} row ${i + 1} ${k}`).toBe(":");
        });
        for (const cell of mdRows[i]) expect(htmlCells.has(cell.replace(/\\\|/g, "|")), `${f}: "${cell}" in report.html`).toBe(true);
      });
    }
    // every number shown in report.html's tables comes from a Markdown table
    const mdCells = new Set(run().published.filter((f) => f.endsWith(".md")).flatMap((f) => read(f).split("\n").filter((l) => l.startsWith("| ") && !/^\|[\s:|-]+\|$/.test(l)).flatMap((l) => l.slice(2, -2).split(" | "))));
    const mdAll = run().published.filter((f) => f.endsWith(".md")).map((f) => read(f)).join("\n");
    for (const cell of htmlCells) if (/\d/.test(cell)) expect(mdCells.has(cell) || mdAll.includes(cell), `report.html cell "${cell}"`).toBe(true);
    // the figures inlined in report.html carry no label the figure files do not
    const figLabels = new Set(run().published.filter((f) => f.endsWith(".svg")).flatMap((f) => svgTexts(read(f))));
    const captions = new Set([...html.matchAll(/<figcaption>Figure \d+\. ([^<]*)/g)].map((m) => m[1]));
    const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    for (const s of svgs) for (const l of svgTexts(s)) expect(figLabels.has(l) || captions.has(l), `report.html figure label "${l}"`).toBe(true);
  });

  it("PNG figures carry no text chunks", () => {
    for (const f of run().published.filter((f) => f.endsWith(".png"))) {
      const types = pngChunkTypes(readFileSync(join(run().out, f)));
      expect(types.filter((t) => /^[it]EXt$|^zTXt$/.test(t)), f).toEqual([]);
    }
  });

  it("differencing all published exit counts and shares recovers no count of 1–4 and no suppressed cell", () => {
    const T = exitsTruth(run().out);
    const L = new LinearKnowledge(T.x.length);
    const eq = (m: Map<number, number>, published: number) => {
      expect(published, "a published count disagrees with the data").toBe(T.value(m));
      L.add(m);
    };
    const shareEq = (numF: Map<number, number>, denF: Map<number, number>, s: number) => {
      const m = new Map(numF);
      for (const [a, c] of denF) m.set(a, (m.get(a) ?? 0) - s * c);
      L.add(m);
    };
    const hiddenCells: { where: string; f: Map<number, number> }[] = [];
    // baseline tables (cells and margins)
    for (const [t, what] of [["baseline-exits", "exits"], ["baseline-job", "job"]] as const) {
      for (const r of csv(t)) {
        const offices = r.office === "All offices" ? undefined : [r.office];
        for (const [k, v] of Object.entries(r)) {
          if (k === "office" || k === "role") continue;
          const f = T.fn({ offices, years: k === "total" ? undefined : [Number(k)], what });
          if (v === ":") hiddenCells.push({ where: `${t} ${r.office} ${k}`, f });
          else eq(f, Number(v));
        }
      }
    }
    // 2×2 cells: counts and shares (full precision in the CSV)
    for (const r of csv("did-cells")) {
      const offices = r.offices === "Pilot" ? T.pilot : T.control;
      for (const [years, nKey, sKey] of [[PRE, "pre_n", "pre_share"], [POST, "post_n", "post_share"]] as const) {
        const den = T.fn({ offices, years: [...years], what: "exits" });
        const numF = T.fn({ offices, years: [...years], what: "job" });
        if (num(r[nKey]) !== null) eq(den, num(r[nKey])!);
        else hiddenCells.push({ where: `did-cells ${r.offices} ${nKey}`, f: den });
        if (num(r[sKey]) !== null) shareEq(numF, den, num(r[sKey])!);
      }
    }
    // "on N exits" in the DiD note
    const m = /on (\d+) exits/.exec(read("tables/did-effect.md"));
    if (m) eq(T.fn({ years: [...PRE, ...POST], what: "exits" }), Number(m[1]));
    // results.json DiD counts and shares
    const did = results().did;
    for (const [part, pre, post] of [["comparison", PRE, POST], ["all_years", T.years.filter((y) => y < PILOT_START), T.years.filter((y) => y >= PILOT_START)]] as const) {
      const d = did[part];
      const all = T.fn({ years: [...pre, ...post], what: "exits" });
      for (const v of [d.n, d.twfe?.n, d.twfe_no_covariates?.n, d.rows]) if (typeof v === "number") eq(all, v);
      const cells = [["treated_pre", T.pilot, pre, 1], ["treated_post", T.pilot, post, -1], ["control_pre", T.control, pre, -1], ["control_post", T.control, post, 1]] as const;
      for (const [key, offices, years] of cells) {
        const c = d.did_2x2.cells[key];
        const den = T.fn({ offices: [...offices], years: [...years], what: "exits" });
        if (typeof c.n === "number") eq(den, c.n);
        if (typeof c.mean === "number") shareEq(T.fn({ offices: [...offices], years: [...years], what: "job" }), den, c.mean);
      }
      // the 2×2 estimate = (tq − tp) − (cq − cp) of shares: with three shares it gives the fourth
      if (typeof d.did_2x2.estimate === "number") {
        for (const [key] of cells) expect(typeof d.did_2x2.cells[key].mean, `${part} 2×2 estimate shown with ${key} hidden`).toBe("number");
      }
    }
    // detail table: shares per office × user group × year
    for (const r of csv("baseline-detail")) {
      const sel = { offices: [r.office], group: r.user_group, years: [Number(r.year)] };
      if (num(r.job_share) !== null) shareEq(T.fn({ ...sel, what: "job" }), T.fn({ ...sel, what: "exits" }), num(r.job_share)!);
    }
    // bar chart: office × year shares (labels are rounded; the attacker gets the exact share)
    for (const f of run().published.filter((f) => f.endsWith("baseline-job-share.svg"))) {
      for (const l of svgTexts(read(f))) {
        const a = ariaFields(l);
        if (a.category === undefined || a.group === undefined || a.value === undefined) continue;
        const sel = { offices: [a.category], years: [Number(a.group)] };
        const den = T.fn({ ...sel, what: "exits" });
        const numF = T.fn({ ...sel, what: "job" });
        shareEq(numF, den, T.value(numF) / T.value(den));
      }
    }
    // What the attacker learns: no small atom, no small natural group count, no hidden cell.
    const leaks: string[] = [];
    T.x.forEach((v, a) => {
      if (small(v) && L.determines(new Map([[a, 1]]))) leaks.push(`atom ${a} = ${v}`);
    });
    const officeSets: [string, string[] | undefined][] = [...T.offices.map(([o]) => [o, [o]] as [string, string[]]), ["pilot", T.pilot], ["control", T.control], ["all", undefined]];
    const yearSets: [string, number[] | undefined][] = [...T.years.map((y) => [String(y), [y]] as [string, number[]]), ["pre", PRE], ["post", POST], ["pre+post", [...PRE, ...POST]], ["before pilot", T.years.filter((y) => y < PILOT_START)], ["from pilot", T.years.filter((y) => y >= PILOT_START)], ["all", undefined]];
    let checked = 0;
    for (const [on, offices] of officeSets) {
      for (const g of [...T.groups, undefined]) {
        for (const [yn, years] of yearSets) {
          for (const what of ["job", "nojob", "exits"] as const) {
            const f = T.fn({ offices, group: g, years, what });
            const v = T.value(f);
            if (!small(v)) continue;
            checked++;
            if (L.determines(f)) leaks.push(`${what} ${on} ${g ?? "all groups"} ${yn} = ${v}`);
          }
        }
      }
    }
    // Beyond the hierarchy: every union of the atoms of one office-year (user groups × work / not
    // work: 2^6 − 1 sets), e.g. "Ski 2012, ordinary or reduced users, not work".
    for (const [o] of T.offices) {
      for (const y of T.years) {
        const atoms = [...T.fn({ offices: [o], years: [y], what: "exits" }).keys()];
        for (let mask = 1; mask < 1 << atoms.length; mask++) {
          const f = new Map(atoms.filter((_, i) => mask & (1 << i)).map((a) => [a, 1]));
          const v = T.value(f);
          if (!small(v)) continue;
          checked++;
          if (L.determines(f)) leaks.push(`atoms ${[...f.keys()].join("+")} of ${o} ${y} = ${v}`);
        }
      }
    }
    for (const h of hiddenCells) if (L.determines(h.f)) leaks.push(`suppressed ${h.where} = ${T.value(h.f)}`);
    expect(checked).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it("differencing the time-to-work counts (hazard ratios per pair, pooled, KM and log-rank totals) recovers nothing small", async () => {
    const S = await spellsTruth(run().out);
    const L = new LinearKnowledge(S.x.length);
    const eq = (m: Map<number, number>, v: number) => {
      expect(v, "a published count disagrees with the data").toBe(S.value(m));
      L.add(m);
    };
    const hidden: { where: string; f: Map<number, number> }[] = [];
    for (const r of csv("hazard-ratios")) {
      const offs = r.model.startsWith("Pooled") ? S.names : r.model.split(" vs ");
      for (const [key, what] of [["n", "n"], ["events", "events"]] as const) {
        const f = S.fn(offs, what);
        if (r[key] === ":") hidden.push({ where: `hazard-ratios ${r.model} ${key}`, f });
        else eq(f, Number(r[key]));
      }
      if (r.hazard_ratio !== ":") {
        // a model shown rests on at least 5 persons with and without the event at each office
        for (const o of offs.length === 2 ? offs : []) for (const what of ["events", "nonevents"] as const) expect(small(S.value(S.fn([o], what))), `${r.model}: ${o} ${what}`).toBe(false);
      }
    }
    const res = results();
    const cox = res.cox;
    if (cox?.pooled && typeof cox.pooled.n === "number") { eq(S.fn(S.names, "n"), cox.pooled.n); eq(S.fn(S.names, "events"), cox.pooled.nevent); }
    for (const p of cox?.per_pair ?? []) {
      const offs = [p.pilot_office, p.control_office];
      if (p.fit && typeof p.fit.n === "number") { eq(S.fn(offs, "n"), p.fit.n); eq(S.fn(offs, "events"), p.fit.nevent); }
    }
    const groupOffices = (g: string) => S.names.filter((o) => S.pilotOf.get(o) === (g === "pilot=1" ? 1 : 0));
    for (const c of res.survival.km.curves) {
      if (c.withheld) continue;
      if (typeof c.n === "number") eq(S.fn(groupOffices(c.group), "n"), c.n);
      eq(S.fn(groupOffices(c.group), "events"), c.events);
      expect(c.bins.reduce((s: number, b: { n_event: number }) => s + b.n_event, 0)).toBe(c.events);
    }
    for (const lr of [res.survival.logrank, res.survival.logrank_by_pair]) {
      lr.groups.forEach((g: string, i: number) => {
        if (typeof lr.n[i] === "number") eq(S.fn(groupOffices(g), "n"), lr.n[i]);
        if (typeof lr.observed[i] === "number") eq(S.fn(groupOffices(g), "events"), lr.observed[i]);
      });
    }
    const leaks: string[] = [];
    const sets: string[][] = [
      ...S.names.map((o) => [o]),
      ...(cox?.per_pair ?? []).map((p: { pilot_office: string; control_office: string }) => [p.pilot_office, p.control_office]),
      groupOffices("pilot=1"),
      groupOffices("pilot=0"),
      S.names,
    ];
    for (const offs of sets) {
      for (const what of ["events", "nonevents", "n"] as const) {
        const f = S.fn(offs, what);
        if (small(S.value(f)) && L.determines(f)) leaks.push(`${what} of ${offs.join("+")} = ${S.value(f)}`);
      }
    }
    for (const h of hidden) if (L.determines(h.f)) leaks.push(`suppressed ${h.where} = ${S.value(h.f)}`);
    expect(leaks).toEqual([]);
  });

  it("event times: at least 5 events between published steps; figures have no finer steps", async () => {
    const S = await spellsTruth(run().out);
    const res = results();
    const problems: string[] = [];
    for (const c of res.survival.km.curves) {
      if (c.withheld) continue;
      const g = c.group === "pilot=1" ? 1 : 0;
      let prev = -Infinity;
      for (const t of c.time as number[]) {
        const d = S.eventsIn(g, prev, t);
        if (d < K) problems.push(`KM ${c.group}: ${d} events in (${prev}, ${t}]`);
        prev = t;
      }
      for (const b of c.bins) {
        if (b.n_risk < K) problems.push(`KM ${c.group}: bin at risk ${b.n_risk}`);
        const d = S.eventsIn(g, b.from ?? -Infinity, b.to ?? Infinity);
        if (d !== b.n_event) problems.push(`KM ${c.group}: bin (${b.from}, ${b.to}] says ${b.n_event} events, data ${d}`);
        if (small(d)) problems.push(`KM ${c.group}: bin with ${d} events`);
      }
    }
    const causes = ["work", "disability benefit", "other exit"];
    for (const c of res.survival.competing?.curves ?? []) {
      const g = c.group === "pilot=1" ? 1 : 0;
      for (const x of c.causes) {
        let prev = -Infinity;
        for (const t of x.time as number[]) {
          const d = S.eventsIn(g, prev, t, causes.indexOf(x.cause) + 1);
          if (small(d)) problems.push(`AJ ${c.group} ${x.cause}: ${d} events in (${prev}, ${t}]`);
          prev = t;
        }
      }
    }
    expect(problems).toEqual([]);
    // the figures' step paths have no more corners than the published steps
    const stepsOf = (label: string) => {
      const km = res.survival.km.curves.find((c: { group: string }) => label === (c.group === "pilot=1" ? "Pilot offices" : "Control offices"));
      return km?.time?.length ?? 0;
    };
    for (const f of ["figures/time-to-work.svg", "figures/log-minus-log.svg"].filter((f) => run().published.includes(f))) {
      const lines = [...read(f).matchAll(/aria-roledescription="line mark" d=/g)].length;
      expect(lines, `${f}: line marks found`).toBeGreaterThan(0);
      for (const m of read(f).matchAll(/aria-label="([^"]*)"[^>]*aria-roledescription="line mark" d="([^"]*)"/g)) {
        const group = ariaFields(m[1]).group;
        const xs = new Set([...m[2].matchAll(/[ML]([-\d.]+),/g)].map((x) => x[1]));
        expect(xs.size, `${f} ${group}`).toBeLessThanOrEqual(stepsOf(group) + 1);
      }
    }
    // competing risks: one panel per group, one line per cause; at most as many corners as the
    // most finely stepped published cause curve
    const ajSteps = Math.max(0, ...(res.survival.competing?.curves ?? []).flatMap((c: { causes: { time: number[] }[] }) => c.causes.map((x) => x.time.length)));
    if (run().published.includes("figures/competing-risks.svg")) {
      for (const m of read("figures/competing-risks.svg").matchAll(/aria-label="([^"]*)"[^>]*aria-roledescription="line mark" d="([^"]*)"/g)) {
        const xs = new Set([...m[2].matchAll(/[ML]([-\d.]+),/g)].map((x) => x[1]));
        expect(xs.size, `competing-risks ${m[1]}`).toBeLessThanOrEqual(ajSteps + 1);
      }
    }
  });
});
