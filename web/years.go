package web

import (
	"net/url"
	"strconv"

	"github.com/wsis-tools/stocktake/search"
)

// yearRangeView is the "from … to …" form of the year facet: a GET form to
// the same page that carries the rest of the state in hidden fields.
type yearRangeView struct {
	Action   string
	Fields   []field
	From, To string // the current range, "" for an open end
	Min, Max int    // the years the results span, as hints
}

// newYearRange is the year facet's range form on the page at path.
func newYearRange(path string, state url.Values, years []search.FacetValue) *yearRangeView {
	r := &yearRangeView{Action: path, From: state.Get(search.FilterYearFrom), To: state.Get(search.FilterYearTo)}
	for _, k := range stateKeys() {
		if k == search.FilterYearFrom || k == search.FilterYearTo {
			continue
		}
		for _, v := range state[k] {
			r.Fields = append(r.Fields, field{k, v})
		}
	}
	for _, y := range years {
		if n, err := strconv.Atoi(y.Value); err == nil {
			if r.Min == 0 || n < r.Min {
				r.Min = n
			}
			r.Max = max(r.Max, n)
		}
	}
	return r
}

// yearRangeChip names the selected range ("Years: 2018–2021", "Years:
// from 2018") with a link that drops it.
func yearRangeChip(path string, state url.Values) (link, bool) {
	from, to := state.Get(search.FilterYearFrom), state.Get(search.FilterYearTo)
	label := "Years: "
	switch {
	case from != "" && to != "":
		label += from + "–" + to
	case from != "":
		label += "from " + from
	case to != "":
		label += "up to " + to
	default:
		return link{}, false
	}
	v := cloneValues(state)
	v.Del(search.FilterYearFrom)
	v.Del(search.FilterYearTo)
	return link{Label: label, URL: pathURL(path, v)}, true
}
