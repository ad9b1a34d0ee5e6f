package indexer

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// DisMax is a query that matches what any of Disjuncts matches and scores
// a record by its best clause plus Tie times the others: several wordings
// of one thing found in a record count about once. Bleve's disjunction
// instead multiplies the sum of the clauses by the share that matched,
// which punishes a record for the wordings it does not use.
//
// Its searcher is Bleve's disjunction asked for its per-clause scores (the
// score breakdown made for hybrid search), rescored as each match passes.
// Bleve's custom score query could do the same, but it looks up every
// hit's external id for its callback: half the cost of a query matching
// every record.
type DisMax struct {
	Disjuncts []query.Query
	Tie       float64
}

// Searcher implements query.Query.
func (q *DisMax) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	dq := query.NewDisjunctionQuery(q.Disjuncts)
	dq.RetrieveScoreBreakdown(true)
	s, err := dq.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &disMaxSearcher{Searcher: s, tie: q.Tie}, nil
}

type disMaxSearcher struct {
	search.Searcher
	tie float64
}

func (s *disMaxSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	return s.rescore(d), err
}

func (s *disMaxSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	return s.rescore(d), err
}

func (s *disMaxSearcher) rescore(d *search.DocumentMatch) *search.DocumentMatch {
	if d == nil || len(d.ScoreBreakdown) == 0 {
		return d
	}
	d.Score = bestPlusTie(s.tie, d.ScoreBreakdown)
	// The breakdown is this disjunction's own; an enclosing one must not
	// see it.
	clear(d.ScoreBreakdown)
	return d
}

// bestPlusTie is the best of scores plus tie times the others.
func bestPlusTie(tie float64, scores map[int]float64) float64 {
	best, sum := 0.0, 0.0
	for _, s := range scores {
		sum += s
		best = max(best, s)
	}
	return best + tie*(sum-best)
}
