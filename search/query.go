package search

// This file holds the query policy: how the words of a request are
// understood and turned into a Bleve query (which records match and how they
// rank). search.go executes what it returns; ranking changes belong here.
//
// Recall first, then order. A record matches when it has any of the
// things the query asks for (a word, another word for it, a phrase, the
// tag of a code the words name), so no filter inferred from the words
// hides a record. Among the matches, records with more parts of the query
// rank first (Bleve's coordination factor over the parts), a record
// tagged with a code the query names (SDG 5, C4) ranks above records that
// only mention it, and records with the query's words side by side or a
// title holding the whole query rank higher. Filters hide records only
// when the user chose them: a facet parameter or filter syntax ("sdg:5").
// The figures behind each weight are in docs/RELEVANCE.md.

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Weights of the ranking, relative to a query word found once.
const (
	// weightAlt is another word for a query word (woman for women).
	weightAlt = 0.5
	// weightTag is a record tagged with a region, country, kind or
	// gender the words name: worth half the word, since tags are sparse
	// and a region's records often do not say its name.
	weightTag = 0.5
	// weightCodeTag is a record tagged with an SDG or action line the
	// query names: high enough that tagged records come first.
	weightCodeTag = 8
	// tieAlt is what the other wordings of a part found in a record add to
	// the best one: several wordings of one thing count about once.
	tieAlt = 0.1
	// boostPair rewards two query words side by side in a title
	// ("Internet Governance Forum"). Titles only: pairs over every field
	// ranked no better (0.821 against 0.823) and made text searches two to
	// three times slower (BenchmarkSearch, docs/RELEVANCE.md).
	boostPair = 1
	// boostTitleCover rewards a title that holds every part of the query.
	boostTitleCover = 1
	// boostTitlePhrase rewards the query's words as a phrase in a title.
	boostTitlePhrase = 4
)

// compile understands the query text (correcting words no record
// contains), and merges the filters the user chose (parameters and filter
// syntax) into the active filters. Chips inferred from the words only rank
// and are offered.
func (s *Service) compile(ctx context.Context, req Request) (Understood, map[string][]string, query.Query) {
	und := s.understandCorrected(ctx, req.Q)
	return und, activeFilters(&und, req.Filters), textQuery(und, s.analyzer())
}

// activeFilters is the filters the user chose: the parameters, plus the
// values written as filter syntax in the query. It marks the chips whose
// value a parameter already selects as applied.
func activeFilters(und *Understood, chosen map[string][]string) map[string][]string {
	active := map[string][]string{}
	for k, vs := range chosen {
		active[k] = slices.Clone(vs)
	}
	for i, c := range und.Chips {
		if c.Syntax && !slices.Contains(active[c.Facet], c.Value) {
			active[c.Facet] = append(active[c.Facet], c.Value)
		}
		if slices.Contains(chosen[c.Facet], c.Value) {
			und.Chips[i].Applied = true
		}
	}
	return active
}

// analyzer is the English analyser the text fields are indexed with.
func (s *Service) analyzer() analysis.Analyzer {
	return s.views.Snapshot().Analyzer()
}

// textQuery is the full-text part of a query: any part may match, more
// parts rank higher. No wildcard, regexp or fuzzy syntax is exposed, which
// keeps every query's cost bounded.
func textQuery(u Understood, an analysis.Analyzer) query.Query {
	var parts []query.Query
	for _, p := range u.parts {
		if q := partQuery(p, "", an); q != nil {
			parts = append(parts, q)
		}
	}
	if len(parts) == 0 {
		return bleve.NewMatchAllQuery()
	}
	recall := bleve.NewDisjunctionQuery(parts...)
	recall.SetMin(1)
	bq := bleve.NewBooleanQuery()
	// The recall clause is the must clause itself: AddMust would wrap it
	// in a conjunction of one, which scores the same (its one clause's
	// score) and costs a tenth of a query that matches every record.
	bq.Must = recall
	bq.AddShould(orderQueries(u, an)...)
	return bq
}

// orderQueries are the should-clauses that order the matches: words side
// by side in a title, a title that covers the query, the query as a title
// phrase.
func orderQueries(u Understood, an analysis.Analyzer) []query.Query {
	var out []query.Query
	var run []string // consecutive plain words
	pairs := func() {
		for i := 0; i+1 < len(run); i++ {
			pq := bleve.NewMatchPhraseQuery(run[i] + " " + run[i+1])
			pq.SetField(indexer.FieldTitle)
			pq.SetBoost(boostPair)
			out = append(out, pq)
		}
		run = run[:0]
	}
	var cover []query.Query
	var plain []string
	for _, p := range u.parts {
		if q := partQuery(p, indexer.FieldTitle, an); q != nil {
			cover = append(cover, q)
		}
		if !p.phrase {
			plain = append(plain, p.text)
		}
		if p.phrase || len(p.places) > 0 || (p.chip != nil && !wordChip(*p.chip)) {
			pairs()
			continue
		}
		if len(analysedTerms(p.text, an)) > 0 {
			run = append(run, p.text)
		}
	}
	pairs()
	if len(cover) > 0 {
		cq := bleve.NewConjunctionQuery(cover...)
		cq.SetBoost(boostTitleCover)
		out = append(out, cq)
	}
	if len(plain) > 1 {
		tp := bleve.NewMatchPhraseQuery(strings.Join(plain, " "))
		tp.SetField(indexer.FieldTitle)
		tp.SetBoost(boostTitlePhrase)
		out = append(out, tp)
	}
	return out
}

// wordChip reports whether a chip's part is an ordinary word of the
// sentence ("women", "projects") rather than a code.
func wordChip(c Chip) bool {
	return c.Facet == "kind" || c.Facet == "gender_focus" || c.Facet == FilterGender
}

// wordings is the one policy of what a part matches, behind both the
// record query (partQuery) and the people finder (newPersonPart): text
// gets its words, then the names of the places it names, or the wordings
// of the code it names, or other words for it; tag gets the facet values
// of those places or that code. Each comes with its weight.
func (p part) wordings(an analysis.Analyzer, text func(s string, w float64), tag func(facet, value string, w float64)) {
	text(p.text, 1)
	switch {
	case p.phrase:
	case len(p.places) > 0:
		for _, c := range p.places {
			if co, ok := taxonomy.CountryByCode(c); ok {
				text(co.Name, 1)
			}
			tag(indexer.FacetCountry, c, weightTag)
		}
	case p.chip != nil && !wordChip(*p.chip):
		for _, w := range codeWordings(*p.chip) {
			text(w, 1)
		}
	default:
		for _, w := range otherWords(p.text, an) {
			text(w, weightAlt)
		}
	}
	if p.chip != nil {
		w := weightTag
		if p.chip.Facet == "sdg" || p.chip.Facet == "action_line" {
			w = weightCodeTag
		}
		tag(p.chip.Facet, p.chip.Value, w)
	}
}

// partQuery matches one part of the query in field ("" for every text
// field): its words and the other words for them, the wordings of the
// code or places it names, and their tags (tags are not per field).
func partQuery(p part, field string, an analysis.Analyzer) query.Query {
	var alts []query.Query
	seen := map[string]bool{}
	text := func(s string, w float64) {
		key := strings.Join(analysedTerms(s, an), " ")
		if key == "" || seen[key] {
			return
		}
		seen[key] = true
		alts = append(alts, textMatch(s, key, field, w))
	}
	tag := func(facet, value string, w float64) {
		f, ok := indexer.FacetNamed(facet)
		if !ok {
			return
		}
		tq := bleve.NewTermQuery(value)
		tq.SetField(f.Field)
		tq.SetBoost(w)
		alts = append(alts, tq)
	}
	p.wordings(an, text, tag)
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return disMax(tieAlt, alts...)
}

// textMatch matches text in field ("" for all) with weight w: a term
// query for one analysed term, a phrase for more.
func textMatch(s, key, field string, w float64) query.Query {
	if field == "" {
		field = "_all"
	}
	if !strings.Contains(key, " ") {
		tq := bleve.NewTermQuery(key)
		tq.SetField(field)
		tq.SetBoost(w)
		return tq
	}
	pq := bleve.NewMatchPhraseQuery(s)
	pq.SetField(field)
	pq.Analyzer = en.AnalyzerName
	pq.SetBoost(w)
	return pq
}

// analysedTerms are the index terms of s (stemmed, stop words out).
func analysedTerms(s string, an analysis.Analyzer) []string {
	var out []string
	for _, tok := range an.Analyze([]byte(s)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// otherWords are the words of the vocabulary used for word, compared
// after analysis so "Women" and "woman" find the same group.
func otherWords(word string, an analysis.Analyzer) []string {
	key := strings.Join(analysedTerms(word, an), " ")
	if key == "" {
		return nil
	}
	for _, g := range wordGroups {
		if slices.ContainsFunc(g, func(w string) bool { return strings.Join(analysedTerms(w, an), " ") == key }) {
			return g
		}
	}
	return nil
}
