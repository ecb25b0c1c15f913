package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBuildKilledAnywhere kills real builds (SIGKILL) at points spread over
// a build's run, each replacing one output with another, and checks after
// each kill that dist/ is one complete output, never missing or mixed; the
// next build removes what the killed ones left.
func TestBuildKilledAnywhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	dir := builtRegistry(t)
	const rec = "records/agreements/icann-l-root-2012.yaml"
	versions := [2]map[string][]byte{}
	texts := [2][]byte{}
	for i := range versions {
		if i == 1 {
			edit(t, dir, rec, "(San José).", "(San José, Costa Rica).")
		}
		texts[i], _ = os.ReadFile(filepath.Join(dir, rec))
		if r := run(t, dir, gitEnv, "build"); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		versions[i] = tree(t, filepath.Join(dir, "dist"))
	}
	if maps.EqualFunc(versions[0], versions[1], bytes.Equal) {
		t.Fatal("the two versions build the same output")
	}
	which := func() int {
		got := tree(t, filepath.Join(dir, "dist"))
		for i, v := range versions {
			if maps.EqualFunc(got, v, bytes.Equal) {
				return i
			}
		}
		t.Fatalf("dist/ is neither complete output (%d files)", len(got))
		return -1
	}
	// The kills are spread over a build of the binary, as they run it
	// (the in-process builds above skip the process's start), measured
	// now, under the same load as the kills.
	start := time.Now()
	timed := exec.Command(binary, "build")
	timed.Dir = dir
	timed.Env = append(os.Environ(), gitEnv...)
	if out, err := timed.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	took := time.Since(start)
	const points = 24
	killed := 0
	for k := range points {
		// Build the other version from the one in dist/.
		write(t, filepath.Join(dir, rec), string(texts[1-which()]))
		cmd := exec.Command(binary, "build")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), gitEnv...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(took * time.Duration(k) / points)
		cmd.Process.Kill()
		if err := cmd.Wait(); err != nil {
			killed++
		}
		which()
	}
	if killed < points/2 {
		t.Fatalf("only %d of %d builds were killed before they ended", killed, points)
	}
	if r := run(t, dir, gitEnv, "build"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	which()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".dist") && e.Name() != ".dist.lock" {
			t.Errorf("left behind after a normal build: %s", e.Name())
		}
	}
}

// TestConcurrentBuilds: builds into one dist/ at once each succeed, one
// after the other, and leave one complete output and nothing else.
func TestConcurrentBuilds(t *testing.T) {
	dir := builtRegistry(t)
	if r := run(t, dir, gitEnv, "build", "--out", "want"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := tree(t, filepath.Join(dir, "want"))
	var wg sync.WaitGroup
	results := make([]result, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run(t, dir, gitEnv, "build")
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r.code != 0 {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	}
	if got := tree(t, filepath.Join(dir, "dist")); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Error("dist/ is not the complete output")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".dist") && e.Name() != ".dist.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
