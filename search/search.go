// Package search answers queries over one generation of the derived views
// (indexer.Snapshot): full text with English stemming, filters understood
// from the query, disjunctive facet counts and HTML-escaped snippets.
//
// Execution, in two passes: the text query runs once over the full-text
// index without facets or highlighting, giving the page by relevance and
// every hit as a doc-number bitmap; filters and facet counts are bitmap
// intersections; then the page's records are read and their snippets cut.
// Records are read through a RecordGetter, so the store stays the source of
// truth for what a hit shows and search does not depend on it.
package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
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
	// Sources are the records of the hit's entity, the hit's own first,
	// when other records report it too (one result per entity); empty
	// otherwise and with records=sources.
	Sources []SourceRef
}

// Views gives the current generation of the derived views;
// *indexer.Index satisfies it.
type Views interface {
	Snapshot() *indexer.Snapshot
}

// RecordGetter reads stored records; *store.Store satisfies it. Errors for
// unknown ids wrap record.ErrNotFound.
type RecordGetter interface {
	Get(ctx context.Context, id string) (record.Record, error)
}

// Service runs searches against the views and reads hits' records.
type Service struct {
	views   Views
	records RecordGetter
	cache   responseCache
	noCache bool
}

// Option changes how a Service works.
type Option func(*Service)

// WithoutResponseCache makes every search run in full (no cached responses,
// for benchmarks and tools that measure the search
// itself rather than a cache lookup.
func WithoutResponseCache() Option { return func(s *Service) { s.noCache = true } }

// New returns a search service.
func New(views Views, records RecordGetter, opts ...Option) *Service {
	s := &Service{views: views, records: records}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Search runs req. Filters understood from the query text are applied as
// compile returns them and reported as chips. Responses are cached per
// generation; callers must treat them (and the records they point to) as
// read-only.
func (s *Service) Search(ctx context.Context, req Request) (Response, error) {
	start := time.Now()
	req = req.withDefaults()
	if req.Page*req.Size > MaxResultWindow {
		return Response{}, &FieldError{"page", fmt.Sprintf("results beyond %d are not served; narrow the search", MaxResultWindow)}
	}
	snap := s.views.Snapshot()
	ents := entitiesOf(snap, req)
	key := cacheKey(snap, ents, req)
	if resp, ok := s.cache.get(key); ok && !s.noCache {
		resp.Took = time.Since(start)
		return resp, nil
	}
	resp, err := s.search(ctx, snap, ents, req)
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

// matched is what a request selects: the text hits (every record when
// there is no text), the active filters, and the two together.
type matched struct {
	und      Understood
	active   map[string][]string
	text     query.Query
	hasText  bool
	textHits *roaring.Bitmap // before filters
	hits     *roaring.Bitmap // text hits within the filters
	top      []indexer.Scored
}

// match runs the first pass of req: the text query (unless there is none)
// and the filters, with the page [from, from+size) by relevance when the
// request is ranked by text.
func (s *Service) match(ctx context.Context, snap *indexer.Snapshot, req Request, from, size int) (matched, error) {
	und, active, text := s.compile(ctx, req)
	m := matched{und: und, active: active, text: text}
	filtered := filterSet(snap, active, "")
	if _, all := text.(*query.MatchAllQuery); all || text == nil {
		m.textHits, m.hits = snap.All(), filtered
		return m, nil
	}
	m.hasText = true
	if req.Sort != SortRelevance {
		size = 0 // the page comes from the sort keys
	}
	th, err := snap.Text(ctx, text, filtered, from, size)
	if err != nil {
		return m, fmt.Errorf("search: %w", err)
	}
	m.textHits, m.top = th.Hits, th.Top
	m.hits = roaring.And(th.Hits, filtered)
	return m, nil
}

// search answers req on snap, without the response cache; with ents (one
// result per entity), on the entities' view of snap.
func (s *Service) search(ctx context.Context, snap *indexer.Snapshot, ents *indexer.Entities, req Request) (Response, error) {
	req = req.withDefaults()
	from := (req.Page - 1) * req.Size
	if ents != nil {
		snap = ents.Snapshot
	}
	mFrom, mSize := from, req.Size
	if ents != nil {
		// A page of entities by relevance needs the ranked records up to
		// it, duplicates included.
		mFrom, mSize = 0, from+2*req.Size
	}
	m, err := s.match(ctx, snap, req, mFrom, mSize)
	if err != nil {
		return Response{}, err
	}
	counts := snap.Counts
	resp := Response{Total: int(m.hits.GetCardinality()), Page: req.Page, Size: req.Size, Query: m.und}
	if ents != nil {
		counts = ents.Counts
		resp.Total = ents.Distinct(m.hits)
	}
	for _, f := range indexer.CountedFacets() {
		set := m.hits
		if selects(m.active, f.Name) {
			// Disjunctive: a facet's counts ignore its own selection.
			set = roaring.And(m.textHits, filterSet(snap, m.active, f.Name))
		}
		resp.Facets = append(resp.Facets, buildFacet(f, f.Top(counts(f.Name, set)), m.active[f.Name]))
	}
	var page []indexer.Scored
	switch {
	case m.hasText && req.Sort == SortRelevance && ents != nil:
		if page, err = entityPage(ctx, ents, m, from, req.Size); err != nil {
			return Response{}, err
		}
	case m.hasText && req.Sort == SortRelevance:
		page = m.top
	default:
		order := indexer.OrderNewest
		if req.Sort == SortTitle {
			order = indexer.OrderTitle
		}
		docs := snap.Page(m.hits, order, from, req.Size)
		if ents != nil {
			docs = ents.Page(m.hits, order, from, req.Size)
		}
		for _, n := range docs {
			page = append(page, indexer.Scored{Doc: n, ID: snap.ID(n)})
		}
	}
	marks := newMarker(snap.Analyzer(), m.text)
	for _, h := range page {
		if err := s.addHit(ctx, &resp, h, marks); err != nil {
			return Response{}, err
		}
		if ents != nil && len(resp.Hits) > 0 && resp.Hits[len(resp.Hits)-1].ID == h.ID {
			if err := s.addSources(ctx, ents, h.Doc, &resp.Hits[len(resp.Hits)-1]); err != nil {
				return Response{}, err
			}
		}
	}
	return resp, nil
}

// addHit reads a hit's record and appends it to resp with its snippet.
func (s *Service) addHit(ctx context.Context, resp *Response, h indexer.Scored, marks *marker) error {
	rec, err := s.records.Get(ctx, h.ID)
	if errors.Is(err, record.ErrNotFound) {
		// The views are ahead of the store only after a crash between the
		// two writes; the catalog reconciles on start. Skip it.
		return nil
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	pub := rec.Public()
	resp.Hits = append(resp.Hits, Hit{
		ID: rec.ID, Kind: string(rec.Kind), Title: rec.DisplayTitle(), Year: rec.Year, Event: rec.Event,
		Snippet: marks.snippet(pub), Score: h.Score, Record: &pub,
	})
	return nil
}

// Each calls fn with every record matching req (all pages, in the order
// of the search), without private fields. Exports use it, so a download
// holds exactly the records the page counts.
//
// With one result per entity (the default), fn gets each entity's first
// record in that order, with the entity's merged prize status.
func (s *Service) Each(ctx context.Context, req Request, fn func(record.Record) error) error {
	snap := s.views.Snapshot()
	ents := entitiesOf(snap, req)
	if ents != nil {
		snap = ents.Snapshot
	}
	req = req.withDefaults()
	m, err := s.match(ctx, snap, req, 0, 0)
	if err != nil {
		return err
	}
	var docs []indexer.Scored
	if m.hasText && req.Sort == SortRelevance {
		// Everything, ranked: the first pass again with the whole set as
		// its page.
		n := int(m.hits.GetCardinality())
		th, err := snap.Text(ctx, m.text, m.hits, 0, n)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		docs = th.Top
		if ents != nil {
			docs = ents.Collapse(docs)
		}
	} else {
		order := indexer.OrderNewest
		if req.Sort == SortTitle {
			order = indexer.OrderTitle
		}
		docs = make([]indexer.Scored, 0, m.hits.GetCardinality())
		each := snap.Each
		if ents != nil {
			each = ents.Each
		}
		_ = each(m.hits, order, func(n uint32) error {
			docs = append(docs, indexer.Scored{Doc: n, ID: snap.ID(n)})
			return nil
		})
	}
	for _, d := range docs {
		rec, err := s.records.Get(ctx, d.ID)
		if errors.Is(err, record.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if ents != nil {
			rec.Prize = mergedPrize(ents, d.Doc, rec.Prize)
		}
		if err := fn(rec.Public()); err != nil {
			return err
		}
	}
	return nil
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

// buildFacet lists counts in the facet's order; the active values
// (parameters and filter syntax in the query) are selected, and listed even
// with no hits left, so they can be removed.
func buildFacet(f indexer.Facet, counts map[string]int, active []string) Facet {
	out := Facet{Name: f.Name, Label: f.Label}
	for v, n := range counts {
		out.Values = append(out.Values, FacetValue{Value: v, Label: f.ValueLabel(v), Count: n, Selected: contains(active, v)})
	}
	for _, v := range active {
		if _, ok := counts[v]; !ok {
			out.Values = append(out.Values, FacetValue{Value: v, Label: f.ValueLabel(v), Selected: true})
		}
	}
	sort.SliceStable(out.Values, func(i, j int) bool {
		a, b := out.Values[i], out.Values[j]
		return f.Less(a.Value, b.Value, a.Count, b.Count)
	})
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func chipLabel(facet, value string) string {
	f, ok := indexer.FacetNamed(facet)
	if !ok {
		return facet + ": " + value
	}
	return f.Label + ": " + f.ValueLabel(value)
}

// valueLabel is how pages show value v of facet name.
func valueLabel(name, v string) string {
	if f, ok := indexer.FacetNamed(name); ok {
		return f.ValueLabel(v)
	}
	return v
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
