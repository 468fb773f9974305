/**
 * Opens the sample report in headless Chromium (playwright-core, system /usr/bin/chromium):
 * the page must show its headings and figures, log no console errors and make no requests.
 * Skips, saying why, when Chromium is not installed.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sampleReport } from "./sample-report.js";

const CHROMIUM = "/usr/bin/chromium";
const have = existsSync(CHROMIUM);
if (!have) console.warn(`[report/browser.test] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!have)("HTML report in headless Chromium", () => {
  it("renders headings and all figures without console errors or network requests", async () => {
    const { chromium } = await import("playwright-core");
    const dir = mkdtempSync(path.join(tmpdir(), "effekt-report-"));
    const file = path.join(dir, "report.html");
    writeFileSync(file, await sampleReport());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
      await page.goto(`file://${file}`);
      expect(await page.locator("h1").innerText()).toBe("Did the pilot help people into work?");
      expect(await page.locator("h2").allInnerTexts()).toEqual(["Key findings", "Time to work", "Effect by year", "Baseline"]);
      expect(await page.locator("figure > svg").count()).toBe(5);
      // Every figure has drawn marks with a visible size.
      for (const box of await page.locator("figure > svg").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
        expect(box).toBeGreaterThan(200);
      }
      expect(await page.locator("table tbody td").first().innerText()).toBe("Pilot");
      await page.screenshot({ path: path.join(dir, "report.png"), fullPage: true });
      console.log(`[report/browser.test] screenshot: ${path.join(dir, "report.png")}`);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
