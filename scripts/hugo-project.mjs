// Writes a Hugo project that builds the same site as `agreements build`
// from the same records, for scripts/bench-site.sh: a multilingual site
// (Spanish at the root, pt/ and en/) whose pages hold what the tool's pages
// hold, written the way a Hugo site writes them:
//
// - in each language, a page per agreement with every field, the inverse
//   relations, the parties' acts, the sources, "Cite this agreement", and a
//   <head> with a description, OpenGraph tags, canonical and hreflang
//   links and JSON-LD; a page per organisation (its fields, its first 100
//   agreements, its own acts) and per country (Hugo taxonomies); the home
//   page with 50 agreements and pages for the rest;
// - labels from the tool's own catalogue (internal/message/catalog)
//   through Hugo's i18n; country and language names from CLDR (Node's
//   Intl, as the tool takes them from golang.org/x/text); dates written
//   out by partials;
// - the record as JSON beside each agreement's Spanish page (an output
//   format).
//
// What a template would have to search the whole site for (the relations
// that point at an agreement, an organisation's acts) is worked out here
// and given to the pages, as a Hugo site would keep it in its data. The
// data files the tool writes beside the pages (index.json, the CSVs, the
// feeds, calendars, citation files, ...) are copied in by bench-site.sh as
// static files, so that both sites publish the same things; a page links
// its calendar when the calendar has an event, as build links it.
//
//   node scripts/hugo-project.mjs DIST/index.json HUGO_DIR [BASE_URL]
//
// BASE_URL is the address the site is published at (default
// https://registry.example.org/), as --base-url is for the tool.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [indexPath, out, baseURL = "https://registry.example.org/"] = process.argv.slice(2);
const ix = JSON.parse(readFileSync(indexPath, "utf8"));
const write = (path, text) => { mkdirSync(join(out, path, ".."), { recursive: true }); writeFileSync(join(out, path), text); };
const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

const langs = ["es", "pt", "en"];
const names = { es: "Español", pt: "Português", en: "English" };
write("config.json", JSON.stringify({
  baseURL, defaultContentLanguage: "es", defaultContentLanguageInSubdir: false,
  languages: Object.fromEntries(langs.map((l, i) => [l, { weight: i + 1, languageName: names[l], title: "LACNIC" }])),
  paginate: 50, disableKinds: ["RSS", "sitemap", "robotsTXT", "404"], taxonomies: { organization: "organizations", country: "countries" },
  outputs: { page: ["HTML", "JSON"] },
}));

// The tool's labels as Hugo's i18n: "out.site.cite" is "site_cite", and
// a placeholder {date} is {{ .date }}.
const key = (k) => k.replace(/[^A-Za-z0-9]/g, "_");
for (const l of langs) {
  const cat = JSON.parse(readFileSync(join(repo, "internal/message/catalog", l + ".json"), "utf8"));
  const i18n = {};
  for (const [k, v] of Object.entries(cat)) {
    if (k.startsWith("out.")) i18n[key(k.slice(4))] = v.replace(/\{(\w+)\}/g, "{{ .$1 }}");
  }
  write(`i18n/${l}.json`, JSON.stringify(i18n));
}
// Country and language names in each language, from CLDR.
const codes = new Set();
for (const a of ix.agreements) {
  for (const c of a.countries || []) codes.add(c);
  if (a.place) codes.add(a.place.country);
  for (const act of a.actions || []) if (act.place) codes.add(act.place.country);
}
for (const o of ix.organizations) if (o.country) codes.add(o.country);
const languages = new Set(["es", "pt", "en"]);
for (const a of ix.agreements) {
  if (a.original_language) languages.add(a.original_language);
  for (const d of a.documents || []) if (d.language) languages.add(d.language);
}
const cldr = {};
for (const l of langs) {
  const region = new Intl.DisplayNames([l], { type: "region" });
  const language = new Intl.DisplayNames([l], { type: "language" });
  cldr[l] = { country: {}, language: {} };
  for (const c of codes) cldr[l].country[c.toLowerCase()] = region.of(c) || c;
  for (const c of languages) cldr[l].language[c] = language.of(c) || c;
}
write("data/cldr.json", JSON.stringify(cldr));

// What points at each agreement, grouped as the tool groups it: its own
// relations by type, then the inverse ones.
const byID = new Map(ix.agreements.map((a) => [a.id, a]));
const inverse = new Map();
for (const a of ix.agreements) {
  for (const r of a.relations || []) {
    if (!inverse.has(r.agreement)) inverse.set(r.agreement, []);
    inverse.get(r.agreement).push({ type: r.type, agreement: a.id });
  }
}
const relationGroups = (a) => {
  const groups = [];
  const add = (label, id) => {
    let g = groups.find((x) => x.label === label);
    if (!g) groups.push(g = { label, links: [] });
    g.links.push({ id, title: (byID.get(id) || { title: { es: id } }).title });
  };
  for (const r of a.relations || []) add(key("relation." + r.type), r.agreement);
  for (const r of inverse.get(a.id) || []) add(key("relation-inverse." + r.type), r.agreement);
  return groups;
};
const orgActs = new Map();
for (const a of ix.agreements) {
  for (const act of a.actions || []) {
    if (!orgActs.has(act.party)) orgActs.set(act.party, []);
    orgActs.get(act.party).push({ agreement: a.id, title: a.title, action: act });
  }
}
const short = (t) => Object.fromEntries(Object.entries(t || {}).map(([l, s]) => {
  if ([...s].length <= 300) return [l, s];
  let cut = [...s].slice(0, 300).join("");
  const sp = cut.lastIndexOf(" ");
  if (sp > 150) cut = cut.slice(0, sp);
  return [l, cut.replace(/[ ,.;:]+$/, "") + "…"];
}));
// A content file in each language: Spanish without a suffix.
const suffix = (l) => (l === "es" ? "" : "." + l);
write("layouts/_default/single.json", "{{ .Params.record | jsonify (dict \"indent\" \"  \") }}\n");
for (const a of ix.agreements) {
  for (const l of langs) {
    const fm = { title: a.title[l] || a.title.es, organizations: a.parties.map((p) => p.id),
      countries: (a.countries || []).map((c) => c.toLowerCase()), record: a, desc: short(a.summary), relgroups: relationGroups(a) };
    if (l !== "es") fm.outputs = ["HTML"];
    write(`content/agreements/${a.id}${suffix(l)}.md`, JSON.stringify(fm) + "\n");
  }
}
for (const o of ix.organizations) {
  for (const l of langs) {
    write(`content/organizations/${o.id}/_index${suffix(l)}.md`, JSON.stringify({ title: o.display_name, org: o, acts: orgActs.get(o.id) || [] }) + "\n");
  }
}

const t = (k) => `{{ i18n "${key(k)}" }}`;
// A text in the page's language, or the Spanish one marked as such.
write("layouts/partials/text.html", `{{ $l := site.Language.Lang }}{{ with index . $l }}{{ . }}{{ else }}{{ if ne $l "es" }}<span lang="es" class="fallback">{{ .es }}</span>{{ else }}{{ .es }}{{ end }}{{ end }}`);
// A date as the tool writes it: "12 December 2018", "December 2018",
// "2018", qualified ones ("2018?", "2018~") in a span.
// A date as the tool writes it: "12 December 2018", "December 2018",
// "2018"; a qualified one ("2018?", "2018~") says so, in a span.
write("layouts/partials/datetext.html", `{{ $s := . }}{{ $q := "" }}{{ if hasSuffix $s "?" }}{{ $q = "uncertain" }}{{ $s = strings.TrimSuffix "?" $s }}{{ else if hasSuffix $s "~" }}{{ $q = "approximate" }}{{ $s = strings.TrimSuffix "~" $s }}{{ end }}` +
  `{{ $y := substr $s 0 4 }}{{ $t := $y }}{{ if ge (len $s) 7 }}{{ $m := i18n (printf "month_%s" (strings.TrimPrefix "0" (substr $s 5 2))) }}{{ if eq (len $s) 10 }}{{ $t = i18n "date_day" (dict "day" (strings.TrimPrefix "0" (substr $s 8 2)) "month" $m "year" $y) }}{{ else }}{{ $t = i18n "date_month" (dict "month" $m "year" $y) }}{{ end }}{{ end }}` +
  `{{ with $q }}{{ $t = i18n (printf "date_%s" .) (dict "date" $t) }}{{ end }}{{ return $t }}`);
write("layouts/partials/date.html", `{{ if or (hasSuffix . "?") (hasSuffix . "~") }}<span class="hedged">{{ partial "datetext.html" . }}</span>{{ else }}<time datetime="{{ . }}">{{ partial "datetext.html" . }}</time>{{ end }}`);
write("layouts/partials/place.html", `{{ with . }}{{ with .city }}{{ . }}, {{ end }}<a href="{{ printf "countries/%s/" (lower .country) | relLangURL }}">{{ index site.Data.cldr site.Language.Lang "country" (lower .country) }}</a>{{ end }}`);
write("layouts/partials/source.html", `{{ $link := or .url .archived_url }}{{ with $link }}<a href="{{ . }}" rel="nofollow noopener">{{ end }}{{ .title }}{{ if $link }}</a>{{ end }}{{ with .note }} — {{ partial "text.html" . }}{{ end }}{{ if and .url .archived_url }} (<a href="{{ .archived_url }}" rel="nofollow noopener">${t("field.archived-copy")}</a>){{ end }}`);
write("layouts/partials/item.html", `<li class="item"><a class="title" href="{{ printf "agreements/%s/" .id | relLangURL }}">{{ partial "text.html" .title }}</a>
<span class="meta"><span class="badge s-{{ .status_as_of }}">{{ i18n (printf "status_%s" (replace .status_as_of "-" "_")) }}</span> {{ i18n (printf "kind_%s" (replace .kind "-" "_")) }}{{ with .year }} · {{ . }}{{ end }} · {{ range $i, $p := .parties }}{{ if $i }}, {{ end }}{{ $p.name }}{{ end }}</span></li>
`);
write("layouts/partials/acts.html", `<tbody>{{ range . }}{{ $row := . }}{{ $a := .action }}<tr><th scope="row">{{ with .title }}<a href="{{ printf "agreements/%s/" $row.agreement | relLangURL }}">{{ partial "text.html" . }}</a>{{ else }}<a href="{{ printf "organizations/%s/" $a.party | relLangURL }}">{{ $a.party_name }}</a>{{ end }}</th><td><span class="cell-label">${t("field.act")}: </span>{{ i18n (printf "act_%s" (replace $a.act "-" "_")) }}</td><td>{{ with $a.date }}<span class="cell-label">${t("field.date")}: </span>{{ partial "date.html" . }}{{ end }}</td><td>{{ with $a.place }}<span class="cell-label">${t("field.where")}: </span>{{ end }}{{ partial "place.html" $a.place }}</td><td>{{ with $a.signatories }}<span class="cell-label">${t("field.signatories")}: </span>{{ end }}{{ range $i, $s := $a.signatories }}{{ if $i }}; {{ end }}{{ $s.name }} ({{ partial "text.html" $s.role }}){{ end }}</td></tr>{{ end }}</tbody>`);

const head = (desc, ld) => `<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · LACNIC</title>
{{ $desc := ${desc} }}<meta name="description" content="{{ $desc }}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${t("registry")}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ $desc }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="icon" href="{{ "assets/favicon.svg" | relURL }}" type="image/svg+xml">
<link rel="stylesheet" href="{{ "assets/site.css" | relURL }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}{{ with index .AllTranslations 0 }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{ end }}${ld ? `<script type="application/ld+json">{{ ${ld} | jsonify | safeJS }}</script>\n` : ""}<script src="{{ "assets/site.js" | relURL }}" defer></script>
</head>
<body>
<a class="skip" href="#main">${t("site.skip")}</a>
<header class="site">
<a class="brand" href="{{ site.Home.RelPermalink }}">${t("registry")}</a>
<nav class="langs" aria-labelledby="langs-label"><span id="langs-label" class="visually-hidden">${t("html.language")}</span>{{ $cur := .Lang }}{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}" lang="{{ .Lang }}"{{ if eq .Lang $cur }} aria-current="page"{{ end }}>{{ .Language.LanguageName }}</a>{{ end }}</nav>
</header>
<main id="main">
`;
const foot = `</main>
<footer class="site">
<p>${t("html.prevails")}</p>
<p>${t("site.browse")}: <a href="{{ "agreements/" | relLangURL }}">${t("site.agreements")}</a> · <a href="{{ "organizations/" | relLangURL }}">${t("site.organizations")}</a> · <a href="{{ "countries/" | relLangURL }}">${t("site.countries")}</a> · <a href="{{ "ending-soon/" | relLangURL }}">${t("site.ending-soon")}</a></p>
<p>${t("site.license")} <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a> · <a href="https://www.apache.org/licenses/LICENSE-2.0">Apache-2.0</a></p>
<p><a href="{{ "data/" | relLangURL }}">${t("site.data")}</a>{{ with $.Scratch.Get "ics" }}{{ $f := printf "static/%s" . }}{{ if fileExists $f }}{{ if in (readFile $f) "BEGIN:VEVENT" }} · <a href="{{ . | relURL }}">iCalendar</a>{{ end }}{{ end }}{{ end }}</p>
</footer>
</body>
</html>
`;
const asOf = ix.as_of ? `{{ i18n "site_status_as_of" (dict "date" (partial "datetext.html" "${ix.as_of}")) }}` : "";
const crumbs = (section, sectionKey, id) => `<p class="crumbs"><a href="{{ site.Home.RelPermalink }}">${t("site.home")}</a> › <a href="{{ "${section}/" | relLangURL }}">${t(sectionKey)}</a> › <code>${id}</code></p>\n`;

// The JSON-LD the tool writes: a CreativeWork about the parties, with the
// exact dates, the countries and the sources' addresses.
const exact = (v) => `(and ${v} (not (hasSuffix ${v} "?")) (not (hasSuffix ${v} "~")))`;
const agreementLD = `{{ $contributors := slice }}{{ range $r.parties }}{{ $contributors = $contributors | append (dict "@type" "Organization" "name" .name "url" (printf "organizations/%s/" .id | absLangURL)) }}{{ end }}` +
  `{{ $ld := dict "@context" "https://schema.org" "@type" "CreativeWork" "identifier" $r.id "name" .Title "description" (or (index $r.summary .Lang) $r.summary.es) "license" "https://creativecommons.org/licenses/by/4.0/" "url" .Permalink "contributor" $contributors }}` +
  `{{ with $r.dates }}{{ if ${exact(".signed")} }}{{ $ld = merge $ld (dict "dateCreated" .signed) }}{{ end }}{{ if and ${exact(".start")} (or (not .end) ${exact(".end")}) }}{{ $ld = merge $ld (dict "temporalCoverage" (printf "%s/%s" .start (or .end ".."))) }}{{ end }}{{ end }}` +
  `{{ with $r.countries }}{{ $places := slice }}{{ range . }}{{ $places = $places | append (dict "@type" "Country" "identifier" .) }}{{ end }}{{ $ld = merge $ld (dict "spatialCoverage" $places) }}{{ end }}` +
  `{{ $basis := slice }}{{ range $r.sources }}{{ with .url }}{{ $basis = $basis | append . }}{{ end }}{{ end }}{{ with $basis }}{{ $ld = merge $ld (dict "isBasedOn" .) }}{{ end }}`;
write("layouts/_default/single.html", `{{ $r := .Params.record }}${agreementLD}${head(`partial "text.html" .Params.desc | plainify | htmlUnescape`, "$ld")}${crumbs("agreements", "site.agreements", "{{ $r.id }}")}<h1>{{ partial "text.html" $r.title }}</h1>
<p class="status"><span class="badge s-{{ $r.status_as_of }}">{{ i18n (printf "status_%s" (replace $r.status_as_of "-" "_")) }}</span> <span class="note">${asOf}</span></p>
{{ if or (not (index $r.title .Lang)) (not (index $r.summary .Lang)) }}<p class="fallback-note">${t("html.fallback")}</p>{{ end }}
<section aria-labelledby="summary-h"><h2 id="summary-h">${t("field.summary")}</h2>
<p>{{ partial "text.html" $r.summary }}</p></section>
<dl class="fields">
<dt>${t("field.kind")}</dt><dd>{{ i18n (printf "kind_%s" (replace $r.kind "-" "_")) }}</dd>
<dt>${t("field.status")}</dt><dd>{{ i18n (printf "status_%s" (replace $r.status "-" "_")) }}</dd>
{{ with $r.dates }}<dt>${t("field.dates")}</dt><dd><ul class="plain">{{ with .signed }}<li>${t("field.signed")}: {{ partial "date.html" . }}</li>{{ end }}{{ with .start }}<li>${t("field.start")}: {{ partial "date.html" . }}</li>{{ end }}{{ with .end }}<li>${t("field.end")}: {{ partial "date.html" . }}</li>{{ end }}</ul></dd>{{ end }}
{{ with $r.place }}<dt>${t("field.place")}</dt><dd>{{ partial "place.html" . }}</dd>{{ end }}
<dt>${t("field.parties")}</dt><dd><ul class="plain">{{ range $r.parties }}<li><a href="{{ printf "organizations/%s/" .id | relLangURL }}">{{ .name }}</a></li>{{ end }}</ul></dd>
{{ with $r.contributions }}<dt>${t("field.contributions")}</dt><dd><ul class="plain">{{ range . }}<li><a href="{{ printf "organizations/%s/" .by | relLangURL }}">{{ .by_name }}</a>: {{ i18n (printf "contribution_%s" (replace .type "-" "_")) }}{{ with .description }}. {{ partial "text.html" . }}{{ end }}</li>{{ end }}</ul></dd>{{ end }}
{{ with .Params.relgroups }}<dt>${t("field.relations")}</dt><dd>{{ range . }}<p class="relation">{{ i18n .label }}:</p><ul class="plain">{{ range .links }}<li><a href="{{ printf "agreements/%s/" .id | relLangURL }}">{{ partial "text.html" .title }}</a></li>{{ end }}</ul>{{ end }}</dd>{{ end }}
{{ with $r.areas }}<dt>${t("field.areas")}</dt><dd>{{ range $i, $a := . }}{{ if $i }}, {{ end }}{{ i18n (printf "area_%s" (replace $a "-" "_")) }}{{ end }}</dd>{{ end }}
{{ with $r.countries }}<dt>${t("field.countries")}</dt><dd>{{ range $i, $c := . }}{{ if $i }}, {{ end }}<a href="{{ printf "countries/%s/" (lower $c) | relLangURL }}">{{ index site.Data.cldr site.Language.Lang "country" (lower $c) }}</a>{{ end }}</dd>{{ end }}
{{ with $r.term }}<dt>${t("field.term")}</dt><dd>{{ i18n "field_term_value" (dict "initial" .initial "renewal" (i18n (printf "renewal_%s" (replace .renewal "-" "_")))) }}</dd>{{ end }}
{{ with $r.original_language }}<dt>${t("field.original-language")}</dt><dd>{{ index site.Data.cldr site.Language.Lang "language" . }}</dd>{{ end }}
{{ with $r.documents }}<dt>${t("field.documents")}</dt><dd><ul class="plain">{{ range . }}<li>{{ with .url }}<a href="{{ . }}" rel="nofollow noopener">{{ end }}{{ .title }}{{ if .url }}</a>{{ end }} ({{ index site.Data.cldr site.Language.Lang "language" .language }})</li>{{ end }}</ul></dd>{{ end }}
<dt>${t("field.id")}</dt><dd><code>{{ $r.id }}</code></dd>
</dl>
{{ with $r.actions }}<section aria-labelledby="actions-h"><h2 id="actions-h">${t("field.actions")}</h2>
<table class="acts"><thead><tr><th scope="col">${t("field.party")}</th><th scope="col">${t("field.act")}</th><th scope="col">${t("field.date")}</th><th scope="col">${t("field.where")}</th><th scope="col">${t("field.signatories")}</th></tr></thead>
{{ $acts := slice }}{{ range . }}{{ $acts = $acts | append (dict "action" .) }}{{ end }}{{ partial "acts.html" $acts }}</table></section>{{ end }}
{{ with $r.notes }}<section aria-labelledby="notes-h"><h2 id="notes-h">${t("field.notes")}</h2><p>{{ partial "text.html" . }}</p></section>{{ end }}
<section aria-labelledby="sources-h"><h2 id="sources-h">${t("field.sources")}</h2>
<ul>{{ range $r.sources }}<li>{{ partial "source.html" . }}</li>{{ end }}</ul></section>
<section aria-labelledby="cite-h"><h2 id="cite-h">${t("site.cite")}</h2>
<p class="cite">«{{ partial "text.html" $r.title }}». ${t("registry")}, <code>{{ $r.id }}</code>, {{ (index .AllTranslations 0).Permalink }}.</p>
<p><a href="{{ printf "agreements/%s/cite.bib" $r.id | relURL }}" download>BibTeX</a> · <a href="{{ printf "agreements/%s/cite.json" $r.id | relURL }}" download>CSL-JSON</a></p></section>
<p class="actions"><a href="{{ printf "agreements/%s.json" $r.id | relURL }}">${t("site.record-json")}</a></p>
${foot}`);

const orgLD = `{{ $ld := dict "@context" "https://schema.org" "@type" "Organization" "identifier" $o.id "name" $o.display_name "url" .Permalink }}` +
  `{{ with $o.short_name }}{{ $ld = merge $ld (dict "alternateName" .) }}{{ end }}{{ with $o.country }}{{ $ld = merge $ld (dict "location" (dict "@type" "Country" "identifier" .)) }}{{ end }}` +
  `{{ $same := slice }}{{ with $o.website }}{{ $same = $same | append . }}{{ end }}{{ range $o.identifiers }}{{ with .url }}{{ $same = $same | append . }}{{ end }}{{ end }}` +
  `{{ if eq (len $same) 1 }}{{ $ld = merge $ld (dict "sameAs" (index $same 0)) }}{{ else if $same }}{{ $ld = merge $ld (dict "sameAs" $same) }}{{ end }}`;
const items = `{{ with first 100 .Pages }}<ul class="items">
{{ range . }}{{ with .Params.record }}{{ partial "item.html" . }}{{ else }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ end }}</ul>{{ else }}<p>${t("site.none")}</p>{{ end }}{{ if gt (len .Pages) 100 }}<p><a href="{{ site.Home.RelPermalink }}">{{ i18n "site_see_all" (dict "n" (len .Pages)) }}</a></p>{{ end }}`;
const organization = `{{ with .Params.org }}{{ $o := . }}${crumbs("organizations", "site.organizations", "{{ $o.id }}")}<h1>{{ $o.display_name }}</h1>
<dl class="fields">
<dt>${t("field.name")}</dt><dd><ul class="plain">{{ range $l := slice "es" "pt" "en" }}{{ with index $o.name $l }}<li lang="{{ $l }}">{{ . }}</li>{{ end }}{{ end }}</ul></dd>
{{ with $o.short_name }}<dt>${t("field.short-name")}</dt><dd>{{ . }}</dd>{{ end }}
{{ with $o.country }}<dt>${t("field.country")}</dt><dd><a href="{{ printf "countries/%s/" (lower .) | relLangURL }}">{{ index site.Data.cldr site.Language.Lang "country" (lower .) }}</a></dd>{{ end }}
{{ with $o.kind }}<dt>${t("field.org-kind")}</dt><dd>{{ i18n (printf "orgkind_%s" (replace . "-" "_")) }}</dd>{{ end }}
{{ with $o.website }}<dt>${t("field.website")}</dt><dd><a href="{{ . }}" rel="nofollow noopener">{{ . }}</a></dd>{{ end }}
{{ with $o.identifiers }}<dt>${t("field.identifiers")}</dt><dd><ul class="plain">{{ range . }}<li>{{ i18n (printf "scheme_%s" (replace .scheme "-" "_")) }}: {{ with .url }}<a href="{{ . }}" rel="nofollow noopener">{{ end }}<code>{{ .id }}</code>{{ if .url }}</a>{{ end }}</li>{{ end }}</ul></dd>{{ end }}
<dt>${t("field.id")}</dt><dd><code>{{ $o.id }}</code></dd>
</dl>{{ end }}
<section aria-labelledby="party-h"><h2 id="party-h">${t("site.party-to")}</h2>
${items}</section>
{{ with .Params.acts }}<section aria-labelledby="acts-h"><h2 id="acts-h">${t("site.own-acts")}</h2>
<table class="acts"><thead><tr><th scope="col">${t("field.agreement")}</th><th scope="col">${t("field.act")}</th><th scope="col">${t("field.date")}</th><th scope="col">${t("field.where")}</th><th scope="col">${t("field.signatories")}</th></tr></thead>
{{ partial "acts.html" . }}</table></section>{{ end }}
{{ with .Params.org }}<section aria-labelledby="sources-h"><h2 id="sources-h">${t("field.sources")}</h2>
<ul>{{ range .sources }}<li>{{ partial "source.html" . }}</li>{{ end }}</ul></section>{{ end }}
`;
const country = `{{ $code := upper .Data.Term }}${crumbs("countries", "site.countries", "{{ $code }}")}<h1>{{ index site.Data.cldr site.Language.Lang "country" .Data.Term }}</h1>
<section aria-labelledby="acting-h"><h2 id="acting-h">${t("site.acting")}</h2>
${items}</section>
`;
write("layouts/_default/term.html", `{{ if .Params.org }}{{ .Scratch.Set "ics" (printf "organizations/%s/agreements.ics" .Params.org.id) }}{{ else }}{{ .Scratch.Set "ics" (printf "countries/%s/agreements.ics" (upper .Data.Term)) }}{{ end }}{{ if .Params.org }}{{ $o := .Params.org }}${orgLD}${head(`i18n "site_description"`, "$ld")}${organization}{{ else }}${head(`i18n "site_description"`, "")}${country}{{ end }}${foot}`);
write("layouts/_default/list.html", `${head(`i18n "site_description"`, "")}<h1>{{ .Title }}</h1>${items}
${foot}`);
write("layouts/index.html", `{{ .Scratch.Set "ics" "agreements.ics" }}${head(`i18n "site_description"`, "")}<h1>${t("registry")}</h1>
{{ $p := .Paginate (where .Site.RegularPages "Section" "agreements") }}<ul class="items">
{{ range $p.Pages }}{{ partial "item.html" .Params.record }}{{ end }}</ul>
<nav class="pager">{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">${t("site.prev")}</a>{{ end }}{{ with $p.Next }}<a rel="next" href="{{ .URL }}">${t("site.next")}</a>{{ end }}</nav>
${foot}`);
console.log(`${ix.agreements.length} agreements, ${ix.organizations.length} organisations`);
