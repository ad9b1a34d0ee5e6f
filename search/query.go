package search

// This file holds the query policy: how the words of a request are
// understood and turned into a Bleve query (which records match and how they
// rank). search.go executes what it returns; ranking changes belong here.

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
)

// compile understands the query text and merges its chips with the
// explicit filters.
func (s *Service) compile(req Request) (Understood, map[string][]string, query.Query) {
	und := Understand(req.Q)
	active := map[string][]string{}
	for k, vs := range req.Filters {
		active[k] = slices.Clone(vs)
	}
	for _, c := range und.Chips {
		if !slices.Contains(active[c.Facet], c.Value) {
			active[c.Facet] = append(active[c.Facet], c.Value)
		}
	}
	return und, active, textQuery(und.Text, s.analyzer())
}

// analyzer is the English analyser the text fields are indexed with.
func (s *Service) analyzer() analysis.Analyzer {
	return s.views.Snapshot().Analyzer()
}

// textQuery is the full-text part: the words must appear somewhere
// (title, summary, body, people), title and summary matches rank higher,
// quoted phrases must appear as phrases. No wildcard, regexp or fuzzy
// syntax is exposed, which keeps every query's cost bounded.
func textQuery(text string, an analysis.Analyzer) query.Query {
	if strings.TrimSpace(text) == "" {
		return bleve.NewMatchAllQuery()
	}
	var must []query.Query
	var loose []string
	for _, part := range splitPhrases(text) {
		if part.phrase {
			var alts []query.Query
			for _, f := range []string{indexer.FieldTitle, indexer.FieldSummary, indexer.FieldBody} {
				pq := bleve.NewMatchPhraseQuery(part.text)
				pq.SetField(f)
				alts = append(alts, pq)
			}
			must = append(must, bleve.NewDisjunctionQuery(alts...))
			continue
		}
		loose = append(loose, part.text)
	}
	if words := wordQuery(strings.Join(loose, " "), an); words != nil {
		must = append(must, words)
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	plain := strings.ReplaceAll(text, `"`, " ")
	t := bleve.NewMatchQuery(plain)
	t.SetField(indexer.FieldTitle)
	t.SetBoost(3)
	sm := bleve.NewMatchQuery(plain)
	sm.SetField(indexer.FieldSummary)
	sm.SetBoost(1.5)
	bq.AddShould(t, sm)
	// The words as a phrase in the title rank highest: "digital identity"
	// puts "Digital Identity that Respects Rights" first. Titles only: the
	// same over summaries made text searches 50 % slower and filtered ones
	// three times slower (BenchmarkSearch) for the same relevance.
	if len(strings.Fields(plain)) > 1 {
		tp := bleve.NewMatchPhraseQuery(plain)
		tp.SetField(indexer.FieldTitle)
		tp.SetBoost(4)
		bq.AddShould(tp)
	}
	return bq
}

// wordQuery matches the analysed (stemmed, stop-word free) terms of text
// anywhere in a record. One or two terms must all match; of longer queries
// two thirds must, so one word the record does not use ("disinformation"
// for a fact-checking project) does not hide it, while records matching
// more terms still rank first.
func wordQuery(text string, an analysis.Analyzer) query.Query {
	var terms []string
	for _, tok := range an.Analyze([]byte(text)) {
		if t := string(tok.Term); !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return nil
	}
	qs := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField("_all")
		qs = append(qs, tq)
	}
	dq := bleve.NewDisjunctionQuery(qs...)
	need := len(terms)
	if need > 2 {
		need = (2*len(terms) + 2) / 3
	}
	dq.SetMin(float64(need))
	return dq
}

type textPart struct {
	text   string
	phrase bool
}

func splitPhrases(s string) []textPart {
	var parts []textPart
	for i, p := range strings.Split(s, `"`) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, textPart{p, i%2 == 1})
		}
	}
	return parts
}
