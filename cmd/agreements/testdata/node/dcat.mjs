// Validates the site's catalog.jsonld against the DCAT-AP 3.0.0 SHACL
// shapes (vendored in ../dcat-ap) with rdf-validate-shacl, and prints the
// report as JSON (cmd/agreements' TestDCATCatalog reads it). The
// catalogue's context is in the file: nothing is fetched.
//
//   node dcat.mjs DIST
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsonld = require("jsonld");
const N3 = require("n3");
const rdf = (await import("@zazuko/env")).default;
const SHACLValidator = (await import("rdf-validate-shacl")).default;

const dist = process.argv[2];
const shapes = rdf.dataset(new N3.Parser().parse(readFileSync(join(import.meta.dirname, "..", "dcat-ap", "dcat-ap-SHACL.ttl"), "utf8")));
const documentLoader = async (url) => { throw new Error("no network: " + url); };
const doc = JSON.parse(readFileSync(join(dist, "catalog.jsonld"), "utf8"));
const toDataset = async (d) => rdf.dataset(new N3.Parser({ format: "N-Quads" }).parse(
  await jsonld.toRDF(d, { format: "application/n-quads", documentLoader })));
const data = await toDataset(doc);
const report = await new SHACLValidator(shapes, { factory: rdf }).validate(data);
// The same catalogue without the descriptions DCAT-AP makes mandatory:
// the shapes must refuse it, or they check nothing.
const broken = structuredClone(doc);
delete broken["dct:description"];
delete broken["dcat:dataset"]["dct:description"];
const brokenReport = await new SHACLValidator(shapes, { factory: rdf }).validate(await toDataset(broken));
const types = {};
for (const q of data.match(null, rdf.namedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), null)) {
  types[q.object.value] = (types[q.object.value] || 0) + 1;
}
console.log(JSON.stringify({
  conforms: report.conforms,
  brokenViolations: brokenReport.results.length,
  triples: data.size,
  types,
  results: report.results.map((r) => ({
    severity: r.severity && r.severity.value,
    message: r.message.map((m) => m.value).join(" "),
    path: r.path && r.path.value,
    focus: r.focusNode && r.focusNode.value,
  })),
}));
