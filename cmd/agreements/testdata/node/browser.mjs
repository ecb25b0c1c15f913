// Drives Debian's Chromium through puppeteer-core over a site served on
// loopback, and prints, as JSON, what cmd/agreements' TestSiteInChromium
// checks: console errors, horizontal overflow, axe-core's violations, and
// what the home page's list, map and language switch do.
//
//   node browser.mjs http://127.0.0.1:PORT/ path ...
import puppeteer from "puppeteer-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, ...paths] = process.argv.slice(2);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
  for (const path of paths) {
    for (const width of [1280, 360]) {
      const page = await browser.newPage();
      const errors = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("requestfailed", (r) => errors.push("failed: " + r.url()));
      await page.setViewport({ width, height: 900 });
      const response = await page.goto(base + path, { waitUntil: "load" });
      const r = { path, width, status: response.status(), errors };
      if (path === "" || path === "index.html") {
        await page.waitForSelector("body[data-list-ready]", { timeout: 10000 });
        r.items = await page.$$eval("#list li.item", (l) => l.length);
        r.mapLinks = await page.$$eval(".map svg a", (l) => l.map((a) => a.getAttribute("href")));
        // Every country reachable by a target of at least 24 × 24 px (WCAG
        // 2.5.8): its shape on the map, or its link in the list below it.
        await page.$eval(".map-list", (d) => { d.open = true; });
        r.smallTargets = await page.evaluate(() => {
          const best = {};
          for (const a of document.querySelectorAll(".map svg a, .map-list a")) {
            const b = a.getBoundingClientRect();
            const href = a.getAttribute("href");
            best[href] = Math.max(best[href] || 0, Math.min(b.width, b.height));
          }
          return Object.keys(best).filter((h) => best[h] < 24);
        });
        await page.$eval(".map-list", (d) => { d.open = false; });
        await page.select('#filters select[name="country"]', "HT");
        r.haitiItems = await page.$$eval("#list li.item a.title", (l) => l.map((a) => a.getAttribute("href")));
        await page.select('#filters select[name="country"]', "");
        r.hashAfterFilter = await page.evaluate(() => location.hash);
        // Searches as a reader types them: no accents, another language,
        // an organisation's full name, several words, a word of a summary.
        await page.waitForSelector("body[data-summaries-ready]", { timeout: 10000 });
        r.searches = {};
        for (const q of ["sao paulo", "SÃO PAULO", "brazil", "comite gestor", "cgi.br brasil", "sao paulo haiti", "montevideo", "margarita"]) {
          await page.$eval('#filters input[name="q"]', (el, v) => { el.value = v; el.dispatchEvent(new Event("input", { bubbles: true })); }, q);
          r.searches[q] = await page.$$eval("#list li.item a.title", (l) => l.map((a) => a.getAttribute("href")));
        }
        await page.$eval('#filters input[name="q"]', (el) => { el.value = ""; el.dispatchEvent(new Event("input", { bubbles: true })); });
      }
      r.overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      // The language switch is a link to the same page in English.
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click('.langs a[hreflang="en"]')]);
      r.urlAfterSwitch = page.url();
      r.langAfterSwitch = await page.evaluate(() => document.documentElement.lang);
      r.mapTitleAfterSwitch = await page.evaluate(() => document.querySelector('.map a[href="countries/UY/"] title')?.textContent ?? "");
      r.visibleH1 = await page.$eval("h1", (h) => h.innerText);
      r.title = await page.title();
      await page.addScriptTag({ content: axeSource });
      const axe = await page.evaluate(async () => {
        const res = await window.axe.run(document, { resultTypes: ["violations"] });
        return res.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      });
      r.axe = axe;
      // An old link with ?lang=pt leads to the page in Portuguese.
      await page.goto(base + path + "?lang=pt", { waitUntil: "load" });
      await page.waitForFunction(() => document.documentElement.lang === "pt", { timeout: 5000 }).catch(() => {});
      r.urlAfterOldLink = page.url();
      await page.close();
      // Without JavaScript, no control that needs it is shown.
      const plain = await browser.newPage();
      await plain.setJavaScriptEnabled(false);
      await plain.setViewport({ width, height: 900 });
      await plain.goto(base + path, { waitUntil: "load" });
      r.deadControls = await plain.$$eval("#filters",
        (l) => l.filter((e) => getComputedStyle(e).display !== "none" && e.getClientRects().length > 0).map((e) => e.className || e.id || e.tagName));
      await plain.close();
      results.push(r);
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
