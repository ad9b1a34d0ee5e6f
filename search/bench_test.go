package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// benchCorpus makes n records with the facet shapes of real data: a few
// action lines and SDGs each, one or two countries, years over two decades.
func benchCorpus(n int) []record.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	als := taxonomy.ActionLines()
	countries := []string{"KE", "GH", "NG", "IN", "BR", "MX", "EE", "FJ", "EG", "KZ", "ID", "PE", "US", "FR", "JP"}
	words := strings.Fields("digital inclusion broadband rural schools health clinics farmers women girls cyber security open data government services mobile money climate sensors radio community networks skills youth")
	kinds := []record.Kind{record.KindProject, record.KindProject, record.KindSession, record.KindPerson}
	recs := make([]record.Record, n)
	for i := range recs {
		var body strings.Builder
		for range 80 + rng.IntN(200) {
			body.WriteString(words[rng.IntN(len(words))])
			body.WriteByte(' ')
		}
		c := countries[rng.IntN(len(countries))]
		cc, _ := taxonomy.CountryByCode(c)
		recs[i] = record.Record{
			ID: fmt.Sprintf("p%07d", i), Kind: kinds[rng.IntN(len(kinds))],
			Title:       fmt.Sprintf("%s %s project %d", words[rng.IntN(len(words))], words[rng.IntN(len(words))], i),
			Body:        body.String(),
			ActionLines: []string{als[rng.IntN(len(als))].Code, als[rng.IntN(len(als))].Code},
			SDGs:        []int{1 + rng.IntN(17), 1 + rng.IntN(17)},
			Countries:   []string{c}, ITURegions: []string{cc.ITURegion},
			Year: 2005 + rng.IntN(20), GenderFocus: []string{"primary", "significant", "mention", "none"}[rng.IntN(4)],
		}
	}
	return recs
}

func benchService(b *testing.B, n int) *Service {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	ix, err := indexer.Create(ctx, filepath.Join(dir, "index"), indexer.Options{Records: st})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	recs := benchCorpus(n)
	for i := 0; i < len(recs); i += indexer.BatchSize {
		put(b, st, ix, recs[i:min(i+indexer.BatchSize, len(recs))])
	}
	return New(ix, st, WithoutResponseCache())
}

// BenchmarkSearch measures uncached searches with every facet counted, over
// 20,000 records (go test -bench Search -run XXX ./search).
func BenchmarkSearch(b *testing.B) {
	svc := benchService(b, 20000)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		req  Request
	}{
		{"match-all", Request{}},
		{"text", Request{Q: "rural clinics"}},
		{"text-every-record", Request{Q: "digital"}},
		{"phrase", Request{Q: `"digital inclusion"`}},
		{"text+2filters", Request{Q: "rural clinics", Filters: map[string][]string{"sdg": {"5"}, "region": {"Africa"}}}},
		{"phrase+2filters", Request{Q: `"digital inclusion"`, Filters: map[string][]string{"sdg": {"5"}, "region": {"Africa"}}}},
		{"filters-only", Request{Filters: map[string][]string{"action_line": {"C7"}, "year": {"2015"}}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Search(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("insights", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Insights(ctx, Request{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("insights-text", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Insights(ctx, Request{Q: "digital"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("people", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.People(ctx, PeopleRequest{Q: "security", Filters: map[string][]string{FilterGender: {"female"}}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
