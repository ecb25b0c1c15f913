package gitrepo

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-billy/v5/memfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// packLayouts builds the same history packed the ways a registry's clone
// can hold it.
var packLayouts = []struct {
	name  string
	setup func(t *testing.T, dir string)
}{
	{"fast-import", func(t *testing.T, dir string) {}},
	{"repacked", func(t *testing.T, dir string) { runGit(t, dir, "repack", "-adfq") }},
	{"ref-deltas", func(t *testing.T, dir string) {
		runGit(t, dir, "-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq")
	}},
	{"two packs and loose objects", func(t *testing.T, dir string) {
		runGit(t, dir, "repack", "-adfq")
		for i, step := range []string{"packed", "loose"} {
			write(t, filepath.Join(dir, "records/agreements/synthetic-1.yaml"), "id: synthetic-1\nstep: "+step+"\n")
			write(t, filepath.Join(dir, "records/agreements/extra.yaml"), strings.Repeat("x", i+1))
			runGit(t, dir, "add", "-A")
			runGit(t, dir, "commit", "-q", "-m", step)
			if step == "packed" {
				runGit(t, dir, "repack", "-dq")
			}
		}
	}},
}

// TestPackReaderMatchesGoGit reads every packed object with the pack
// reader and with go-git, and compares: same type, same bytes.
func TestPackReaderMatchesGoGit(t *testing.T) {
	for _, layout := range packLayouts {
		t.Run(layout.name, func(t *testing.T) {
			dir := t.TempDir()
			generateHistory(t, dir, 120, 40, true)
			layout.setup(t, dir)
			r, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var found, deltas int
			for _, line := range splitLines(runGit(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")) {
				h := plumbing.NewHash(line)
				typ, data, ok, err := r.readPacked(h)
				if err != nil {
					t.Fatalf("%s: %v", h, err)
				}
				if !ok {
					continue
				}
				found++
				obj, err := r.repo.Storer.EncodedObject(plumbing.AnyObject, h)
				if err != nil {
					t.Fatal(err)
				}
				rd, _ := obj.Reader()
				want, _ := io.ReadAll(rd)
				rd.Close()
				if typ != obj.Type() || !bytes.Equal(data, want) {
					t.Fatalf("%s: read a %s of %d bytes, go-git a %s of %d", h, typ, len(data), obj.Type(), len(want))
				}
			}
			packed := 0
			for _, p := range r.packs.packs {
				for _, off := range packOffsets(t, p) {
					packed++
					r.packs.reset(io.NewSectionReader(p.file, off, p.size-off))
					if typ, _, _ := r.packs.header(); typ == plumbing.OFSDeltaObject || typ == plumbing.REFDeltaObject {
						deltas++
					}
				}
			}
			if found != packed || found == 0 {
				t.Errorf("read %d objects, the packs hold %d", found, packed)
			}
			if deltas == 0 {
				t.Error("no deltas in the packs: the test proves little")
			}
			// The walk agrees with go-git's own reading.
			head, _ := r.Resolve("HEAD")
			got, err := r.WalkUncached(head, "", "records")
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := Open(dir)
			defer plain.Close()
			plain.goGitOnly = true
			want, err := plain.WalkUncached(head, "", "records")
			if err != nil {
				t.Fatal(err)
			}
			if describe(got) != describe(want) {
				t.Error("the walk differs with and without the pack reader")
			}
		})
	}
}

// TestPackReaderREFDeltas checks that the ref-deltas layout really holds
// REF_DELTA objects, which other layouts lack.
func TestPackReaderREFDeltas(t *testing.T) {
	dir := t.TempDir()
	generateHistory(t, dir, 60, 20, false)
	runGit(t, dir, "-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq")
	r, _ := Open(dir)
	defer r.Close()
	if _, _, _, err := r.readPacked(plumbing.ZeroHash); err != nil {
		t.Fatal(err)
	}
	refs := 0
	for _, p := range r.packs.packs {
		for _, off := range packOffsets(t, p) {
			r.packs.reset(io.NewSectionReader(p.file, off, p.size-off))
			if typ, _, _ := r.packs.header(); typ == plumbing.REFDeltaObject {
				refs++
			}
		}
	}
	if refs == 0 {
		t.Fatal("no REF_DELTA objects")
	}
}

// packOffsets returns the offsets of every object in the pack.
func packOffsets(t *testing.T, p *pack) []int64 {
	t.Helper()
	entries, err := p.idx.Entries()
	if err != nil {
		t.Fatal(err)
	}
	defer entries.Close()
	var out []int64
	for {
		e, err := entries.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, int64(e.Offset))
	}
	slices.Sort(out)
	return out
}

// repackOne packs every object of the repository in dir into one pack
// file, and returns its path.
func repackOne(tb testing.TB, dir string) string {
	runGit(tb, dir, "repack", "-adfq")
	packs, _ := filepath.Glob(filepath.Join(dir, ".git/objects/pack/*.pack"))
	if len(packs) != 1 {
		tb.Fatal(packs)
	}
	return packs[0]
}

// TestPackReaderCorrupt damages a pack file: every read either matches
// go-git's or fails with an error, and the walk reports the damage.
func TestPackReaderCorrupt(t *testing.T) {
	dir := t.TempDir()
	generateHistory(t, dir, 80, 30, true)
	packs := []string{repackOne(t, dir)}
	data, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(packs[0], 0o644)
	rng := rand.New(rand.NewSource(3))
	for k := 0; k < 40; k++ {
		data[12+rng.Intn(len(data)-32)] ^= byte(1 + rng.Intn(255))
	}
	if err := os.WriteFile(packs[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	failed := 0
	for _, line := range splitLines(runGit(t, dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")) {
		if _, _, ok, err := r.readPacked(plumbing.NewHash(line)); err != nil {
			failed++
			if !errors.Is(err, errCorrupt) {
				t.Errorf("%s: %v, not errCorrupt", line, err)
			}
		} else if !ok {
			t.Errorf("%s: not found", line)
		}
	}
	if failed == 0 {
		t.Fatal("40 damaged bytes and no object failed to read")
	}
	head, err := r.Resolve("HEAD")
	if err == nil {
		if _, err := r.WalkUncached(head, "", "records"); err == nil {
			t.Log("the walk did not touch a damaged object")
		}
	}
}

// FuzzPackReader feeds arbitrary bytes as the pack file behind a real
// pack's index: reading every object must end with content or an error,
// never a panic or a hang.
func FuzzPackReader(f *testing.F) {
	dir := f.TempDir()
	generateHistory(f, dir, 12, 6, false)
	idxPaths := []string{strings.TrimSuffix(repackOne(f, dir), ".pack") + ".idx"}
	idxData, err := os.ReadFile(idxPaths[0])
	if err != nil {
		f.Fatal(err)
	}
	packData, err := os.ReadFile(strings.TrimSuffix(idxPaths[0], ".idx") + ".pack")
	if err != nil {
		f.Fatal(err)
	}
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(idxPaths[0]), "pack-"), ".idx")
	f.Add(packData)
	f.Add(packData[:len(packData)/2])
	f.Fuzz(func(t *testing.T, pack []byte) {
		fs := memfs.New()
		for file, data := range map[string][]byte{".idx": idxData, ".pack": pack} {
			w, err := fs.Create(fs.Join("objects", "pack", "pack-"+name+file))
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
			w.Close()
		}
		pr := openPacks(fs, []plumbing.Hash{plumbing.NewHash(name)})
		if pr == nil {
			t.Fatal("the index did not open")
		}
		defer pr.Close()
		for _, off := range packOffsets(t, pr.packs[0]) {
			h, _ := pr.packs[0].idx.FindHash(off)
			pr.read(h)
		}
	})
}

// FuzzTreeIter reads arbitrary bytes as a tree object: the entries it
// accepts are the ones go-git decodes from the same bytes.
func FuzzTreeIter(f *testing.F) {
	f.Add([]byte("100644 a.yaml\x00" + strings.Repeat("\x01", 20) + "40000 b\x00" + strings.Repeat("\x02", 20)))
	f.Add([]byte("100644 a\x00short"))
	f.Add([]byte("1x0644 a\x00" + strings.Repeat("\x01", 20)))
	f.Fuzz(func(t *testing.T, data []byte) {
		it := (&rawTree{data: data}).iter()
		var got []object.TreeEntry
		var e rawEntry
		for it.next(&e) {
			got = append(got, object.TreeEntry{Name: string(e.name), Hash: e.hash})
		}
		if it.err != nil {
			return
		}
		obj := &plumbing.MemoryObject{}
		obj.SetType(plumbing.TreeObject)
		obj.Write(data)
		var tree object.Tree
		if err := tree.Decode(obj); err != nil {
			t.Fatalf("go-git refuses a tree the iterator reads: %v", err)
		}
		if len(tree.Entries) != len(got) {
			t.Fatalf("%d entries, go-git %d", len(got), len(tree.Entries))
		}
		for i := range got {
			if got[i].Name != tree.Entries[i].Name || got[i].Hash != tree.Entries[i].Hash {
				t.Fatalf("entry %d: %q %s, go-git %q %s", i, got[i].Name, got[i].Hash, tree.Entries[i].Name, tree.Entries[i].Hash)
			}
		}
	})
}

// FuzzTreeDiff compares the diff of two versions of a folder of files
// with a plain comparison of their entries: skipping the bytes both share
// must not skip a change.
func FuzzTreeDiff(f *testing.F) {
	f.Add(int64(1), uint16(300), []byte{0, 5, 1, 9, 2, 200, 3, 7})
	f.Add(int64(2), uint16(5), []byte{})
	f.Add(int64(3), uint16(1999), []byte{1, 0, 1, 255, 0, 128})
	f.Fuzz(func(t *testing.T, seed int64, n uint16, edits []byte) {
		rng := rand.New(rand.NewSource(seed))
		type file struct {
			mode uint32
			hash plumbing.Hash
		}
		random := func() file {
			var h plumbing.Hash
			rng.Read(h[:])
			return file{mode: 0o100644, hash: h}
		}
		name := func() string {
			// Shared starts and near names, as real ids have.
			return strings.Repeat("agreement-", rng.Intn(3)) + string(rune('a'+rng.Intn(4))) + strings.Repeat("x", rng.Intn(4)) + ".yaml"
		}
		before := map[string]file{}
		for tries := 0; len(before) < int(n%2000) && tries < 20000; tries++ {
			before[name()] = random()
		}
		after := map[string]file{}
		for k, v := range before {
			after[k] = v
		}
		names := slices.Sorted(maps.Keys(before))
		for i := 0; i+1 < len(edits) && len(names) > 0; i += 2 {
			target := names[int(edits[i+1])%len(names)]
			switch edits[i] % 4 {
			case 0:
				delete(after, target)
			case 1:
				after[target] = random()
			case 2:
				after[name()] = random()
			case 3:
				f := after[target]
				f.mode = 0o100755
				after[target] = f
			}
		}
		build := func(files map[string]file) *rawTree {
			var data []byte
			for _, k := range slices.Sorted(maps.Keys(files)) {
				e := rawEntry{name: []byte(k), mode: files[k].mode, hash: files[k].hash}
				data = append(data, singleTree(&e).data...)
			}
			return &rawTree{data: data}
		}
		var got []string
		var d differ
		err := d.diff(build(before), build(after), "dir", func(c Change) {
			got = append(got, c.Path+" "+c.Action.String())
		})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, k := range slices.Sorted(maps.Keys(mergeKeys(before, after))) {
			x, inBefore := before[k]
			y, inAfter := after[k]
			switch {
			case !inAfter:
				want = append(want, "dir/"+k+" deleted")
			case !inBefore:
				want = append(want, "dir/"+k+" added")
			case x != y:
				want = append(want, "dir/"+k+" modified")
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("diff\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

func mergeKeys[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
