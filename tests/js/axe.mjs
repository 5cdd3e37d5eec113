// Runs axe-core (its default rules, best practices included) on HTML pages
// in headless Chromium (/usr/bin/chromium, driven by playwright-core), in the
// light and the dark colour scheme, and takes a screenshot of each.
//
// Usage: node axe.mjs SCREENSHOT_DIR PAGE.html [PAGE.html ...]
// Prints one line per page and scheme; exits 1 if any page has a violation.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [shots, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
let failed = 0;
for (const file of pages) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
    await page.goto("file://" + path.resolve(file));
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () =>
      await window.axe.run(document, { resultTypes: ["violations"] }));
    const name = path.basename(file, ".html") + "-" + scheme + ".png";
    await page.screenshot({ path: path.join(shots, name), fullPage: true });
    for (const v of result.violations) {
      failed++;
      console.log(`VIOLATION ${file} ${scheme}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    }
    if (requests.length) {
      failed++;
      console.log(`NETWORK ${file} ${scheme}: ${requests.join(", ")}`);
    }
    console.log(`checked ${path.basename(file)} ${scheme}: ${result.violations.length} violations`);
    await context.close();
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
