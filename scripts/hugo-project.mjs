// Writes a Hugo project that builds the same pages as `agreements build`
// from the same records, for scripts/bench-site.sh: a multilingual site
// (Spanish at the root, pt/ and en/, Hugo's i18n for the labels) with, in
// each language, one page per agreement with every field, one per
// organisation and per country (Hugo taxonomies) listing their agreements,
// and the home page with the first 50 agreements and pages for the rest;
// the record as JSON beside each agreement's Spanish page.
//
//   node scripts/hugo-project.mjs DIST/index.json HUGO_DIR
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [indexPath, out] = process.argv.slice(2);
const ix = JSON.parse(readFileSync(indexPath, "utf8"));
const write = (path, text) => { mkdirSync(join(out, path, ".."), { recursive: true }); writeFileSync(join(out, path), text); };

const langs = ["es", "pt", "en"];
const names = { es: "Español", pt: "Português", en: "English" };
write("config.json", JSON.stringify({
  baseURL: "https://registry.example.org/", defaultContentLanguage: "es", defaultContentLanguageInSubdir: false,
  languages: Object.fromEntries(langs.map((l, i) => [l, { weight: i + 1, languageName: names[l], title: "LACNIC" }])),
  paginate: 50, disableKinds: ["RSS", "sitemap", "robotsTXT", "404"], taxonomies: { party: "parties", country: "countries" },
  outputs: { page: ["HTML", "JSON"] },
}));
// A content file in each language: Spanish without a suffix.
const suffix = (l) => (l === "es" ? "" : "." + l);
// Beside each page, the record as JSON, as agreements build writes it.
write("layouts/_default/single.json", "{{ .Params.record | jsonify (dict \"indent\" \"  \") }}\n");
const orgs = Object.fromEntries(ix.organizations.map((o) => [o.id, o]));
for (const a of ix.agreements) {
  for (const l of langs) {
    const fm = { title: a.title[l] || a.title.es, date: a.created ? a.created.date : undefined,
      parties: a.parties.map((p) => p.id), countries: a.countries || [], record: a };
    if (l !== "es") fm.outputs = ["HTML"];
    write(`content/agreements/${a.id}${suffix(l)}.md`, JSON.stringify(fm) + "\n");
  }
}
for (const o of ix.organizations) {
  for (const l of langs) write(`content/parties/${o.id}/_index${suffix(l)}.md`, JSON.stringify({ title: o.display_name, org: o }) + "\n");
}
// Labels through Hugo's i18n; texts in the page's language, Spanish
// standing in for a missing translation.
const i18n = { es: {}, pt: {}, en: {} };
const ml = (es, pt, en) => {
  const key = "l" + Object.keys(i18n.es).length;
  Object.assign(i18n.es, { [key]: es }); Object.assign(i18n.pt, { [key]: pt }); Object.assign(i18n.en, { [key]: en });
  return `{{ i18n "${key}" }}`;
};
const text = (v) => `{{ with ${v} }}{{ or (index . $.Lang) .es }}{{ end }}`;
const href = (path) => `{{ ${path} | relLangURL }}`;
const head = `<!DOCTYPE html><html lang="{{ .Lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}</title>{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}<link rel="stylesheet" href="/assets/site.css"><script src="/assets/site.js" defer></script></head><body><header class="site"><a class="brand" href="${href('"/"')}">${ml("Registro de acuerdos de cooperación de LACNIC", "Registro dos acordos de cooperação do LACNIC", "Registry of LACNIC's cooperation agreements")}</a><nav class="langs">{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav></header><main id="main">`;
const foot = `</main><footer class="site"><p>${ml("El texto original en español prevalece sobre las traducciones.", "O texto original em espanhol prevalece sobre as traduções.", "The Spanish original prevails over translations.")}</p></footer></body></html>`;
const item = `<li class="item"><a class="title" href="{{ .RelPermalink }}">${text(".Params.record.title")}</a><span class="meta"><span class="badge">{{ .Params.record.status_as_of }}</span> {{ .Params.record.kind }}{{ with .Params.record.year }} · {{ . }}{{ end }} · {{ range $i, $p := .Params.record.parties }}{{ if $i }}, {{ end }}{{ $p.name }}{{ end }}</span></li>`;
write("layouts/_default/single.html", `${head}<h1>${text(".Params.record.title")}</h1>
<p class="status"><span class="badge">{{ .Params.record.status_as_of }}</span></p>
<section><h2>${ml("Resumen", "Resumo", "Summary")}</h2><p>${text(".Params.record.summary")}</p></section>
{{ $r := .Params.record }}<dl class="fields">
<dt>${ml("Tipo", "Tipo", "Kind")}</dt><dd>{{ $r.kind }}</dd>
<dt>${ml("Estado según el registro", "Situação segundo o registro", "Status as recorded")}</dt><dd>{{ $r.status }}</dd>
{{ with $r.dates }}<dt>${ml("Fechas", "Datas", "Dates")}</dt><dd><ul class="plain">{{ with .signed }}<li>${ml("Firma", "Assinatura", "Signed")}: <time>{{ . }}</time></li>{{ end }}{{ with .start }}<li>${ml("Inicio", "Início", "Start")}: <time>{{ . }}</time></li>{{ end }}{{ with .end }}<li>${ml("Fin", "Fim", "End")}: <time>{{ . }}</time></li>{{ end }}</ul></dd>{{ end }}
{{ with $r.place }}<dt>${ml("Lugar de la firma", "Local da assinatura", "Place of signature")}</dt><dd>{{ .city }} <a href="${href('(printf "/countries/%s/" (lower .country))')}">{{ .country }}</a></dd>{{ end }}
<dt>${ml("Partes", "Partes", "Parties")}</dt><dd><ul class="plain">{{ range $r.parties }}<li><a href="${href('(printf "/parties/%s/" .id)')}">{{ .name }}</a></li>{{ end }}</ul></dd>
{{ with $r.contributions }}<dt>${ml("Aportes", "Contribuições", "Contributions")}</dt><dd><ul class="plain">{{ range . }}<li><a href="${href('(printf "/parties/%s/" .by)')}">{{ .by_name }}</a>: {{ .type }}. ${text(".description")}</li>{{ end }}</ul></dd>{{ end }}
{{ with $r.signatories }}<dt>${ml("Firmantes", "Signatários", "Signatories")}</dt><dd><ul class="plain">{{ range . }}<li>{{ .name }} (${text(".role")}, <a href="${href('(printf "/parties/%s/" .party)')}">{{ .party_name }}</a>)</li>{{ end }}</ul></dd>{{ end }}
{{ with $r.relations }}<dt>${ml("Relaciones", "Relações", "Relations")}</dt><dd><ul class="plain">{{ range . }}<li>{{ .type }}: <a href="${href('(printf "/agreements/%s/" .agreement)')}">{{ .agreement }}</a></li>{{ end }}</ul></dd>{{ end }}
{{ with $r.areas }}<dt>${ml("Áreas", "Áreas", "Areas")}</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with $r.countries }}<dt>${ml("Países donde actúa", "Países onde atua", "Countries where it acts")}</dt><dd>{{ range $i, $c := . }}{{ if $i }}, {{ end }}<a href="${href('(printf "/countries/%s/" (lower $c))')}">{{ $c }}</a>{{ end }}</dd>{{ end }}
{{ with $r.term }}<dt>${ml("Plazo", "Prazo", "Term")}</dt><dd>{{ .initial }} {{ .renewal }}</dd>{{ end }}
{{ with $r.documents }}<dt>${ml("Documentos", "Documentos", "Documents")}</dt><dd><ul class="plain">{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a> ({{ .language }})</li>{{ end }}</ul></dd>{{ end }}
<dt>${ml("Identificador", "Identificador", "Identifier")}</dt><dd><code>{{ $r.id }}</code></dd></dl>
{{ with $r.notes }}<section><h2>${ml("Notas", "Notas", "Notes")}</h2><p>${text(".")}</p></section>{{ end }}
<section><h2>${ml("Fuentes", "Fontes", "Sources")}</h2><ul>{{ range $r.sources }}<li>{{ with .url }}<a href="{{ . }}">{{ end }}{{ .title }}{{ if .url }}</a>{{ end }}{{ with .note }} — {{ . }}{{ end }}</li>{{ end }}</ul></section>
<p class="actions"><a href="/agreements/{{ $r.id }}.json">${ml("El registro en JSON", "O registro em JSON", "The record as JSON")}</a></p>${foot}`);
write("layouts/_default/list.html", `${head}<h1>{{ .Title }}</h1><ul class="items">{{ range first 100 .Pages }}${item}{{ end }}</ul>${foot}`);
write("layouts/_default/term.html", `${head}<h1>{{ .Title }}</h1><ul class="items">{{ range first 100 .Pages }}${item}{{ end }}</ul>${foot}`);
write("layouts/index.html", `${head}<h1>${ml("Registro de acuerdos de cooperación de LACNIC", "Registro dos acordos de cooperação do LACNIC", "Registry of LACNIC's cooperation agreements")}</h1>
{{ $p := .Paginate (where .Site.RegularPages "Section" "agreements") }}<ul class="items">{{ range $p.Pages }}${item}{{ end }}</ul>
<nav class="pager">{{ with $p.Next }}<a href="{{ .URL }}">${ml("Siguiente", "Próxima", "Next")}</a>{{ end }}</nav>${foot}`);
for (const l of langs) write(`i18n/${l}.json`, JSON.stringify(i18n[l]));
console.log(`${ix.agreements.length} agreements, ${ix.organizations.length} organisations`);
