// Audit rendered pages in a real browser: Debian's chromium driven by playwright-core.
// For each HTML file given, prints one JSON record: axe-core WCAG 2.2 AA (and best-practice)
// violations, every network request the page tried to make beyond its own file, the page
// width at a 320 CSS-pixel viewport (WCAG 1.4.10 reflow), what print media hides, and any
// script element or dialog a charter value managed to smuggle in.
// Usage: node audit.mjs page.html [page.html ...]   (CHROMIUM overrides /usr/bin/chromium)
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const records = [];
try {
  for (const file of process.argv.slice(2)) {
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const external = [];
    await page.route("**/*", (route) => {
      const requested = route.request().url();
      if (requested === url || requested.startsWith("data:")) return route.continue();
      external.push(requested);
      return route.abort();
    });
    let dialogs = 0;
    page.on("dialog", (dialog) => { dialogs += 1; return dialog.dismiss(); });
    await page.goto(url, { waitUntil: "load" });
    const scripts = await page.evaluate(() => document.querySelectorAll('script:not([type="application/ld+json"])').length);
    await page.addScriptTag({ path: axePath });
    const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
    const violations = axe.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
    await page.setViewportSize({ width: 320, height: 640 });
    const narrowWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.emulateMedia({ media: "print" });
    const printHidden = await page.evaluate(() =>
      [...document.querySelectorAll(".skip-link, nav")].every((el) => getComputedStyle(el).display === "none"));
    records.push({ file, violations, external, narrowWidth, printHidden, scripts, dialogs, passes: axe.passes.length });
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(records, null, 1) + "\n");
