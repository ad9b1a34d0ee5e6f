package indexer

import (
	"context"
	"fmt"
	"math"

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
// Its searcher walks the clauses' searchers itself, as Bleve's disjunction
// does, and scores each match as it forms. It gives no explanations and
// no term locations (the product asks Bleve for neither).
type DisMax struct {
	Disjuncts []query.Query
	Tie       float64
}

// Searcher implements query.Query.
func (q *DisMax) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s := &disMaxSearcher{tie: q.Tie}
	for _, d := range q.Disjuncts {
		sub, err := d.Searcher(ctx, i, m, options)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("indexer: dis-max clause: %w", err)
		}
		s.subs = append(s.subs, sub)
	}
	s.curr = make([]*search.DocumentMatch, len(s.subs))
	// The clauses' query norm, as Bleve's disjunction sets it; an
	// enclosing query sets its own over this one's.
	w := s.Weight()
	s.SetQueryNorm(1 / math.Sqrt(w))
	return s, nil
}

// disMaxSearcher keeps each clause's searcher on its next match; a match
// is every clause at the smallest document among them.
type disMaxSearcher struct {
	subs    []search.Searcher
	curr    []*search.DocumentMatch // each clause's next match; nil once done
	tie     float64
	started bool
	at      index.IndexInternalID // the document being matched, copied
}

func (s *disMaxSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	for i, sub := range s.subs {
		d, err := sub.Next(ctx)
		if err != nil {
			return err
		}
		s.curr[i] = d
	}
	return nil
}

func (s *disMaxSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	var first *search.DocumentMatch
	for _, d := range s.curr {
		if d != nil && (first == nil || d.IndexInternalID.Compare(first.IndexInternalID) < 0) {
			first = d
		}
	}
	if first == nil {
		return nil, nil
	}
	// The id is copied: the matches put back below may be reused by the
	// clauses' next calls.
	s.at = append(s.at[:0], first.IndexInternalID...)
	best, sum := 0.0, 0.0
	for i, d := range s.curr {
		if d == nil || !d.IndexInternalID.Equals(s.at) {
			continue
		}
		sum += d.Score
		best = max(best, d.Score)
		if d != first {
			ctx.DocumentMatchPool.Put(d)
		}
		next, err := s.subs[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.curr[i] = next
	}
	first.Score = best + s.tie*(sum-best)
	return first, nil
}

func (s *disMaxSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	for i, d := range s.curr {
		if d == nil || d.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(d)
		next, err := s.subs[i].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.curr[i] = next
	}
	return s.Next(ctx)
}

func (s *disMaxSearcher) Close() error {
	var first error
	for _, sub := range s.subs {
		if err := sub.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *disMaxSearcher) Weight() float64 {
	w := 0.0
	for _, sub := range s.subs {
		w += sub.Weight()
	}
	return w
}

func (s *disMaxSearcher) SetQueryNorm(qnorm float64) {
	for _, sub := range s.subs {
		sub.SetQueryNorm(qnorm)
	}
}

func (s *disMaxSearcher) Size() int {
	n := 0
	for _, sub := range s.subs {
		n += sub.Size()
	}
	return n
}

func (s *disMaxSearcher) Count() uint64 {
	var n uint64
	for _, sub := range s.subs {
		n += sub.Count()
	}
	return n
}

// Min is 0: any clause makes a match.
func (s *disMaxSearcher) Min() int { return 0 }

// DocumentMatchPoolSize is a match per clause held here plus what the
// clauses hold, as for Bleve's disjunction.
func (s *disMaxSearcher) DocumentMatchPoolSize() int {
	n := len(s.subs)
	for _, sub := range s.subs {
		n += sub.DocumentMatchPoolSize()
	}
	return n
}
