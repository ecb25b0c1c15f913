// Validates the format's example records (schema/examples) with ajv 8 and
// ajv-formats, given the schemas alone, and prints for each file the
// errors ajv found as JSON (cmd/agreements' TestSchemaExamplesAjv reads
// it). The "partial-date" format is the tool's: an EDTF date of level 0
// naming a real calendar day, with at most one qualifier (~ or ?) at its
// end.
//
//   node examples.mjs SCHEMA_DIR
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats");
const YAML = require("yaml");

const dir = process.argv[2];
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat("partial-date", (s) => {
  const m = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?[~?]?$/.exec(s);
  if (!m) return true; // the pattern reports the shape
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  if (mo < 1 || mo > 12) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
});
const schemas = {
  agreements: ajv.compile(JSON.parse(readFileSync(join(dir, "agreement.schema.json"), "utf8"))),
  organizations: ajv.compile(JSON.parse(readFileSync(join(dir, "organization.schema.json"), "utf8"))),
};
const out = {};
for (const group of ["valid", "invalid"]) {
  for (const kind of ["agreements", "organizations"]) {
    const folder = join(dir, "examples", group, kind);
    for (const name of readdirSync(folder).filter((n) => n.endsWith(".yaml")).sort()) {
      const value = YAML.parse(readFileSync(join(folder, name), "utf8"));
      const validate = schemas[kind];
      out[`${group}/${kind}/${name}`] = validate(value) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
    }
  }
}
console.log(JSON.stringify(out));
