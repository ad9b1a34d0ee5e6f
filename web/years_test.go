package web

import (
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/search"
)

// TestYearRangeOnPages: the year facet has a from/to form that keeps the
// rest of the state, and a chosen range is listed with the filters, with a
// link that drops it; the prize status is a facet of its own.
func TestYearRangeOnPages(t *testing.T) {
	s, recs := fixture()
	s.facets = append(s.facets,
		search.Facet{Name: "year", Label: "Year", Values: []search.FacetValue{{Value: "2023", Count: 1}, {Value: "2019", Count: 1}}},
		search.Facet{Name: "prize", Label: "WSIS Prizes", Values: []search.FacetValue{{Value: "winner", Label: "Winner", Count: 1}}})
	h, _ := newTestHandler(t, s, recs)
	body := get(t, h, "GET", "/?q=radio&year_from=2020&year_to=2023").Body.String()
	for _, want := range []string{
		`<form class="year-range" action="/" method="get">`, `<input type="hidden" name="q" value="radio">`,
		`name="year_from" type="number" inputmode="numeric" min="1990" max="2100" value="2020" placeholder="2019"`,
		`name="year_to" type="number" inputmode="numeric" min="1990" max="2100" value="2023" placeholder="2023"`,
		`<a class="chip" href="/?q=radio">Years: 2020–2023`,
		`<h2>WSIS Prizes</h2>`, `<a href="/?prize=winner&amp;q=radio&amp;year_from=2020&amp;year_to=2023">Winner`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	if form := between(body, `<form class="year-range"`, `</form>`); strings.Contains(form, `type="hidden" name="year_`) {
		t.Error("the range form carries the old range as a hidden field too")
	}
	body = get(t, h, "GET", "/insights?year_from=2018").Body.String()
	if !strings.Contains(body, `<a class="chip" href="/insights">Years: from 2018`) {
		t.Errorf("insights page without the range chip")
	}
	if w := get(t, h, "GET", "/?year_from=2030&year_to=2020"); w.Code != 400 {
		t.Errorf("a reversed range: %d", w.Code)
	}
}
