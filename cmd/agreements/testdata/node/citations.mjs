// Checks every citation file the site writes with its format's own tools:
// each agreements/*/cite.bib parsed by @retorquere/bibtex-parser (one
// entry, no error, its title and address read back), each cite.json
// validated by ajv against CSL's csl-data.json schema (vendored in
// ../csl). Prints what it found as JSON (cmd/agreements'
// TestCitationFormats reads it).
//
//   node citations.mjs DIST
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { parse } from "@retorquere/bibtex-parser";

const require = createRequire(import.meta.url);
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats");

const dist = process.argv[2];
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, "..", "csl", "csl-data.json"), "utf8")));
const out = { bib: { files: 0, errors: [] }, csl: { files: 0, errors: [] } };
for (const id of readdirSync(join(dist, "agreements")).sort()) {
  const dir = join(dist, "agreements", id);
  if (!existsSync(join(dir, "cite.bib"))) { continue; }
  out.bib.files++;
  const bib = parse(readFileSync(join(dir, "cite.bib"), "utf8"));
  const e = bib.entries[0];
  if (bib.errors.length || bib.entries.length !== 1 || !e.fields.title || !e.fields.url || e.key !== "lacnic-agreements-" + id) {
    out.bib.errors.push(id + ": " + JSON.stringify({ errors: bib.errors, entries: bib.entries.length, key: e && e.key }));
  }
  out.csl.files++;
  const csl = JSON.parse(readFileSync(join(dir, "cite.json"), "utf8"));
  if (!validate(csl)) { out.csl.errors.push(id + ": " + ajv.errorsText(validate.errors)); }
}
console.log(JSON.stringify(out));
