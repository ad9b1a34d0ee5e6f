package indexer

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestDisMaxScoresBestPlusTie holds the dis-max searcher to Bleve's own
// disjunction asked for its per-clause scores: the same matches, each
// scored its best clause plus tie times the others; and, under a
// conjunction (which advances it), the same matches as the disjunction.
func TestDisMaxScoresBestPlusTie(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 7))
	words := strings.Fields("radio farmer market clinic school solar youth money")
	bi, err := bleve.New(filepath.Join(t.TempDir(), "ix"), bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	b := bi.NewBatch()
	for i := range 300 {
		var text []string
		for range 1 + rng.IntN(12) {
			text = append(text, words[rng.IntN(len(words))])
		}
		if rng.IntN(10) == 0 {
			text = append(text, "rare")
		}
		if err := b.Index(fmt.Sprintf("d%03d", i), map[string]any{"text": strings.Join(text, " ")}); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	clauses := func(terms ...string) []query.Query {
		var qs []query.Query
		for i, w := range terms {
			q := bleve.NewTermQuery(w)
			q.SetField("text")
			q.SetBoost(1 + float64(i)/2)
			qs = append(qs, q)
		}
		return qs
	}
	run := func(q query.Query) map[string]float64 {
		res, err := bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 1000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
			if len(h.ScoreBreakdown) > 0 {
				best, sum := 0.0, 0.0
				for _, s := range h.ScoreBreakdown {
					best, sum = max(best, s), sum+s
				}
				out[h.ID] = best + 0.3*(sum-best)
			}
		}
		return out
	}
	for _, terms := range [][]string{{"radio", "farmer", "nothing"}, {"clinic", "money"}, {"solar", "youth", "school", "market"}} {
		dq := bleve.NewDisjunctionQuery(clauses(terms...)...)
		dq.RetrieveScoreBreakdown(true)
		want := run(dq)
		got := run(&DisMax{Disjuncts: clauses(terms...), Tie: 0.3})
		if len(got) != len(want) || len(got) == 0 {
			t.Fatalf("%v: %d matches, Bleve's disjunction %d", terms, len(got), len(want))
		}
		for id, w := range want {
			if g, ok := got[id]; !ok || math.Abs(g-w) > 1e-9*w {
				t.Errorf("%v: %s scores %v, want %v", terms, id, g, w)
			}
		}
		rare := bleve.NewTermQuery("rare")
		rare.SetField("text")
		under := run(bleve.NewConjunctionQuery(rare, &DisMax{Disjuncts: clauses(terms...), Tie: 0.3}))
		plain := run(bleve.NewConjunctionQuery(rare, bleve.NewDisjunctionQuery(clauses(terms...)...)))
		if len(under) != len(plain) || len(under) == 0 {
			t.Errorf("%v with a rare word: %d matches, Bleve's disjunction %d", terms, len(under), len(plain))
		}
		for id := range plain {
			if _, ok := under[id]; !ok {
				t.Errorf("%v with a rare word: %s missing", terms, id)
			}
		}
	}
}
