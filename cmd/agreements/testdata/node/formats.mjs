// Checks the site's open-data files with their formats' own tools, and
// prints what it found as JSON (cmd/agreements' TestOpenDataFormats reads
// it): datapackage.json against the Data Package 2.0 profiles with ajv
// (the profiles vendored in ../datapackage; TestDataPackage reads the
// tables back), every page's JSON-LD with jsonld.js (schema.org's context
// served offline, as a vocabulary), every .ics with ical.js.
//
//   node formats.mjs DIST
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsonld = require("jsonld");
const Ajv = require("ajv").default;
const ICAL = require("ical.js");

const dist = process.argv[2];
const out = { datapackage: {}, jsonld: [], ical: [] };

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// datapackage.json: valid by the Data Package 2.0 profiles, the package
// and each table resource with its Table Schema.
{
  const profiles = join(import.meta.dirname, "..", "datapackage");
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const load = (name) => JSON.parse(readFileSync(join(profiles, name + ".json"), "utf8"));
  const checks = [];
  const descriptor = JSON.parse(readFileSync(join(dist, "datapackage.json"), "utf8"));
  checks.push(["datapackage", load("datapackage"), descriptor]);
  for (const r of descriptor.resources) {
    checks.push(["dataresource " + r.name, load("dataresource"), r]);
    if (r.type === "table") { checks.push(["tableschema " + r.name, load("tableschema"), r.schema]); }
  }
  out.datapackage.errors = [];
  for (const [what, schema, value] of checks) {
    const validate = ajv.compile(schema);
    if (!validate(value)) { out.datapackage.errors.push(what + ": " + ajv.errorsText(validate.errors)); }
  }
  out.datapackage.checked = checks.length;
}

// JSON-LD: every block expands, with schema.org's context served from
// here (the test has no network).
const documentLoader = async (url) => {
  if (url.replace(/\/$/, "") === "https://schema.org" || url === "http://schema.org") {
    return { contextUrl: null, documentUrl: url, document: { "@context": { "@vocab": "https://schema.org/" } } };
  }
  throw new Error("no network: " + url);
};
for (const file of walk(dist).filter((p) => p.endsWith(".html"))) {
  const html = readFileSync(file, "utf8");
  for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    const entry = { file: relative(dist, file) };
    try {
      const expanded = await jsonld.expand(JSON.parse(m[1]), { documentLoader });
      entry.types = expanded.flatMap((n) => n["@type"] || []);
    } catch (e) {
      entry.error = String(e);
    }
    out.jsonld.push(entry);
  }
}

// iCalendar: every file parses, and every event has a summary and dates.
for (const file of walk(dist).filter((p) => p.endsWith(".ics"))) {
  const entry = { file: relative(dist, file), events: 0 };
  try {
    const cal = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
    for (const v of cal.getAllSubcomponents("vevent")) {
      const e = new ICAL.Event(v);
      if (!e.summary || !e.startDate || !e.uid) { entry.error = "an event without summary, start or uid"; }
      entry.events++;
    }
  } catch (e) {
    entry.error = String(e);
  }
  out.ical.push(entry);
}
console.log(JSON.stringify(out));
