package main

import (
	"net/url"
	"strings"
)

// Query classes of the fixed mix, in report order.
const (
	classText     = "text only"
	classFiltered = "text + 2 filters"
	classFacets   = "filters only"
	classAll      = "match-all (landing page)"
	classPeople   = "people search"
)

func classNames() []string {
	return []string{classText, classFiltered, classFacets, classAll, classPeople}
}

// query is one request of the mix, as API parameters.
type query struct {
	class  string
	params string // URL query string, stable for comparing totals
}

func (q query) values() url.Values {
	v, err := url.ParseQuery(q.params)
	if err != nil {
		panic("bench: bad fixed query " + q.params) // the mix is a constant; tests parse every entry
	}
	return v
}

// mix returns the fixed query mix. Terms range from one in nearly every
// document to a surname found in a handful; rareName and topCountry come
// from the corpus itself so the mix fits any seed.
func mix(rareName, topCountry string) []query {
	texts := []string{
		"digital", "geospatial", "rural connectivity", `"digital inclusion"`,
		"quantum photonics", rareName, "telemedicine clinics", "misinformation journalism",
	}
	filterPairs := []string{
		"sdg=5&region=Africa", "action_line=C4&year=2019", "sdg=9&kind=project",
		"region=Europe&gender_focus=primary", "action_line=C7.e-health&country=" + topCountry,
		"sdg=4&kind=session", "region=Americas&year=2015", "action_line=C7&sdg=5",
	}
	var out []query
	for _, t := range texts {
		out = append(out, query{classText, "q=" + url.QueryEscape(t)})
	}
	for i, t := range texts {
		out = append(out, query{classFiltered, "q=" + url.QueryEscape(t) + "&" + filterPairs[i]})
	}
	for _, f := range []string{"sdg=5", "region=Africa&kind=session", "action_line=C7", "year=2020&sdg=4",
		"country=" + topCountry, "gender_focus=primary&kind=project", "sdg=5&sdg=9&region=Asia%20%26%20Pacific"} {
		out = append(out, query{classFacets, f})
	}
	out = append(out, query{classAll, ""})
	for _, t := range []string{"leadership", "coding mentoring", "research", "cybersecurity policy", strings.ToLower(rareName)} {
		out = append(out, query{classPeople, "kind=person&gender=female&q=" + url.QueryEscape(t)})
	}
	return out
}
