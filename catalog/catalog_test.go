package catalog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
)

// writeJSONL writes files of projects: file f holds n records with ids
// "f-i", so every record is distinct and stable across runs.
func writeJSONL(t *testing.T, dir string, files, n int) {
	t.Helper()
	writeJSONLEdition(t, dir, files, n, "")
}

// writeJSONLEdition writes the files of writeJSONL with edition appended
// to every title: the same records, changed.
func writeJSONLEdition(t *testing.T, dir string, files, n int, edition string) {
	t.Helper()
	for f := range files {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `{"id": "P-%d-%d", "title": "Project %d of batch %d%s", "countries": ["Kenya"], "action_lines": ["C4"], "sdgs": [4], "year": 2020, "summary": "Training teachers in district %d."}`+"\n", f, i, i, f, edition, i)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("batch-%03d.jsonl", f)), []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportStatusesAndRejects(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeJSONL(t, src, 2, 5)
	bad := map[string][]byte{
		"empty.txt":   nil,
		"binary.txt":  {0x00, 0x01, 0x02, 'x'},
		"unknown.xyz": []byte("hello"),
		"latin1.txt":  []byte("Caf\xe9 in Dakar\n"),
	}
	for name, b := range bad {
		if err := os.WriteFile(filepath.Join(src, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A 200 MB file, sparse so the test writes nothing to disk: rejected
	// by its size before it is read.
	huge, err := os.Create(filepath.Join(src, "huge.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := huge.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	huge.Close()
	c, err := Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	tally := func(rs []FileResult) (added, updated, unchanged, rejected int) {
		for _, r := range rs {
			added += r.Added
			updated += r.Updated
			unchanged += r.Unchanged
			if r.Rejected != "" {
				rejected++
			}
		}
		return
	}
	steps := []struct {
		name                                string
		opt                                 ImportOptions
		added, updated, unchanged, rejected int
		stored                              int
	}{
		{"dry run stores nothing", ImportOptions{DryRun: true}, 10, 0, 0, 5, 0},
		{"first import", ImportOptions{}, 10, 0, 0, 5, 10},
		{"same again", ImportOptions{}, 0, 0, 10, 5, 10},
	}
	for _, st := range steps {
		rs, err := c.Import(ctx, []string{src}, st.opt)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		a, u, un, rej := tally(rs)
		if a != st.added || u != st.updated || un != st.unchanged || rej != st.rejected {
			t.Errorf("%s: added/updated/unchanged/rejected = %d/%d/%d/%d, want %d/%d/%d/%d", st.name, a, u, un, rej, st.added, st.updated, st.unchanged, st.rejected)
		}
		reasons := map[string]string{"empty.txt": "empty", "binary.txt": "binary", "unknown.xyz": "unknown file type", "latin1.txt": "UTF-8", "huge.csv": "larger than"}
		for _, r := range rs {
			if want, ok := reasons[filepath.Base(r.Path)]; ok && !strings.Contains(r.Rejected, want) {
				t.Errorf("%s: %s rejected with %q, want a reason saying %q", st.name, r.Path, r.Rejected, want)
			}
		}
		if n, _ := c.Store().Count(ctx); n != st.stored {
			t.Errorf("%s: %d stored, want %d", st.name, n, st.stored)
		}
		if n := c.Index().Count(); n != st.stored {
			t.Errorf("%s: %d indexed, want %d", st.name, n, st.stored)
		}
	}
}

func TestOpenRebuildsAMissingOrCorruptIndex(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	src := t.TempDir()
	writeJSONL(t, src, 1, 7)
	c, err := Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	for _, damage := range []func() error{
		func() error { return os.RemoveAll(filepath.Join(dir, IndexDir)) },
		func() error {
			return os.WriteFile(filepath.Join(dir, IndexDir, "text", "index_meta.json"), []byte("garbage"), 0o600)
		},
		func() error {
			return os.WriteFile(filepath.Join(dir, IndexDir, "views.db"), []byte("garbage"), 0o600)
		},
	} {
		if err := damage(); err != nil {
			t.Fatal(err)
		}
		c, err := Open(ctx, dir, zerolog.Nop())
		if err != nil {
			t.Fatalf("Open after damage: %v", err)
		}
		if n := c.Index().Count(); n != 7 {
			t.Errorf("rebuilt index holds %d docs, want 7", n)
		}
		c.Close()
	}
}

// assertConsistent checks that every stored record is in the index and the
// index holds nothing else.
func assertConsistent(t *testing.T, c *Catalog) int {
	t.Helper()
	ctx := context.Background()
	n, err := c.Store().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := c.Store().ForEach(ctx, func(r record.Record) error { ids = append(ids, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	snap := c.Index().Snapshot()
	if len(ids) > 0 {
		res, err := snap.Text(ctx, bleve.NewDocIDQuery(ids), nil, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := int(res.Hits.GetCardinality()); got != n {
			t.Errorf("%d of %d stored records are searchable by text", got, n)
		}
	}
	if docs := c.Index().Count(); docs != n {
		t.Errorf("views hold %d records, store %d", docs, n)
	}
	seq, err := c.Store().Seq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if textGen, _, _ := c.Index().TextStatus(); snap.Gen() != seq || textGen != seq {
		t.Errorf("views at %d and text at %d, store at %d", snap.Gen(), textGen, seq)
	}
	return n
}

func TestCloseTwice(t *testing.T) {
	c, err := Open(context.Background(), t.TempDir(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestFolderImportIndexesTheStoredVersion: files of one folder are indexed
// in shared batches; when two files carry the same id, the index must hold
// the version the store kept (the later file's).
func TestFolderImportIndexesTheStoredVersion(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	for name, title := range map[string]string{"a.jsonl": "Lagoon sensors", "b.jsonl": "Mangrove drones"} {
		line := `{"url": "https://example.org/projects/same", "title": "` + title + `", "countries": ["Ghana"]}` + "\n"
		if err := os.WriteFile(filepath.Join(src, name), []byte(line), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := assertConsistent(t, c); n != 1 {
		t.Fatalf("%d records stored, want 1", n)
	}
	for term, want := range map[string]uint64{"mangrov": 1, "lagoon": 0} {
		q := bleve.NewTermQuery(term)
		q.SetField("title")
		res, err := c.Index().Snapshot().Text(ctx, q, nil, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Hits.GetCardinality(); got != want {
			t.Errorf("title term %q: %d hits, want %d", term, got, want)
		}
	}
}
