package catalog

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"go.etcd.io/bbolt"

	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
)

// legacyID is the id schema 1 gave a record parsed from a file of n records
// (the former importers.Finish), for records without an id of their own.
func legacyID(r record.Record, n int) string {
	key := r.Source.URL
	switch {
	case n > 1 && key == "":
		key = r.Source.File + "#" + r.Title + "#" + r.Organization
	case n > 1:
		key += "#" + r.Title + "#" + r.Organization
	case key == "":
		key = r.Source.SHA256
	}
	return record.MakeID(r.Kind, key)
}

// TestOpenMigratesSchema1 builds a data dir as stocktake wrote it before the
// identity rules (schema 1, old ids, an index of the old ids), opens it,
// and checks that the records moved to their new ids with aliases, that the
// index followed, and that importing the same files again changes nothing.
func TestOpenMigratesSchema1(t *testing.T) {
	ctx := context.Background()
	files := map[string]string{
		"profile.txt":  "Source: https://example.org/women/profiles\nAmina Diallo\nFounder, Dakar Code Club\n\nAmina teaches girls to code.\n",
		"session.txt":  "Community networks in the Andes\n\nWorkshop report. Speakers: Ms. Rosa Quispe, Andes Net.\n",
		"people.csv":   "Name,Job Title,Organization\nAlice Moreau,Director,UNESCO\nBeatrice Okafor,Head of Unit,UNESCO\n",
		"projects.csv": "Title,Organization,Country\nSolar kiosks,Sun Co,Kenya\nClinic radio,Radio Health,Ghana\n",
		"listed.csv":   "ID,Title,Country\n7,Mesh schools,Peru\n",
	}
	src := t.TempDir()
	var paths []string
	var legacy []record.Record
	moved := map[string]bool{} // legacy ids that the rules change
	for name, body := range files {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		recs, _, err := importers.Parse(ctx, name, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if name != "listed.csv" { // an id column keeps its id under both schemas
				old := legacyID(r, len(recs))
				moved[old] = old != r.ID
				r.ID = old
			}
			legacy = append(legacy, r)
		}
	}
	if n := count(moved); n != 4 {
		t.Fatalf("%d of the fixture's records change id, want 4 (profile, session, two people)", n)
	}

	dir := t.TempDir()
	writeSchema1(t, filepath.Join(dir, StoreFile), legacy)
	ix, err := indexer.Create(ctx, filepath.Join(dir, IndexDir), indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, 1, legacy, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.WaitText(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	c, err := Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n := assertConsistent(t, c); n != len(legacy) {
		t.Errorf("%d records after migration, want %d", n, len(legacy))
	}
	for old, changes := range moved {
		to, ok, err := c.Store().Renamed(ctx, old)
		if err != nil || ok != changes {
			t.Errorf("Renamed(%s) = %q, %v, %v; want an alias: %v", old, to, ok, err, changes)
		}
	}
	rs, err := c.Import(ctx, paths, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Added+r.Updated != 0 || r.Rejected != "" {
			t.Errorf("re-import after migration: %+v, want all unchanged", r)
		}
	}
}

func count(m map[string]bool) int {
	n := 0
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}

// writeSchema1 writes a store file in the layout of schema 1: the records,
// changes and meta buckets only, every record changed at sequence 1.
func writeSchema1(t *testing.T, path string, recs []record.Record) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u64 := func(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
	err = db.Update(func(tx *bbolt.Tx) error {
		rb, _ := tx.CreateBucket([]byte("records"))
		cb, _ := tx.CreateBucket([]byte("changes"))
		mb, _ := tx.CreateBucket([]byte("meta"))
		for _, r := range recs {
			buf, _ := json.Marshal(r)
			if err := rb.Put([]byte(r.ID), buf); err != nil {
				return err
			}
			if err := cb.Put([]byte(r.ID), u64(1)); err != nil {
				return err
			}
		}
		if err := mb.Put([]byte("schema_version"), u64(1)); err != nil {
			return err
		}
		return mb.Put([]byte("seq"), u64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
}
