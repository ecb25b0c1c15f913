// Converts Natural Earth's country shapes (public domain; npm world-atlas
// 2.0.2, Natural Earth 4.1.0 at 1:50m) into internal/emit/assets/region-map.json:
// one SVG path per country or territory of LACNIC's service region, projected
// once, so that `agreements build` draws the map without any network or
// library. Run it only to change the map; its output is committed.
//
//   cd "$(mktemp -d)" && npm install world-atlas@2.0.2 topojson-client@3 d3-geo@3 &&
//   node /path/to/repo/scripts/make-region-map.mjs /path/to/repo
//
// The region's codes come from schema/agreement.schema.json
// ($defs/lacnicServiceRegion), so the map and the schema cannot drift.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "x.js"));
const topojson = require("topojson-client");
const d3 = require("d3-geo");
const atlas = require("world-atlas/countries-50m.json");

const repo = process.argv[2];
const schema = JSON.parse(readFileSync(join(repo, "schema", "agreement.schema.json"), "utf8"));
const region = schema.$defs.lacnicServiceRegion.enum;

// ISO 3166-1 numeric code of each alpha-2 code of the region (world-atlas
// keys countries by the numeric code).
const numeric = {
  AR: "032", AW: "533", BO: "068", BQ: "535", BR: "076", BZ: "084", CL: "152", CO: "170",
  CR: "188", CU: "192", CW: "531", DO: "214", EC: "218", FK: "238", GF: "254", GS: "239",
  GT: "320", GY: "328", HN: "340", HT: "332", MX: "484", NI: "558", PA: "591", PE: "604",
  PY: "600", SR: "740", SV: "222", SX: "534", TT: "780", UY: "858", VE: "862",
};
// Natural Earth draws French Guiana within France and the Caribbean
// Netherlands within the Netherlands: their polygons are taken from those
// countries, inside these boxes (longitude, latitude).
const within = { GF: { from: "250", box: [-55, 2, -51, 6.5] }, BQ: { from: "528", box: [-69, 11.9, -62.8, 17.8] } };

const all = topojson.feature(atlas, atlas.objects.countries).features;
const features = [];
for (const code of region) {
  let f = all.find((x) => x.id === numeric[code]);
  if (!f && within[code]) {
    const w = within[code];
    const parent = all.find((x) => x.id === w.from);
    const polys = (parent.geometry.type === "Polygon" ? [parent.geometry.coordinates] : parent.geometry.coordinates)
      .filter((p) => p[0].every(([x, y]) => x >= w.box[0] && x <= w.box[2] && y >= w.box[1] && y <= w.box[3]));
    if (polys.length) f = { type: "Feature", id: numeric[code], geometry: { type: "MultiPolygon", coordinates: polys } };
  }
  if (!f) throw new Error(`no shape for ${code}`);
  features.push({ code, feature: f });
}

const width = 600, height = 700;
const projection = d3.geoMercator().fitExtent([[10, 10], [width - 10, height - 10]],
  { type: "FeatureCollection", features: features.map((x) => x.feature) });
const path = d3.geoPath(projection).digits(0);

const countries = features.map(({ code, feature }) => {
  const [x, y] = path.centroid(feature);
  const area = path.area(feature);
  return { code, path: path(feature), x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, small: area < 30 };
});
const out = {
  source: "Natural Earth 4.1.0, 1:50m admin-0 countries, via npm world-atlas 2.0.2",
  license: "Public domain (Natural Earth)",
  viewBox: `0 0 ${width} ${height}`,
  countries,
};
writeFileSync(join(repo, "internal", "emit", "assets", "region-map.json"), JSON.stringify(out, null, 1) + "\n");
console.log(`${countries.length} shapes, ${countries.filter((c) => c.small).length} drawn as markers`);
