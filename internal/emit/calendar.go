package emit

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"agreements/internal/index"
)

// Calendars (RFC 5545) hold an all-day event for each full date an
// agreement has: its signature, its start, its end, and the renewal that
// its term puts after its start (or signature). A date known only to the
// year or month makes no event. One calendar has every agreement; each
// organisation and country has its own.

// calendar is one calendar file: its path below the site's root and its
// agreements.
type calendar struct {
	path       string
	agreements []*index.Agreement
}

func (s *site) calendars() []calendar {
	all := make([]*index.Agreement, len(s.ix.Agreements))
	for i := range s.ix.Agreements {
		all[i] = &s.ix.Agreements[i]
	}
	out := []calendar{{path: "agreements.ics", agreements: all}}
	for _, o := range s.ix.Organizations {
		var list []*index.Agreement
		for _, id := range o.Agreements {
			list = append(list, s.agreements[id])
		}
		out = append(out, calendar{path: "organizations/" + o.ID + "/agreements.ics", agreements: list})
	}
	for _, c := range s.countries {
		var list []*index.Agreement
		for _, a := range all {
			if slices.Contains(a.Countries, c) {
				list = append(list, a)
			}
		}
		out = append(out, calendar{path: "countries/" + c + "/agreements.ics", agreements: list})
	}
	return out
}

// calendarEvent is one all-day event.
type calendarEvent struct {
	uid, summary, url string
	day               time.Time
}

// events returns the events of an agreement, in date order.
func (s *site) events(a *index.Agreement) []calendarEvent {
	if a.Dates == nil {
		return nil
	}
	lang := s.opts.Lang
	title, _ := a.Title.In(lang)
	var out []calendarEvent
	add := func(kind, date string) {
		if len(date) != 10 {
			return
		}
		day, err := time.Parse("2006-01-02", date)
		if err != nil {
			return
		}
		out = append(out, calendarEvent{uid: a.ID + "-" + kind + "@agreements." + TagAuthority,
			summary: label(lang, "calendar."+kind, "title", title), url: s.url(langDir(lang) + "agreements/" + a.ID + "/"), day: day})
	}
	add("signed", a.Dates.Signed)
	add("start", a.Dates.Start)
	add("end", a.Dates.End)
	if a.Term != nil && a.Term.Renewal != "none" {
		from := a.Dates.Start
		if from == "" {
			from = a.Dates.Signed
		}
		if day, err := time.Parse("2006-01-02", from); err == nil && len(from) == 10 {
			if renewal, ok := addDuration(day, a.Term.Initial); ok {
				add("renewal", renewal.Format("2006-01-02"))
			}
		}
	}
	slices.SortStableFunc(out, func(x, y calendarEvent) int { return x.day.Compare(y.day) })
	return out
}

var durationRE = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$`)

// addDuration adds an ISO 8601 duration of years, months, weeks and days.
func addDuration(t time.Time, d string) (time.Time, bool) {
	m := durationRE.FindStringSubmatch(d)
	if m == nil || d == "P" {
		return t, false
	}
	n := make([]int, 4)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return t.AddDate(n[0], n[1], 7*n[2]+n[3]), true
}

// writeCalendar writes one calendar. DTSTAMP is the date of the commit
// the records come from, so that the same commit gives the same bytes.
func (s *site) writeCalendar(w io.Writer, c calendar, stamp time.Time) error {
	b := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//LACNIC//agreements//"+strings.ToUpper(s.opts.Lang))
	line("CALSCALE", "GREGORIAN")
	line("X-WR-CALNAME", icsText(label(s.opts.Lang, "calendar.name")))
	for _, a := range c.agreements {
		for _, e := range s.events(a) {
			line("BEGIN", "VEVENT")
			line("UID", e.uid)
			line("DTSTAMP", stamp.UTC().Format("20060102T150405Z"))
			line("DTSTART;VALUE=DATE", e.day.Format("20060102"))
			line("DTEND;VALUE=DATE", e.day.AddDate(0, 0, 1).Format("20060102"))
			line("SUMMARY", icsText(e.summary))
			if u := safeURL(e.url); u != "" {
				line("URL", u)
			}
			line("TRANSP", "TRANSPARENT")
			line("END", "VEVENT")
		}
	}
	line("END", "VCALENDAR")
	return b.Flush()
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11) and drops control
// characters a calendar cannot hold.
func icsText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// writeFolded writes a content line, folded at 75 octets without
// splitting a character, and ends it with CRLF.
func writeFolded(b *bufio.Writer, line string) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}
