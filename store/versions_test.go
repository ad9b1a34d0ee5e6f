package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

func proj(id, title string) record.Record {
	return record.Record{ID: id, Kind: record.KindProject, Title: title, Source: record.Source{URL: "https://example.org/list"}}
}

// titles lists the titles of h's versions, newest first, after the current.
func titles(h History) []string {
	var out []string
	if h.Current != nil {
		out = append(out, "cur:"+h.Current.Title)
	}
	for _, v := range h.Versions {
		out = append(out, fmt.Sprintf("%d:%s:%s", v.N, v.Reason, v.Record.Title))
	}
	return out
}

func TestVersionsKeepWhatIsReplaced(t *testing.T) {
	ctx := context.Background()
	type op func(s *Store) error
	put := func(title string) op {
		return func(s *Store) error { _, err := s.Put(ctx, []record.Record{proj("p1", title)}); return err }
	}
	del := func(s *Store) error { _, err := s.Delete(ctx, "p1"); return err }
	restore := func(n uint64) op {
		return func(s *Store) error { _, err := s.Restore(ctx, "p1", n); return err }
	}
	tests := []struct {
		name    string
		ops     []op
		want    []string
		deleted bool
		count   int
	}{
		{"unchanged import archives nothing", []op{put("A"), put("A")}, []string{"cur:A"}, false, 1},
		{"update archives the old version", []op{put("A"), put("B"), put("C")},
			[]string{"cur:C", "2:updated:B", "1:updated:A"}, false, 1},
		{"restore brings an old version back and keeps the replaced one", []op{put("A"), put("B"), restore(1)},
			[]string{"cur:A", "2:restored:B", "1:updated:A"}, false, 1},
		{"delete archives and hides", []op{put("A"), del},
			[]string{"1:deleted:A"}, true, 0},
		{"import leaves a deleted record deleted", []op{put("A"), del, put("B")},
			[]string{"1:deleted:A"}, true, 0},
		{"restore undoes a delete", []op{put("A"), del, restore(1)},
			[]string{"cur:A", "1:deleted:A"}, false, 1},
		{"after restore, imports update again", []op{put("A"), del, restore(1), put("B")},
			[]string{"cur:B", "2:updated:A", "1:deleted:A"}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := open(t)
			for i, o := range tt.ops {
				if err := o(s); err != nil {
					t.Fatalf("op %d: %v", i, err)
				}
			}
			h, err := s.History(ctx, "p1")
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(h); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("history %v, want %v", got, tt.want)
			}
			if h.Deleted != tt.deleted {
				t.Errorf("deleted = %v, want %v", h.Deleted, tt.deleted)
			}
			if n, _ := s.Count(ctx); n != tt.count {
				t.Errorf("count %d, want %d", n, tt.count)
			}
		})
	}
}

func TestVersionsErrorsAndStatuses(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if _, err := s.History(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("History(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.Delete(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.Put(ctx, []record.Record{proj("p1", "A")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Restore(ctx, "p1", 7); !errors.Is(err, ErrNoVersion) {
		t.Errorf("Restore(missing version) = %v, want ErrNoVersion", err)
	}
	if _, err := s.Delete(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func([]record.Record) ([]PutResult, error){
		func(r []record.Record) ([]PutResult, error) { return s.Plan(ctx, r) },
		func(r []record.Record) ([]PutResult, error) { return s.Put(ctx, r) },
	} {
		res, err := f([]record.Record{proj("p1", "B")})
		if err != nil || len(res) != 1 || res[0].Status != KeptDeleted {
			t.Errorf("import of a deleted id = %+v, %v; want kept deleted", res, err)
		}
	}
	seqBefore, _ := s.Seq(ctx)
	changed := map[string]bool{}
	_ = s.ChangedSince(ctx, seqBefore-1, func(id string) error { changed[id] = true; return nil })
	if !changed["p1"] {
		t.Error("a delete is not reported as a change, the index would keep the record")
	}
}

func TestVersionsArePruned(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	for i := range MaxVersions + 5 {
		if _, err := s.Put(ctx, []record.Record{proj("p1", fmt.Sprint("v", i))}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.History(ctx, "p1")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Versions) != MaxVersions {
		t.Fatalf("%d versions kept, want %d", len(h.Versions), MaxVersions)
	}
	if newest := h.Versions[0].Record.Title; newest != fmt.Sprint("v", MaxVersions+3) {
		t.Errorf("newest archived version %q", newest)
	}
}

func TestNewAtSource(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	a, b := proj("pa", "Solar kiosks"), proj("pb", "Clinic radio")
	res, err := s.Put(ctx, []record.Record{a})
	if err != nil || res[0].NewAtSource {
		t.Fatalf("first record of a source: %+v %v", res, err)
	}
	res, err = s.Put(ctx, []record.Record{b})
	if err != nil || !res[0].NewAtSource {
		t.Errorf("second entity at one source: %+v %v, want it marked", res, err)
	}
	// A file that brings the stored entities of its source along is that
	// source grown by one entry, not a different document at its URL.
	c := proj("pc", "Mesh routers")
	if res, _ := s.Plan(ctx, []record.Record{a, b, c}); res[2].NewAtSource {
		t.Errorf("a list grown by one entry: %+v, want no mark", res)
	}
	other := proj("pd", "Elsewhere")
	other.Source.URL = "https://example.org/other"
	if res, _ := s.Plan(ctx, []record.Record{other}); res[0].NewAtSource {
		t.Errorf("a record of a new source marked new at source: %+v", res)
	}
}

// TestFileHashAloneIsNoUpdate: editing one row of a list changes the file's
// hash in every record of it; the other rows stay unchanged, with no
// archived version.
func TestFileHashAloneIsNoUpdate(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	a := proj("p1", "Solar kiosks")
	a.Source.SHA256 = "aaaa"
	if _, err := s.Put(ctx, []record.Record{a}); err != nil {
		t.Fatal(err)
	}
	a.Source.SHA256 = "bbbb"
	recs := []record.Record{a}
	res, err := s.Put(ctx, recs)
	if err != nil || res[0].Status != Unchanged {
		t.Fatalf("same record from an edited file: %+v %v, want unchanged", res, err)
	}
	if recs[0].Source.SHA256 != "aaaa" {
		t.Errorf("Put handed back hash %q, want the stored one", recs[0].Source.SHA256)
	}
	if h, _ := s.History(ctx, "p1"); len(h.Versions) != 0 {
		t.Errorf("%d versions archived for an unchanged record", len(h.Versions))
	}
}

// TestNewReadingReplacesOld: the same file (same source, same bytes) read
// again by a newer extractor gives a record another id; the old reading is
// replaced, kept in its history, and its id leads to the new one. A
// different file at the same source replaces nothing.
func TestNewReadingReplacesOld(t *testing.T) {
	ctx := context.Background()
	at := func(id, title, sha string) record.Record {
		r := proj(id, title)
		r.Source.SHA256 = sha
		return r
	}
	s, _ := open(t)
	if _, err := s.Put(ctx, []record.Record{at("old", "Header of the site", "aaaa")}); err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx, []record.Record{at("new", "Solar kiosks", "aaaa")})
	if err != nil || len(plan) != 2 || plan[1].ID != "old" || plan[1].Status != Replaced {
		t.Fatalf("Plan = %+v, %v; want the old reading replaced", plan, err)
	}
	res, err := s.Put(ctx, []record.Record{at("new", "Solar kiosks", "aaaa")})
	if err != nil || len(res) != 2 || res[0].Status != Added || res[0].NewAtSource || res[1] != (PutResult{ID: "old", Status: Replaced}) {
		t.Fatalf("Put = %+v, %v; want new added (not beside another) and old replaced", res, err)
	}
	if _, err := s.Get(ctx, "old"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the old reading is still stored: %v", err)
	}
	if h, err := s.History(ctx, "old"); err != nil || len(h.Versions) != 1 || h.Versions[0].Reason != ReasonReplaced {
		t.Errorf("history of the old reading = %+v, %v", h, err)
	}
	if to, ok, _ := s.Renamed(ctx, "old"); !ok || to != "new" {
		t.Errorf("Renamed(old) = %q, %v; want new", to, ok)
	}
	changed := map[string]bool{}
	_ = s.ChangedSince(ctx, 1, func(id string) error { changed[id] = true; return nil })
	if !changed["old"] || !changed["new"] {
		t.Errorf("changes %v: the index must drop old and add new", changed)
	}

	res, err = s.Put(ctx, []record.Record{at("other", "Clinic radio", "bbbb")})
	if err != nil || len(res) != 1 || !res[0].NewAtSource {
		t.Errorf("another file at the source: %+v, %v; want added beside, nothing replaced", res, err)
	}
	if n, _ := s.Count(ctx); n != 2 {
		t.Errorf("%d records, want 2", n)
	}
}

// TestPutPart: a file stored in parts. The records of its other parts are
// not different entities beside a part's records, nor replaced by it; a
// record of an earlier reading of the file that this one does not give is
// replaced as by Put.
func TestPutPart(t *testing.T) {
	ctx := context.Background()
	at := func(id, sha string) record.Record {
		r := proj(id, "Entry "+id)
		r.Source.SHA256 = sha
		return r
	}
	type want struct {
		added, unchanged, beside int
		replaced                 []string
	}
	tests := []struct {
		name   string
		before []record.Record   // stored first, in one Put
		parts  [][]record.Record // then stored part by part, along the ids of all parts
		want   []want            // per part
		count  int
	}{
		{"new file", nil,
			[][]record.Record{{at("a", "x"), at("b", "x")}, {at("c", "x")}},
			[]want{{added: 2}, {added: 1}}, 3},
		{"the same file again", []record.Record{at("a", "x"), at("b", "x"), at("c", "x")},
			[][]record.Record{{at("a", "x"), at("b", "x")}, {at("c", "x")}},
			[]want{{unchanged: 2}, {unchanged: 1}}, 3},
		{"the same bytes read as other records", []record.Record{at("a", "x"), at("old", "x")},
			[][]record.Record{{at("a", "x")}, {at("c", "x")}},
			[]want{{unchanged: 1, replaced: []string{"old"}}, {added: 1}}, 2},
		{"a new edition beside another file's records", []record.Record{at("z", "y")},
			[][]record.Record{{at("a", "x")}, {at("b", "x")}},
			[]want{{added: 1, beside: 1}, {added: 1, beside: 1}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := open(t)
			if len(tt.before) > 0 {
				if _, err := s.Put(ctx, tt.before); err != nil {
					t.Fatal(err)
				}
			}
			along := map[string]bool{}
			for _, p := range tt.parts {
				for _, r := range p {
					along[r.ID] = true
				}
			}
			for i, p := range tt.parts {
				res, err := s.PutPart(ctx, p, along)
				if err != nil {
					t.Fatal(err)
				}
				var got want
				for _, r := range res {
					switch r.Status {
					case Added:
						got.added++
					case Unchanged:
						got.unchanged++
					case Replaced:
						got.replaced = append(got.replaced, r.ID)
					}
					if r.NewAtSource {
						got.beside++
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want[i]) {
					t.Errorf("part %d: %+v, want %+v", i, got, tt.want[i])
				}
			}
			if n, _ := s.Count(ctx); n != tt.count {
				t.Errorf("%d records, want %d", n, tt.count)
			}
		})
	}
}
