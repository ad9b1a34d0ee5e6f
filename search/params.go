package search

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
)

// FilterNames are every filter parameter ParseRequest reads: the facets and
// the people finder's filters, which the search API applies too.
func FilterNames() []string {
	return append(filterNames(), FilterYearFrom, FilterYearTo)
}

// SearchParams are the parameters of a search (the search page and API).
func SearchParams() []string {
	return append(append([]string{"q"}, FilterNames()...), "sort", "page", "size", "records")
}

// PeopleParams are the parameters of the people finder.
func PeopleParams() []string {
	return append(append([]string{"q"}, PeopleFacetNames()...), "spoke", "page", "size")
}

// CheckParams fails on the first parameter of v (in name order) that is not
// in known, so a mistyped filter ("sgd=5") is an error naming it rather
// than a silently unfiltered answer.
func CheckParams(v url.Values, known []string) error {
	names := make([]string, 0, len(v))
	for k := range v {
		if k != "" { // "&&" or "=x": nothing anyone typed as a filter
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		if len(known) == 0 {
			return &FieldError{Field: k, Msg: "unknown parameter: this address takes none"}
		}
		if !slices.Contains(known, k) {
			msg := "unknown parameter"
			if near := nearest(k, known); near != "" {
				msg += "; did you mean " + near + "?"
			} else {
				msg += "."
			}
			return &FieldError{Field: k, Msg: msg + " Known: " + strings.Join(known, ", ")}
		}
	}
	return nil
}

// nearest is the known name a mistyped one most likely meant: within two
// edits ("sgd" for "sdg"), or "" when none is that close.
func nearest(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), k); d < bestD && d < len(k) {
			best, bestD = k, d
		}
	}
	return best
}
