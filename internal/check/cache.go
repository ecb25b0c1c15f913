package check

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"agreements/internal/diag"
	"agreements/internal/rules"
)

// Cache keeps what checking each file found — the loader's and the
// schema's diagnostics and the facts the rules take — by the file's path
// and bytes (their git blob id), so that a run over another tree of the
// same registry parses and schema-checks only the files that differ, and,
// in a commit's tree, does not even read the others. Pull-request mode checks the head and then the merge base, which
// share all but the changed files. The rules across records still run in
// full on each tree: what a cached file is found to be in one tree does
// not depend on the others. Entries are used only under the schemas they
// were checked against (schema.Compiled.Digest). A Cache is safe for
// concurrent use; the zero value is empty and ready.
type Cache struct {
	mu      sync.Mutex
	schemas [sha256.Size]byte
	entries map[cacheKey]cached
}

// cacheKey is a file's path and its content's git blob id, which a
// commit's tree gives without reading the file (blobIDs) and which is
// computed from the bytes of a file on disk.
type cacheKey struct {
	path string
	blob [sha1.Size]byte
}

// blobIDs is a file system that knows each file's git blob id without
// reading it: a commit's tree (gitrepo).
type blobIDs interface {
	BlobID(name string) (string, bool)
}

// keyOf is the key of the file at path with these bytes.
func keyOf(path string, data []byte) cacheKey {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	k := cacheKey{path: path}
	h.Sum(k.blob[:0])
	return k
}

// keyFromTree is the key of the file at path when fsys knows its blob id.
func keyFromTree(fsys fs.FS, path string) (cacheKey, bool) {
	ids, ok := fsys.(blobIDs)
	if !ok {
		return cacheKey{}, false
	}
	id, ok := ids.BlobID(path)
	k := cacheKey{path: path}
	if !ok || hex.DecodedLen(len(id)) != len(k.blob) {
		return cacheKey{}, false
	}
	if _, err := hex.Decode(k.blob[:], []byte(id)); err != nil {
		return cacheKey{}, false
	}
	return k, true
}

type cached struct {
	diags []diag.Diagnostic
	facts *rules.Facts
	// full is whether the schema was checked (the file was selected).
	full bool
}

// use readies the cache for a run under the schemas with digest d: the
// entries of other schemas are dropped.
func (c *Cache) use(d [sha256.Size]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.schemas != d {
		c.schemas, c.entries = d, map[cacheKey]cached{}
	}
}

// get returns a copy of the result kept under k, when one was kept that is
// as complete as full asks.
func (c *Cache) get(k cacheKey, full bool) (fileResult, bool) {
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if !ok || full && !e.full {
		return fileResult{}, false
	}
	// The run appends to the diagnostics: a clipped slice is copied then.
	return fileResult{diags: slices.Clip(e.diags), facts: cloneFacts(e.facts)}, true
}

// put keeps a file's result under k.
func (c *Cache) put(k cacheKey, res fileResult, full bool) {
	e := cached{diags: slices.Clone(res.diags), facts: cloneFacts(res.facts), full: full}
	c.mu.Lock()
	c.entries[k] = e
	c.mu.Unlock()
}

// cloneFacts copies f and its fields, which rules.Checker.Add lets go:
// the cache and each run hold their own. The slices inside are only read.
func cloneFacts(f *rules.Facts) *rules.Facts {
	c := *f
	if f.Fields != nil {
		fields := *f.Fields
		c.Fields = &fields
	}
	return &c
}
