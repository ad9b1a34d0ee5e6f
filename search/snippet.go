package search

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
)

// Snippets are cut here, for the page's hits only, rather than by Bleve's
// highlighter: that one makes every hit of a search decode its term
// positions (a tenth of the cost of a broad query), and needs the text
// stored in the index a second time.

// Bounds of a snippet.
const (
	fragmentBytes = 200  // a highlighted fragment, as Bleve's default fragmenter
	leadBytes     = 40   // context kept before the first mark
	snippetRunes  = 240  // a snippet without marks
	markedBytes   = 4096 // of the summary searched for marks: the cost never grows with the text
)

// marker marks the words of a query in a record's summary.
type marker struct {
	an    analysis.Analyzer
	terms map[string]bool
	fuzzy []fuzzyTerm
}

type fuzzyTerm struct {
	term  string
	edits int
}

// textFields are the fields whose terms are marked: a term of a keyword
// field (a boost by facet value) is not a word of the text.
var textFields = map[string]bool{"": true, indexer.FieldAll: true, indexer.FieldTitle: true, indexer.FieldSummary: true, indexer.FieldBody: true}

// newMarker collects the terms q looks for in text fields.
func newMarker(an analysis.Analyzer, q query.Query) *marker {
	m := &marker{an: an, terms: map[string]bool{}}
	m.collect(q)
	return m
}

func (m *marker) analysed(text string, fuzziness int) {
	for _, t := range m.an.Analyze([]byte(text)) {
		if fuzziness > 0 {
			m.fuzzy = append(m.fuzzy, fuzzyTerm{string(t.Term), fuzziness})
		} else {
			m.terms[string(t.Term)] = true
		}
	}
}

func (m *marker) collect(q query.Query) {
	switch x := q.(type) {
	case *query.BooleanQuery:
		m.collect(x.Must)
		m.collect(x.Should)
		m.collect(x.Filter)
	case *query.ConjunctionQuery:
		for _, c := range x.Conjuncts {
			m.collect(c)
		}
	case *query.DisjunctionQuery:
		for _, c := range x.Disjuncts {
			m.collect(c)
		}
	case *indexer.DisMax:
		for _, c := range x.Disjuncts {
			m.collect(c)
		}
	case *query.TermQuery:
		if textFields[x.FieldVal] {
			m.terms[x.Term] = true
		}
	case *query.FuzzyQuery:
		if textFields[x.FieldVal] {
			m.fuzzy = append(m.fuzzy, fuzzyTerm{x.Term, max(x.Fuzziness, 1)})
		}
	case *query.MatchQuery:
		if textFields[x.FieldVal] {
			m.analysed(x.Match, x.Fuzziness)
		}
	case *query.MatchPhraseQuery:
		if textFields[x.FieldVal] {
			m.analysed(x.MatchPhrase, x.Fuzziness)
		}
	case *query.PhraseQuery:
		if textFields[x.FieldVal] {
			for _, t := range x.Terms {
				m.terms[t] = true
			}
		}
	case *query.MultiPhraseQuery:
		if textFields[x.FieldVal] {
			for _, ts := range x.Terms {
				for _, t := range ts {
					m.terms[t] = true
				}
			}
		}
	}
}

func (m *marker) matches(term string) bool {
	if m.terms[term] {
		return true
	}
	for _, f := range m.fuzzy {
		if _, ok := bsearch.LevenshteinDistanceMax(f.term, term, f.edits); ok {
			return true
		}
	}
	return false
}

// snippet is the best fragment of r's summary with the query's words in
// <mark>, HTML-escaped; without a match, the start of the record's text.
func (m *marker) snippet(r record.Record) string {
	summary := indexer.SummaryOf(r)
	if frag := m.fragment(summary); frag != "" {
		return frag
	}
	// Only the start of a long body is looked at, so a snippet costs the
	// same whatever the size of the record.
	text := firstNonEmpty(r.Summary, r.Bio, r.Body)
	cut := cutBytes(text, 8*snippetRunes)
	long := cut < len(text)
	text = strings.Join(strings.Fields(text[:cut]), " ")
	if runes := []rune(text); len(runes) > snippetRunes || long {
		text = string(runes[:min(len(runes), snippetRunes)]) + "…"
	}
	return html.EscapeString(text)
}

type span struct{ start, end int }

// fragment marks the query's words in text and returns the window of
// fragmentBytes holding the most marks, or "" when nothing matches.
func (m *marker) fragment(text string) string {
	if m == nil || len(m.terms)+len(m.fuzzy) == 0 || text == "" {
		return ""
	}
	text = text[:cutBytes(text, markedBytes)]
	var marks []span
	for _, t := range m.an.Analyze([]byte(text)) {
		if m.matches(string(t.Term)) {
			marks = append(marks, span{t.Start, t.End})
		}
	}
	if len(marks) == 0 {
		return ""
	}
	best, bestN := 0, 0
	for i, s := range marks {
		n := 0
		for _, t := range marks[i:] {
			if t.end-s.start > fragmentBytes {
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	start := marks[best].start
	if start <= leadBytes {
		start = 0
	} else {
		start = wordStart(text, start-leadBytes)
	}
	end := len(text)
	if end-start > fragmentBytes {
		end = wordEnd(text, start+fragmentBytes)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, s := range marks {
		if s.start < at || s.end > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// cutBytes is the largest rune boundary of s at or below n.
func cutBytes(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// wordStart moves i forward to the start of the next word.
func wordStart(s string, i int) int {
	i = cutBytes(s, i)
	if j := strings.IndexByte(s[i:], ' '); j >= 0 && j < leadBytes {
		return i + j + 1
	}
	return i
}

// wordEnd moves i back to the end of a word (or keeps it on a rune start).
func wordEnd(s string, i int) int {
	i = cutBytes(s, i)
	if j := strings.LastIndexByte(s[:i], ' '); j > 0 && i-j < 30 {
		return j
	}
	return i
}
