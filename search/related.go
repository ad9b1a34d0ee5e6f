package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
)

// Weights of what two records share, people most: a session's speakers
// link to their other sessions and to their own person record.
const (
	weightPerson     = 4
	weightActionLine = 1.5
	weightSDG        = 1
	weightCountry    = 0.5
)

// Related returns up to n records sharing people, action lines, SDGs or
// countries with r. Each shared value scores its weight times its rarity
// (as tf-idf would: a value few records have says more), scaled by the
// share of r's values a record shares.
func (s *Service) Related(ctx context.Context, r record.Record, n int) ([]Hit, error) {
	if n <= 0 {
		return nil, nil
	}
	snap := s.views.Snapshot()
	type clause struct {
		set    *roaring.Bitmap
		weight float64
	}
	var clauses []clause
	total := float64(max(snap.Len(), 1))
	add := func(facet string, values []string, weight float64) {
		for _, v := range values {
			bm := snap.Value(facet, v)
			if bm == nil {
				continue
			}
			idf := 1 + math.Log(total/float64(bm.GetCardinality()+1))
			clauses = append(clauses, clause{bm, weight * idf})
		}
	}
	// The people r names: their profiles and the sessions they spoke at.
	people := snap.People()
	f, _ := indexer.FacetNamed(indexer.FacetPerson)
	for _, key := range f.Values(r) {
		p := people.ByKey(key)
		if p == nil {
			continue
		}
		set := roaring.New()
		for _, id := range append([]string{p.RecordID}, sessionIDs(p)...) {
			if n, ok := snap.Doc(id); ok {
				set.Add(n)
			}
		}
		if !set.IsEmpty() {
			clauses = append(clauses, clause{set, weightPerson * (1 + math.Log(total/float64(set.GetCardinality()+1)))})
		}
	}
	add(indexer.FacetActionLine, r.ActionLines, weightActionLine)
	sdgs := make([]string, 0, len(r.SDGs))
	for _, g := range r.SDGs {
		sdgs = append(sdgs, strconv.Itoa(g))
	}
	add(indexer.FacetSDG, sdgs, weightSDG)
	add(indexer.FacetCountry, r.Countries, weightCountry)
	if len(clauses) == 0 {
		return nil, nil
	}
	sets := make([]*roaring.Bitmap, len(clauses))
	for i, c := range clauses {
		sets[i] = c.set
	}
	cands := roaring.FastOr(sets...)
	if self, ok := snap.Doc(r.ID); ok {
		cands.Remove(self)
	}
	type scored struct {
		doc   uint32
		id    string
		score float64
	}
	scores := make(map[uint32]*scored, cands.GetCardinality())
	matchedBy := map[uint32]int{}
	for _, c := range clauses {
		it := roaring.And(c.set, cands).Iterator()
		for it.HasNext() {
			d := it.Next()
			sc := scores[d]
			if sc == nil {
				sc = &scored{doc: d, id: snap.ID(d)}
				scores[d] = sc
			}
			sc.score += c.weight
			matchedBy[d]++
		}
	}
	list := make([]*scored, 0, len(scores))
	for d, sc := range scores {
		sc.score *= float64(matchedBy[d]) / float64(len(clauses))
		list = append(list, sc)
	}
	slices.SortFunc(list, func(a, b *scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	var hits []Hit
	for _, sc := range list {
		if len(hits) == n {
			break
		}
		rec, err := s.records.Get(ctx, sc.id)
		if errors.Is(err, record.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("search: related: %w", err)
		}
		pub := rec.Public()
		hits = append(hits, Hit{ID: rec.ID, Kind: string(rec.Kind), Title: rec.DisplayTitle(), Year: rec.Year, Event: rec.Event, Score: sc.score, Record: &pub})
	}
	return hits, nil
}

func sessionIDs(p *indexer.Person) []string {
	out := make([]string, len(p.Sessions))
	for i, s := range p.Sessions {
		out[i] = s.ID
	}
	return out
}
