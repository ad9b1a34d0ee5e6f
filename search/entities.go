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

func sourceRef(rec record.Record) SourceRef {
	return SourceRef{ID: rec.ID, Title: rec.DisplayTitle(), Source: rec.Source, Prize: rec.Prize}
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
		hit.Sources = append(hit.Sources, sourceRef(rec))
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

// Entity is what a record page shows of the record's entity: the other
// records and people taken for the same project or person, and why.
type Entity struct {
	Kind    record.Kind
	Prize   *record.Prize // merged: the highest status any record reports
	Others  []SourceRef   // the other records, with their sources
	Mention []string      // people named in sessions taken for this person: "ID/person:KEY"
	Why     []Evidence
}

// Evidence is one merge of the entity: two members and the reasons.
type Evidence struct {
	A, B    string
	Reasons []string
	Staff   bool
}

// Entity returns the entity of record id (ok false when the record stands
// alone or the clusters do not know it yet).
func (s *Service) Entity(ctx context.Context, id string) (Entity, bool, error) {
	ents := s.views.Snapshot().Entities()
	n, ok := ents.Doc(id)
	if !ok {
		return Entity{}, false, nil
	}
	c, ok := ents.Cluster(n)
	if !ok || len(c.Members) < 2 {
		return Entity{}, false, nil
	}
	e := Entity{Kind: c.Kind, Prize: c.Prize}
	for _, m := range c.Members {
		switch {
		case m.Person != "":
			e.Mention = append(e.Mention, m.String())
		case m.Record != id:
			rec, err := s.records.Get(ctx, m.Record)
			if errors.Is(err, record.ErrNotFound) {
				continue
			}
			if err != nil {
				return Entity{}, false, fmt.Errorf("search: %w", err)
			}
			e.Others = append(e.Others, sourceRef(rec))
		}
	}
	for _, w := range c.Why {
		e.Why = append(e.Why, Evidence{A: w.A.String(), B: w.B.String(), Reasons: w.Reasons, Staff: w.Staff})
	}
	return e, true, nil
}
