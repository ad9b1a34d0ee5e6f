package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/search"
)

// peopleAnswer is the part of GET /api/v1/people these tests read.
type peopleAnswer struct {
	Total  int             `json:"total"`
	People []search.Person `json:"people"`
	Query  apiQuery        `json:"query"`
}

// TestPeopleFinderReadsTheQuery runs the real server on the demo corpus and
// types into the people finder what staff type into the main search (issue
// 17.2): the words are understood as the main search understands them
// (countries, regions, women as a person's gender, plurals, typos), a
// person's country, region and organisation are searched as text, and the
// people matching more of the query come first instead of an all-words
// filter that finds nobody.
func TestPeopleFinderReadsTheQuery(t *testing.T) {
	base := startTestServer(t, Config{}, "../testdata/demo")

	var everyone peopleAnswer
	getJSON(t, base+"/api/v1/people?size=100", &everyone)
	byName := map[string]search.Person{}
	for _, p := range everyone.People {
		byName[p.Name] = p
	}
	female := func(p search.Person) bool { return p.Gender == "female" }
	hasRole := func(role string) func(search.Person) bool {
		return func(p search.Person) bool {
			return slices.ContainsFunc(p.Sessions, func(s search.SessionRef) bool { return strings.Contains(strings.ToLower(s.Role), role) })
		}
	}
	says := func(word string) func(search.Person) bool {
		return func(p search.Person) bool {
			return strings.Contains(strings.ToLower(p.JobTitle+" "+strings.Join(p.Expertise, " ")), word)
		}
	}

	tests := []struct {
		name, q string
		// first are the people expected first, in any order.
		first []string
		// top, when set, must hold for each of the first len(first) people
		// or, with topN, for the first topN.
		top  func(search.Person) bool
		topN int
		// corrected is the query searched, when words were corrected.
		corrected string
		// chip is a filter understood from the words ("country=KE").
		chip string
	}{
		{name: "the box's own placeholder", q: "cybersecurity Kenya",
			first: []string{"Amara Wanjiku Odhiambo"}, chip: "country=KE"},
		{name: "women as a person's gender, a plural", q: "women engineers telecom",
			first: []string{"Yuki Tanabe"}, top: female, chip: "gender=female"},
		{name: "woman, a role and a session role", q: "woman journalist moderator",
			top: func(p search.Person) bool { return female(p) && (hasRole("moderator")(p) || says("journalist")(p)) }, topN: 6,
			chip: "gender=female"},
		{name: "a region", q: "women speakers Arab States",
			first: []string{"Mariam Al-Shamsi", "Nourhan El-Sayed", "Rania Khoury"}, chip: "region=Arab States"},
		{name: "a region's own word in French", q: "e-health Afrique",
			first: []string{"Efua Mensah-Boateng"}, chip: "region=Africa"},
		{name: "a typo", q: "cybersecurty Kenya",
			first: []string{"Amara Wanjiku Odhiambo"}, corrected: "cybersecurity Kenya"},
		{name: "a role word is understood, never corrected", q: "women cybersecurity experts",
			first: []string{"Olena Kovalchuk", "Amara Wanjiku Odhiambo", "Kadri Tammsaar"}, top: female, chip: "gender=female"},
		{name: "plurals", q: "journalists Georgia",
			first: []string{"Nino Beridze"}},
		{name: "an organisation's country", q: "Savannah Kenya",
			first: []string{"Daniel Mutua", "Amara Wanjiku Odhiambo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got peopleAnswer
			getJSON(t, base+"/api/v1/people?"+url.Values{"q": {tt.q}}.Encode(), &got)
			var names []string
			for _, p := range got.People {
				names = append(names, p.Name)
			}
			if len(got.People) < max(len(tt.first), tt.topN, 1) {
				t.Fatalf("q=%q finds %d people: %q", tt.q, got.Total, names)
			}
			for _, want := range tt.first {
				if !slices.Contains(names[:len(tt.first)], want) {
					t.Errorf("q=%q: %s is not among the first %d: %q", tt.q, want, len(tt.first), names)
				}
			}
			if tt.top != nil {
				n := max(tt.topN, len(tt.first))
				for _, p := range got.People[:n] {
					if !tt.top(byName[p.Name]) {
						t.Errorf("q=%q: %s ranks in the first %d without matching the query: %q", tt.q, p.Name, n, names)
					}
				}
			}
			if got.Query.Corrected != tt.corrected {
				t.Errorf("q=%q: corrected to %q, want %q", tt.q, got.Query.Corrected, tt.corrected)
			}
			if tt.chip != "" {
				facet, value, _ := strings.Cut(tt.chip, "=")
				if !slices.ContainsFunc(got.Query.Chips, func(c apiChip) bool { return c.Facet == facet && c.Value == value && !c.Applied }) {
					t.Errorf("q=%q: chips %+v, want %s offered", tt.q, got.Query.Chips, tt.chip)
				}
			}
		})
	}

	// The main search corrects the same typo without a click, and does not
	// correct role words either: "experts" is not a misspelt "expect".
	t.Run("main search", func(t *testing.T) {
		for q, want := range map[string]string{"cybersecurty": "cybersecurity", "women cybersecurity experts": ""} {
			var got apiSearch
			getJSON(t, base+"/api/v1/search?"+url.Values{"q": {q}}.Encode(), &got)
			if got.Query.Corrected != want || got.Total == 0 {
				t.Errorf("q=%q: %d records, corrected to %q, want %q", q, got.Total, got.Query.Corrected, want)
			}
		}
	})

	// Understood words rank, they do not filter: other cybersecurity people
	// come after the Kenyan one. Filter syntax or a parameter filters.
	t.Run("understood words are soft, syntax and parameters filter", func(t *testing.T) {
		var soft, syntax, param peopleAnswer
		getJSON(t, base+"/api/v1/people?q=cybersecurity+Kenya", &soft)
		getJSON(t, base+"/api/v1/people?q=cybersecurity+country:KE", &syntax)
		getJSON(t, base+"/api/v1/people?q=cybersecurity&country=KE", &param)
		if soft.Total <= syntax.Total {
			t.Errorf("q=cybersecurity Kenya gives %d people, country:KE %d; the understood country must only rank", soft.Total, syntax.Total)
		}
		for _, r := range []peopleAnswer{syntax, param} {
			if r.Total == 0 {
				t.Error("the country filter finds nobody")
			}
			for _, p := range r.People {
				if p.Country != "KE" {
					t.Errorf("the country filter lets through %s of %q", p.Name, p.Country)
				}
			}
		}
	})

	// The page shows the understood words as the search page does, each
	// offered as a filter of the people finder.
	t.Run("page", func(t *testing.T) {
		page := getBody(t, base+"/people?q=cybersecurity+Kenya")
		if !strings.Contains(page, "Understood from your query") {
			t.Error("the people page does not say what it understood")
		}
		if !strings.Contains(page, `href="/people?country=KE&amp;q=cybersecurity&#43;Kenya"`) {
			t.Errorf("the people page does not offer the Kenya filter:\n%s", page)
		}
		if !strings.Contains(page, "Amara Wanjiku Odhiambo") {
			t.Error("the people page does not list the Kenyan cybersecurity expert")
		}
		page = getBody(t, base+"/people?q=cybersecurty")
		if !strings.Contains(page, `Showing people for <strong>cybersecurity</strong>`) {
			t.Error("the people page does not say which query it searched")
		}
	})
}
