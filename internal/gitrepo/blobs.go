package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// blobReader reads blobs for many goroutines at once. go-git's object
// storage is not safe for concurrent use, so a Repo reads trees and
// commits under its lock; blobs, which a check reads by the thousand from
// several workers, are read here with go-git's own pack and loose-object
// readers over the same files: the packs' indexes are loaded once and
// shared (idxfile.MemoryIndex guards what it builds lazily), and each
// goroutine reads through a set of pack files of its own.
type blobReader struct {
	fs billy.Filesystem // the repository's .git folder
	// objects is the folder of loose objects, opened straight through os:
	// go-billy's Open resolves symbolic links folder by folder first.
	objects string
	packs   []packIndex
	free    chan *packSet
}

type packIndex struct {
	file string // below fs: "objects/pack/pack-<hash>.pack"
	idx  *idxfile.MemoryIndex
}

// packSet is one goroutine's readers of the packs, opened when first
// needed.
type packSet []*packfile.Packfile

// deltaBaseCache is what each reader keeps of the objects deltas are made
// from: enough for a chain of record versions, without holding every blob
// read (go-git's storage caches every object it decodes).
const deltaBaseCache = 8 * cache.MiByte

// newBlobReader loads the index of every pack in the .git folder fs.
func newBlobReader(fs billy.Filesystem, readers int) (*blobReader, error) {
	b := &blobReader{fs: fs, objects: filepath.Join(fs.Root(), "objects"), free: make(chan *packSet, readers)}
	entries, err := fs.ReadDir("objects/pack")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "pack-") || path.Ext(name) != ".idx" {
			continue
		}
		idx, err := loadIndex(fs, path.Join("objects/pack", name))
		if err != nil {
			return nil, err
		}
		b.packs = append(b.packs, packIndex{file: path.Join("objects/pack", strings.TrimSuffix(name, ".idx")+".pack"), idx: idx})
	}
	sort.Slice(b.packs, func(i, j int) bool { return b.packs[i].file < b.packs[j].file })
	return b, nil
}

func loadIndex(fs billy.Filesystem, name string) (*idxfile.MemoryIndex, error) {
	f, err := fs.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(f).Decode(idx); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return idx, nil
}

// read returns the content of blob h; ok is false when neither a pack
// nor a loose object holds it (an alternate's, say).
func (b *blobReader) read(h plumbing.Hash) (data []byte, ok bool, err error) {
	var obj plumbing.EncodedObject
	err = b.inPack(h, func(p *packfile.Packfile, _ int64) error {
		var err error
		obj, err = p.Get(h)
		return err
	})
	if err == nil && obj == nil {
		data, _, ok, err := b.readLoose(h, true)
		return data, ok, err
	}
	if err != nil {
		return nil, true, fmt.Errorf("blob %s: %w", h, err)
	}
	if obj.Type() != plumbing.BlobObject {
		return nil, true, fmt.Errorf("blob %s: %w", h, plumbing.ErrObjectNotFound)
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, true, err
	}
	defer rd.Close()
	data = make([]byte, obj.Size())
	if _, err := io.ReadFull(rd, data); err != nil {
		return nil, true, fmt.Errorf("blob %s: %w", h, err)
	}
	return data, true, nil
}

// size returns the size of blob h from its header: a large blob is never
// inflated to learn it (a delta's own data is, to read the size it gives).
func (b *blobReader) size(h plumbing.Hash) (size int64, ok bool, err error) {
	found := false
	err = b.inPack(h, func(p *packfile.Packfile, offset int64) error {
		var err error
		found = true
		size, err = p.GetSizeByOffset(offset)
		return err
	})
	if err != nil {
		return 0, true, fmt.Errorf("blob %s: %w", h, err)
	}
	if found {
		return size, true, nil
	}
	_, size, ok, err = b.readLoose(h, false)
	return size, ok, err
}

// inPack calls do with a reader of the pack that holds h, and its offset
// there; it does nothing when no pack holds h.
func (b *blobReader) inPack(h plumbing.Hash, do func(*packfile.Packfile, int64) error) error {
	for i, p := range b.packs {
		offset, err := p.idx.FindOffset(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		set := b.get()
		defer b.put(set)
		if (*set)[i] == nil {
			f, err := b.fs.Open(p.file)
			if err != nil {
				return err
			}
			(*set)[i] = packfile.NewPackfileWithCache(p.idx, nil, f, cache.NewObjectLRU(deltaBaseCache), 0)
		}
		return do((*set)[i], offset)
	}
	return nil
}

// readLoose reads the size of loose object h from its header and, with
// withData, its content.
func (b *blobReader) readLoose(h plumbing.Hash, withData bool) (data []byte, size int64, ok bool, err error) {
	name := h.String()
	f, err := os.Open(filepath.Join(b.objects, name[:2], name[2:]))
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, true, err
	}
	defer f.Close()
	or, err := objfile.NewReader(f)
	if err != nil {
		return nil, 0, true, fmt.Errorf("blob %s: %w", h, err)
	}
	defer or.Close()
	t, size, err := or.Header()
	if err != nil {
		return nil, 0, true, fmt.Errorf("blob %s: %w", h, err)
	}
	if t != plumbing.BlobObject {
		return nil, 0, true, fmt.Errorf("blob %s: %w", h, plumbing.ErrObjectNotFound)
	}
	if !withData {
		return nil, size, true, nil
	}
	data = make([]byte, size)
	if _, err := io.ReadFull(or, data); err != nil {
		return nil, 0, true, fmt.Errorf("blob %s: %w", h, err)
	}
	return data, size, true, nil
}

func (b *blobReader) get() *packSet {
	select {
	case s := <-b.free:
		return s
	default:
		s := make(packSet, len(b.packs))
		return &s
	}
}

func (b *blobReader) put(s *packSet) {
	select {
	case b.free <- s:
	default:
		s.close()
	}
}

// close closes the pack files of every idle reader.
func (b *blobReader) close() error {
	var first error
	for {
		select {
		case s := <-b.free:
			if err := s.close(); err != nil && first == nil {
				first = err
			}
		default:
			return first
		}
	}
}

func (s *packSet) close() error {
	var first error
	for _, p := range *s {
		if p != nil {
			if err := p.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}
