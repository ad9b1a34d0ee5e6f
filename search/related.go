package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Related returns up to n records sharing people, action lines, SDGs or
// countries with r, people weighing most: a session's speakers link to
// their other sessions and to their own person record.
func (s *Service) Related(ctx context.Context, r record.Record, n int) ([]Hit, error) {
	var should []query.Query
	term := func(field, value string, boost float64) {
		if value == "" {
			return
		}
		q := bleve.NewTermQuery(value)
		q.SetField(field)
		q.SetBoost(boost)
		should = append(should, q)
	}
	for _, p := range append(append([]record.Person(nil), r.Speakers...), r.Moderators...) {
		term(indexer.FieldPeople, taxonomy.PersonKey(p.Name), 4)
	}
	if r.Kind == record.KindPerson {
		term(indexer.FieldPeople, taxonomy.PersonKey(firstNonEmpty(r.Name, r.Title)), 4)
	}
	for _, al := range r.ActionLines {
		term(indexer.FieldActionLine, al, 1.5)
	}
	for _, g := range r.SDGs {
		term(indexer.FieldSDG, strconv.Itoa(g), 1)
	}
	for _, c := range r.Countries {
		term(indexer.FieldCountry, c, 0.5)
	}
	if len(should) == 0 || n <= 0 {
		return nil, nil
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(should...)
	bq.AddMustNot(bleve.NewDocIDQuery([]string{r.ID}))
	res, err := s.ix.Bleve().SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, n, 0, false))
	if err != nil {
		return nil, fmt.Errorf("search: related: %w", err)
	}
	var hits []Hit
	for _, h := range res.Hits {
		rec, err := s.st.Get(ctx, h.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("search: related: %w", err)
		}
		pub := rec.Public()
		hits = append(hits, Hit{ID: rec.ID, Kind: string(rec.Kind), Title: rec.DisplayTitle(), Year: rec.Year, Event: rec.Event, Score: h.Score, Record: &pub})
	}
	return hits, nil
}
