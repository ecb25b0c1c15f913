package collector

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"
)

func TestLimitFor(t *testing.T) {
	for _, c := range []struct{ least, live, want int64 }{
		{48 << 20, 0, 48 << 20},
		{48 << 20, 20 << 20, 48 << 20},
		{48 << 20, 24 << 20, 48 << 20},
		{48 << 20, 30 << 20, 60 << 20},
		{100 << 20, 30 << 20, 100 << 20},
		{48 << 20, 1 << 30, 2 << 30},
	} {
		if got := limitFor(c.least, c.live); got != c.want {
			t.Errorf("limitFor(%d, %d) = %d, want %d", c.least, c.live, got, c.want)
		}
	}
}

// TestTuneFollowsTheLiveHeap: once set, the limit rises with what the
// process keeps alive, so that the collector keeps room for garbage.
func TestTuneFollowsTheLiveHeap(t *testing.T) {
	tune(t, 0)
	if got := debug.SetGCPercent(800); got != 800 {
		t.Errorf("GC target %d, want 800", got)
	}
	if got := debug.SetMemoryLimit(-1); got < minMemoryLimit || got > 2*minMemoryLimit {
		t.Errorf("limit %d before the heap grows, want about %d", got, minMemoryLimit)
	}
	kept := make([]byte, 100<<20)
	for i := range kept {
		kept[i] = 1
	}
	deadline := time.Now().Add(20 * time.Second)
	for debug.SetMemoryLimit(-1) < 200<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d with 100 MiB live, want at least 200 MiB", debug.SetMemoryLimit(-1))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(kept)
}

// TestTuneReserves: what the caller reserves is in the limit from the
// start, and stays there after collections.
func TestTuneReserves(t *testing.T) {
	tune(t, 64<<20)
	runtime.GC()
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	if got, want := debug.SetMemoryLimit(-1), int64(minMemoryLimit+64<<20); got != want {
		t.Errorf("limit %d, want %d", got, want)
	}
}

// tune calls Tune(reserve) for a test, which it skips when the
// environment sets the collector. Once the test ends, the reserve is
// dropped and the GC target is what it was; the limit goes on following
// the live heap, as Tune makes it for the rest of the process.
func tune(t *testing.T, reserve int64) {
	t.Helper()
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the environment wins")
	}
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	t.Cleanup(func() {
		Tune(0)
		debug.SetGCPercent(percent)
	})
	Tune(reserve)
}

// TestEnvironmentWins: with GOGC and GOMEMLIMIT set, Tune changes
// neither. It runs in a process of its own, which the environment sets.
func TestEnvironmentWins(t *testing.T) {
	if os.Getenv("COLLECTOR_TEST_CHILD") != "" {
		Tune(0)
		runtime.GC()
		runtime.GC()
		time.Sleep(50 * time.Millisecond)
		if got := debug.SetGCPercent(-1); got != 50 {
			t.Errorf("GC target %d, want GOGC's 50", got)
		}
		if got := debug.SetMemoryLimit(-1); got != 1<<30 {
			t.Errorf("limit %d, want GOMEMLIMIT's %d", got, 1<<30)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestEnvironmentWins$")
	cmd.Env = append(os.Environ(), "COLLECTOR_TEST_CHILD=1", "GOGC=50", "GOMEMLIMIT="+strconv.Itoa(1<<30))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
