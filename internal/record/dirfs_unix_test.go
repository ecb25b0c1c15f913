//go:build unix

package record

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFIFO puts a FIFO where a record was listed: the read must not
// block, and says what is wrong.
func TestReadFIFO(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "records", "agreements"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "records", "agreements", "pipe.yaml"), 0o644); err != nil {
		t.Skip(err)
	}
	_, d := Read(DirFS(dir), File{Path: "records/agreements/pipe.yaml"})
	if d == nil || d.Rule != RuleFileRead || !strings.Contains(d.Text(), "not a regular file") {
		t.Errorf("FIFO: %v", d)
	}
}
