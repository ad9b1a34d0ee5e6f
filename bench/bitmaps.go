package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// facetBitmaps is a prototype of a change the figures point at, measured
// here and not in the product: filter-only searches (the landing page and
// every facet click without text) answered from one roaring bitmap per
// facet value, built from the store, without Bleve. Bleve counts facets by
// visiting every hit's doc values; a bitmap intersection counts a value
// with a few word operations per 65,536 documents.
type facetBitmaps struct {
	ids    []string                              // doc number -> record id
	newest []uint32                              // doc numbers, newest first, as search sorts without text
	values map[string]map[string]*roaring.Bitmap // filter name -> value -> docs
	all    *roaring.Bitmap
}

// buildBitmaps reads every record of the store once.
func buildBitmaps(ctx context.Context, st *store.Store) (*facetBitmaps, error) {
	fb := &facetBitmaps{values: map[string]map[string]*roaring.Bitmap{}, all: roaring.New()}
	type key struct {
		date  time.Time
		title string
	}
	var keys []key
	filters := append(slices.Clone(search.FacetNames), search.FilterGender, search.FilterLanguage, search.FilterGroup, search.FilterExpertise)
	err := st.ForEach(ctx, func(r record.Record) error {
		n := uint32(len(fb.ids))
		fb.ids = append(fb.ids, r.ID)
		fb.all.Add(n)
		doc := indexer.Document(r)
		for _, name := range filters {
			field, _ := filterField(name)
			for _, v := range asStrings(doc[field]) {
				m := fb.values[name]
				if m == nil {
					m = map[string]*roaring.Bitmap{}
					fb.values[name] = m
				}
				if m[v] == nil {
					m[v] = roaring.New()
				}
				m[v].Add(n)
			}
		}
		d, _ := doc[indexer.FieldDate].(time.Time)
		keys = append(keys, key{d, str(doc[indexer.FieldTitleSort])})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bitmaps: %w", err)
	}
	for _, m := range fb.values {
		for _, b := range m {
			b.RunOptimize()
		}
	}
	fb.newest = make([]uint32, len(fb.ids))
	for i := range fb.newest {
		fb.newest[i] = uint32(i)
	}
	// Dateless records last, as the product sorts them.
	slices.SortStableFunc(fb.newest, func(a, b uint32) int {
		ka, kb := keys[a], keys[b]
		switch {
		case ka.date.IsZero() != kb.date.IsZero():
			if ka.date.IsZero() {
				return 1
			}
			return -1
		case !ka.date.Equal(kb.date):
			return kb.date.Compare(ka.date)
		}
		return strings.Compare(ka.title, kb.title)
	})
	return fb, nil
}

// sizeMB is the memory the bitmaps take.
func (fb *facetBitmaps) sizeMB() float64 {
	var n uint64
	for _, m := range fb.values {
		for _, b := range m {
			n += b.GetSizeInBytes()
		}
	}
	return float64(n+uint64(4*len(fb.newest))) / (1 << 20)
}

// hits is the set matching every active filter but skip.
func (fb *facetBitmaps) hits(active map[string][]string, skip string) *roaring.Bitmap {
	out := fb.all.Clone()
	for name, vals := range active {
		if name == skip || len(vals) == 0 {
			continue
		}
		var ors []*roaring.Bitmap
		for _, v := range vals {
			if b := fb.values[name][v]; b != nil {
				ors = append(ors, b)
			}
		}
		out.And(roaring.FastOr(ors...))
	}
	return out
}

// search answers a request without text like search.Service does: total,
// disjunctive counts of every facet, a page of newest-first records read
// from the store. ok is false for requests with text.
func (fb *facetBitmaps) search(ctx context.Context, st *store.Store, req search.Request) (total int, counts map[string]map[string]int, ok bool, err error) {
	und := search.Understand(req.Q)
	if strings.TrimSpace(und.Text) != "" {
		return 0, nil, false, nil
	}
	active := map[string][]string{}
	for k, vs := range req.Filters {
		active[k] = slices.Clone(vs)
	}
	for _, c := range und.Chips {
		active[c.Facet] = append(active[c.Facet], c.Value)
	}
	main := fb.hits(active, "")
	counts = map[string]map[string]int{}
	for _, name := range search.FacetNames {
		set := main
		if len(active[name]) > 0 {
			set = fb.hits(active, name)
		}
		m := map[string]int{}
		for _, v := range slices.Sorted(maps.Keys(fb.values[name])) {
			if c := int(set.AndCardinality(fb.values[name][v])); c > 0 {
				m[v] = c
			}
		}
		counts[name] = m
	}
	size := req.Size
	if size <= 0 {
		size = search.DefaultSize
	}
	skip := (max(req.Page, 1) - 1) * size
	for _, n := range fb.newest {
		if !main.Contains(n) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if _, err := st.Get(ctx, fb.ids[n]); err != nil {
			return 0, nil, true, fmt.Errorf("bitmaps: %w", err)
		}
		if size--; size == 0 {
			break
		}
	}
	return int(main.GetCardinality()), counts, true, nil
}
