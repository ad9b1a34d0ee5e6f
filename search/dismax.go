package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// disMax matches what any of qs matches and scores a record by its best
// clause plus tie times the others: several wordings of one thing found
// in a record count about once. Bleve's disjunction instead multiplies the
// sum of the clauses by the share that matched, which punishes a record
// for the wordings it does not use.
//
// It asks the disjunction for its per-clause scores (Bleve's score
// breakdown, made for hybrid search) and combines them in a custom score.
func disMax(tie float64, qs ...query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	dq := bleve.NewDisjunctionQuery(qs...)
	dq.RetrieveScoreBreakdown(true)
	return query.NewCustomScoreQueryWithScorer(dq, func(_ context.Context, d *bsearch.DocumentMatch) (float64, error) {
		s := bestPlusTie(tie, d.ScoreBreakdown)
		// The breakdown is this disjunction's own; an enclosing one must
		// not see it.
		clear(d.ScoreBreakdown)
		return s, nil
	}, nil, nil)
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
