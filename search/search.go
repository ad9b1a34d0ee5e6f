// Package search answers queries over the index: full text with English
// stemming, filters understood from the query, disjunctive facet counts and
// HTML-escaped snippets. It reads records back from the store, which stays
// the source of truth for what a hit shows.
package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlfmt "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Response is the answer to a Request.
type Response struct {
	Total int
	Page  int
	Size  int
	Took  time.Duration
	Hits  []Hit
	// Facets are in the order of FacetNames; every facet is present, with
	// the selected values first-class even when their count is zero.
	Facets []Facet
	Query  Understood
}

// Hit is one result. Snippet is HTML: escaped text with <mark> tags only.
// Record is the stored record without private fields.
type Hit struct {
	ID      string
	Kind    string
	Title   string
	Year    int
	Event   string
	Snippet string
	Score   float64
	Record  *record.Record
}

// Facet counts the values of one field over the current result set, with
// its own selection ignored (disjunctive faceting).
type Facet struct {
	Name   string
	Label  string
	Values []FacetValue
}

// FacetValue is one value of a facet.
type FacetValue struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}

// Service runs searches against one index and store.
type Service struct {
	ix      *indexer.Index
	st      *store.Store
	people  peopleCache
	cache   responseCache
	noCache bool
	bitmaps bitmapCache
}

// Option changes how a Service works.
type Option func(*Service)

// WithoutResponseCache makes every Search run, for benchmarks and tools
// that measure the search itself rather than a cache lookup.
func WithoutResponseCache() Option { return func(s *Service) { s.noCache = true } }

// New returns a search service.
func New(ix *indexer.Index, st *store.Store, opts ...Option) *Service {
	s := &Service{ix: ix, st: st}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Warm builds the facet bitmaps of the current index generation now,
// instead of in the background on the first search without text.
func (s *Service) Warm(ctx context.Context) error {
	gen, err := s.ix.Seq()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return s.bitmaps.warm(ctx, s.st, gen)
}

// facetSizes bounds how many values each facet returns. Countries and events
// are long-tailed; the rest are small closed sets.
var facetSizes = map[string]int{"action_line": 20, "sdg": 17, "region": 6, "country": 250, "gender_focus": 4, "kind": 3, "year": 60, "event": 50, FilterPrize: 3}

// filterFields maps request filters to index fields.
var filterFields = map[string]string{
	"action_line": indexer.FieldActionLine, "sdg": indexer.FieldSDG, "region": indexer.FieldRegion,
	"country": indexer.FieldCountry, "gender_focus": indexer.FieldGenderFocus, "kind": indexer.FieldKind,
	"year": indexer.FieldYear, "event": indexer.FieldEvent, FilterPrize: indexer.FieldPrize, FilterGender: indexer.FieldGender,
	FilterLanguage: indexer.FieldLanguage, FilterGroup: indexer.FieldStakeholder, FilterExpertise: indexer.FieldExpertise,
}

// Search runs req. Filters understood from the query text are applied like
// explicit ones and reported as chips. Responses are cached per index
// generation; callers must treat them (and the records they point to) as
// read-only.
func (s *Service) Search(ctx context.Context, req Request) (Response, error) {
	start := time.Now()
	req = req.withDefaults()
	if req.Page*req.Size > MaxResultWindow {
		return Response{}, &FieldError{"page", fmt.Sprintf("results beyond %d are not served; narrow the search", MaxResultWindow)}
	}
	gen, err := s.ix.Seq()
	if err != nil {
		return Response{}, fmt.Errorf("search: %w", err)
	}
	key := cacheKey(gen, req)
	if resp, ok := s.cache.get(key); ok && !s.noCache {
		resp.Took = time.Since(start)
		return resp, nil
	}
	resp, err := s.search(ctx, req)
	if err != nil {
		return resp, err
	}
	resp.Query = offered(resp.Query, resp.Facets)
	if !s.noCache {
		s.cache.put(key, resp)
	}
	resp.Took = time.Since(start)
	return resp, nil
}

// search runs req against the index, without the cache.
func (s *Service) search(ctx context.Context, req Request) (Response, error) {
	req = req.withDefaults()
	und, active, text := s.compile(ctx, req)
	if und.Text == "" {
		gen, err := s.ix.Seq()
		if err != nil {
			return Response{}, fmt.Errorf("search: %w", err)
		}
		if fb := s.bitmaps.get(s.st, gen); fb != nil {
			return s.searchBitmaps(ctx, fb, req, und, active)
		}
	}
	return s.searchBleve(ctx, req, und, active, text)
}

// searchBleve answers a search from the index.
func (s *Service) searchBleve(ctx context.Context, req Request, und Understood, active map[string][]string, text query.Query) (Response, error) {
	main := bleve.NewSearchRequestOptions(conjunction(text, filterQuery(active, "")), req.Size, (req.Page-1)*req.Size, false)
	sortBy(main, req.Sort, und.Text)
	if und.Text != "" {
		main.Highlight = bleve.NewHighlightWithStyle(htmlfmt.Name)
		main.Highlight.Fields = []string{indexer.FieldSummary, indexer.FieldTitle}
	}
	// Facets with no active filter are counted on the main query, all from
	// the one combined field; a facet with a selection needs its own query
	// without that selection.
	var own []string
	for _, name := range FacetNames {
		if selects(active, name) {
			own = append(own, name)
		}
	}
	if len(own) < len(FacetNames) {
		main.AddFacet(indexer.FieldFacets, bleve.NewFacetRequest(indexer.FieldFacets, allFacetValues))
	}

	results := make([]*bleve.SearchResult, len(own)+1)
	errs := make([]error, len(own)+1)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			// A panic here is out of reach of the HTTP server's recovery;
			// it becomes this search's error instead of ending the process.
			defer recoverTo(&errs[i])
			sr := main
			if i > 0 {
				name := own[i-1]
				sr = bleve.NewSearchRequestOptions(conjunction(text, filterQuery(active, name)), 0, 0, false)
				sr.AddFacet(name, bleve.NewFacetRequest(filterFields[name], facetSizes[name]))
			}
			results[i], errs[i] = s.ix.Bleve().SearchInContext(ctx, sr)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Response{}, fmt.Errorf("search: %w", err)
	}

	res := results[0]
	resp := Response{Total: int(res.Total), Page: req.Page, Size: req.Size, Query: und}
	counted := map[string]map[string]int{}
	for i, r := range results {
		for name, fr := range r.Facets {
			if i > 0 && name != own[i-1] {
				continue
			}
			if name != indexer.FieldFacets {
				counted[name] = termCounts(fr, "")
				continue
			}
			for _, f := range FacetNames {
				if !selects(active, f) {
					counted[f] = topCounts(termCounts(fr, filterFields[f]+":"), facetSizes[f])
				}
			}
		}
	}
	for _, name := range FacetNames {
		resp.Facets = append(resp.Facets, buildFacet(name, counted[name], active[name]))
	}
	for _, h := range res.Hits {
		if err := s.addHit(ctx, &resp, h.ID, h.Fragments, h.Score); err != nil {
			return Response{}, err
		}
	}
	return resp, nil
}

// allFacetValues bounds the combined facet request: every value of every
// facet, counted in one pass.
const allFacetValues = 10000

// termCounts reads a facet result's terms that start with prefix, without
// the prefix.
func termCounts(fr *bsearch.FacetResult, prefix string) map[string]int {
	m := map[string]int{}
	if fr == nil || fr.Terms == nil {
		return m
	}
	for _, t := range fr.Terms.Terms() {
		if v, ok := strings.CutPrefix(t.Term, prefix); ok {
			m[v] = t.Count
		}
	}
	return m
}

// topCounts keeps the size most frequent values, ties by value, as a
// Bleve facet request of that size would.
func topCounts(all map[string]int, size int) map[string]int {
	if len(all) <= size {
		return all
	}
	vals := make([]string, 0, len(all))
	for v := range all {
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b string) int {
		if all[a] != all[b] {
			return all[b] - all[a]
		}
		return strings.Compare(a, b)
	})
	out := make(map[string]int, size)
	for _, v := range vals[:size] {
		out[v] = all[v]
	}
	return out
}

// searchBitmaps answers a search without text from the facet bitmaps, with
// the same totals, counts and order as Bleve would give.
func (s *Service) searchBitmaps(ctx context.Context, fb *facetBitmaps, req Request, und Understood, active map[string][]string) (Response, error) {
	main := fb.hits(active, "")
	resp := Response{Total: int(main.GetCardinality()), Page: req.Page, Size: req.Size, Query: und}
	for _, name := range FacetNames {
		set := main
		if selects(active, name) {
			set = fb.hits(active, name)
		}
		resp.Facets = append(resp.Facets, buildFacet(name, fb.counts(name, set), active[name]))
	}
	for _, id := range fb.page(main, req.Sort, (req.Page-1)*req.Size, req.Size) {
		if err := s.addHit(ctx, &resp, id, nil, 0); err != nil {
			return Response{}, err
		}
	}
	return resp, nil
}

// addHit reads a hit's record from the store and appends it to resp.
func (s *Service) addHit(ctx context.Context, resp *Response, id string, frags map[string][]string, score float64) error {
	rec, err := s.st.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		// The index is ahead of the store only after a crash between the
		// two writes; the catalog reconciles on start. Skip it.
		return nil
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	pub := rec.Public()
	resp.Hits = append(resp.Hits, Hit{
		ID: rec.ID, Kind: string(rec.Kind), Title: rec.DisplayTitle(), Year: rec.Year, Event: rec.Event,
		Snippet: snippet(frags, pub), Score: score, Record: &pub,
	})
	return nil
}

func sortBy(sr *bleve.SearchRequest, order, text string) {
	// Records without a date (most people) go last, not first.
	newest := []bsearch.SearchSort{
		&bsearch.SortField{Field: indexer.FieldDate, Desc: true, Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortField{Field: indexer.FieldTitleSort, Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortDocID{},
	}
	switch {
	case order == SortDate, order != SortTitle && text == "":
		// With no text to rank by, newest first is what a browsing user expects.
		sr.SortByCustom(newest)
	case order == SortTitle:
		sr.SortByCustom(newest[1:])
	}
}

// Each calls fn with every record matching req (all pages, in the order
// of the search), without private fields. Exports use it, so a download
// holds exactly the records the page counts.
func (s *Service) Each(ctx context.Context, req Request, fn func(record.Record) error) error {
	und, active, text := s.compile(ctx, req)
	q := conjunction(text, filterQuery(active, ""))
	count, err := s.ix.Bleve().SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	sr := bleve.NewSearchRequestOptions(q, int(count.Total), 0, false)
	sortBy(sr, req.Sort, und.Text)
	res, err := s.ix.Bleve().SearchInContext(ctx, sr)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for _, h := range res.Hits {
		rec, err := s.st.Get(ctx, h.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if err := fn(rec.Public()); err != nil {
			return err
		}
	}
	return nil
}

// filterQuery ANDs the active filters, ORing the values of each; skip names
// the facet whose own selection is left out for its disjunctive counts.
func filterQuery(active map[string][]string, skip string) query.Query {
	var ands []query.Query
	names := make([]string, 0, len(active))
	for name := range active {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vals := active[name]
		field, ok := filterFields[name]
		if name == skip || len(vals) == 0 || !ok {
			continue
		}
		var ors []query.Query
		for _, v := range vals {
			tq := bleve.NewTermQuery(v)
			tq.SetField(field)
			ors = append(ors, tq)
		}
		ands = append(ands, bleve.NewDisjunctionQuery(ors...))
	}
	if yq := yearRangeQuery(active, skip); yq != nil {
		ands = append(ands, yq)
	}
	if len(ands) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(ands...)
}

func conjunction(text, filters query.Query) query.Query {
	if filters == nil {
		return text
	}
	if _, all := text.(*query.MatchAllQuery); all {
		return filters
	}
	return bleve.NewConjunctionQuery(text, filters)
}

// facetLabels name the facets on pages and in the API.
var facetLabels = map[string]string{
	"action_line": "Action line", "sdg": "SDG", "region": "Region", "country": "Country",
	"gender_focus": "Gender focus", "kind": "Kind", "year": "Year", "event": "Event", FilterPrize: "WSIS Prizes",
	FilterGender: "Gender", FilterLanguage: "Language", FilterGroup: "Stakeholder group", FilterExpertise: "Expertise",
}

// buildFacet lists a facet's values with their counts; the active ones
// (parameters and filter syntax in the query) are selected.
func buildFacet(name string, counts map[string]int, active []string) Facet {
	f := Facet{Name: name, Label: facetLabels[name]}
	seen := map[string]bool{}
	for v, n := range counts {
		f.Values = append(f.Values, FacetValue{Value: v, Label: valueLabel(name, v), Count: n, Selected: slices.Contains(active, v)})
		seen[v] = true
	}
	// A selected value with no hits left must still be shown, so it can be removed.
	for _, v := range active {
		if !seen[v] {
			f.Values = append(f.Values, FacetValue{Value: v, Label: valueLabel(name, v), Selected: true})
		}
	}
	sort.SliceStable(f.Values, func(i, j int) bool { return lessValue(name, f.Values[i], f.Values[j]) })
	return f
}

// lessValue orders closed vocabularies in their natural order (action lines
// C1..C11, SDGs 1..17, newest year first) and open ones by count.
func lessValue(name string, a, b FacetValue) bool {
	switch name {
	case "action_line":
		return alOrder(a.Value) < alOrder(b.Value)
	case "sdg":
		x, _ := strconv.Atoi(a.Value)
		y, _ := strconv.Atoi(b.Value)
		return x < y
	case "year":
		return a.Value > b.Value
	case FilterPrize:
		return prizeOrder(a.Value) < prizeOrder(b.Value)
	}
	if a.Count != b.Count {
		return a.Count > b.Count
	}
	return a.Label < b.Label
}

// prizeOrder lists winners first, then champions, then nominees.
func prizeOrder(status string) int {
	return slices.Index([]string{record.PrizeWinner, record.PrizeChampion, record.PrizeNominee}, status)
}

func alOrder(code string) int {
	for i, al := range taxonomy.ActionLines() {
		if al.Code == code {
			return i * 2
		}
		// The parent C7 sorts just before its first sub-line.
		if code == "C7" && strings.HasPrefix(al.Code, "C7.") {
			return i*2 - 1
		}
	}
	return 1 << 20
}

func valueLabel(name, v string) string {
	switch name {
	case "action_line":
		return taxonomy.ActionLineLabel(v)
	case "sdg":
		n, _ := strconv.Atoi(v)
		return taxonomy.SDGLabel(n)
	case "country":
		if c, ok := taxonomy.CountryByCode(v); ok {
			return c.Name
		}
	case "kind":
		switch v {
		case "person":
			return "Person"
		case "project":
			return "Project"
		case "session":
			return "Session report"
		}
	case "gender_focus", FilterGender, FilterPrize:
		if v == "" {
			return v
		}
		return strings.ToUpper(v[:1]) + v[1:]
	}
	return v
}

func chipLabel(facet, value string) string {
	return facetLabels[facet] + ": " + valueLabel(facet, value)
}

// snippetRunes bounds a snippet made without a highlighted fragment.
const snippetRunes = 240

// snippet prefers Bleve's highlighted fragment of the summary (escaped by
// its HTML formatter, with <mark> around matches); otherwise it shows the
// start of the record's text, escaped here.
func snippet(frags map[string][]string, r record.Record) string {
	if fs := frags[indexer.FieldSummary]; len(fs) > 0 {
		return fs[0]
	}
	// Only the start of a long body is looked at, so a snippet costs the
	// same whatever the size of the record.
	text, long := firstNonEmpty(r.Summary, r.Bio, r.Body), false
	if cut := 8 * snippetRunes; len(text) > cut {
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text, long = text[:cut], true
	}
	text = strings.Join(strings.Fields(text), " ")
	if runes := []rune(text); len(runes) > snippetRunes || long {
		text = string(runes[:min(len(runes), snippetRunes)]) + "…"
	}
	return html.EscapeString(text)
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
