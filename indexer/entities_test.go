package indexer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// TestEntitiesSurviveReopenAndFollowChanges: the clusters come back from
// the persisted rows when the index is opened again (no store read), follow
// a deletion, and follow the staff links.
func TestEntitiesSurviveReopenAndFollowChanges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	recs := []record.Record{
		{ID: "n1", Kind: record.KindProject, Title: "Lagoon Water Sensors Network", Organization: "Coastal Research Institute (CRI)", Countries: []string{"GH"},
			Prize: &record.Prize{Year: 2019, Status: record.PrizeNominee}, Source: record.Source{File: "nominees.csv"}},
		{ID: "n2", Kind: record.KindProject, Title: "Harbour Storm Radio", Organization: "Fiji Coast Guard", Countries: []string{"FJ"}, Source: record.Source{File: "nominees.csv"}},
		{ID: "w1", Kind: record.KindProject, Title: "LAGOON WATER SENSORS NETWORK", Organization: "CRI", Countries: []string{"GH"},
			Prize: &record.Prize{Year: 2019, Status: record.PrizeWinner}, Source: record.Source{File: "winners.csv"}},
	}
	same := func(ix *Index, want bool, why string) {
		t.Helper()
		if err := ix.WaitEntities(ctx, ix.Gen()); err != nil {
			t.Fatal(err)
		}
		e := ix.Snapshot().Entities()
		a, okA := e.Doc("n1")
		b, okB := e.Doc("w1")
		if !okA || !okB {
			t.Fatalf("%s: records missing", why)
		}
		if got := e.Key(a) == e.Key(b); got != want {
			t.Errorf("%s: one entity = %v, want %v", why, got, want)
		}
		winners := e.Distinct(e.Filter(map[string][]string{FacetPrize: {record.PrizeWinner}}, ""))
		if want && winners != 1 {
			t.Errorf("%s: %d winner entities, want 1", why, winners)
		}
	}
	ix := applied(t, dir, 1, recs)
	same(ix, true, "after the batch")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	same(ix, true, "after reopening")
	ix.SetLinks([]resolver.Override{{A: resolver.Ref{Record: "n1"}, B: resolver.Ref{Record: "w1"}}})
	same(ix, false, "after a split")
	ix.SetLinks(nil)
	same(ix, true, "after clearing it")
	if err := ix.Apply(ctx, 2, nil, []string{"n2"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.WaitEntities(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if n := ix.Snapshot().Entities().Distinct(ix.Snapshot().All()); n != 1 {
		t.Errorf("after a deletion: %d entities, want 1", n)
	}
}

// TestEntitiesKeptWhenResolverInputSame: a batch that changes only what the
// resolver does not read (keywords) keeps the clusters computed before, and
// they are what resolving that generation gives; a batch that changes a
// title is resolved again.
func TestEntitiesKeptWhenResolverInputSame(t *testing.T) {
	ctx := context.Background()
	recs := []record.Record{
		{ID: "a1", Kind: record.KindProject, Title: "Mangrove Tide Gauges", Organization: "Delta Survey Office", Countries: []string{"BD"}, Source: record.Source{File: "list-a.csv"}},
		{ID: "a2", Kind: record.KindProject, Title: "Village Solar Kiosks", Organization: "Sun Path Trust", Countries: []string{"KE"}, Source: record.Source{File: "list-a.csv"}},
		{ID: "b1", Kind: record.KindProject, Title: "MANGROVE TIDE GAUGES", Organization: "Delta Survey Office", Countries: []string{"BD"}, Source: record.Source{File: "list-b.csv"}},
		{ID: "b2", Kind: record.KindProject, Title: "Braille Exam Readers", Organization: "Open Sight", Countries: []string{"PE"}, Source: record.Source{File: "list-b.csv"}},
	}
	ix := applied(t, t.TempDir(), 1, recs)
	defer ix.Close()
	view := func(gen uint64) *entityView {
		t.Helper()
		if err := ix.WaitEntities(ctx, gen); err != nil {
			t.Fatal(err)
		}
		return ix.views.ents.view()
	}
	check := func(v *entityView, why string) {
		t.Helper()
		want, ok := resolveRows(ctx, ix.Snapshot(), nil, ix.vstore.entities)
		if !ok {
			t.Fatalf("%s: the views file holds another generation than the views", why)
		}
		if v.gen != ix.Gen() || !reflect.DeepEqual(v.res.Clusters(), want.res.Clusters()) || !reflect.DeepEqual(v.of, want.of) ||
			!reflect.DeepEqual(v.members, want.members) || !v.multi.Equals(want.multi) {
			t.Errorf("%s: the clusters differ from a resolve of generation %d", why, ix.Gen())
		}
	}
	first := view(1)
	check(first, "first batch")
	if e := ix.Snapshot().Entities(); e.Distinct(e.All()) != 3 {
		t.Fatalf("first batch: %d entities, want 3 (a1 and b1 one)", e.Distinct(e.All()))
	}

	kw := recs[1]
	kw.Keywords = []string{"solar", "kiosk"}
	if err := ix.Apply(ctx, 2, []record.Record{kw}, nil); err != nil {
		t.Fatal(err)
	}
	kept := view(2)
	check(kept, "keywords changed")
	if &kept.members[0] != &first.members[0] { // the same clusters share their arrays
		t.Error("keywords changed: the clusters were resolved again")
	}

	title := recs[2]
	title.Title = "Coral Reef Sound Maps"
	if err := ix.Apply(ctx, 3, []record.Record{title}, nil); err != nil {
		t.Fatal(err)
	}
	again := view(3)
	check(again, "title changed")
	if &again.members[0] == &first.members[0] {
		t.Error("title changed: the clusters were not resolved again")
	}
	e := ix.Snapshot().Entities()
	a, _ := e.Doc("a1")
	b, _ := e.Doc("b1")
	if e.Key(a) == e.Key(b) {
		t.Error("title changed: a1 and b1 are still one entity")
	}
}

// TestEntityCountsOfEveryRecordFollowBatches: the counts of every record,
// kept once per generation for the landing page, are those of each value's
// set counted afresh, after a batch that merges, one that changes only
// what the resolver does not read (the clusters are kept), one that adds,
// and one that deletes.
func TestEntityCountsOfEveryRecordFollowBatches(t *testing.T) {
	ctx := context.Background()
	gauges := func(id, title, country string, sdgs ...int) record.Record {
		return record.Record{ID: id, Kind: record.KindProject, Title: title, Organization: "Delta Survey Office",
			Countries: []string{country}, SDGs: sdgs, Source: record.Source{File: id + ".csv"}}
	}
	ix := applied(t, t.TempDir(), 1, []record.Record{gauges("a1", "Mangrove Tide Gauges", "BD", 6), gauges("a2", "Village Solar Kiosks", "KE", 5)})
	defer ix.Close()
	check := func(why string) {
		t.Helper()
		if err := ix.WaitEntities(ctx, ix.Gen()); err != nil {
			t.Fatal(err)
		}
		e := ix.Snapshot().Entities()
		for range 2 { // computed, then kept
			got := e.Counts(FacetSDG, e.All())
			want := map[string]int{}
			for _, v := range []string{"4", "5", "6"} {
				if bm := e.Value(FacetSDG, v); bm != nil {
					if n := e.Distinct(bm); n > 0 {
						want[v] = n
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: counts of every record %v, want %v", why, got, want)
			}
		}
	}
	check("first batch")
	steps := []struct {
		why  string
		put  []record.Record
		gone []string
	}{
		{"a batch that merges", []record.Record{gauges("b1", "MANGROVE TIDE GAUGES", "BD", 6)}, nil},
		{"a batch of SDGs only", []record.Record{gauges("a2", "Village Solar Kiosks", "KE", 4, 5)}, nil},
		{"a batch that adds", []record.Record{gauges("b2", "Braille Exam Readers", "PE", 4)}, nil},
		{"a batch that deletes", nil, []string{"a2"}},
	}
	for i, s := range steps {
		if err := ix.Apply(ctx, uint64(i+2), s.put, s.gone); err != nil {
			t.Fatal(err)
		}
		check(s.why)
	}
}

// TestEntitiesWaitForTheNewestGeneration: batches that arrive while the
// resolver waits for the text to settle make it wait again, for the newest
// generation, before it resolves: a large import is resolved once, at its
// end, not also when the text reached the batch that woke the resolver.
func TestEntitiesWaitForTheNewestGeneration(t *testing.T) {
	bi, err := bleve.NewMemOnly(NewMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	type call struct {
		gen      uint64
		resolved bool // clusters were published before this wait
	}
	var (
		mu    sync.Mutex
		calls []call
		v     *views
	)
	release := make(chan struct{})
	// The views file's compact records, as Index.Apply saves them.
	var saved sync.Map // record id -> compact record
	read := func(ctx context.Context, docs []uint32, fn func(n uint32, ent []byte) bool) error {
		for _, n := range docs {
			ent, _ := saved.Load(v.snapshot().ID(n))
			if !fn(n, ent.([]byte)) {
				break
			}
		}
		return nil
	}
	settle := func(ctx context.Context, gen uint64) error {
		mu.Lock()
		calls = append(calls, call{gen, v.ents.view().complete})
		n := len(calls)
		mu.Unlock()
		if n <= 2 { // the first two waits last until the test lets them go
			select {
			case <-release:
			case <-ctx.Done():
			}
		}
		return nil
	}
	v = newViews(newTextIndex(bi, &docNums{nums: map[string]uint32{}}), settle, read)
	defer v.ents.close()
	apply := func(gen uint64, r record.Record) {
		w, ent := rowOf(r)
		saved.Store(r.ID, ent)
		v.apply(gen, []change{{id: r.ID, row: &w}})
	}
	waitCalls := func(n int) []call {
		t.Helper()
		for range 1000 {
			mu.Lock()
			got := slices.Clone(calls)
			mu.Unlock()
			if len(got) >= n {
				return got
			}
			time.Sleep(time.Millisecond)
		}
		t.Fatalf("settle was called fewer than %d times", n)
		return nil
	}

	apply(1, record.Record{ID: "a", Kind: record.KindProject, Title: "Tide Gauges", Organization: "Delta Survey"})
	waitCalls(1)
	apply(2, record.Record{ID: "b", Kind: record.KindProject, Title: "TIDE GAUGES", Organization: "Delta Survey"})
	release <- struct{}{}
	got := waitCalls(2)
	if got[1].gen != 2 || got[1].resolved {
		t.Errorf("second wait: generation %d, clusters already published %v; want generation 2, none published", got[1].gen, got[1].resolved)
	}
	release <- struct{}{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := v.ents.wait(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if e := v.snapshot().Entities(); e.Distinct(e.All()) != 1 {
		t.Errorf("%d entities, want 1 (a and b one project)", e.Distinct(e.All()))
	}
}

// TestResolveRowsReadsOnlyItsGeneration: the resolver reads the compact
// records from the views file, which a batch may have moved past the
// snapshot being resolved (saved meanwhile) or not reached yet (applied,
// not saved). A resolve publishes nothing unless the file holds the
// snapshot's records exactly, and then the clusters of those records.
func TestResolveRowsReadsOnlyItsGeneration(t *testing.T) {
	ctx := context.Background()
	recs := []record.Record{
		{ID: "a1", Kind: record.KindProject, Title: "Mangrove Tide Gauges", Organization: "Delta Survey Office", Source: record.Source{File: "list-a.csv"}},
		{ID: "a2", Kind: record.KindProject, Title: "Village Solar Kiosks", Organization: "Sun Path Trust", Source: record.Source{File: "list-a.csv"}},
		{ID: "b1", Kind: record.KindProject, Title: "MANGROVE TIDE GAUGES", Organization: "Delta Survey Office", Source: record.Source{File: "list-b.csv"}},
	}
	ix := applied(t, t.TempDir(), 1, recs)
	defer ix.Close()
	snap := ix.Snapshot()
	file := map[uint32][]byte{}
	if err := ix.vstore.entities(ctx, []uint32{0, 1, 2, 3}, func(n uint32, ent []byte) bool {
		if ent != nil {
			file[n] = slices.Clone(ent)
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if len(file) != len(recs) {
		t.Fatalf("the views file holds %d compact records, want %d", len(file), len(recs))
	}
	a2, _ := snap.Doc("a2")
	b1, _ := snap.Doc("b1")
	_, renamed := rowOf(record.Record{ID: "b1", Kind: record.KindProject, Title: "Coral Reef Sound Maps", Source: record.Source{File: "list-b.csv"}})
	tests := []struct {
		name string
		edit func(m map[uint32][]byte)
		ok   bool
	}{
		{"the snapshot's records", func(map[uint32][]byte) {}, true},
		{"a record saved after the snapshot", func(m map[uint32][]byte) { m[7] = file[a2] }, true},
		{"a record not saved yet", func(m map[uint32][]byte) { delete(m, a2) }, false},
		{"a record changed after the snapshot", func(m map[uint32][]byte) { m[b1] = renamed }, false},
	}
	for _, tt := range tests {
		m := maps.Clone(file)
		tt.edit(m)
		read := func(ctx context.Context, docs []uint32, fn func(n uint32, ent []byte) bool) error {
			for _, n := range docs {
				if !fn(n, m[n]) {
					break
				}
			}
			return nil
		}
		v, ok := resolveRows(ctx, snap, nil, read)
		if ok != tt.ok {
			t.Errorf("%s: resolved %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		a, _ := snap.Doc("a1")
		if !v.multi.Contains(a) || v.of[a] != v.of[b1] {
			t.Errorf("%s: a1 and b1 are not one cluster", tt.name)
		}
	}
}

// TestEntitiesReadInChunks: the views file yields the compact record of
// each doc asked for, in the order asked, across its read transactions;
// nil for one removed or never saved; and it stops when told.
func TestEntitiesReadInChunks(t *testing.T) {
	ctx := context.Background()
	vs, err := openViewStore(filepath.Join(t.TempDir(), viewsFile), true)
	if err != nil {
		t.Fatal(err)
	}
	defer vs.close()
	n := 2*entityChunk + 7
	rows := map[uint32]*row{}
	encs, ents := map[string][]byte{}, map[string][]byte{}
	for i := range n {
		id := fmt.Sprintf("r%05d", i)
		rows[uint32(i)] = &row{id: id}
		encs[id], ents[id] = encodeRow(row{id: id}), []byte(id)
	}
	if err := vs.save(1, rows, encs, ents); err != nil {
		t.Fatal(err)
	}
	if err := vs.save(2, map[uint32]*row{3: nil}, nil, nil); err != nil {
		t.Fatal(err)
	}
	var docs []uint32
	for i := range n + 1 {
		docs = append(docs, uint32((i*7919)%(n+1))) // every number, n never saved
	}
	for _, stop := range []int{-1, entityChunk, entityChunk + 1} {
		var got []uint32
		err := vs.entities(ctx, docs, func(d uint32, ent []byte) bool {
			got = append(got, d)
			want := fmt.Sprintf("r%05d", d)
			if d == 3 || int(d) == n {
				want = ""
			}
			if string(ent) != want {
				t.Errorf("doc %d: read %q, want %q", d, ent, want)
			}
			return len(got) != stop
		})
		if err != nil {
			t.Fatal(err)
		}
		want := docs
		if stop > 0 {
			want = docs[:stop]
		}
		if !slices.Equal(got, want) {
			t.Errorf("stop at %d: read %d docs, want %d in the order asked", stop, len(got), len(want))
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := vs.entities(cancelled, docs, func(uint32, []byte) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}
