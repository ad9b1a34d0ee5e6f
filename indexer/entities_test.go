package indexer

import (
	"context"
	"testing"

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
