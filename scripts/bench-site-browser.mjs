// Times the home page of a built site in headless Chromium: when
// DOMContentLoaded comes, when the whole list is loaded, when the
// summaries the search also looks in are, and how long each
// filter, sort and page turn takes to the next frame; then the same
// page in English (en/), reached by its language link.
// Prints a Markdown table of medians over RUNS repetitions.
//
//   node scripts/bench-site-browser.mjs DIST [RUNS]
// (puppeteer-core from cmd/agreements/testdata/node: run npm ci there first)
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(join(here, "..", "cmd", "agreements", "testdata", "node", "package.json"));
const puppeteer = require("puppeteer-core");
const [dist, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  let p = join(dist, decodeURIComponent(new URL(req.url, "http://x").pathname));
  try { if (statSync(p).isDirectory()) { p = join(p, "index.html"); } } catch { res.writeHead(404).end(); return; }
  res.writeHead(200, { "content-type": types[extname(p)] || "application/octet-stream" });
  createReadStream(p).pipe(res);
}).listen(0, "127.0.0.1");
await new Promise((r) => server.on("listening", r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
const samples = {};
const add = (k, v) => { (samples[k] ||= []).push(v); };
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(base, { waitUntil: "domcontentloaded" });
  add("DOMContentLoaded", await page.evaluate(() => performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd));
  await page.waitForSelector("body[data-list-ready]", { timeout: 60000 });
  add("whole list loaded", await page.evaluate(() => performance.now()));
  await page.waitForSelector("body[data-summaries-ready]", { timeout: 60000 });
  add("summaries loaded (search looks in them from then on)", await page.evaluate(() => performance.now()));
  // Each action: set the control, dispatch the event, and time to the
  // frame after it.
  const act = (label, fn) => page.evaluate(async (fnText) => {
    const t0 = performance.now();
    new Function(fnText)();
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, fn).then((ms) => add(label, ms));
  const set = (name, value) => `const f=document.getElementById("filters"); f.elements["${name}"].value=${JSON.stringify(value)}; f.dispatchEvent(new Event("input",{bubbles:true}));`;
  const country = await page.$eval('#filters select[name="country"] option:nth-child(2)', (o) => o.value);
  await act("filter: country", set("country", country));
  await act("filter: clear", set("country", ""));
  await act("filter: text", set("q", "convenio"));
  await act("filter: clear text", set("q", ""));
  await act("sort: by title", set("sort", "title"));
  await act("sort: most recent", set("sort", "recent"));
  await act("next page", `document.querySelector("#pager button:last-of-type").click();`);
  // The language switch is a link to the page in the other language.
  await Promise.all([page.waitForNavigation({ waitUntil: "domcontentloaded" }), page.click('.langs a[hreflang="en"]')]);
  add("English page (en/): DOMContentLoaded", await page.evaluate(() => performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd));
  await page.waitForSelector("body[data-list-ready]", { timeout: 60000 });
  add("English page: whole list loaded", await page.evaluate(() => performance.now()));
  await page.close();
}
await browser.close();
server.close();
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`| measure (${runs} runs) | median ms | max ms |\n|---|---|---|`);
for (const [k, v] of Object.entries(samples)) { console.log(`| ${k} | ${median(v).toFixed(0)} | ${Math.max(...v).toFixed(0)} |`); }
