package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/internal/devset"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// importFiles imports each file in turn (one import per file, as a user
// adding sources one by one) into a fresh data dir.
func importFiles(t *testing.T, files ...string) *catalog.Catalog {
	t.Helper()
	ctx := context.Background()
	cat, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cat.Close() })
	for _, f := range files {
		res, err := cat.Import(ctx, []string{f}, catalog.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Rejected != "" {
				t.Fatalf("%s rejected: %s", f, r.Rejected)
			}
		}
	}
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return cat
}

// recordsOf returns the stored records of file (by base name).
func recordsOf(t *testing.T, cat *catalog.Catalog, file string) []record.Record {
	t.Helper()
	var out []record.Record
	err := cat.Store().ForEach(context.Background(), func(r record.Record) error {
		if filepath.Base(r.Source.File) == file {
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWinnersOnceThroughSearch imports the real 2015 nominee page and the
// 2015 winners list in both orders and searches: each winner is one result,
// status winner, with its two sources; nominees merged into a winner no
// longer count as nominees, and records=sources lists every record.
func TestWinnersOnceThroughSearch(t *testing.T) {
	dev := devset.Dir(t)
	nominated := filepath.Join(dev, "..", "..", "data", "real", "wsis-project-prizes-2015-nominated.html")
	winners := filepath.Join(dev, "project", "wsis-project-prizes-2015-winners-list.txt")
	for _, f := range []string{nominated, winners} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("real page not found: %v", err)
		}
	}
	for _, tc := range []struct {
		name  string
		files []string
	}{
		{"nominees first", []string{nominated, winners}},
		{"winners first", []string{winners, nominated}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			cat := importFiles(t, tc.files...)
			svc := search.New(cat.Index(), cat.Store(), search.WithoutResponseCache())
			won := recordsOf(t, cat, filepath.Base(winners))
			noms := recordsOf(t, cat, filepath.Base(nominated))
			if len(won) < 12 || len(noms) < 250 {
				t.Fatalf("%d winners and %d nominees stored, want 12 and about 300", len(won), len(noms))
			}
			resp, err := svc.Search(ctx, search.Request{Filters: map[string][]string{search.FilterPrize: {record.PrizeWinner}}, Size: search.MaxSize})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Total != len(won) || len(resp.Hits) != len(won) {
				t.Errorf("prize=winner: %d results (%d hits), want %d: one per winner", resp.Total, len(resp.Hits), len(won))
			}
			for _, w := range won {
				var found []search.Hit
				for _, h := range resp.Hits {
					if slices.ContainsFunc(h.Sources, func(s search.SourceRef) bool { return s.ID == w.ID }) || h.ID == w.ID {
						found = append(found, h)
					}
				}
				if len(found) != 1 {
					t.Errorf("winner %q in %d results, want 1", w.Title, len(found))
					continue
				}
				h := found[0]
				files := map[string]bool{}
				for _, s := range h.Sources {
					files[filepath.Base(s.Source.File)] = true
				}
				if h.Record.Prize == nil || h.Record.Prize.Status != record.PrizeWinner || len(h.Sources) != 2 ||
					!files[filepath.Base(winners)] || !files[filepath.Base(nominated)] {
					t.Errorf("winner %q: prize %+v, sources %+v; want status winner and both sources", w.Title, h.Record.Prize, h.Sources)
				}
			}
			// The twelve nominee entries now count as winners.
			nomResp, err := svc.Search(ctx, search.Request{Filters: map[string][]string{search.FilterPrize: {record.PrizeNominee}}})
			if err != nil {
				t.Fatal(err)
			}
			if want := len(noms) - len(won); nomResp.Total != want {
				t.Errorf("prize=nominee: %d entities, want %d (the nominees less the winners)", nomResp.Total, want)
			}
			all, err := svc.Search(ctx, search.Request{Records: search.RecordsSources, Filters: map[string][]string{search.FilterPrize: {record.PrizeNominee}}})
			if err != nil {
				t.Fatal(err)
			}
			if all.Total != len(noms) {
				t.Errorf("prize=nominee&records=sources: %d records, want %d", all.Total, len(noms))
			}
		})
	}
}

// TestEntitiesFollowBatchesAndLinks: the clusters follow each import batch
// and each staff link: two lists naming one project give one result; a
// split gives two, a join of two others one, and clearing restores the
// resolver's answer.
func TestEntitiesFollowBatchesAndLinks(t *testing.T) {
	src := t.TempDir()
	writeCLIFiles(t, src, map[string]string{
		"nominees.csv": "Title,Organization,Country,Status,Year\n" +
			"Lagoon Water Sensors Network,Coastal Research Institute (CRI),Ghana,nominee,2019\n" +
			"Harbour Storm Radio,Fiji Coast Guard,Fiji,nominee,2019\n",
		"winners.csv": "Title,Organization,Country,Status,Year\n" +
			"LAGOON WATER SENSORS NETWORK,CRI,Ghana,winner,2019\n" +
			"Mountain Clinic Tablets,Andes Health Trust,Peru,winner,2019\n",
	})
	ctx := context.Background()
	cat := importFiles(t, filepath.Join(src, "nominees.csv"))
	svc := search.New(cat.Index(), cat.Store())
	total := func(q string, want int, why string) search.Response {
		t.Helper()
		if err := cat.WaitSearchable(ctx, nil); err != nil {
			t.Fatal(err)
		}
		resp, err := svc.Search(ctx, search.Request{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Total != want || len(resp.Hits) != want {
			t.Fatalf("%s: %q gives %d results (%d hits), want %d", why, q, resp.Total, len(resp.Hits), want)
		}
		return resp
	}
	total("", 2, "first list")
	if _, err := cat.Import(ctx, []string{filepath.Join(src, "winners.csv")}, catalog.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	resp := total("lagoon water sensors", 1, "second list")
	if h := resp.Hits[0]; len(h.Sources) != 2 || h.Record.Prize == nil || h.Record.Prize.Status != record.PrizeWinner {
		t.Fatalf("merged hit: sources %+v, prize %+v; want two sources, winner", h.Sources, h.Record.Prize)
	}
	total("", 3, "both lists")
	a, b := resolver.Ref{Record: resp.Hits[0].Sources[0].ID}, resolver.Ref{Record: resp.Hits[0].Sources[1].ID}
	if err := cat.SetLink(ctx, a, b, store.Split); err != nil {
		t.Fatal(err)
	}
	total("lagoon water sensors", 2, "after a split")
	total("", 4, "after a split")
	radio, clinic := "", ""
	for _, h := range total("", 4, "after a split").Hits {
		switch h.Title {
		case "Harbour Storm Radio":
			radio = h.ID
		case "Mountain Clinic Tablets":
			clinic = h.ID
		}
	}
	if err := cat.SetLink(ctx, resolver.Ref{Record: radio}, resolver.Ref{Record: clinic}, store.Join); err != nil {
		t.Fatal(err)
	}
	total("", 3, "after a join")
	total("harbour radio mountain clinic", 1, "after a join")
	if err := cat.ClearLink(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	total("", 2, "after clearing the split")
	if resp, err := svc.Search(ctx, search.Request{Records: search.RecordsSources}); err != nil || resp.Total != 4 {
		t.Fatalf("records=sources: %d, %v; want the 4 records", resp.Total, err)
	}
}
