package search

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/indexer"
)

// A year range (year_from, year_to; either may be left out) filters like a
// selection of every year in it: it belongs to the year facet, so the year
// facet's counts ignore it (disjunctive faceting) and the years stay
// selectable one by one. It travels in Request.Filters under yearRange as
// [from, to], so the cache key and the filter paths carry it like any other
// filter.
const (
	FilterYearFrom = "year_from"
	FilterYearTo   = "year_to"
	yearRange      = "year_range"
	minYear        = 1990
	maxYear        = 2100
)

// parseYearRange reads year_from and year_to into req.
func parseYearRange(v url.Values, req *Request) error {
	from, err := intParam(v, FilterYearFrom, minYear, minYear, maxYear)
	if err != nil {
		return err
	}
	to, err := intParam(v, FilterYearTo, maxYear, minYear, maxYear)
	if err != nil {
		return err
	}
	if from > to {
		return &FieldError{FilterYearTo, fmt.Sprintf("%d is before year_from %d", to, from)}
	}
	if v.Get(FilterYearFrom) != "" || v.Get(FilterYearTo) != "" {
		req.Filters[yearRange] = []string{strconv.Itoa(from), strconv.Itoa(to)}
	}
	return nil
}

// YearRange is the range a request filters on, ok false when it has none.
func (r Request) YearRange() (from, to int, ok bool) {
	vals := r.Filters[yearRange]
	if len(vals) != 2 {
		return 0, 0, false
	}
	from, err1 := strconv.Atoi(vals[0])
	to, err2 := strconv.Atoi(vals[1])
	return from, to, err1 == nil && err2 == nil
}

// filterSet is the set of records matching the active filters but skip's,
// a year range included (it belongs to the year facet).
func filterSet(snap *indexer.Snapshot, active map[string][]string, skip string) *roaring.Bitmap {
	set := snap.Filter(active, skip)
	from, to, ok := Request{Filters: active}.YearRange()
	if !ok || skip == indexer.FacetYear {
		return set
	}
	var ors []*roaring.Bitmap
	for y := from; y <= to; y++ {
		if bm := snap.Value(indexer.FacetYear, strconv.Itoa(y)); bm != nil {
			ors = append(ors, bm)
		}
	}
	set.And(roaring.FastOr(ors...))
	return set
}

// selects reports whether active holds a selection of the facet name,
// whose counts then ignore it: a year range selects years.
func selects(active map[string][]string, name string) bool {
	return len(active[name]) > 0 || (name == "year" && len(active[yearRange]) == 2)
}
