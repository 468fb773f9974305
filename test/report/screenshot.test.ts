/**
 * The example job's report.html in English and Norwegian bokmål (`--language nb`), in headless
 * Chromium at 1280 and 800 px wide (issues 14 and 15): every figure is drawn, fits the page width
 * (nothing clipped: the SVG's box lies inside <main>; no table widens the page), and is shown at a readable scale (rendered
 * width at least 60% of the figure's own width, so 12 px text stays ≥ 7 px). The Norwegian page is
 * in Norwegian: `lang="nb"`, Norwegian headings, figure texts (titles, axes, legends, numbers at
 * risk, annotations) without the English labels and with a decimal comma, never a decimal point.
 * Full-page screenshots are written for a person to look at (EFFEKT_SCREENSHOTS=dir keeps them
 * there; the paths are printed). The browser part skips, saying why, when Chromium is not installed.
 * Without a browser: both runs write the same files; results.json is byte-identical and every CSV and
 * JSON table has the same column names in both languages (machine-readable outputs do not depend on
 * the language); the Norwegian Markdown tables show numbers with a decimal comma.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleRun } from "../helpers/example-run.js";

const CHROMIUM = "/usr/bin/chromium";
const have = existsSync(CHROMIUM);
if (!have) console.warn(`[report/screenshot.test] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
const tmp = mkdtempSync(join(tmpdir(), "effekt-shot-"));
const shots = process.env.EFFEKT_SCREENSHOTS ?? tmp;
const LANGS = ["en", "nb"] as const;
const OUT: Record<string, string> = {};

/** What each language's page must show (headings from the catalogues src/report/i18n/*.ts). */
const EXPECT = {
  en: { keyFindings: "Key findings", methods: "Methods and limitations", atRisk: "Number at risk", foreign: ["Hovedfunn", "Antall i risiko", "Andel i arbeid"] },
  nb: { keyFindings: "Hovedfunn", methods: "Metoder og begrensninger", atRisk: "Antall i risiko", foreign: ["Key findings", "Number at risk", "Share in work", "Days since", "Event study", "Competing exits", "Pilot offices", "Control offices", "log scale"] },
};

describe("the example job in English and Norwegian", () => {
  beforeAll(async () => {
    // shared with run-job and key-findings (test/helpers/example-run.ts)
    const runs = await Promise.all(LANGS.map((lang) => exampleRun(lang)));
    for (const r of runs) if (r.code !== 0) throw new Error(r.stderr);
    LANGS.forEach((lang, i) => (OUT[lang] = runs[i].dir));
    mkdirSync(shots, { recursive: true });
  }, 900_000);

  it("machine-readable outputs are the same in both languages; Markdown tables in nb have a decimal comma", () => {
    const files = (lang: string) => readdirSync(join(OUT[lang], "tables")).sort();
    expect(files("nb")).toEqual(files("en"));
    expect(readFileSync(join(OUT.nb, "results.json"), "utf8")).toBe(readFileSync(join(OUT.en, "results.json"), "utf8"));
    for (const f of files("en")) {
      const read = (lang: string) => readFileSync(join(OUT[lang], "tables", f), "utf8");
      if (f.endsWith(".csv")) expect(read("nb").split("\n")[0], f).toBe(read("en").split("\n")[0]);
      if (f.endsWith(".json")) {
        const keys = (lang: string) => (JSON.parse(read(lang)) as Record<string, unknown>[]).map((r) => Object.keys(r).join(","));
        expect(keys("nb"), f).toEqual(keys("en"));
      }
    }
    const md = readFileSync(join(OUT.nb, "tables", "did-effect.md"), "utf8");
    expect(md).toMatch(/^Effekt på andelen avganger til arbeid/);
    expect(md).toContain("| metode | estimat (%-poeng) | 95\u00a0% KI nedre (%-poeng) |");
    const cells = md.split("\n").filter((l) => l.startsWith("| CR2")).join("");
    expect(cells).toMatch(/\| \d+,\d \|/);
    expect(cells).not.toMatch(/\d\.\d/);
  });

  describe.skipIf(!have)("in Chromium at 1280 and 800 px", () => {

    for (const lang of LANGS) {
      for (const width of [1280, 800]) {
        it(`${lang}: every figure readable at ${width} px, texts in the language`, async () => {
          const { chromium } = await import("playwright-core");
          const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
          try {
            const page = await browser.newPage({ viewport: { width, height: 900 } });
            const errors: string[] = [];
            page.on("pageerror", (e) => errors.push(String(e)));
            await page.goto(`file://${join(OUT[lang], "report.html")}`);
            expect(await page.locator("html").getAttribute("lang")).toBe(lang);
            const headings = await page.locator("h2").allInnerTexts();
            expect(headings[0]).toBe(EXPECT[lang].keyFindings);
            expect(headings).toContain(EXPECT[lang].methods);
            const main = await page.locator("main").evaluate((m) => {
              const r = m.getBoundingClientRect();
              return { left: r.left, right: r.right };
            });
            const figs = await page.locator("figure > svg").evaluateAll((els) =>
              els.map((e) => {
                const r = e.getBoundingClientRect();
                return {
                  label: e.getAttribute("aria-label") ?? "",
                  left: r.left,
                  right: r.right,
                  width: r.width,
                  height: r.height,
                  own: Number(e.getAttribute("width")),
                  texts: [...e.querySelectorAll("text")].map((t) => t.textContent ?? ""),
                };
              }),
            );
            expect(figs.length).toBe(5);
            for (const f of figs) {
              expect(f.left, f.label).toBeGreaterThanOrEqual(main.left - 0.5);
              expect(f.right, f.label).toBeLessThanOrEqual(main.right + 0.5);
              expect(f.height, f.label).toBeGreaterThan(150);
              expect(f.width / f.own, `${f.label}: shown at ${Math.round((100 * f.width) / f.own)}%`).toBeGreaterThanOrEqual(0.6);
            }
            // nothing widens the page: a wide table scrolls in its own box (.wide), the page never sideways
            const sideways = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
            expect(sideways.page, "the page scrolls sideways").toBeLessThanOrEqual(sideways.view);
            const boxes = await page.locator("main table").evaluateAll((els) => els.map((e) => (e.parentElement as HTMLElement).getBoundingClientRect().right));
            for (const right of boxes) expect(right).toBeLessThanOrEqual(main.right + 0.5);
            const figureText = figs.flatMap((f) => f.texts).join("\n");
            expect(figureText).toContain(EXPECT[lang].atRisk);
            const pageText = await page.locator("main").innerText();
            for (const w of EXPECT[lang].foreign) {
              expect(figureText.includes(w), `figure text has "${w}"`).toBe(false);
              expect(pageText.includes(w), `page has "${w}"`).toBe(false);
            }
            if (lang === "nb") {
              expect(figureText).toMatch(/\d,\d/); // axis percentages and the annotation's hazard ratio
              expect(figureText).not.toMatch(/\d\.\d/);
              expect(pageText).toMatch(/95\u00a0% KI/);
              expect(pageText).toMatch(/p = 0,\d/);
            }
            await page.screenshot({ path: join(shots, `report-${lang}-${width}-top.png`) });
            const handles = await page.locator("figure").all();
            for (let i = 0; i < handles.length; i++) await handles[i].screenshot({ path: join(shots, `figure-${lang}-${i + 1}-${width}.png`) });
            const file = join(shots, `report-${lang}-${width}.png`);
            await page.screenshot({ path: file, fullPage: true });
            console.log(`[report/screenshot.test] ${file}`);
            expect(errors).toEqual([]);
          } finally {
            await browser.close();
          }
        }, 120_000);
      }
    }
  });
});
