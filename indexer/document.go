package indexer

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/wsis-tools/stocktake/record"
)

// Fields of the Bleve document. Facet values are kept as keyword fields so
// a query may boost by them; filtering and counting use the bitmaps.
const (
	FieldKind        = "kind"
	FieldActionLine  = "action_line"
	FieldSDG         = "sdg"
	FieldRegion      = "region"
	FieldCountry     = "country"
	FieldGenderFocus = "gender_focus"
	FieldYear        = "year"
	FieldEvent       = "event"
	FieldPrize       = "prize"
	FieldPeople      = "people"
	FieldGender      = "person_gender"
	FieldStakeholder = "stakeholder_group"
	FieldLanguage    = "language"
	FieldExpertise   = "expertise"
	FieldTitle       = "title"
	// FieldSummary and FieldBody name the pair fields of the summary and
	// the body (summary_pairs, body_pairs); their words are searched
	// through FieldAll only, so they have no word fields of their own.
	FieldSummary = "summary"
	FieldBody    = "body"
	// FieldAll is every word of title, summary and body, without positions:
	// what a query's loose words match against.
	FieldAll = "_all"
	// FieldSpell holds the unstemmed words of titles and summaries, the
	// vocabulary "did you mean" suggestions are drawn from.
	FieldSpell = "spell"
)

// TextAnalyzer is the analyser of the text fields (English: lower case,
// stop words, stemming); queries analyse their words with it.
const TextAnalyzer = en.AnalyzerName

// NewMapping describes the documents Document builds, so queries analyse
// each field's words as it was indexed. Documents are built by hand rather
// than through the mapping: that is how the _all field gets no term vectors
// (Bleve's mapping always gives it positions), and it skips reflection.
func NewMapping() mapping.IndexMapping {
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, false, false, false
		return f
	}
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = TextAnalyzer
		f.Store, f.DocValues = false, false
		f.IncludeInAll = true
		// No positions: phrases are matched through the pair fields.
		f.IncludeTermVectors = false
		return f
	}
	pairField := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name // terms are made by Document, not by a query's analysis
		f.Store, f.DocValues, f.IncludeInAll = false, false, false
		f.IncludeTermVectors = true
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range facets {
		doc.AddFieldMappingsAt(f.Field, kw())
	}
	doc.AddFieldMappingsAt(FieldTitle, text())
	for _, name := range []string{FieldTitle, FieldSummary, FieldBody} {
		doc.AddFieldMappingsAt(name+pairSuffix, pairField())
	}
	spell := bleve.NewTextFieldMapping()
	spell.Analyzer = standard.Name
	spell.Store, spell.IncludeInAll, spell.IncludeTermVectors, spell.DocValues = false, false, false, false
	doc.AddFieldMappingsAt(FieldSpell, spell)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = TextAnalyzer
	// BM25 rather than Bleve's default TF-IDF: with the query policy of
	// package search it ranks the real dev set 0.82 against 0.78
	// (docs/RELEVANCE.md), mostly by not favouring long pages.
	im.ScoringModel = index.BM25Scoring
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im
}

// analyzers are the analysers documents are built with, from the mapping.
type analyzers struct {
	text, spell, keyword analysis.Analyzer
}

func newAnalyzers(m mapping.IndexMapping) analyzers {
	return analyzers{
		text:    m.AnalyzerNamed(TextAnalyzer),
		spell:   m.AnalyzerNamed(standard.Name),
		keyword: m.AnalyzerNamed(keyword.Name),
	}
}

// Options of the fields, matching NewMapping.
const (
	textOptions    = index.IndexField
	pairOptions    = index.IndexField | index.IncludeTermVectors
	spellOptions   = index.IndexField
	keywordOptions = index.IndexField
	allOptions     = index.IndexField
)

// Document is the Bleve document of r as the index builds it, analysed
// with m's analysers (NewMapping, or a variant with another scoring model,
// as the relevance command's baselines use).
func Document(r record.Record, m mapping.IndexMapping) *document.Document {
	return newAnalyzers(m).document(r)
}

// document is the Bleve document of r. Each text is analysed once: the
// title's words, the _all field (the words of all three texts, as Bleve's
// composite field would count them: the same terms, frequencies and
// length) and the word pairs of each text all read that one analysis.
// Summary and body have no word fields: queries match their words in _all.
// A summary made from the start of the bio or body gets no pair field
// either, as its pairs are the body's.
func (a analyzers) document(r record.Record) *document.Document {
	d := document.NewDocument(r.ID)
	t := TextOf(r)
	add := func(name string, value string, opts index.FieldIndexingOptions, an analysis.Analyzer) {
		if value != "" {
			d.AddField(document.NewTextFieldCustom(name, nil, []byte(value), opts, an))
		}
	}
	var all []*sharedTokens
	for _, f := range []struct{ name, text string }{{FieldTitle, t.Title}, {FieldSummary, t.Summary}, {FieldBody, t.Body}} {
		if f.text == "" {
			continue
		}
		shared := &sharedTokens{an: a.text, text: []byte(f.text)}
		all = append(all, shared)
		if f.name == FieldTitle {
			add(f.name, f.text, textOptions, shared.words())
		}
		if f.name != FieldSummary || r.Summary != "" {
			add(f.name+pairSuffix, f.text, pairOptions, shared.pairs())
		}
	}
	// The value is left empty, as a composite field's is: the words come
	// from the texts' own analyses.
	d.AddField(document.NewTextFieldCustom(FieldAll, nil, nil, allOptions, concatTokens(all)))
	add(FieldSpell, t.Spell, spellOptions, a.spell)
	for _, f := range facets {
		for i, v := range f.Values(r) {
			d.AddField(document.NewTextFieldCustom(f.Field, []uint64{uint64(i)}, []byte(v), keywordOptions, a.keyword))
		}
	}
	d.SetIndexed()
	return d
}

// Text is the searchable text of a record, field by field.
type Text struct {
	Title   string
	Summary string // the summary, or the start of the bio or body
	Body    string // everything else that is searchable
	Spell   string // words offered by "did you mean"
}

// summaryRunes bounds the summary made from a bio or body.
const summaryRunes = 600

// SummaryOf is the summary field of r: its summary, or the start of its
// bio or body. Snippets are cut from it.
func SummaryOf(r record.Record) string {
	if r.Summary != "" {
		return r.Summary
	}
	return firstRunes(firstNonEmpty(r.Bio, r.Body), summaryRunes)
}

// TextOf is the text r is searched by.
func TextOf(r record.Record) Text {
	summary := SummaryOf(r)
	return Text{
		Title:   r.DisplayTitle(),
		Summary: summary,
		Body:    joinText(r),
		Spell:   strings.TrimSpace(r.Title + "\n" + summary + "\n" + strings.Join(r.Expertise, "\n")),
	}
}

// joinText is everything searchable that is not the title or summary.
func joinText(r record.Record) string {
	parts := []string{r.Body, r.Bio, r.Organization, r.JobTitle, r.SessionID}
	if r.Kind == record.KindPerson {
		parts = append(parts, r.Title) // the position, when it differs from JobTitle
	}
	for _, o := range r.Organizers {
		parts = append(parts, o.Name, o.Organization)
	}
	for _, p := range panel(r) {
		parts = append(parts, p.Name, p.Organization, p.Role)
	}
	for _, q := range r.Quotes {
		parts = append(parts, q.Text)
	}
	parts = append(parts, r.Keywords...)
	parts = append(parts, r.Expertise...)
	var b strings.Builder
	for _, p := range parts {
		if p != "" {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i] + "…"
		}
		n--
	}
	return s
}
