// Drive `svcstd edit` in a real browser (Debian's chromium, through playwright-core) with the keyboard alone:
// each step focuses a control and types, presses Space on a checkbox, or presses Enter on a button, as a person
// without a mouse does. After each step the live findings count is read; the axe-core audit (WCAG 2.2 AA) runs on
// the pages named in the steps, whose HTML is also saved for the Nu HTML Checker.
// Usage: node edit.mjs ADDRESS STEPS.json OUT_DIR [noscript]   (CHROMIUM overrides /usr/bin/chromium; noscript:
// the browser runs no JavaScript, and every step that changes the page is a button posting the form)
// A step is {type: NAME, text}, {check: NAME, value}, {press: BUTTON_VALUE}, {settle: 1} (wait for the live
// count), {audit: LABEL}, {preview: LANG} (open and audit the public page's preview), {tab_to: ID} or {leave: 1}
// (try to close the page).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf-8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const [address, stepsFile, outDir, mode] = process.argv.slice(2);
const scripts = mode !== "noscript";
const steps = JSON.parse(readFileSync(stepsFile, "utf-8"));
const origin = new URL(address).origin;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const record = { counts: [], audits: [], external: [], notices: [], tabs: null, errors: [], dialogs: 0, smuggled: 0 };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: scripts });
  const page = await context.newPage();
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:")) return route.continue();
    record.external.push(url);
    return route.abort();
  });
  page.on("pageerror", (error) => record.errors.push(String(error)));
  page.on("console", (message) => {  // a refused style or script (Content-Security-Policy) is a broken page
    if (message.type() === "error") record.errors.push(message.text());
  });
  page.on("dialog", (dialog) => { record.dialogs += 1; return dialog.accept(); });
  const ready = async () => {
    if (scripts) await page.waitForSelector('#charter-form[data-live="true"]');
    // a script element other than the editor's own is a charter value run as code
    record.smuggled += await page.evaluate(() =>
      [...document.querySelectorAll("script")].filter((s) => s.getAttribute("src") !== "/static/editor.js").length);
  };
  await page.goto(address, { waitUntil: "load" });
  await ready();

  const settled = async () => {
    // the live judge answers a change 200 ms after the last key: wait until its answer is shown
    await page.waitForSelector('#charter-form[data-pending="false"]');
  };
  const count = async () => Number(await page.getAttribute("#charter-form", "data-findings"));
  const audit = async (on, label) => {
    const html = await on.content();
    const file = join(outDir, `${label}.html`);
    writeFileSync(file, html);  // for the Nu HTML Checker
    await on.setViewportSize({ width: 320, height: 640 });
    const narrowWidth = await on.evaluate(() => document.documentElement.scrollWidth);
    await on.setViewportSize({ width: 1280, height: 900 });
    let violations = null;
    let passes = null;
    if (scripts) {  // axe runs as a script in the page; without scripts the page is the same HTML, audited there
      await on.evaluate(axeSource);  // evaluated by the browser's debugger, which the page's CSP does not govern
      const axe = await on.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
      passes = axe.passes.length;
      violations = axe.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.map((n) => n.target.join(" ")) }));
    }
    return { label, file, narrowWidth, passes, violations };
  };

  record.timings = {};
  for (const step of steps) {
    const started = Date.now();
    const kind = Object.keys(step)[0];
    if (step.type !== undefined) {
      const control = page.locator(`[name="${step.type}"]`);
      await control.focus();
      const tag = await control.evaluate((el) => el.tagName);
      if (tag === "SELECT") {
        await page.keyboard.type(step.text);  // type-ahead picks the option whose text begins so
      } else {
        await page.keyboard.press("Control+A");
        await page.keyboard.insertText(step.text);  // as a keyboard's input method sends it: one input event
      }
    } else if (step.check !== undefined) {
      await page.locator(`input[name="${step.check}"][value="${step.value}"]`).focus();
      await page.keyboard.press("Space");
    } else if (step.settle !== undefined) {
      if (scripts) await settled();
      record.counts.push(await count());
    } else if (step.press !== undefined) {
      await page.locator(`button[value="${step.press}"]`).first().focus();
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      await ready();
      record.counts.push(await count());
      const notice = await page.locator(".notice, .problem").allTextContents();
      if (notice.length) record.notices.push(...notice.map((t) => t.trim()));
    } else if (step.audit !== undefined) {
      record.audits.push(await audit(page, step.audit));
    } else if (step.preview !== undefined) {
      // the public page's preview opens in a new tab (formtarget=_blank): it is audited there, then closed
      await page.locator(`button[formaction="/preview?lang=${step.preview}"]`).focus();
      const [preview] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("Enter")]);
      preview.on("dialog", (dialog) => { record.dialogs += 1; return dialog.dismiss(); });
      await preview.waitForLoadState("load");
      record.smuggled += await preview.evaluate(() =>  // the page's JSON-LD is data, never run
        document.querySelectorAll('script:not([type="application/ld+json"])').length);
      preview.on("console", (message) => { if (message.type() === "error") record.errors.push(message.text()); });
      record.audits.push(await audit(preview, `preview-${step.preview}-${record.audits.length}`));
      await preview.close();
    } else if (step.leave !== undefined) {
      // leaving with unsaved changes asks first (the dialog is dismissed: the person stays on the page)
      let warned = false;
      page.removeAllListeners("dialog");
      page.on("dialog", (dialog) => { if (dialog.type() === "beforeunload") warned = true; return dialog.dismiss(); });
      await page.close({ runBeforeUnload: true });
      await page.waitForTimeout(500);
      record.warned_on_leave = warned;
    } else if (step.tab_to !== undefined) {
      // from the top of the page, Tab alone reaches the control through every control before it, each visibly
      // outlined when focused
      await page.locator(".skip-link").focus();  // the first thing on the page: Tab goes on from there
      let presses = 0;
      let unmarked = 0;
      while (presses < 5000) {
        await page.keyboard.press("Tab");
        presses += 1;
        const here = await page.evaluate(() => {
          const el = document.activeElement;
          const style = el ? getComputedStyle(el) : null;
          const marked = style && (style.outlineStyle !== "none" || style.boxShadow !== "none");
          return { id: el ? el.id : "", marked };  // (an element without an outline or shadow counts as unmarked)
        });
        if (!here.marked) unmarked += 1;
        if (here.id === step.tab_to) break;
      }
      const controls = await page.evaluate(() => document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary").length);
      record.tabs = { presses, unmarked, controls };
    }
    record.timings[kind] = (record.timings[kind] || 0) + (Date.now() - started);
  }
  record.final = page.isClosed() ? null : await count();
  record.title = await page.title();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(record) + "\n");
