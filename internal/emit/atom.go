package emit

import (
	"encoding/xml"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"agreements/internal/index"
)

// TagAuthority and TagDate form the tag: URIs (RFC 4151) that identify
// feed entries when no --base-url is given: tag:lacnic.net,2002:agreements/ID.
const (
	TagAuthority = "lacnic.net"
	TagDate      = "2002"
)

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published,omitempty"`
	Link      atomLink `xml:"link"`
	Summary   string   `xml:"summary"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  string      `xml:"author>name"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// feedSize is how many entries a feed holds: the most recently changed
// agreements (index.json has them all).
const feedSize = 100

// feed is one Atom feed: its title, its own path below the site's root,
// and its agreements.
type feed struct {
	title, path string
	agreements  []*index.Agreement
}

// feeds are the global feed and one per organisation and per country.
func (s *site) feeds() []feed {
	all := make([]*index.Agreement, len(s.ix.Agreements))
	for i := range s.ix.Agreements {
		all[i] = &s.ix.Agreements[i]
	}
	lang := s.opts.Lang
	out := []feed{{title: label(lang, "feed.title"), path: "feed.atom", agreements: all}}
	for _, o := range s.ix.Organizations {
		var list []*index.Agreement
		for _, id := range o.Agreements {
			list = append(list, s.agreements[id])
		}
		out = append(out, feed{title: label(lang, "feed.organization", "name", o.Display), path: "organizations/" + o.ID + "/feed.atom", agreements: list})
	}
	for _, c := range s.countries {
		var list []*index.Agreement
		for _, a := range all {
			if slices.Contains(a.Countries, c) {
				list = append(list, a)
			}
		}
		name := display.Regions(language.MustParse(lang)).Name(language.MustParseRegion(c))
		out = append(out, feed{title: label(lang, "feed.country", "name", name), path: "countries/" + c + "/feed.atom", agreements: list})
	}
	return out
}

// writeFeed writes one feed: an entry per agreement, newest change first,
// with dates from history. Entry ids never change: the agreement's old
// anchor under --base-url, or a tag: URI; entries link to the
// agreement's page.
func (s *site) writeFeed(w io.Writer, f feed) error {
	lang := s.opts.Lang
	base := strings.TrimSuffix(s.opts.BaseURL, "/")
	atom := atomFeed{
		Lang:    lang,
		ID:      "tag:" + TagAuthority + "," + TagDate + ":agreements",
		Title:   f.title,
		Updated: rfc3339(s.ix.GeneratedFrom.Date),
		Author:  "LACNIC",
		Links:   []atomLink{{Href: s.url(langDir(s.opts.Lang) + "index.html"), Rel: "alternate"}},
	}
	if f.path != "feed.atom" {
		atom.ID += "/" + strings.TrimSuffix(f.path, "/feed.atom")
	}
	if base != "" {
		atom.ID = base + "/"
		if f.path != "feed.atom" {
			atom.ID = base + "/" + strings.TrimSuffix(f.path, "feed.atom")
		}
		atom.Links = append(atom.Links, atomLink{Href: base + "/" + f.path, Rel: "self"})
	}
	order := slices.Clone(f.agreements)
	sort.SliceStable(order, func(i, j int) bool { return updated(order[i]).After(updated(order[j])) })
	if len(order) > feedSize {
		order = order[:feedSize]
	}
	entryID := func(id string) string {
		if base != "" {
			return base + "/index.html#" + url.PathEscape(id)
		}
		return "tag:" + TagAuthority + "," + TagDate + ":agreements/" + url.PathEscape(id)
	}
	for _, a := range order {
		title, _ := a.Title.In(lang)
		e := atomEntry{
			ID:      entryID(a.ID),
			Title:   title,
			Updated: rfc3339(updated(a)),
			Link:    atomLink{Href: s.url(langDir(s.opts.Lang) + "agreements/" + url.PathEscape(a.ID) + "/"), Rel: "alternate"},
			Summary: label(lang, "feed.entry", "title", title, "status", label(lang, "status."+a.StatusAsOf),
				"parties", strings.Join(partyNames(a), ", ")),
		}
		if a.Created != nil {
			e.Published = rfc3339(a.Created.Date)
		}
		atom.Entries = append(atom.Entries, e)
	}
	// The registry's own feed also says when an agreement was removed,
	// under the id its entry had, so that a reader's copy is updated.
	if f.path == "feed.atom" {
		for _, r := range s.ix.Removed {
			if r.Kind != "agreement" {
				continue
			}
			title, _ := r.Title.In(lang)
			if title == "" {
				title = r.ID
			}
			atom.Entries = append(atom.Entries, atomEntry{
				ID: entryID(r.ID), Title: title, Updated: rfc3339(r.Removed.Date),
				Link:    atomLink{Href: s.url(langDir(s.opts.Lang) + "agreements/" + url.PathEscape(r.ID) + "/"), Rel: "alternate"},
				Summary: label(lang, "feed.removed", "title", title, "reason", r.Reason),
			})
		}
		// RFC 3339 in UTC sorts as it reads; the stable sort keeps the
		// agreements' order for equal dates.
		sort.SliceStable(atom.Entries, func(i, j int) bool { return atom.Entries[i].Updated > atom.Entries[j].Updated })
		if len(atom.Entries) > feedSize {
			atom.Entries = atom.Entries[:feedSize]
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(atom); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func updated(a *index.Agreement) time.Time {
	if a.Updated != nil {
		return a.Updated.Date
	}
	return time.Time{}
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
