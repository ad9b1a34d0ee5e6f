package web

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestUnderstoodFiltersOnPages runs the real server on the demo corpus and
// follows what a person would click: filters understood from the words
// are offered, never applied behind their back; taking one gives a clean
// URL that applies it; filter syntax shows as a selected filter; a
// misspelt word is searched as corrected.
func TestUnderstoodFiltersOnPages(t *testing.T) {
	base := startTestServer(t, Config{}, "../testdata/demo")

	// "Best practices" is not a kind of record (issue 17.1).
	for _, q := range []string{"best+practices", "e-health+best+practices+Africa"} {
		var got apiSearch
		getJSON(t, base+"/api/v1/search?q="+q, &got)
		if got.Total == 0 || got.Query.Corrected != "" {
			t.Errorf("q=%s: %d records, corrected %q; want results for the words as typed", q, got.Total, got.Query.Corrected)
		}
		if page := getBody(t, base+"/?q="+q); strings.Contains(page, "No records match") {
			t.Errorf("q=%s: the page shows no records", q)
		}
	}

	// "SDG 5" in the words: offered, with its count, and not selected.
	page := getBody(t, base+"/?q=SDG+5")
	offer := regexp.MustCompile(`<a class="chip chip-offer" href="([^"]+)">Only SDG 5 – Gender equality <span class="count">\((\d+)\)</span></a>`).FindStringSubmatch(page)
	if offer == nil {
		t.Fatalf("q=SDG 5 does not offer the SDG 5 filter:\n%s", page)
	}
	if strings.Contains(page, `class="selected"`) {
		t.Error("q=SDG 5 shows a filter as selected that the user did not choose")
	}
	applied := html.UnescapeString(offer[1])
	if applied != "/?q=SDG+5&sdg=5" {
		t.Errorf("the offered filter links to %s, want /?q=SDG+5&sdg=5", applied)
	}
	var api apiSearch
	getJSON(t, base+"/api/v1/search?q=SDG+5&sdg=5", &api)
	if offer[2] != strconv.Itoa(api.Total) {
		t.Errorf("offered count %s, but the filter gives %d records", offer[2], api.Total)
	}

	// Taken: selected in the sidebar, listed with the filters, no longer
	// offered, and its sidebar link removes it (no duplicate parameter).
	page = getBody(t, base+applied)
	if strings.Contains(page, "chip-offer") && strings.Contains(page, "Only SDG 5") {
		t.Error("a filter already applied is still offered")
	}
	if !strings.Contains(page, `<a href="/?q=SDG&#43;5" title="SDG 5 – Gender equality" class="selected" aria-current="true">SDG 5 Gender equality`) {
		t.Errorf("after taking the filter, SDG 5 is not selected with a link that drops it:\n%s", page)
	}

	// Filter syntax: selected, and dropping it takes it out of the query.
	page = getBody(t, base+"/?q=sdg:5+girls")
	if !strings.Contains(page, `<a href="/?q=girls" title="SDG 5 – Gender equality" class="selected" aria-current="true">SDG 5 Gender equality`) {
		t.Errorf("q=sdg:5 girls: SDG 5 is not selected with a link that drops the syntax:\n%s", page)
	}

	// Typos are searched as the nearest words of the index, without a click.
	page = getBody(t, base+"/?q=e-helth")
	if !strings.Contains(page, `Showing results for <strong>e-health</strong>`) || strings.Contains(page, "No records match") {
		t.Errorf("q=e-helth is not searched as e-health:\n%s", page)
	}
}
