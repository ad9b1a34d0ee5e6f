package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/search"
)

func TestToggled(t *testing.T) {
	state := url.Values{"q": {"rural"}, "sdg": {"4", "5"}}
	tests := []struct {
		key, value, want string
	}{
		{"sdg", "4", "/?q=rural&sdg=5"},
		{"sdg", "9", "/?q=rural&sdg=4&sdg=5&sdg=9"},
		{"region", "Africa", "/?q=rural&region=Africa&sdg=4&sdg=5"},
	}
	for _, tt := range tests {
		if got := pageURL(toggled(state, tt.key, tt.value)); got != tt.want {
			t.Errorf("toggle %s=%s: %s, want %s", tt.key, tt.value, got, tt.want)
		}
	}
	if got := pageURL(state); got != "/?q=rural&sdg=4&sdg=5" {
		t.Errorf("toggling changed the state it was given: %s", got)
	}
	if got := pageURL(toggled(url.Values{"sdg": {"4"}}, "sdg", "4")); got != "/" {
		t.Errorf("dropping the last filter gave %s, want /", got)
	}
}

func TestStateDropsPageAndUnknownParameters(t *testing.T) {
	v, _ := url.ParseQuery("q=x&page=3&utm_source=mail&kind=project&sort=date&size=50&year=")
	if got := pageURL(stateOf(v)); got != "/?kind=project&q=x&size=50&sort=date" {
		t.Errorf("state = %s", got)
	}
}

func TestPagination(t *testing.T) {
	state := url.Values{"q": {"x"}}
	tests := []struct {
		page, size, total int
		prev, next        string
		pages             string
	}{
		{1, 20, 0, "", "", ""},
		{1, 20, 20, "", "", ""},
		{1, 20, 21, "", "/?page=2&q=x", "[1] 2"},
		{2, 20, 21, "/?q=x", "", "1 [2]"},
		{5, 10, 100, "/?page=4&q=x", "/?page=6&q=x", "3 4 [5] 6 7"},
		{10, 10, 100, "/?page=9&q=x", "", "8 9 [10]"},
		{12, 10, 100, "/?page=10&q=x", "", "10"}, // past the end: a way back to the last page
	}
	for _, tt := range tests {
		prev, next, pages := pagination("/", state, tt.page, tt.size, tt.total)
		var ns []string
		for _, p := range pages {
			if p.Current {
				ns = append(ns, fmt.Sprintf("[%d]", p.N))
			} else {
				ns = append(ns, fmt.Sprint(p.N))
			}
		}
		if prev != tt.prev || next != tt.next || strings.Join(ns, " ") != tt.pages {
			t.Errorf("page %d of %d/%d: prev %q next %q pages %q; want %q %q %q",
				tt.page, tt.total, tt.size, prev, next, strings.Join(ns, " "), tt.prev, tt.next, tt.pages)
		}
	}
}

func TestBuildSearchPage(t *testing.T) {
	var countries []search.FacetValue
	for i := range 14 {
		countries = append(countries, search.FacetValue{Value: fmt.Sprintf("C%d", i), Count: 20 - i})
	}
	resp := search.Response{
		Total: 45, Page: 2, Size: 20,
		Hits: []search.Hit{{ID: "a/b c", Title: "T"}},
		Facets: []search.Facet{
			{Name: "sdg", Label: "SDG", Values: []search.FacetValue{{Value: "5", Label: "SDG 5 – Gender equality", Count: 3, Selected: true}}},
			{Name: "country", Label: "Country", Values: countries},
			{Name: "event", Label: "Event"}, // no values: not shown
		},
		Query: search.Understood{Text: "women IN AFRICA", Chips: []search.Chip{
			{Facet: "sdg", Value: "5", Label: "SDG: SDG 5 – Gender equality", Source: "sdg:5", Applied: true, Syntax: true, Count: 3},
			{Facet: "region", Value: "Africa", Label: "Region: Africa", Source: "AFRICA", Count: 7},
			{Facet: "action_line", Value: "C4", Label: "Action line: C4 – Capacity building", Source: "capacity building", Count: 2},
			{Facet: "country", Value: "C1", Label: "Country: C1", Source: "C1", Applied: true, Count: 19}, // also a parameter
			{Facet: "year", Value: "2031", Label: "Year: 2031", Source: "2031"},                           // no result carries it
			{Facet: search.FilterGender, Value: "female", Label: "Gender: Female", Source: "women"},       // not a facet of this page
		}},
	}
	state := url.Values{"q": {"women IN AFRICA sdg:5"}, "country": {"C1"}, "sort": {"date"}}
	p := buildSearchPage(state, search.Request{Q: "women IN AFRICA sdg:5", Sort: "date", Page: 2, Size: 20}, resp)

	if p.From != 21 || p.To != 21 {
		t.Errorf("range = %d–%d, want 21–21", p.From, p.To)
	}
	if p.Hits[0].URL != "/records/a%2Fb%20c?country=C1&page=2&q=women+IN+AFRICA+sdg%3A5&sort=date" { // the way back to these results
		t.Errorf("hit URL = %s", p.Hits[0].URL)
	}
	if len(p.Facets) != 2 || len(p.Facets[1].Top) != facetTop || len(p.Facets[1].More) != 14-facetTop || !p.Facets[1].Filterable {
		t.Errorf("facets: %d shown; country top %d more %d", len(p.Facets), len(p.Facets[1].Top), len(p.Facets[1].More))
	}
	if p.Facets[1].Top[0].Label != "C0" {
		t.Errorf("a value without label shows %q, want its value", p.Facets[1].Top[0].Label)
	}
	// The SDG filter written in the query is selected; dropping it takes
	// the syntax out of the query rather than adding a parameter.
	dropSDG := "/?country=C1&q=women+IN+AFRICA&sort=date"
	if len(p.Filters) != 1 || p.Filters[0].URL != dropSDG || p.Facets[0].Top[0].URL != dropSDG {
		t.Errorf("filters = %+v, sdg facet = %+v; want both to drop the syntax: %s", p.Filters, p.Facets[0].Top, dropSDG)
	}
	wantOffered := []offer{
		{Label: "Region: Africa", Count: 7, URL: "/?country=C1&q=women+IN+AFRICA+sdg%3A5&region=Africa&sort=date"},
		{Label: "C4 – Capacity building", Count: 2, URL: "/?action_line=C4&country=C1&q=women+IN+AFRICA+sdg%3A5&sort=date"},
	}
	if !slices.Equal(p.Offered, wantOffered) {
		t.Errorf("offered = %+v\nwant      %+v", p.Offered, wantOffered)
	}
	if p.Prev != "/?country=C1&q=women+IN+AFRICA+sdg%3A5&sort=date" || p.Next != "/?country=C1&page=3&q=women+IN+AFRICA+sdg%3A5&sort=date" {
		t.Errorf("prev %s next %s", p.Prev, p.Next)
	}
	for _, f := range p.FormFields {
		if f.Name == "q" {
			t.Errorf("the query form carries q twice")
		}
	}
	for _, f := range p.SortFields {
		if f.Name == "sort" {
			t.Errorf("the sort form carries sort twice")
		}
	}
}

func TestSanitizeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<mark>a</mark> &amp; b", "<mark>a</mark> &amp; b"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"&lt;b&gt; <mark>x</mark>", "&lt;b&gt; <mark>x</mark>"},
		{"<mark>open", "<mark>open</mark>"},
		{"</mark>stray", "&lt;/mark&gt;stray"},
		{"<mark><mark>x</mark>", "<mark>&lt;mark&gt;x</mark>"},
		{`<mark onclick="x">y</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;y&lt;/mark&gt;`},
		{"a < b > c", "a &lt; b &gt; c"},
	}
	for _, tt := range tests {
		if got := string(sanitizeSnippet(tt.in)); got != tt.want {
			t.Errorf("sanitizeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSanitizeSnippet(f *testing.F) {
	// marks matches the only tags a sanitised snippet may hold.
	marks := regexp.MustCompile(`</?mark>`)
	for _, s := range []string{"", "<mark>a</mark>", "<script>x</script>", "&lt;&amp;", "<mark><</mark>>", "</mark><mark>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(sanitizeSnippet(s))
		if rest := marks.ReplaceAllString(out, ""); strings.ContainsAny(rest, "<>") {
			t.Fatalf("sanitizeSnippet(%q) = %q keeps markup other than <mark>", s, out)
		}
		depth := 0
		for _, m := range marks.FindAllString(out, -1) {
			if m == "<mark>" {
				depth++
			} else {
				depth--
			}
			if depth < 0 || depth > 1 {
				t.Fatalf("sanitizeSnippet(%q) = %q has unbalanced marks", s, out)
			}
		}
		if depth != 0 {
			t.Fatalf("sanitizeSnippet(%q) = %q leaves a mark open", s, out)
		}
	})
}

// TestTopFacetValues: a facet shows its selected values and its most
// frequent ones, in its own order, and folds the rest.
func TestTopFacetValues(t *testing.T) {
	vals := func(counts ...int) []search.FacetValue {
		var out []search.FacetValue
		for i, n := range counts {
			out = append(out, search.FacetValue{Value: fmt.Sprint(i), Count: n})
		}
		return out
	}
	tests := []struct {
		name   string
		values []search.FacetValue
		sel    int // index of a selected value, -1 for none
		want   string
	}{
		{"short facet: all shown", vals(1, 2, 3), -1, "111"},
		{"one over: all shown", vals(1, 2, 3, 4, 5, 6, 7), -1, "1111111"},
		{"most frequent", vals(1, 9, 2, 8, 3, 7, 4, 6, 5), -1, "010101111"},
		{"selected always", vals(1, 9, 2, 8, 3, 7, 4, 6, 5), 0, "110101011"},
	}
	for _, tt := range tests {
		if tt.sel >= 0 {
			tt.values[tt.sel].Selected = true
		}
		var got strings.Builder
		for _, b := range topValues(tt.values, 6) {
			if b {
				got.WriteString("1")
			} else {
				got.WriteString("0")
			}
		}
		if got.String() != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got.String(), tt.want)
		}
	}
	// Long names are shortened, the full one on hover.
	views, _ := facetViews("/", url.Values{}, []search.Facet{{Name: "action_line", Label: "Action line",
		Values: []search.FacetValue{{Value: "C1", Label: "C1 – Promotion of ICTs for development by governments and all stakeholders", Count: 2}}}}, nil)
	if v := views[0].Top[0]; v.Label != "C1 Promotion of ICTs for deve…" || !strings.HasPrefix(v.Title, "C1 – Promotion") {
		t.Errorf("action line shown as %q (title %q)", v.Label, v.Title)
	}
}
