package indexer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/wsis-tools/stocktake/record"
)

func TestCreateIndexReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	recs := []record.Record{
		{ID: "p1", Kind: record.KindProject, Title: "Mobile clinics for nomadic herders", ActionLines: []string{"C7.e-health"}, SDGs: []int{3}, Countries: []string{"MN"}, Year: 2019},
		{ID: "s1", Kind: record.KindSession, Title: "Girls who code", Body: "A workshop on programming clubs.", SDGs: []int{5, 4}, GenderFocus: record.GenderPrimary},
	}
	if err := ix.Index(ctx, recs); err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v; the index must be owner-only", path, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.SetSeq(7); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	ix, err = Open(ctx, dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer ix.Close()
	if seq, _ := ix.Seq(); seq != 7 {
		t.Errorf("Seq = %d, want 7", seq)
	}
	tests := []struct {
		field, term string
		want        []string
	}{
		{FieldActionLine, "C7.e-health", []string{"p1"}},
		{FieldActionLine, "C7", []string{"p1"}}, // the parent line is indexed too
		{FieldSDG, "5", []string{"s1"}},
		{FieldKind, "session", []string{"s1"}},
		{FieldYear, "2019", []string{"p1"}},
		{FieldBody, "program", []string{"s1"}}, // stemmed English text
		{FieldGenderFocus, "primary", []string{"s1"}},
	}
	for _, tt := range tests {
		q := bleve.NewTermQuery(tt.term)
		q.SetField(tt.field)
		res, err := ix.Bleve().Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s:%s = %v, want %v", tt.field, tt.term, got, tt.want)
		}
	}
}

func TestOpenStale(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
	}{
		{"missing", func(*testing.T, string) {}},
		{"corrupt", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"old mapping", func(t *testing.T, dir string) {
			ix, err := Create(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.Bleve().SetInternal(keyVersion, u64(MappingVersion+1)); err != nil {
				t.Fatal(err)
			}
			ix.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.setup(t, dir)
			ix, err := Open(ctx, dir)
			if !errors.Is(err, ErrStale) {
				if ix != nil {
					ix.Close()
				}
				t.Fatalf("Open = %v, want ErrStale", err)
			}
		})
	}
}
