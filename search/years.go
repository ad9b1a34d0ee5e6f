package search

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

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

// yearRangeQuery is the index query of a range held in active, nil when
// there is none or the year facet is the one being counted.
func yearRangeQuery(active map[string][]string, skip string) query.Query {
	from, to, ok := Request{Filters: active}.YearRange()
	if !ok || skip == "year" {
		return nil
	}
	lo, hi := float64(from), float64(to)
	incl := true
	q := bleve.NewNumericRangeInclusiveQuery(&lo, &hi, &incl, &incl)
	q.SetField(indexer.FieldYearNum)
	return q
}

// yearRangeBitmap is the records of a range held in active, nil when there
// is none or the year facet is the one being counted.
func (fb *facetBitmaps) yearRangeBitmap(active map[string][]string, skip string) *roaring.Bitmap {
	from, to, ok := Request{Filters: active}.YearRange()
	if !ok || skip == "year" {
		return nil
	}
	var ors []*roaring.Bitmap
	for v, b := range fb.values["year"] {
		if y, err := strconv.Atoi(v); err == nil && y >= from && y <= to {
			ors = append(ors, b)
		}
	}
	return roaring.FastOr(ors...)
}

// selects reports whether active holds a selection of the facet name,
// whose counts then ignore it: a year range selects years.
func selects(active map[string][]string, name string) bool {
	return len(active[name]) > 0 || (name == "year" && len(active[yearRange]) == 2)
}
