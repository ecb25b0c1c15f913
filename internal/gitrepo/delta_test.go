package gitrepo

import (
	"bytes"
	"errors"
	"math/rand"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

func TestPatch(t *testing.T) {
	base := []byte("0123456789abcdef")
	tests := []struct {
		name  string
		delta []byte
		want  string // "" with wantErr
		err   bool
	}{
		{"copy all", []byte{16, 16, 0x90, 16}, "0123456789abcdef", false},
		{"copy at offset", []byte{16, 4, 0x91, 10, 4}, "abcd", false},
		{"insert", []byte{16, 3, 3, 'x', 'y', 'z'}, "xyz", false},
		{"copy and insert", []byte{16, 6, 0x90, 2, 4, 'w', 'x', 'y', 'z'}, "01wxyz", false},
		{"empty target", []byte{16, 0}, "", false},
		{"base size differs", []byte{15, 1, 1, 'x'}, "", true},
		{"reserved instruction", []byte{16, 1, 0}, "", true},
		{"insert past the end", []byte{16, 3, 3, 'x'}, "", true},
		{"copy past the base", []byte{16, 4, 0x91, 14, 4}, "", true},
		{"copy of 64 KiB from a small base", []byte{16, 16, 0x80}, "", true},
		{"more than announced", []byte{16, 1, 2, 'x', 'y'}, "", true},
		{"less than announced", []byte{16, 3, 2, 'x', 'y'}, "", true},
		{"truncated size", []byte{0x80}, "", true},
		{"huge announced size", []byte{16, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 'x'}, "", true},
		{"copy missing its bytes", []byte{16, 4, 0x91}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := patch(base, tt.delta)
			if tt.err {
				if err == nil {
					t.Fatalf("patch = %q, want an error", got)
				}
				if !errors.Is(err, errCorrupt) {
					t.Errorf("error %v is not errCorrupt", err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("patch = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// FuzzPatch: on any base and delta, patch gives what go-git's
// packfile.PatchDelta gives, or both refuse.
func FuzzPatch(f *testing.F) {
	f.Add([]byte("0123456789abcdef"), []byte{16, 6, 0x90, 2, 4, 'w', 'x', 'y', 'z'})
	f.Add([]byte("0123456789abcdef"), []byte{16, 4, 0x91, 10, 4})
	f.Add([]byte("x"), []byte{1, 0})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		if len(base) == 0 {
			// go-git refuses every delta on an empty base; git never
			// writes one, and patch applies its inserts.
			return
		}
		got, err := patch(base, delta)
		want, wantErr := packfile.PatchDelta(base, delta)
		switch {
		case err == nil && wantErr == nil:
			if !bytes.Equal(got, want) {
				t.Fatalf("patch = %q, go-git %q", got, want)
			}
		case err == nil:
			t.Fatalf("patch = %q, go-git refuses: %v", got, wantErr)
		case wantErr == nil && !truncatedSize(delta):
			t.Fatalf("patch refuses (%v), go-git gives %q", err, want)
		}
	})
}

// truncatedSize reports whether a delta ends inside one of its two
// sizes, which go-git reads as complete (and then finds no instruction
// only when the target is empty).
func truncatedSize(delta []byte) bool {
	for range 2 {
		i := 0
		for i < len(delta) && delta[i]&0x80 != 0 {
			i++
		}
		if i == len(delta) {
			return true
		}
		delta = delta[i+1:]
	}
	return false
}

// BenchmarkPatch applies a delta that changes one entry of a tree the
// size of a 10,000-agreement registry's records/agreements, as the
// pull-request mode reads it, with patch and with go-git.
func BenchmarkPatch(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	base := make([]byte, 570_000)
	rng.Read(base)
	// Copy everything but 20 bytes in the middle (in 64 KiB copies, as
	// git writes them), which are inserted.
	delta := appendSize(nil, uint64(len(base)))
	delta = appendSize(delta, uint64(len(base)))
	mid := len(base) / 2
	delta = appendCopies(delta, 0, mid)
	delta = append(delta, 20)
	delta = append(delta, bytes.Repeat([]byte{'x'}, 20)...)
	delta = appendCopies(delta, mid+20, len(base)-mid-20)
	for _, bench := range []struct {
		name  string
		patch func(base, delta []byte) ([]byte, error)
	}{{"patch", patch}, {"go-git", packfile.PatchDelta}} {
		b.Run(bench.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bench.patch(base, delta); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func appendSize(b []byte, n uint64) []byte {
	for n >= 0x80 {
		b = append(b, byte(n)|0x80)
		n >>= 7
	}
	return append(b, byte(n))
}

// appendCopies appends copy instructions for base[off:off+n], 64 KiB
// each at most.
func appendCopies(b []byte, off, n int) []byte {
	for n > 0 {
		size := min(n, 0xffff)
		b = append(b, 0x80|0x0f|0x30, byte(off), byte(off>>8), byte(off>>16), byte(off>>24), byte(size), byte(size>>8))
		off, n = off+size, n-size
	}
	return b
}
