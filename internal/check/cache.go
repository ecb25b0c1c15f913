package check

import (
	"crypto/sha256"
	"slices"
	"sync"

	"agreements/internal/diag"
	"agreements/internal/rules"
)

// Cache keeps what checking each file found — the loader's and the
// schema's diagnostics and the facts the rules take — by the file's path
// and bytes, so that a run over another tree of the same registry reads
// each shared file but parses and schema-checks only the files that
// differ. Pull-request mode checks the head and then the merge base, which
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

type cacheKey struct {
	path string
	sum  [sha256.Size]byte
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

// get returns a copy of the result for the file at path with these bytes,
// when one was kept that is as complete as full asks.
func (c *Cache) get(path string, data []byte, full bool) (fileResult, cacheKey, bool) {
	k := cacheKey{path, sha256.Sum256(data)}
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if !ok || full && !e.full {
		return fileResult{}, k, false
	}
	// The run appends to the diagnostics and the rules let the facts'
	// fields go: each run gets its own copies.
	facts := *e.facts
	if e.facts.Fields != nil {
		fields := *e.facts.Fields
		facts.Fields = &fields
	}
	return fileResult{diags: slices.Clip(e.diags), facts: &facts}, k, true
}

// put keeps a file's result under k.
func (c *Cache) put(k cacheKey, res fileResult, full bool) {
	facts := *res.facts
	if res.facts.Fields != nil {
		fields := *res.facts.Fields
		facts.Fields = &fields
	}
	c.mu.Lock()
	c.entries[k] = cached{diags: slices.Clone(res.diags), facts: &facts, full: full}
	c.mu.Unlock()
}
