package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// Searches without text (the landing page, every facet click) are answered
// from one roaring bitmap per facet value instead of Bleve. Bleve counts
// facets by visiting each hit's doc values, which over 100,000 records costs
// ~190 ms for the landing page; intersecting bitmaps costs about 1 ms
// (docs/BENCHMARKS.md). The bitmaps are built from the store once per index
// generation, in the background; until they are ready Bleve answers.

// facetBitmaps is the facet index of one store generation.
type facetBitmaps struct {
	seq    uint64
	ids    []string                              // doc number -> record id
	newest []uint32                              // doc numbers, newest first (dateless last), then title, then id
	titled []uint32                              // doc numbers by title, then id
	values map[string]map[string]*roaring.Bitmap // filter name -> value -> docs
	all    *roaring.Bitmap
}

// bitmapCache holds the bitmaps of the latest generation and builds the
// next one at most once at a time.
type bitmapCache struct {
	mu       sync.Mutex
	cur      *facetBitmaps
	building bool
}

// get returns bitmaps for generation gen, or nil (and starts a build)
// when they are not ready.
func (c *bitmapCache) get(st *store.Store, gen uint64) *facetBitmaps {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != nil && c.cur.seq == gen {
		return c.cur
	}
	if !c.building {
		c.building = true
		// The build outlives the request that triggered it: it is shared by
		// every later request of this generation.
		go func() {
			fb, err := func() (fb *facetBitmaps, err error) {
				defer recoverTo(&err) // the request that started the build cannot catch its panics
				return buildBitmaps(context.Background(), st)
			}()
			c.mu.Lock()
			defer c.mu.Unlock()
			c.building = false
			if err == nil && (c.cur == nil || fb.seq >= c.cur.seq) {
				c.cur = fb
			}
		}()
	}
	return nil
}

// warm builds the bitmaps of generation gen unless they exist.
func (c *bitmapCache) warm(ctx context.Context, st *store.Store, gen uint64) error {
	c.mu.Lock()
	ready := c.cur != nil && c.cur.seq == gen
	c.mu.Unlock()
	if ready {
		return nil
	}
	fb, err := buildBitmaps(ctx, st)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || fb.seq >= c.cur.seq {
		c.cur = fb
	}
	return nil
}

// errMoved means the store changed while the bitmaps were built.
var errMoved = errors.New("store changed during the build")

// buildBitmaps reads every stored record once, through the same document
// mapping the index uses, so both paths count the same values.
func buildBitmaps(ctx context.Context, st *store.Store) (*facetBitmaps, error) {
	seq, err := st.Seq(ctx)
	if err != nil {
		return nil, err
	}
	fb := &facetBitmaps{seq: seq, values: map[string]map[string]*roaring.Bitmap{}, all: roaring.New()}
	type key struct {
		date  time.Time
		title string
	}
	var keys []key
	err = st.ForEach(ctx, func(r record.Record) error {
		n := uint32(len(fb.ids))
		fb.ids = append(fb.ids, r.ID)
		fb.all.Add(n)
		doc := indexer.Document(r)
		for name, field := range filterFields {
			for _, v := range docValues(doc[field]) {
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
		t, _ := doc[indexer.FieldTitleSort].(string)
		keys = append(keys, key{d, t})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: bitmaps: %w", err)
	}
	if after, err := st.Seq(ctx); err != nil || after != seq {
		return nil, fmt.Errorf("search: bitmaps: %w", errors.Join(err, errMoved))
	}
	for _, m := range fb.values {
		for _, b := range m {
			b.RunOptimize()
		}
	}
	// Ties keep store order, which is id order: the same as Bleve's "_id".
	order := func(cmpf func(a, b key) int) []uint32 {
		o := make([]uint32, len(fb.ids))
		for i := range o {
			o[i] = uint32(i)
		}
		slices.SortStableFunc(o, func(a, b uint32) int { return cmpf(keys[a], keys[b]) })
		return o
	}
	fb.newest = order(func(a, b key) int {
		if a.date.IsZero() != b.date.IsZero() {
			if a.date.IsZero() {
				return 1
			}
			return -1
		}
		if c := b.date.Compare(a.date); c != 0 {
			return c
		}
		return cmp.Compare(a.title, b.title)
	})
	fb.titled = order(func(a, b key) int { return cmp.Compare(a.title, b.title) })
	return fb, nil
}

func docValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	}
	return nil
}

// hits is the set matching every active filter except skip's.
func (fb *facetBitmaps) hits(active map[string][]string, skip string) *roaring.Bitmap {
	out := fb.all.Clone()
	for name, vals := range active {
		if _, known := filterFields[name]; name == skip || len(vals) == 0 || !known {
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
	if yb := fb.yearRangeBitmap(active, skip); yb != nil {
		out.And(yb)
	}
	return out
}

// counts of one facet over set, limited like Bleve's facet request.
func (fb *facetBitmaps) counts(name string, set *roaring.Bitmap) map[string]int {
	m := map[string]int{}
	for v, b := range fb.values[name] {
		if n := int(set.AndCardinality(b)); n > 0 {
			m[v] = n
		}
	}
	return topCounts(m, facetSizes[name])
}

// page returns the ids of one page of set in the request's order.
func (fb *facetBitmaps) page(set *roaring.Bitmap, sortBy string, from, size int) []string {
	order := fb.newest
	if sortBy == SortTitle {
		order = fb.titled
	}
	var ids []string
	for _, n := range order {
		if len(ids) == size {
			break
		}
		if !set.Contains(n) {
			continue
		}
		if from > 0 {
			from--
			continue
		}
		ids = append(ids, fb.ids[n])
	}
	return ids
}
