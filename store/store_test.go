package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

func open(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "stocktake.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestPutStatuses(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	a := record.Record{ID: "pa", Kind: record.KindProject, Title: "Solar kiosks"}
	b := record.Record{ID: "pb", Kind: record.KindProject, Title: "Clinic radio"}
	a2 := a
	a2.Title = "Solar kiosks for schools"

	steps := []struct {
		name    string
		recs    []record.Record
		want    []Status
		count   int
		seqGrew bool
	}{
		{"first import", []record.Record{a, b}, []Status{Added, Added}, 2, true},
		{"same again", []record.Record{a, b}, []Status{Unchanged, Unchanged}, 2, false},
		{"one edited", []record.Record{a2, b}, []Status{Updated, Unchanged}, 2, true},
	}
	var seq uint64
	for _, st := range steps {
		res, err := s.Put(ctx, st.recs)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for i, r := range res {
			if r.Status != st.want[i] {
				t.Errorf("%s: record %d status %s, want %s", st.name, i, r.Status, st.want[i])
			}
		}
		if n, _ := s.Count(ctx); n != st.count {
			t.Errorf("%s: count %d, want %d", st.name, n, st.count)
		}
		got, _ := s.Seq(ctx)
		if (got > seq) != st.seqGrew {
			t.Errorf("%s: seq %d after %d, grew=%v", st.name, got, seq, st.seqGrew)
		}
		seq = got
	}
	fresh := []record.Record{{ID: "pc", Title: "New"}}
	if _, err := s.Put(ctx, fresh); err != nil || fresh[0].ImportedAt.IsZero() {
		t.Errorf("Put did not hand back the stored imported_at: %v", err)
	}
	r, err := s.Get(ctx, "pa")
	if err != nil || r.Title != a2.Title || r.ImportedAt.IsZero() {
		t.Errorf("Get = %+v, %v", r, err)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(missing) err = %v, want ErrNotFound", err)
	}
	var changed []string
	if err := s.ChangedSince(ctx, 1, func(id string) error { changed = append(changed, id); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(changed) != 2 || changed[0] != "pa" || changed[1] != "pc" {
		t.Errorf("ChangedSince(1) = %v, want [pa pc]", changed)
	}
}

func TestPutIsAtomic(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	_, err := s.Put(ctx, []record.Record{{ID: "ok", Title: "fine"}, {Title: "no id"}})
	if err == nil {
		t.Fatal("Put with a record without id succeeded")
	}
	if n, _ := s.Count(ctx); n != 0 {
		t.Errorf("a failed Put left %d records", n)
	}
}

func TestOpenLockedAndPermissions(t *testing.T) {
	s, path := open(t)
	_ = s
	if _, err := Open(context.Background(), path); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open err = %v, want ErrLocked", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestForEachStopsOnError(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.Put(ctx, []record.Record{{ID: "a"}, {ID: "b"}, {ID: "c"}}); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	n := 0
	err := s.ForEach(ctx, func(record.Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ForEach = %v after %d calls", err, n)
	}
}
