package gitrepo

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// TestBlobReaderAgreesWithGoGit reads every blob of a repository that has
// them packed (most as deltas, some of deltas), and loose, through the
// blob reader from several goroutines at once, and through go-git's
// storage: content and size must agree.
func TestBlobReaderAgreesWithGoGit(t *testing.T) {
	dir := newRepo(t)
	body := strings.Repeat("una línea de un registro largo\n", 300)
	for i := range 12 {
		for j := range 3 {
			write(t, filepath.Join(dir, fmt.Sprintf("records/agreements/r%d.yaml", j)),
				fmt.Sprintf("id: r%d\nversion: %d\n%s", j, i, strings.Repeat(body, j+1)))
		}
		runGit(t, dir, "add", ".")
		runGit(t, dir, "commit", "-q", "-m", fmt.Sprint("version ", i))
	}
	runGit(t, dir, "gc", "-q", "--aggressive")
	write(t, filepath.Join(dir, "records/agreements/loose.yaml"), "id: loose\n"+body)
	write(t, filepath.Join(dir, "records/agreements/r0.yaml"), "id: r0\nversion: loose\n"+body)
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "loose")

	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.blobs == nil || len(r.blobs.packs) != 1 {
		t.Fatalf("blob reader: %+v", r.blobs)
	}
	st := r.objects.(*filesystem.Storage)
	want := map[plumbing.Hash][]byte{}
	iter, err := st.IterEncodedObjects(plumbing.BlobObject)
	if err != nil {
		t.Fatal(err)
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		rd, err := o.Reader()
		if err != nil {
			return err
		}
		defer rd.Close()
		want[o.Hash()], err = io.ReadAll(rd)
		return err
	})
	packed, loose := 0, 0
	for h := range want {
		if _, err := r.blobs.packs[0].idx.FindOffset(h); err == nil {
			packed++
		} else {
			loose++
		}
	}
	if packed < 30 || loose < 2 {
		t.Fatalf("%d packed and %d loose blobs: the test needs both", packed, loose)
	}

	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h, content := range want {
				data, ok, err := r.blobs.read(h)
				if !ok || err != nil || !bytes.Equal(data, content) {
					t.Errorf("read %s: %d bytes, %v, %v; want %d bytes", h, len(data), ok, err, len(content))
				}
				size, ok, err := r.blobs.size(h)
				if !ok || err != nil || size != int64(len(content)) {
					t.Errorf("size %s: %d, %v, %v; want %d", h, size, ok, err, len(content))
				}
			}
		}()
	}
	wg.Wait()

	// Not a blob of the repository: go-git's storage answers instead.
	if _, ok, err := r.blobs.read(plumbing.NewHash(strings.Repeat("ab", 20))); ok || err != nil {
		t.Errorf("a missing blob: %v, %v", ok, err)
	}
	// A tree is not a blob.
	head, _ := r.Resolve("HEAD")
	tree, _ := head.c.Tree()
	if _, ok, err := r.blobs.read(tree.Hash); ok && err == nil {
		t.Errorf("a tree read as a blob")
	}
}
