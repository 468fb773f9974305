/**
 * The example job's report.html in headless Chromium at 1280 and 800 px wide (issue 14): every
 * figure is drawn, fits the page width (nothing clipped: the SVG's box lies inside <main>), and
 * is shown at a readable scale (rendered width at least 60% of the figure's own width, so 12 px
 * text stays ≥ 7 px); full-page screenshots are written for a person to look at
 * (EFFEKT_SCREENSHOTS=dir keeps them there; the path is printed).
 * Skips, saying why, when Chromium is not installed.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCliAsync } from "../helpers/cli.js";

const CHROMIUM = "/usr/bin/chromium";
const have = existsSync(CHROMIUM);
if (!have) console.warn(`[report/screenshot.test] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
const tmp = mkdtempSync(join(tmpdir(), "effekt-shot-"));
const shots = process.env.EFFEKT_SCREENSHOTS ?? tmp;

describe.skipIf(!have)("example report at 1280 and 800 px", () => {
  beforeAll(async () => {
    const r = await runCliAsync(["run", join(ROOT, "jobs", "example.yaml"), "--out", join(tmp, "ex"), "--progress", "quiet", "--no-png"]);
    if (r.code !== 0) throw new Error(r.stderr);
    mkdirSync(shots, { recursive: true });
  }, 600_000);

  for (const width of [1280, 800]) {
    it(`every figure readable at ${width} px`, async () => {
      const { chromium } = await import("playwright-core");
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
      try {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(`file://${join(tmp, "ex", "report.html")}`);
        const main = await page.locator("main").evaluate((m) => {
          const r = m.getBoundingClientRect();
          return { left: r.left, right: r.right };
        });
        const figs = await page.locator("figure > svg").evaluateAll((els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return { label: e.getAttribute("aria-label") ?? "", left: r.left, right: r.right, width: r.width, height: r.height, own: Number(e.getAttribute("width")) };
          }),
        );
        expect(figs.length).toBe(5);
        for (const f of figs) {
          expect(f.left, f.label).toBeGreaterThanOrEqual(main.left - 0.5);
          expect(f.right, f.label).toBeLessThanOrEqual(main.right + 0.5);
          expect(f.height, f.label).toBeGreaterThan(150);
          expect(f.width / f.own, `${f.label}: shown at ${Math.round((100 * f.width) / f.own)}%`).toBeGreaterThanOrEqual(0.6);
        }
        await page.screenshot({ path: join(shots, `report-${width}-top.png`) });
        const handles = await page.locator("figure").all();
        for (let i = 0; i < handles.length; i++) await handles[i].screenshot({ path: join(shots, `figure-${i + 1}-${width}.png`) });
        const file = join(shots, `report-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`[report/screenshot.test] ${file}`);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 120_000);
  }
});
