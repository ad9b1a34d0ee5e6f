package indexer

import (
	"strconv"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Quoted phrases are matched through word pairs. Each text field has a
// companion field of the pairs of its adjacent words ("digit inclus" for
// "digital inclusion"), with positions; the text fields themselves keep no
// positions. A phrase of two words is then one term lookup, and a longer
// one a phrase over pairs, whose postings are far shorter than those of
// single words: matching "digital inclusion" no longer decodes the
// positions of "digital" in every record that has it. This is what
// Elasticsearch's index_phrases does.
//
// Phrase queries are rewritten at execution (rewritePhrases). A phrase in
// the title is its words, scored as Bleve scores a phrase (the sum of its
// words' scores), and its pairs, which only filter (boost 0). A phrase in
// any field (_all) is its pairs alone, scored in each field as a term is:
// the phrase's own frequency and rarity, which is how Lucene scores a
// phrase. Scoring it by its words would read the postings of every word,
// for a common one most of the index: half the time of "digital
// inclusion" at 100,000 records. Matches are exact; where a stop word was
// dropped, the pair records the gap, so "right to information" matches a
// stop word there and not any word.

// pairSuffix names the pair field of a text field.
const pairSuffix = "_pairs"

// phraseFields are the text fields with pair fields.
var phraseFields = map[string]bool{FieldTitle: true, FieldSummary: true, FieldBody: true}

// pairs returns the word pairs of an analysed token stream, each at the
// position of its first word. Words further apart than one position (a
// stop word between them) pair with the gap in the term.
func pairs(toks analysis.TokenStream) analysis.TokenStream {
	if len(toks) < 2 {
		return nil
	}
	out := make(analysis.TokenStream, 0, len(toks)-1)
	for i := 1; i < len(toks); i++ {
		a, b := toks[i-1], toks[i]
		term := make([]byte, 0, len(a.Term)+len(b.Term)+3)
		term = append(term, a.Term...)
		term = append(term, ' ')
		if gap := b.Position - a.Position; gap != 1 {
			term = append(term, strconv.Itoa(gap)...)
			term = append(term, ' ')
		}
		term = append(term, b.Term...)
		out = append(out, &analysis.Token{Term: term, Position: a.Position, Start: a.Start, End: b.End, Type: analysis.Shingle})
	}
	return out
}

// sharedTokens analyses a text once for every field that reads it (the
// title's words, its pairs, _all): Bleve analyses a document's fields in
// order, in one goroutine, so they can share the result.
type sharedTokens struct {
	an   analysis.Analyzer
	text []byte
	toks analysis.TokenStream
	done bool
}

func (s *sharedTokens) words() analysis.Analyzer {
	return analyzerFunc(func([]byte) analysis.TokenStream { return s.analyse() })
}

func (s *sharedTokens) pairs() analysis.Analyzer {
	return analyzerFunc(func([]byte) analysis.TokenStream { return pairs(s.analyse()) })
}

func (s *sharedTokens) analyse() analysis.TokenStream {
	if !s.done {
		s.toks, s.done = s.an.Analyze(s.text), true
	}
	return s.toks
}

// concatTokens is the words of several texts as one stream, for a field
// without positions (_all): only the terms and their count matter there.
func concatTokens(texts []*sharedTokens) analysis.Analyzer {
	return analyzerFunc(func([]byte) analysis.TokenStream {
		n := 0
		for _, t := range texts {
			n += len(t.analyse())
		}
		out := make(analysis.TokenStream, 0, n)
		for _, t := range texts {
			out = append(out, t.analyse()...)
		}
		return out
	})
}

type analyzerFunc func([]byte) analysis.TokenStream

func (f analyzerFunc) Analyze(b []byte) analysis.TokenStream { return f(b) }

// rewritePhrases returns q with every phrase over a text field replaced by
// its words and its pairs (see above). q itself is not changed.
func rewritePhrases(q query.Query, an analysis.Analyzer) query.Query {
	switch x := q.(type) {
	case *query.BooleanQuery:
		c := *x
		c.Must = rewriteOrNil(x.Must, an)
		c.Should = rewriteOrNil(x.Should, an)
		c.MustNot = rewriteOrNil(x.MustNot, an)
		c.Filter = rewriteOrNil(x.Filter, an)
		return &c
	case *query.ConjunctionQuery:
		c := *x
		c.Conjuncts = rewriteAll(x.Conjuncts, an)
		return &c
	case *query.DisjunctionQuery:
		c := *x
		c.Disjuncts = rewriteAll(x.Disjuncts, an)
		return &c
	case *DisMax:
		c := *x
		c.Disjuncts = rewriteAll(x.Disjuncts, an)
		return &c
	case *query.MatchPhraseQuery:
		if !(phraseFields[x.FieldVal] || x.FieldVal == FieldAll) || (x.Analyzer != "" && x.Analyzer != TextAnalyzer) {
			return q
		}
		return phraseQuery(an.Analyze([]byte(x.MatchPhrase)), x.FieldVal, x.BoostVal.Value())
	}
	return q
}

func rewriteOrNil(q query.Query, an analysis.Analyzer) query.Query {
	if q == nil {
		return nil
	}
	return rewritePhrases(q, an)
}

func rewriteAll(qs []query.Query, an analysis.Analyzer) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = rewritePhrases(q, an)
	}
	return out
}

// phraseQuery matches the analysed phrase toks in field. In the title:
// every word (each scored with boost, as a phrase's words are) and every
// pair (unscored). Over _all: the phrase in any one of the text fields, as
// Bleve checks positions field by field, scored by its pairs there (see
// above); their disjunction ranks a record with the phrase in more of its
// fields higher.
func phraseQuery(toks analysis.TokenStream, field string, boost float64) query.Query {
	if len(toks) == 0 {
		return query.NewMatchNoneQuery()
	}
	ps := pairs(toks)
	if field == FieldAll && len(ps) > 0 {
		var alts []query.Query
		for _, f := range []string{FieldTitle, FieldSummary, FieldBody} {
			alts = append(alts, pairQuery(ps, f+pairSuffix, boost))
		}
		return query.NewDisjunctionQuery(alts)
	}
	var parts []query.Query
	for _, t := range toks {
		tq := query.NewTermQuery(string(t.Term))
		tq.SetField(field)
		tq.SetBoost(boost)
		parts = append(parts, tq)
	}
	if len(ps) > 0 {
		parts = append(parts, pairQuery(ps, field+pairSuffix, 0))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// pairQuery matches the pairs ps in a pair field with boost (0: only a
// filter): one term, or consecutive pairs at their positions (exact for
// any length).
func pairQuery(ps analysis.TokenStream, field string, boost float64) query.Query {
	if len(ps) == 1 {
		tq := query.NewTermQuery(string(ps[0].Term))
		tq.SetField(field)
		tq.SetBoost(boost)
		return tq
	}
	first := ps[0].Position
	terms := make([][]string, ps[len(ps)-1].Position-first+1)
	for _, p := range ps {
		terms[p.Position-first] = append(terms[p.Position-first], string(p.Term))
	}
	pq := query.NewMultiPhraseQuery(terms, field)
	pq.SetBoost(boost)
	return pq
}
