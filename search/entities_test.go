package search

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// entityCorpus is randomCorpus with what makes the resolver merge: a few
// source files, organisations and prize statuses, so that many projects
// recur across files with the same title.
func entityCorpus(rng *rand.Rand, n int) []record.Record {
	recs := randomCorpus(rng, n)
	orgs := []string{"Rural Broadband Trust", "Ministry of ICT", "Open Data Lab"}
	statuses := []string{"", record.PrizeNominee, record.PrizeChampion, record.PrizeWinner}
	for i := range recs {
		r := &recs[i]
		r.Source.File = fmt.Sprintf("list-%d.csv", rng.IntN(6))
		r.Organization = orgs[rng.IntN(len(orgs))]
		if r.Kind == record.KindProject {
			if rng.IntN(5) > 0 {
				r.Countries = []string{"KE"} // a country of their own would keep them apart
			}
			if s := statuses[rng.IntN(len(statuses))]; s != "" {
				r.Prize = &record.Prize{Year: 2019, Status: s}
			}
			// One in four repeats an earlier project from another list.
			if j := rng.IntN(i + 1); j < i && recs[j].Kind == record.KindProject && rng.IntN(4) == 0 {
				r.Title, r.Organization, r.Countries = recs[j].Title, recs[j].Organization, recs[j].Countries
			}
		}
	}
	return recs
}

// bruteEntities answers what a search by entity must count, the slow way:
// the resolver's clusters over the records, each record's facet values with
// the prize of its cluster when the cluster holds several records.
type bruteEntities struct {
	cluster map[string]string // record id -> cluster id
	values  map[string]map[string][]string
}

func newBruteEntities(recs []record.Record) bruteEntities {
	res := resolver.Resolve(recs, resolver.Options{})
	b := bruteEntities{cluster: map[string]string{}, values: map[string]map[string][]string{}}
	for _, r := range recs {
		c, _ := res.Of(resolver.Ref{Record: r.ID})
		b.cluster[r.ID] = c.ID
		records := 0
		for _, m := range c.Members {
			if m.Person == "" {
				records++
			}
		}
		b.values[r.ID] = map[string][]string{}
		for _, f := range indexer.CountedFacets() {
			vals := f.Values(r)
			if f.Name == FilterPrize && records > 1 {
				vals = nil
				if c.Prize != nil {
					vals = []string{c.Prize.Status}
				}
			}
			b.values[r.ID][f.Name] = vals
		}
	}
	return b
}

// matches reports whether record id has a value of every filter but skip.
func (b bruteEntities) matches(id string, filters map[string][]string, skip string) bool {
	for name, want := range filters {
		if name == skip || len(want) == 0 {
			continue
		}
		ok := false
		for _, v := range b.values[id][name] {
			ok = ok || contains(want, v)
		}
		if !ok {
			return false
		}
	}
	return true
}

// TestEntityCountsAreDistinctClusters holds totals and every facet count
// of searches by entity to the number of distinct clusters a brute-force
// count finds, on random corpora full of records the resolver merges, and
// checks that a page never shows one entity twice.
func TestEntityCountsAreDistinctClusters(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 16))
		recs := entityCorpus(rng, 200+rng.IntN(200))
		svc := newService(t, recs, WithoutResponseCache())
		brute := newBruteEntities(recs)
		merged := 0
		for _, r := range recs {
			if brute.cluster[r.ID] != r.ID {
				merged++
			}
		}
		if merged == 0 {
			t.Fatalf("seed %d: the corpus has no merged records; the test would check nothing", seed)
		}
		t.Logf("seed %d: %d records, %d of them merged into another's entity", seed, len(recs), merged)
		for i := range 30 {
			req := Request{Filters: map[string][]string{}, Size: 5 + rng.IntN(10), Sort: []string{SortRelevance, SortDate, SortTitle}[rng.IntN(3)]}
			r := recs[rng.IntN(len(recs))]
			for range rng.IntN(3) {
				switch rng.IntN(4) {
				case 0:
					req.Filters["sdg"] = append(req.Filters["sdg"], fmt.Sprint(r.SDGs[0]))
				case 1:
					req.Filters["kind"] = append(req.Filters["kind"], string(r.Kind))
				case 2:
					req.Filters[FilterPrize] = append(req.Filters[FilterPrize], []string{record.PrizeWinner, record.PrizeChampion, record.PrizeNominee}[rng.IntN(3)])
				case 3:
					req.Filters["country"] = append(req.Filters["country"], r.Countries...)
				}
			}
			// The text's hits, every record of them, from a search by source.
			text := map[string]bool{}
			if rng.IntN(3) == 0 {
				req.Q = strings.Fields(r.Title)[0]
				err := svc.Each(ctx, Request{Q: req.Q, Records: RecordsSources}, func(x record.Record) error { text[x.ID] = true; return nil })
				if err != nil {
					t.Fatal(err)
				}
			} else {
				for _, x := range recs {
					text[x.ID] = true
				}
			}
			name := fmt.Sprintf("seed %d #%d %+v", seed, i, req)
			got, err := svc.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			distinct := func(skip, facet, value string) int {
				seen := map[string]bool{}
				for id := range text {
					if brute.matches(id, req.Filters, skip) && (facet == "" || contains(brute.values[id][facet], value)) {
						seen[brute.cluster[id]] = true
					}
				}
				return len(seen)
			}
			if want := distinct("", "", ""); got.Total != want {
				t.Errorf("%s: total %d, want %d distinct clusters", name, got.Total, want)
				continue
			}
			for _, f := range got.Facets {
				counts := map[string]int{}
				for _, v := range f.Values {
					if v.Count > 0 {
						counts[v.Value] = v.Count
					}
				}
				want := map[string]int{}
				for id := range text {
					for _, v := range brute.values[id][f.Name] {
						want[v] = 0
					}
				}
				for v := range want {
					if n := distinct(f.Name, f.Name, v); n > 0 {
						want[v] = n
					} else {
						delete(want, v)
					}
				}
				if f.Name == "year" || f.Name == "country" {
					// These facets list their top values only; compare those.
					for v := range want {
						if _, ok := counts[v]; !ok {
							delete(want, v)
						}
					}
				}
				if !maps.Equal(counts, want) {
					t.Errorf("%s: facet %s counts %v, want %v", name, f.Name, counts, want)
				}
			}
			seen := map[string]bool{}
			for _, h := range got.Hits {
				c := brute.cluster[h.ID]
				if seen[c] {
					t.Errorf("%s: entity %s twice on the page", name, c)
				}
				seen[c] = true
			}
			if want := min(req.Size, got.Total); len(got.Hits) != want {
				t.Errorf("%s: %d hits on page 1, want %d", name, len(got.Hits), want)
			}
		}
	}
}
