package outdir

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
)

const files = 40

// write fills dir with a complete output labelled label; halfway, it
// passes the step "writing".
func write(t testing.TB, dir, label string) {
	for i := range files {
		if i == files/2 {
			reached("writing")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.txt", i)), []byte(label), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func publish(t testing.TB, out, label string) {
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, s.Dir, label)
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

// label returns the label of the complete output in out, "" when out is
// missing, and fails the test when out is not one complete output.
func label(t *testing.T, out string) string {
	t.Helper()
	entries, err := os.ReadDir(out)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != files {
		t.Fatalf("%s holds %d files, want %d", out, len(entries), files)
	}
	var got string
	for i, e := range entries {
		data, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && string(data) != got {
			t.Fatalf("%s mixes outputs %q and %q", out, got, data)
		}
		got = string(data)
	}
	return got
}

func names(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestHelperProcess is the child the kill tests start: it publishes and
// kills itself at the step named in OUTDIR_KILL_AT.
func TestHelperProcess(t *testing.T) {
	out := os.Getenv("OUTDIR_OUT")
	if out == "" {
		t.Skip("run by TestKilledAtEachStep")
	}
	killAt = os.Getenv("OUTDIR_KILL_AT")
	noExchange = os.Getenv("OUTDIR_NO_EXCHANGE") != ""
	publish(t, out, "new")
}

// TestKilledAtEachStep kills a real process at each step of a publish
// (SIGKILL: no deferred function runs) and checks that the output folder
// holds the complete old or new output, and that the next run leaves
// nothing but the output and its lock.
func TestKilledAtEachStep(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("needs SIGKILL")
	}
	steps := []struct {
		step, want   string
		fallbackOnly bool
	}{
		{"locked", "old", false},
		{"tidied", "old", false},
		{"staged", "old", false},
		{"writing", "old", false},
		{"fallback-between", "", true}, // out missing until the next run restores it
		{"swapped", "new", false},
		{"", "new", false}, // not killed
	}
	for _, mode := range []string{"exchange", "fallback"} {
		for _, st := range steps {
			if st.fallbackOnly && mode != "fallback" {
				continue
			}
			t.Run(mode+"/"+st.step, func(t *testing.T) {
				parent := t.TempDir()
				out := filepath.Join(parent, "dist")
				publish(t, out, "old")
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
				cmd.Env = append(os.Environ(), "OUTDIR_OUT="+out, "OUTDIR_KILL_AT="+st.step)
				if mode == "fallback" {
					cmd.Env = append(cmd.Env, "OUTDIR_NO_EXCHANGE=1")
				}
				msg, err := cmd.CombinedOutput()
				if st.step == "" {
					if err != nil {
						t.Fatalf("%v\n%s", err, msg)
					}
				} else if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != -1 {
					t.Fatalf("the child was not killed: %v\n%s", err, msg)
				}
				if got := label(t, out); got != st.want {
					t.Fatalf("after a kill at %q the output is %q, want %q", st.step, got, st.want)
				}
				// The next run starts from a complete output and cleans up.
				s, err := Begin(out)
				if err != nil {
					t.Fatal(err)
				}
				want := st.want
				if want == "" {
					want = "old"
				}
				if got := label(t, out); got != want {
					t.Fatalf("the next run sees %q, want %q", got, want)
				}
				s.Abort()
				if got := names(t, parent); !slices.Equal(got, []string{".dist.lock", "dist"}) {
					t.Fatalf("left behind: %v", got)
				}
			})
		}
	}
}

// TestConcurrentRuns: runs into one folder wait for each other; each
// succeeds, and the output is always one complete output.
func TestConcurrentRuns(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "dist")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Begin(out)
			if err != nil {
				errs <- err
				return
			}
			for j := range files {
				os.WriteFile(filepath.Join(s.Dir, fmt.Sprintf("f%02d.txt", j)), []byte(strconv.Itoa(i)), 0o644)
			}
			errs <- s.Commit()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	label(t, out)
	if got := names(t, parent); !slices.Equal(got, []string{".dist.lock", "dist"}) {
		t.Fatalf("left behind: %v", got)
	}
}

// TestTidyRemovesOnlyOurs: what earlier runs left goes; a file, a link or
// a folder of another name stays, and a link is not followed.
func TestTidyRemovesOnlyOurs(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "dist")
	publish(t, out, "old")
	keep := filepath.Join(t.TempDir(), "keep")
	os.MkdirAll(keep, 0o755)
	os.WriteFile(filepath.Join(keep, "precious"), []byte("x"), 0o644)
	for _, d := range []string{".dist.tmp-123", ".dist.tmp-9.old", ".dist.tmp-77"} {
		os.MkdirAll(filepath.Join(parent, d, "sub"), 0o755)
		os.WriteFile(filepath.Join(parent, d, "sub", "f"), []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(parent, ".dist.tmp-5"), []byte("a file"), 0o644)
	os.Symlink(keep, filepath.Join(parent, ".dist.tmp-6"))
	os.MkdirAll(filepath.Join(parent, ".dist.tmp-abc"), 0o755)
	os.MkdirAll(filepath.Join(parent, ".site.tmp-1"), 0o755)
	os.MkdirAll(filepath.Join(parent, "dist.tmp-2"), 0o755)
	publish(t, out, "new")
	want := []string{".dist.lock", ".dist.tmp-5", ".dist.tmp-abc", ".site.tmp-1", "dist", "dist.tmp-2"}
	if runtime.GOOS != "windows" {
		want = []string{".dist.lock", ".dist.tmp-5", ".dist.tmp-6", ".dist.tmp-abc", ".site.tmp-1", "dist", "dist.tmp-2"}
	}
	if got := names(t, parent); !slices.Equal(got, want) {
		t.Fatalf("after tidying: %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(keep, "precious")); err != nil {
		t.Fatal("a link's target was removed")
	}
	if got := label(t, out); got != "new" {
		t.Fatalf("output %q", got)
	}
}

// TestAbortKeepsOutput: an aborted run leaves the old output and nothing
// else.
func TestAbortKeepsOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "dist")
	publish(t, out, "old")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, s.Dir, "new")
	s.Abort()
	if got := label(t, out); got != "old" {
		t.Fatalf("output %q", got)
	}
	if got := names(t, parent); !slices.Equal(got, []string{".dist.lock", "dist"}) {
		t.Fatalf("left behind: %v", got)
	}
}
