package search

import (
	"net/url"
	"slices"
	"sort"
	"strings"
)

// FilterNames are every filter parameter ParseRequest reads: the facets and
// the people finder's filters, which the search API applies too.
func FilterNames() []string {
	return append(slices.Clone(FacetNames), FilterGender, FilterLanguage, FilterGroup, FilterExpertise)
}

// SearchParams are the parameters of a search (the search page and API).
func SearchParams() []string {
	return append(append([]string{"q"}, FilterNames()...), "sort", "page", "size")
}

// PeopleParams are the parameters of the people finder.
func PeopleParams() []string {
	return append(append([]string{"q"}, PeopleFacetNames...), "spoke", "page", "size")
}

// CheckParams fails on the first parameter of v (in name order) that is not
// in known, so a mistyped filter ("sgd=5") is an error naming it rather
// than a silently unfiltered answer.
func CheckParams(v url.Values, known []string) error {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(known, k) {
			return &FieldError{Field: k, Msg: "is not a known parameter (known: " + strings.Join(known, ", ") + ")"}
		}
	}
	return nil
}
