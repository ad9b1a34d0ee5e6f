package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// The reference is Bleve doing everything itself, as the product did
// before the views: one index with positions on every text field and doc
// values on every facet field, the filters as term queries, the facets
// counted by Bleve's facet builders (each selected facet by a search of its
// own, for disjunctive counts), phrases by Bleve's phrase searcher and
// sorting by Bleve's sort fields. TestSearchAgreesWithBleve holds the
// product's answers (text hits as doc numbers, counts from bitmaps, phrases
// through word pairs, pages from the sort keys) to it on random corpora.

const (
	refDate  = "date"
	refTitle = "title_sort"
	// refPairs suffixes the reference's own word-pair field of a text
	// field: each pair of adjacent analysed words written as one token
	// ("digit_inclus", "right_2_inform" over a dropped stop word), which
	// Bleve then scores as any term.
	refPairs = "_refpairs"
	// refPairAnalyzer splits those tokens at spaces and nothing else.
	refPairAnalyzer = "refpairs"
)

var refTextFields = []string{indexer.FieldTitle, indexer.FieldSummary, indexer.FieldBody}

func refMapping() mapping.IndexMapping {
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range indexer.Facets() {
		kw := bleve.NewKeywordFieldMapping()
		kw.Store, kw.IncludeInAll, kw.DocValues = false, false, true
		doc.AddFieldMappingsAt(f.Field, kw)
	}
	for _, name := range refTextFields {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll, f.IncludeTermVectors = indexer.TextAnalyzer, false, true, true
		doc.AddFieldMappingsAt(name, f)
		p := bleve.NewTextFieldMapping()
		p.Analyzer, p.Store, p.IncludeInAll, p.IncludeTermVectors = refPairAnalyzer, false, false, true
		doc.AddFieldMappingsAt(name+refPairs, p)
	}
	spell := bleve.NewTextFieldMapping()
	spell.Analyzer, spell.IncludeInAll, spell.IncludeTermVectors = standard.Name, false, false
	doc.AddFieldMappingsAt(indexer.FieldSpell, spell)
	kw := bleve.NewKeywordFieldMapping()
	kw.IncludeInAll, kw.DocValues = false, true
	doc.AddFieldMappingsAt(refTitle, kw)
	dt := bleve.NewDateTimeFieldMapping()
	dt.IncludeInAll = false
	doc.AddFieldMappingsAt(refDate, dt)
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(refPairAnalyzer, map[string]any{"type": custom.Name, "tokenizer": whitespace.Name}); err != nil {
		panic(err) // a fixed definition
	}
	im.DefaultMapping = doc
	im.DefaultAnalyzer = indexer.TextAnalyzer
	im.ScoringModel = index.BM25Scoring
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im
}

func refDoc(r record.Record, an analysis.Analyzer) map[string]any {
	t := indexer.TextOf(r)
	d := map[string]any{refTitle: record.NormalizeKey(r.DisplayTitle())}
	for k, v := range map[string]string{indexer.FieldTitle: t.Title, indexer.FieldSummary: t.Summary, indexer.FieldBody: t.Body, indexer.FieldSpell: t.Spell} {
		if v != "" {
			d[k] = v
		}
		// A summary cut from the body has no pairs of its own in the
		// product: they are the body's.
		if k == indexer.FieldSpell || (k == indexer.FieldSummary && r.Summary == "") {
			continue
		}
		if p := refPairText(an.Analyze([]byte(v))); p != "" {
			d[k+refPairs] = p
		}
	}
	for _, f := range indexer.Facets() {
		if vs := f.Values(r); len(vs) > 0 {
			d[f.Field] = vs
		}
	}
	if tm, err := time.Parse("2006-01-02", r.Date); err == nil {
		d[refDate] = tm
	} else if r.Year > 0 {
		d[refDate] = time.Date(r.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

type refAnswer struct {
	total  int
	counts map[string]map[string]int
	page   []string
	scores map[string]float64
}

// refSearch answers req the way the product did before the views.
// refPairText is the reference's pairs of toks: adjacent words joined by
// "_", with the distance between them when it is not 1.
func refPairText(toks analysis.TokenStream) string {
	var out []string
	for i := 1; i < len(toks); i++ {
		a, b := toks[i-1], toks[i]
		gap := ""
		if d := b.Position - a.Position; d != 1 {
			gap = strconv.Itoa(d) + "_"
		}
		out = append(out, string(a.Term)+"_"+gap+string(b.Term))
	}
	return strings.Join(out, " ")
}

// refPhrases is the product's query q with every phrase over _all made the
// reference's way: the phrase in any text field, scored by its pairs there
// (one term, or a phrase of pairs), through Bleve's own disjunction.
func refPhrases(q query.Query, an analysis.Analyzer) query.Query {
	all := func(qs []query.Query) []query.Query {
		out := make([]query.Query, len(qs))
		for i, q := range qs {
			out[i] = refPhrases(q, an)
		}
		return out
	}
	switch x := q.(type) {
	case *query.BooleanQuery:
		c := *x
		for _, p := range []*query.Query{&c.Must, &c.Should, &c.MustNot, &c.Filter} {
			if *p != nil {
				*p = refPhrases(*p, an)
			}
		}
		return &c
	case *query.ConjunctionQuery:
		c := *x
		c.Conjuncts = all(x.Conjuncts)
		return &c
	case *query.DisjunctionQuery:
		c := *x
		c.Disjuncts = all(x.Disjuncts)
		return &c
	case *indexer.DisMax:
		c := *x
		c.Disjuncts = all(x.Disjuncts)
		return &c
	case *query.MatchPhraseQuery:
		pairs := refPairText(an.Analyze([]byte(x.MatchPhrase)))
		if x.FieldVal != indexer.FieldAll || pairs == "" {
			return q
		}
		var alts []query.Query
		for _, f := range refTextFields {
			if !strings.Contains(pairs, " ") {
				tq := bleve.NewTermQuery(pairs)
				tq.SetField(f + refPairs)
				tq.SetBoost(x.BoostVal.Value())
				alts = append(alts, tq)
				continue
			}
			pq := bleve.NewMatchPhraseQuery(pairs)
			pq.SetField(f + refPairs)
			pq.Analyzer = refPairAnalyzer
			pq.SetBoost(x.BoostVal.Value())
			alts = append(alts, pq)
		}
		return bleve.NewDisjunctionQuery(alts...)
	}
	return q
}

func refSearch(t *testing.T, bi bleve.Index, req Request, active map[string][]string, text query.Query, hasText bool) refAnswer {
	t.Helper()
	ctx := context.Background()
	filterQ := func(skip string) query.Query {
		var ands []query.Query
		for name, vals := range active {
			f, ok := indexer.FacetNamed(name)
			if name == skip || len(vals) == 0 || !ok {
				continue
			}
			var ors []query.Query
			for _, v := range vals {
				tq := bleve.NewTermQuery(v)
				tq.SetField(f.Field)
				ors = append(ors, tq)
			}
			ands = append(ands, bleve.NewDisjunctionQuery(ors...))
		}
		// Filters constrain without scoring, so scores are the text's alone.
		bq := bleve.NewBooleanQuery()
		if hasText {
			bq.AddMust(text)
		} else {
			bq.AddMust(bleve.NewMatchAllQuery())
		}
		if len(ands) > 0 {
			bq.AddFilter(bleve.NewConjunctionQuery(ands...))
		}
		return bq
	}
	out := refAnswer{counts: map[string]map[string]int{}, scores: map[string]float64{}}
	main := bleve.NewSearchRequestOptions(filterQ(""), req.Size, (req.Page-1)*req.Size, false)
	newest := []bsearch.SearchSort{
		&bsearch.SortField{Field: refDate, Desc: true, Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortField{Field: refTitle, Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortDocID{},
	}
	switch {
	case req.Sort == SortDate, req.Sort != SortTitle && !hasText:
		main.SortByCustom(newest)
	case req.Sort == SortTitle:
		main.SortByCustom(newest[1:])
	}
	for _, f := range indexer.CountedFacets() {
		if len(active[f.Name]) == 0 {
			main.AddFacet(f.Name, bleve.NewFacetRequest(f.Field, 1000))
		}
	}
	res, err := bi.SearchInContext(ctx, main)
	if err != nil {
		t.Fatal(err)
	}
	out.total = int(res.Total)
	for _, h := range res.Hits {
		out.page = append(out.page, h.ID)
		out.scores[h.ID] = h.Score
	}
	for _, f := range indexer.CountedFacets() {
		fr := res.Facets[f.Name]
		if len(active[f.Name]) > 0 {
			sr := bleve.NewSearchRequestOptions(filterQ(f.Name), 0, 0, false)
			sr.AddFacet(f.Name, bleve.NewFacetRequest(f.Field, 1000))
			own, err := bi.SearchInContext(ctx, sr)
			if err != nil {
				t.Fatal(err)
			}
			fr = own.Facets[f.Name]
		}
		m := map[string]int{}
		if fr != nil && fr.Terms != nil {
			for _, tf := range fr.Terms.Terms() {
				m[tf.Term] = tf.Count
			}
		}
		out.counts[f.Name] = f.Top(m)
	}
	return out
}

// randomCorpus makes n records from a small vocabulary, so words, pairs and
// facet values collide often.
func randomCorpus(rng *rand.Rand, n int) []record.Record {
	words := strings.Fields("digital inclusion rural broadband clinic farmer school radio mobile money women girl " +
		"coding network village sensor market price solar grid health data open privacy youth skill")
	als := taxonomy.ActionLines()
	countries := []string{"KE", "GH", "IN", "BR", "EE", "FJ", "KZ"}
	text := func(lo, hi int) string {
		k := lo + rng.IntN(hi-lo+1)
		out := make([]string, k)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(out, " ")
	}
	kinds := []record.Kind{record.KindProject, record.KindSession, record.KindPerson}
	recs := make([]record.Record, n)
	for i := range recs {
		c := countries[rng.IntN(len(countries))]
		cc, _ := taxonomy.CountryByCode(c)
		r := record.Record{
			ID: fmt.Sprintf("r%04d", i), Kind: kinds[rng.IntN(len(kinds))],
			Title: text(1, 4), Summary: text(0, 12), Body: text(0, 40),
			ActionLines: []string{als[rng.IntN(len(als))].Code},
			SDGs:        []int{1 + rng.IntN(6)},
			Countries:   []string{c}, ITURegions: []string{cc.ITURegion},
			GenderFocus: []string{"", "primary", "none"}[rng.IntN(3)],
			Event:       []string{"", "IGF", "WSIS Forum"}[rng.IntN(3)],
		}
		if rng.IntN(4) > 0 {
			r.Year = 2015 + rng.IntN(6)
		}
		if rng.IntN(3) == 0 {
			r.Date = fmt.Sprintf("%d-0%d-1%d", 2015+rng.IntN(6), 1+rng.IntN(9), rng.IntN(10))
		}
		if rng.IntN(2) == 0 {
			r.SDGs = append(r.SDGs, 1+rng.IntN(17))
		}
		if r.Kind == record.KindPerson {
			r.Name = text(2, 2)
		}
		recs[i] = r
	}
	return recs
}

// randomRequest picks text (loose words or a quoted phrase cut from a
// record, so phrases find something), filters and an order.
func randomRequest(rng *rand.Rand, recs []record.Record) Request {
	req := Request{Filters: map[string][]string{}, Size: 5 + rng.IntN(10), Page: 1 + rng.IntN(2)}
	switch rng.IntN(4) {
	case 1:
		body := strings.Fields(recs[rng.IntN(len(recs))].Body + " x y z")
		req.Q = body[rng.IntN(len(body))]
	case 2:
		body := strings.Fields(recs[rng.IntN(len(recs))].Body)
		if len(body) >= 3 {
			i, k := rng.IntN(len(body)-2), 2+rng.IntN(2)
			req.Q = `"` + strings.Join(body[i:i+k], " ") + `"`
		}
	case 3:
		t := strings.Fields(recs[rng.IntN(len(recs))].Title)
		req.Q = strings.Join(t, " ")
	}
	r := recs[rng.IntN(len(recs))]
	for range rng.IntN(3) {
		switch rng.IntN(4) {
		case 0:
			req.Filters["sdg"] = append(req.Filters["sdg"], strconv.Itoa(r.SDGs[0]), strconv.Itoa(1+rng.IntN(17)))
		case 1:
			req.Filters["region"] = append(req.Filters["region"], r.ITURegions...)
		case 2:
			req.Filters["kind"] = append(req.Filters["kind"], string(r.Kind))
		case 3:
			req.Filters["action_line"] = append(req.Filters["action_line"], "C7")
		}
	}
	req.Sort = []string{"", SortRelevance, SortDate, SortTitle}[rng.IntN(4)] // "" is relevance too
	return req
}

// TestSearchAgreesWithBleve checks totals, every facet count and the page
// of the product's searches against the Bleve reference, on random corpora.
func TestSearchAgreesWithBleve(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 99))
		// Fewer records than one batch of the text indexer (200), so the
		// product's index is one segment, as the reference's is: Bleve's
		// BM25 takes a field's average length from the size of its term
		// dictionaries summed over segments, which the many word pairs
		// would otherwise tell apart.
		recs := randomCorpus(rng, 120+rng.IntN(80))
		svc := newService(t, recs)
		// On disk, so it is scorch, like the product's (the in-memory index
		// is the older upsidedown, whose BM25 statistics differ).
		bi, err := bleve.New(filepath.Join(t.TempDir(), "ref"), refMapping())
		if err != nil {
			t.Fatal(err)
		}
		b := bi.NewBatch()
		an := svc.analyzer()
		for _, r := range recs {
			if err := b.Index(r.ID, refDoc(r, an)); err != nil {
				t.Fatal(err)
			}
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
		for i := range 40 {
			req := randomRequest(rng, recs)
			name := fmt.Sprintf("seed %d #%d %+v", seed, i, req)
			und, active, text := svc.compile(ctx, req)
			want := refSearch(t, bi, req, active, refPhrases(text, an), und.Text != "")
			got, err := svc.search(ctx, svc.views.Snapshot(), nil, req)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.total {
				t.Errorf("%s: total %d, Bleve %d", name, got.Total, want.total)
				continue
			}
			for _, f := range got.Facets {
				counts := map[string]int{}
				for _, v := range f.Values {
					if v.Count > 0 {
						counts[v.Value] = v.Count
					}
				}
				if !mapsEqual(counts, want.counts[f.Name]) {
					t.Errorf("%s: facet %s %v, Bleve %v", name, f.Name, counts, want.counts[f.Name])
				}
			}
			checkPage(t, name, got, want, und.Text != "" && (req.Sort == SortRelevance || req.Sort == ""))
		}
		bi.Close()
	}
}

// checkPage compares the page: ids in order when the order is by sort keys;
// by relevance, the scores in order (ties may fall either way between two
// indexes) and each hit's score where Bleve has it.
func checkPage(t *testing.T, name string, got Response, want refAnswer, ranked bool) {
	t.Helper()
	var ids []string
	for _, h := range got.Hits {
		ids = append(ids, h.ID)
	}
	if !ranked {
		if !slices.Equal(ids, want.page) {
			t.Errorf("%s: page %v, Bleve %v", name, ids, want.page)
		}
		return
	}
	if len(ids) != len(want.page) {
		t.Errorf("%s: page of %d, Bleve %d", name, len(ids), len(want.page))
		return
	}
	var gs, ws []float64
	for _, h := range got.Hits {
		gs = append(gs, h.Score)
	}
	for _, id := range want.page {
		ws = append(ws, want.scores[id])
	}
	sort.Float64s(gs)
	sort.Float64s(ws)
	for i := range gs {
		if math.Abs(gs[i]-ws[i]) > 1e-9*max(1, math.Abs(ws[i])) {
			t.Errorf("%s: page scores %v, Bleve %v", name, gs, ws)
			return
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
