package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
)

// disMax matches what any of qs matches, scoring a record by its best
// clause plus tie times the others (indexer.DisMax).
func disMax(tie float64, qs ...query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return &indexer.DisMax{Disjuncts: qs, Tie: tie}
}
