package main

import (
	"net/url"
	"strings"
)

// Query classes of the fixed mix, in report order.
const (
	classText           = "text"
	classPhrase         = "phrase"
	classFiltered       = "text + 2 filters"
	classPhraseFiltered = "phrase + 2 filters"
	classFacets         = "filters only"
	classAll            = "match-all (landing page)"
	classPersons        = "person records"
	classInsights       = "insights"
	classPeople         = "people finder"
	classAPI            = "search API over HTTP"
	classPage           = "search page over HTTP"
)

func classNames() []string {
	return []string{classText, classPhrase, classFiltered, classPhraseFiltered, classFacets, classAll,
		classPersons, classInsights, classPeople, classAPI, classPage}
}

// What a query asks of an engine.
const (
	askSearch   = ""         // Search, in process
	askInsights = "insights" // Insights, in process
	askPeople   = "people"   // the people finder, in process (stocktake only)
	askAPI      = "api"      // GET /api/v1/search over loopback HTTP
	askPage     = "page"     // GET / (the HTML page) over loopback HTTP (stocktake only)
)

// query is one request of the mix, as API parameters.
type query struct {
	class  string
	ask    string
	params string // URL query string, stable for comparing totals
}

func (q query) values() url.Values {
	v, err := url.ParseQuery(q.params)
	if err != nil {
		panic("bench: bad fixed query " + q.params) // the mix is a constant; tests parse every entry
	}
	return v
}

// key names a query in the totals: the same parameters asked another way
// are another query.
func (q query) key() string {
	if q.ask == askSearch {
		return q.params
	}
	return q.ask + ":" + q.params
}

// mix returns the fixed query mix. Terms range from one in nearly every
// document to a surname found in a handful; rareName and topCountry come
// from the corpus itself so the mix fits any seed.
func mix(rareName, topCountry string) []query {
	texts := []string{
		"digital", "geospatial", "rural connectivity", "quantum photonics", rareName,
		"telemedicine clinics", "misinformation journalism", "women leadership",
	}
	phrases := []string{
		`"digital inclusion"`, `"rural connectivity"`, `"community network"`, `"mobile health"`,
		`"open data standards"`, `"digital skills"`,
	}
	filterPairs := []string{
		"sdg=5&region=Africa", "action_line=C4&year=2019", "sdg=9&kind=project",
		"region=Europe&gender_focus=primary", "action_line=C7.e-health&country=" + topCountry,
		"sdg=4&kind=session", "region=Americas&year=2015", "action_line=C7&sdg=5",
	}
	var out []query
	add := func(class, ask, params string) { out = append(out, query{class: class, ask: ask, params: params}) }
	for _, t := range texts {
		add(classText, askSearch, "q="+url.QueryEscape(t))
	}
	for _, p := range phrases {
		add(classPhrase, askSearch, "q="+url.QueryEscape(p))
	}
	for i, t := range texts {
		add(classFiltered, askSearch, "q="+url.QueryEscape(t)+"&"+filterPairs[i])
	}
	for i, p := range phrases {
		add(classPhraseFiltered, askSearch, "q="+url.QueryEscape(p)+"&"+filterPairs[i])
	}
	for _, f := range []string{"sdg=5", "region=Africa&kind=session", "action_line=C7", "year=2020&sdg=4",
		"country=" + topCountry, "gender_focus=primary&kind=project", "sdg=5&sdg=9&region=Asia%20%26%20Pacific"} {
		add(classFacets, askSearch, f)
	}
	add(classAll, askSearch, "")
	for _, t := range []string{"leadership", "coding mentoring", "research", "cybersecurity policy", strings.ToLower(rareName)} {
		add(classPersons, askSearch, "kind=person&gender=female&q="+url.QueryEscape(t))
	}
	for _, f := range []string{"", "sdg=5", "q=digital", "region=Africa&year=2020", "q=telemedicine&kind=session", "action_line=C7"} {
		add(classInsights, askInsights, f)
	}
	for _, f := range []string{"", "gender=female", "q=leadership&gender=female", "q=cybersecurity&region=Africa",
		"spoke=1&sdg=5", "q=" + url.QueryEscape(strings.ToLower(rareName))} {
		add(classPeople, askPeople, f)
	}
	for _, f := range []string{"", "q=digital", "q=rural+connectivity&sdg=5", `q=%22digital+inclusion%22`, "sdg=5&region=Africa", "q=geospatial"} {
		add(classAPI, askAPI, f)
		add(classPage, askPage, f)
	}
	return out
}
