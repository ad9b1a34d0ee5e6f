package web

import (
	"net/http"
	"slices"

	"github.com/wsis-tools/stocktake/search"
)

// Unknown parameters are errors (SPEC "HTTP"): a mistyped filter such as
// ?sgd=5 must get a 400 naming it, not every record as if unfiltered. Each
// route declares the parameters it reads.

// insightsParams are the parameters of the insights page and API: the
// query and the filters; charts have no order or page.
func insightsParams() []string {
	return append(append([]string{"q"}, search.FilterNames()...), "records")
}

// exportParams are a search's parameters plus the format.
func exportParams() []string { return append(search.SearchParams(), "format") }

// recordParams are the search state a record page carries from the results
// it was opened from, for its way back.
func recordParams() []string { return slices.Clone(search.SearchParams()) }

// only answers 400 to a request with a query parameter outside known.
func (s *server) only(known []string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := search.CheckParams(r.URL.Query(), known); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	}
}
