package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The published page, checked in a real headless Chromium (Debian's
// chromium package; .ci/run installs it). The page keeps its state in the
// URL's fragment (index.html#lang=en&country=HT), so each check loads a
// link and reads the DOM after the page's script has run.

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI needs chromium for the page tests (.ci/run installs it)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// loadPage returns the DOM of url after scripts ran, and the console
// errors the page logged.
func loadPage(t *testing.T, browser, url string) (dom string, consoleErrors []string) {
	t.Helper()
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--enable-logging=stderr", "--v=0", "--dump-dom", url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "CONSOLE") && (strings.Contains(line, "Uncaught") || strings.Contains(line, "rror")) {
			consoleErrors = append(consoleErrors, line)
		}
	}
	return string(out), consoleErrors
}

var (
	rowRE = regexp.MustCompile(`<tr id="([^"]+)"[^>]*?( hidden="")?>`)
)

func visibleRows(dom string) (shown, all []string) {
	for _, m := range rowRE.FindAllStringSubmatch(dom, -1) {
		all = append(all, m[1])
		if m[2] == "" {
			shown = append(shown, m[1])
		}
	}
	return shown, all
}

func TestPageInChromium(t *testing.T) {
	browser := chromium(t)
	dist, _ := filepath.Abs(filepath.Join("testdata", "build"))
	page := "file://" + filepath.ToSlash(filepath.Join(dist, "index.html"))
	var ix struct {
		Agreements []struct {
			ID, Year  string
			Countries []string
		}
	}
	data, _ := os.ReadFile(filepath.Join(dist, "index.json"))
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatal(err)
	}

	dom, errs := loadPage(t, browser, page)
	if len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	shown, all := visibleRows(dom)
	if len(all) != len(ix.Agreements) || len(shown) != len(ix.Agreements) {
		t.Errorf("%d rows, %d shown, %d agreements", len(all), len(shown), len(ix.Agreements))
	}
	years := map[string]bool{}
	for _, a := range ix.Agreements {
		if a.Year != "" {
			years[a.Year] = true
		}
	}
	if n := strings.Count(dom, `<g class="bar"`); n != len(years) {
		t.Errorf("%d bars for %d years", n, len(years))
	}

	// The country filter narrows the table.
	dom, errs = loadPage(t, browser, page+"#country=HT")
	shown, _ = visibleRows(dom)
	var want []string
	for _, a := range ix.Agreements {
		for _, c := range a.Countries {
			if c == "HT" {
				want = append(want, a.ID)
			}
		}
	}
	if len(errs) > 0 || strings.Join(shown, " ") != strings.Join(want, " ") || len(want) == 0 {
		t.Errorf("country HT shows %v, want %v (errors %q)", shown, want, errs)
	}

	// The language switch changes the titles.
	dom, _ = loadPage(t, browser, page+"#lang=en")
	if !strings.Contains(dom, `<html lang="en"`) {
		t.Error("the page's lang did not change to en")
	}
	en := regexp.MustCompile(`<span lang="en" data-l="en">LACNIC, ARIN and CTU framework cooperation agreement`)
	es := regexp.MustCompile(`<span lang="es" data-l="es" hidden="">Acuerdo marco de cooperación entre LACNIC`)
	if !en.MatchString(dom) || !es.MatchString(dom) {
		t.Error("titles did not switch to English")
	}
}

// TestConsoleErrorsAreSeen keeps the check above honest: a page that
// throws is caught.
func TestConsoleErrorsAreSeen(t *testing.T) {
	browser := chromium(t)
	p := filepath.Join(t.TempDir(), "bad.html")
	write(t, p, `<!DOCTYPE html><html><body><script>throw new Error("boom")</script></body></html>`)
	if _, errs := loadPage(t, browser, "file://"+filepath.ToSlash(p)); len(errs) == 0 {
		t.Error("a thrown error was not seen")
	}
}
