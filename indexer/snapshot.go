package indexer

import (
	"cmp"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Snapshot is one generation of the derived views: the bitmaps, sort keys,
// panel counts and people directory as of a store sequence. It never
// changes; bitmaps it returns are shared and must not be modified (use
// roaring.And and friends, which return new ones).
//
// The full-text part follows the same store sequence but may lag behind it
// while an import's text is indexed in the background (TextGen).
type Snapshot struct {
	gen    uint64
	rows   []*row // by doc number; nil for numbers of deleted records
	all    *roaring.Bitmap
	values []map[string]*roaring.Bitmap // by facet-table index: value -> docs
	people *People
	nums   *docNums
	text   *textIndex
	orders *orders
	ents   *entities
}

// Gen is the store sequence this snapshot reflects.
func (s *Snapshot) Gen() uint64 { return s.gen }

// Len is the number of records.
func (s *Snapshot) Len() int { return int(s.all.GetCardinality()) }

// All is the set of every record.
func (s *Snapshot) All() *roaring.Bitmap { return s.all }

// Doc returns the doc number of record id.
func (s *Snapshot) Doc(id string) (uint32, bool) {
	n, ok := s.nums.get(id)
	if !ok || int(n) >= len(s.rows) || s.rows[n] == nil {
		return 0, false
	}
	return n, true
}

// ID returns the record id of doc number n ("" when there is none).
func (s *Snapshot) ID(n uint32) string {
	if int(n) >= len(s.rows) || s.rows[n] == nil {
		return ""
	}
	return s.rows[n].id
}

// Value is the set of records with value v of the facet (nil when none).
func (s *Snapshot) Value(facet, v string) *roaring.Bitmap {
	i := facetIndex(facet)
	if i < 0 {
		return nil
	}
	return s.values[i][v]
}

// Filter is the set of records matching every filter (values of one
// filter OR-ed, filters AND-ed), leaving out the filter named skip. Unknown
// filter names are ignored. The result is a new bitmap.
func (s *Snapshot) Filter(filters map[string][]string, skip string) *roaring.Bitmap {
	out := s.all.Clone()
	for name, vals := range filters {
		i := facetIndex(name)
		if name == skip || len(vals) == 0 || i < 0 {
			continue
		}
		ors := make([]*roaring.Bitmap, 0, len(vals))
		for _, v := range vals {
			if bm := s.values[i][v]; bm != nil {
				ors = append(ors, bm)
			}
		}
		out.And(roaring.FastOr(ors...))
	}
	return out
}

// Counts counts the facet's values over set (every value with at least one
// record).
func (s *Snapshot) Counts(facet string, set *roaring.Bitmap) map[string]int {
	m := map[string]int{}
	i := facetIndex(facet)
	if i < 0 {
		return m
	}
	for v, bm := range s.values[i] {
		if n := int(set.AndCardinality(bm)); n > 0 {
			m[v] = n
		}
	}
	return m
}

// Panel returns the event, year and panel gender counts of doc n.
func (s *Snapshot) Panel(n uint32) (event string, year int, p PanelCounts) {
	if int(n) >= len(s.rows) || s.rows[n] == nil {
		return "", 0, PanelCounts{}
	}
	r := s.rows[n]
	return r.event, r.year, r.panel
}

// People is the people directory of this generation.
func (s *Snapshot) People() *People { return s.people }

// Orders a page of records can be listed in without text to rank by.
const (
	OrderNewest = iota // dated records newest first, then by title
	OrderTitle
)

// orders are the sort orders of a generation's records, built on first use.
type orders struct {
	once   sync.Once
	newest []uint32
	titled []uint32
}

func (s *Snapshot) order(which int) []uint32 {
	s.orders.once.Do(func() {
		docs := s.all.ToArray()
		// Ties fall back to the record id: the order Bleve gives ties.
		byTitle := func(a, b uint32) int {
			if c := cmp.Compare(s.rows[a].title, s.rows[b].title); c != 0 {
				return c
			}
			return cmp.Compare(s.rows[a].id, s.rows[b].id)
		}
		s.orders.titled = slices.Clone(docs)
		slices.SortFunc(s.orders.titled, byTitle)
		s.orders.newest = docs
		slices.SortFunc(s.orders.newest, func(a, b uint32) int {
			ra, rb := s.rows[a], s.rows[b]
			if ra.dated != rb.dated {
				if ra.dated {
					return -1
				}
				return 1
			}
			if c := cmp.Compare(rb.day, ra.day); c != 0 {
				return c
			}
			return byTitle(a, b)
		})
	})
	if which == OrderTitle {
		return s.orders.titled
	}
	return s.orders.newest
}

// Page returns the doc numbers of one page of set, in the given order.
func (s *Snapshot) Page(set *roaring.Bitmap, order, from, size int) []uint32 {
	if size <= 0 {
		return nil
	}
	var out []uint32
	card := int(set.GetCardinality())
	if card == 0 || from >= card {
		return nil
	}
	for _, n := range s.order(order) {
		if !set.Contains(n) {
			continue
		}
		if from > 0 {
			from--
			continue
		}
		out = append(out, n)
		if len(out) == size {
			break
		}
	}
	return out
}

// Each calls fn with every doc number of set in the given order.
func (s *Snapshot) Each(set *roaring.Bitmap, order int, fn func(n uint32) error) error {
	for _, n := range s.order(order) {
		if set.Contains(n) {
			if err := fn(n); err != nil {
				return err
			}
		}
	}
	return nil
}
