//go:build unix

package outdir

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestFIFODoesNotHang(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := tryLock(p); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a FIFO was locked")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("tryLock hung on a FIFO")
	}
}
