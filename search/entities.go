package search

import (
	"context"
	"errors"
	"fmt"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
)

// One result per entity: records the resolver takes for one project or
// person (indexer.Entities) are one hit, represented by the best-ranked of
// them, with every member's source; totals, facet counts, insights and
// exports count entities. records=sources lists every record as stored.

// SourceRef is one record of a hit's entity, with where it comes from.
type SourceRef struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Source record.Source `json:"source"`
	Prize  *record.Prize `json:"prize,omitempty"`
}

// entitiesOf is snap seen by entity, or nil when req lists every source
// record.
func entitiesOf(snap *indexer.Snapshot, req Request) *indexer.Entities {
	if req.Sources() {
		return nil
	}
	return snap.Entities()
}

// entityPage is the page [from, from+size) of entities by relevance: the
// ranked hits with the later records of each entity left out, read deeper
// while duplicates leave the page short.
func entityPage(ctx context.Context, ents *indexer.Entities, m matched, from, size int) ([]indexer.Scored, error) {
	top, asked := m.top, from+2*size
	total := int(m.hits.GetCardinality())
	for {
		page := ents.Collapse(top)
		if len(page) >= from+size || len(top) < asked || asked >= total {
			if from >= len(page) {
				return nil, nil
			}
			return page[from:min(len(page), from+size)], nil
		}
		asked *= 2
		th, err := ents.Text(ctx, m.text, m.hits, 0, asked)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		top = th.Top
	}
}

// addSources gives hit (doc n) its entity's records and merged prize.
func (s *Service) addSources(ctx context.Context, ents *indexer.Entities, n uint32, hit *Hit) error {
	hit.Record.Prize = mergedPrize(ents, n, hit.Record.Prize)
	members := ents.Members(n)
	if len(members) < 2 {
		return nil
	}
	for _, d := range members {
		rec, err := s.records.Get(ctx, ents.ID(d))
		if errors.Is(err, record.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		hit.Sources = append(hit.Sources, SourceRef{ID: rec.ID, Title: rec.DisplayTitle(), Source: rec.Source, Prize: rec.Prize})
	}
	return nil
}

// mergedPrize is the prize of doc n's entity (the highest status any of
// its records reports), or own when it has no other record.
func mergedPrize(ents *indexer.Entities, n uint32, own *record.Prize) *record.Prize {
	if len(ents.Members(n)) < 2 {
		return own
	}
	if c, ok := ents.Cluster(n); ok && c.Prize != nil {
		p := *c.Prize
		return &p
	}
	return own
}
