package outdir

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestLockExcludes(t *testing.T) {
	if runtime.GOOS == "plan9" {
		t.Skip("no locks on this system")
	}
	p := filepath.Join(t.TempDir(), "lock")
	l, err := acquireLock(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tryLock(p); !errors.Is(err, errBusy) {
		t.Fatalf("tryLock while held = %v, want errBusy", err)
	}
	done := make(chan error, 1)
	go func() {
		l2, err := acquireLock(p)
		if err == nil {
			err = l2.Release()
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("acquireLock did not wait (err %v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("acquireLock after release: %v", err)
	}
	if err := l.Release(); err != nil {
		t.Fatalf("a second Release: %v", err)
	}
}

// TestKilledHolderReleases: a process killed while it holds the lock
// leaves it free.
func TestKilledHolderReleases(t *testing.T) {
	if os.Getenv("FILELOCK_HOLD") != "" {
		if _, err := acquireLock(os.Getenv("FILELOCK_HOLD")); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("held\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	if runtime.GOOS == "plan9" || runtime.GOOS == "windows" {
		t.Skip("needs kill -9")
	}
	p := filepath.Join(t.TempDir(), "lock")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledHolderReleases$")
	cmd.Env = append(os.Environ(), "FILELOCK_HOLD="+p)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := out.Read(buf); err != nil || string(buf) != "held\n" {
		t.Fatalf("helper: %q %v", buf, err)
	}
	if _, err := tryLock(p); !errors.Is(err, errBusy) {
		t.Fatalf("tryLock while the helper holds it = %v", err)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	l, err := tryLock(p)
	if err != nil {
		t.Fatalf("tryLock after the holder was killed = %v", err)
	}
	l.Release()
}
