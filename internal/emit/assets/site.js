// The registry's pages are static HTML in one language each (Spanish at
// the root, Portuguese under pt/, English under en/). This script only
// improves them: it sends an old ?lang= link to its language's page, and
// on the home page drives the list's filters, sorting and pages over
// data/list.json, fetched after the first paint. Without JavaScript every
// page reads and links the same, and the list has plain pages (list/2/).
(function () {
  "use strict";
  var root = document.documentElement;
  var lang = root.lang;

  // An old link with ?lang=pt leads to the same page in that language:
  // the language links say which languages there are.
  var asked = new URLSearchParams(location.search).get("lang");
  if (asked && asked !== lang) {
    var alts = document.querySelectorAll(".langs a[hreflang]");
    for (var i = 0; i < alts.length; i++) {
      if (alts[i].getAttribute("hreflang") === asked) { location.replace(alts[i].href + location.hash); return; }
    }
  }
  // An old link to an agreement, index.html#<id>, leads to its page.
  if (/^#[a-z0-9]+(-[a-z0-9]+)*$/.test(location.hash) && document.getElementById("filters")) {
    location.replace("agreements/" + location.hash.slice(1) + "/");
    return;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("filters");
    if (form) { makeList(form); }
  });


  // makeList drives the home page's list: the first page is in the HTML;
  // the whole list comes from data/list.json.
  function makeList(form) {
    // The site's languages (message.Languages) and the way back to the
    // site's root, where the data files are: only the home page has them.
    var langs = root.dataset.langs.split(" ");
    var base = root.dataset.base || "";
    var labels = JSON.parse(document.getElementById("labels").textContent);
    var target = document.getElementById("list");
    var pager = document.getElementById("pager");
    var shown = document.getElementById("shown");
    var size = 50;
    var data = null, rows = [], page = 1;
    var fields = ["q", "country", "org", "status", "kind", "area", "year", "sort"];

    // The state lives in the address: index.html#country=UY&year=2004.
    var state = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { state[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); }
    });
    fields.forEach(function (f) { if (state[f] !== undefined && form.elements[f]) { form.elements[f].value = state[f]; } });
    if (state.page) { page = parseInt(state.page, 10) || 1; }
    form.hidden = false;

    // A text in the page's language; one that has none is shown in
    // Spanish, marked as such.
    function text(parent, byLang) {
      if (byLang[lang]) { parent.appendChild(document.createTextNode(byLang[lang])); return; }
      var s = document.createElement("span");
      s.lang = "es";
      s.className = "fallback";
      s.textContent = byLang.es || "";
      parent.appendChild(s);
    }
    function render() {
      var total = Math.max(1, Math.ceil(rows.length / size));
      page = Math.min(Math.max(1, page), total);
      var ul = document.createElement("ul");
      ul.className = "items";
      rows.slice((page - 1) * size, page * size).forEach(function (r) {
        var li = document.createElement("li");
        li.className = "item";
        var a = document.createElement("a");
        a.className = "title";
        a.href = "agreements/" + r[0] + "/";
        text(a, { es: r[1], pt: r[2], en: r[3] });
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "meta";
        var badge = document.createElement("span");
        badge.className = "badge s-" + r[4];
        text(badge, labels.status[r[4]] || {});
        meta.appendChild(badge);
        meta.appendChild(document.createTextNode(" "));
        text(meta, labels.kind[r[5]] || {});
        var parties = r[8].split(" ").map(function (id) { return data.organizations[id] || id; }).join(", ");
        meta.appendChild(document.createTextNode((r[6] ? " · " + r[6] : "") + " · " + parties));
        li.appendChild(meta);
        ul.appendChild(li);
      });
      target.replaceChildren(rows.length ? ul : (function () { var p = document.createElement("p"); text(p, labels.ui.none); return p; })());
      var nav = document.createElement("nav");
      nav.className = "pager";
      nav.appendChild(document.createTextNode(labels.ui.page[lang].replace("{n}", page).replace("{total}", total)));
      [["prev", page - 1], ["next", page + 1]].forEach(function (p) {
        if (p[1] < 1 || p[1] > total) { return; }
        var b = document.createElement("button");
        b.type = "button";
        text(b, labels.ui[p[0]]);
        b.addEventListener("click", function () { page = p[1]; render(); save(); target.scrollIntoView(); });
        nav.appendChild(b);
      });
      pager.replaceChildren(nav);
      shown.textContent = labels.ui.shown[lang] + ": " + rows.length + " / " + data.rows.length;
    }
    function words(s) { return s ? s.split(" ") : []; }
    function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
    function apply() {
      var v = {};
      fields.forEach(function (f) { v[f] = form.elements[f].value; });
      // Every word typed, in any case and with or without its accents.
      var q = fold(v.q).split(/\s+/).filter(Boolean);
      rows = data.rows.filter(function (r, i) {
        return q.every(function (w) { return data.text[i].indexOf(w) >= 0; }) &&
          (!v.country || words(r[7]).indexOf(v.country) >= 0) &&
          (!v.org || words(r[8]).indexOf(v.org) >= 0) &&
          (!v.status || r[4] === v.status) &&
          (!v.kind || r[5] === v.kind) &&
          (!v.area || words(r[9]).indexOf(v.area) >= 0) &&
          (!v.year || r[6] === v.year);
      });
      if (v.sort === "oldest") {
        rows.reverse();
        rows.sort(function (a, b) { return (a[6] || "9999") < (b[6] || "9999") ? -1 : (a[6] || "9999") > (b[6] || "9999") ? 1 : 0; });
      } else if (v.sort === "title") {
        var i = langs.indexOf(lang) + 1;
        var collator = new Intl.Collator(lang);
        rows.sort(function (a, b) { return collator.compare(a[i] || a[1], b[i] || b[1]); });
      }
      render();
    }
    function save() {
      var parts = [];
      fields.forEach(function (f) {
        var x = form.elements[f].value;
        if (x && !(f === "sort" && x === "recent")) { parts.push(f + "=" + encodeURIComponent(x)); }
      });
      if (page > 1) { parts.push("page=" + page); }
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
    }
    function changed() { page = 1; apply(); save(); }
    fetch(base + "data/list.json").then(function (r) { return r.json(); }).then(function (d) {
      data = d;
      // What a search looks in: the id, the titles (and the summaries,
      // once loaded), the parties' names
      // in every language, the countries' codes and names in the three
      // languages of the site (the browser's own CLDR names), and the
      // city where it was signed.
      var regions = langs.map(function (l) {
        try { return new Intl.DisplayNames([l], { type: "region" }); } catch (e) { return null; }
      });
      var full = d.organization_names || {};
      data.text = d.rows.map(function (r) {
        var names = r[8].split(" ").map(function (id) { return (d.organizations[id] || id) + " " + (full[id] || ""); }).join(" ");
        var countries = words(r[7]).map(function (c) {
          return c + " " + regions.map(function (n) { try { return n ? n.of(c) : ""; } catch (e) { return ""; } }).join(" ");
        }).join(" ");
        return fold(r[0] + " " + r[1] + " " + r[2] + " " + r[3] + " " + names + " " + countries + " " + (r[10] || ""));
      });
      var filtered = fields.some(function (f) { return form.elements[f].value && !(f === "sort" && form.elements[f].value === "recent"); });
      if (filtered || page > 1) { apply(); } else { rows = data.rows; render(); }
      form.addEventListener("input", changed);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      document.body.dataset.listReady = "true";
      // The summaries come second: the list is usable before they load,
      // and a search then looks in them too.
      return fetch(base + "data/summaries.json").then(function (r) { return r.json(); }).then(function (sums) {
        data.text = data.text.map(function (t, i) { return t + " " + fold(sums[i] || ""); });
        if (form.elements.q.value) { apply(); }
        document.body.dataset.summariesReady = "true";
      });
    });
  }
})();
