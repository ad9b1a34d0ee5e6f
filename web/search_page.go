package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/search"
)

// facetTop is how many values a facet shows before "Show more": the
// selected ones and the most frequent, in the facet's own order.
const facetTop = 6

// facetFilterBox is the number of values from which a facet gets a filter
// box (added by the page script; without it, "Show more" lists them all).
const facetFilterBox = 10

// pageWindow is how many page numbers are linked on each side of the current one.
const pageWindow = 2

// link is an anchor of the page: text and href.
type link struct {
	Label string
	URL   string
}

// field is a hidden form input carrying current state into a GET form.
type field struct{ Name, Value string }

// facetValueView is one facet value as a toggle link.
type facetValueView struct {
	Label    string // short: "C4 Capacity building"
	Title    string // the full name, on hover, when Label is shortened
	Count    int
	Selected bool
	URL      string // the current URL with this value toggled
}

type facetView struct {
	Name, Label string
	Top         []facetValueView
	More        []facetValueView
	Filterable  bool           // long enough for a filter box
	Range       *yearRangeView // the year facet's from/to form
}

type hitView struct {
	URL     string
	Kind    string
	Title   string
	Year    int
	Event   string
	Snippet template.HTML
	Prize   string       // of the entity (merged), for projects of the WSIS Prizes
	Sources []sourceView // the records of the hit's entity, when several sources report it
}

// sourceView is one record of a hit's entity: its page and its source.
type sourceView struct {
	Title     string
	URL       string // the record's page
	SourceURL string // where it was published, when known
	Source    string // the source's address or file name, as shown
	ID        string // the record id (staff forms)
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

type sortOption struct {
	Value, Label string
	Selected     bool
}

// searchPage is the view of search.html.
type searchPage struct {
	Title      string
	Nav        string // the menu entry of the page
	Q          string
	FormFields []field // filters and sort, for the query form
	SortFields []field // q and filters, for the sort form
	Sorts      []sortOption
	Total      int
	From, To   int
	Hits       []hitView
	Facets     []facetView
	Filters    []link // selected filters (parameters and filter syntax); each URL drops that filter
	// Offered are filters understood from the words of the query, which
	// only rank: each URL applies one ("Only SDG 5 (12)").
	Offered []offer
	// Corrected is the query searched when words no record contains were
	// replaced by the nearest words of the index.
	Corrected  string
	Prev, Next string
	Pages      []pageLink
	// PastEnd is set when the page number is beyond the last page of
	// results: the page says so and links to the last one.
	PastEnd *pastEnd
	// Suggestions are offered when nothing matches: the same search without
	// one filter or chip, with the number of records each would give.
	Suggestions []suggestion
	// InsightsURL and the export URLs carry the current filters.
	InsightsURL, ExportCSV, ExportJSONL string
	// Sources is set when the page lists every source record
	// (records=sources) rather than one result per entity; RecordsURL
	// switches to the other.
	Sources    bool
	RecordsURL string
}

// pastEnd describes a page number beyond the results.
type pastEnd struct {
	Page, Last int
	LastURL    string
}

// pastEndOf is set when page lies beyond the last page of total results.
func pastEndOf(path string, state url.Values, page, size, total int) *pastEnd {
	if total == 0 || size <= 0 || (page-1)*size < total {
		return nil
	}
	last := (total + size - 1) / size
	v := cloneValues(state)
	if last > 1 {
		v.Set("page", strconv.Itoa(last))
	}
	return &pastEnd{Page: page, Last: last, LastURL: pathURL(path, v)}
}

// recordURL is the page of a record opened from results in state at page:
// the record page links back to exactly those results.
func recordURL(id string, state url.Values, page int) string {
	v := cloneValues(state)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return pathURL("/records/"+url.PathEscape(id), v)
}

// offer is a filter understood from the query, offered with the number of
// results that carry it.
type offer struct {
	Label string
	URL   string
	Count int
}

// offerLabel names an offered filter: SDG and action-line labels name
// their facet already ("SDG 5 – Gender equality"), others need it
// ("Region: Africa").
func offerLabel(c search.Chip) string {
	if c.Facet == "sdg" || c.Facet == "action_line" {
		if _, v, ok := strings.Cut(c.Label, ": "); ok {
			return v
		}
	}
	return c.Label
}

// suggestion is a way out of an empty result.
type suggestion struct {
	Label string
	URL   string
	Count int
}

// maxSuggestions caps the searches an empty result page runs.
const maxSuggestions = 5

// stateKeys are the URL parameters that make up a search's state, in the
// order they are written back into links.
func stateKeys() []string {
	return append([]string{"q"}, append(search.FacetNames(), search.FilterYearFrom, search.FilterYearTo, "sort", "size", "records")...)
}

// stateOf keeps the parameters of a request that links and forms carry
// forward; the page number is not one of them, and unknown ones are dropped.
func stateOf(v url.Values) url.Values { return keepState(v, stateKeys()) }

// pageURL is the search page URL of a state.
func pageURL(v url.Values) string { return pathURL("/", v) }

// pathURL is the URL of the page at path in a state. url.Values.Encode sorts
// keys, so equal states give equal URLs.
func pathURL(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// facetViews turns facets into toggle links on the page at path, and lists
// the selected values as links that drop them. Each facet shows its
// selected and most frequent values first (facetTop), the rest folded. A
// value selected by filter syntax in the query ("sdg:5") is dropped by its
// URL in written, which takes the syntax out of the query instead of
// adding a parameter.
func facetViews(path string, state url.Values, facets []search.Facet, written map[string]string) (views []facetView, selected []link) {
	for _, f := range facets {
		fv := facetView{Name: f.Name, Label: f.Label, Filterable: len(f.Values) > facetFilterBox}
		top := topValues(f.Values, facetTop)
		for i, v := range f.Values {
			u, ok := written[f.Name+"="+v.Value]
			if !ok {
				u = pathURL(path, toggled(state, f.Name, v.Value))
			}
			view := facetValueView{Label: v.Label, Count: v.Count, Selected: v.Selected, URL: u}
			if view.Label == "" {
				view.Label = v.Value
			}
			if short := shortValueLabel(f.Name, v.Value); short != "" && short != view.Label {
				view.Title, view.Label = view.Label, short
			}
			if v.Selected {
				selected = append(selected, link{Label: f.Label + ": " + cmp.Or(view.Title, view.Label), URL: view.URL})
			}
			if top[i] {
				fv.Top = append(fv.Top, view)
			} else {
				fv.More = append(fv.More, view)
			}
		}
		if f.Name == "year" {
			fv.Range = newYearRange(path, state, f.Values)
		}
		if len(fv.Top) > 0 {
			views = append(views, fv)
		}
	}
	if c, ok := yearRangeChip(path, state); ok {
		selected = append(selected, c)
	}
	return views, selected
}

// topValues marks the values a facet shows unfolded: every selected one,
// then the most frequent up to n (ties in the facet's order). A facet with
// at most n+1 values shows them all: folding away one value saves nothing.
func topValues(values []search.FacetValue, n int) []bool {
	top := make([]bool, len(values))
	if len(values) <= n+1 {
		for i := range top {
			top[i] = true
		}
		return top
	}
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return values[b].Count - values[a].Count })
	shown := 0
	for i, v := range values {
		if v.Selected {
			top[i] = true
			shown++
		}
	}
	for _, i := range order {
		if shown >= n {
			break
		}
		if !top[i] {
			top[i] = true
			shown++
		}
	}
	return top
}

// shortValueLabel is the short form of a facet value's name, or "" when
// the full one is short enough: action lines and SDGs have long names.
func shortValueLabel(facet, value string) string {
	switch facet {
	case "action_line":
		return shortActionLine(value, 30)
	case "sdg":
		if n, err := strconv.Atoi(value); err == nil {
			return "SDG " + shortSDG(n, 30)
		}
	}
	return ""
}

// toggled returns a copy of v with value added to or removed from key. The
// state carries no page, so the link starts at page 1 of the new results.
func toggled(v url.Values, key, value string) url.Values {
	out := cloneValues(v)
	cur := out[key]
	if i := slices.Index(cur, value); i >= 0 {
		cur = slices.Delete(slices.Clone(cur), i, i+1)
	} else {
		cur = append(slices.Clone(cur), value)
	}
	if len(cur) == 0 {
		out.Del(key)
	} else {
		out[key] = cur
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, xs := range v {
		out[k] = slices.Clone(xs)
	}
	return out
}

func (s *server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	req, err := search.ParseRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp, err := s.search.Search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := stateOf(r.URL.Query())
	p := buildSearchPage(state, req, resp)
	if resp.Total == 0 {
		var drops []link
		syntax := slices.ContainsFunc(resp.Query.Chips, func(c search.Chip) bool { return c.Syntax })
		if resp.Query.Text != "" && (len(p.Filters) > 0 || syntax) {
			drops = append(drops, withoutText(state, resp.Query))
		}
		drops = append(drops, p.Filters...)
		if p.Suggestions, err = s.suggest(r.Context(), drops); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "search.html", p)
}

// suggest counts what each of the drop links (a filter, a chip or the free
// text removed) would give, and keeps those that give something, most
// results first; at most maxSuggestions searches are run.
func (s *server) suggest(ctx context.Context, drops []link) ([]suggestion, error) {
	var out []suggestion
	for _, d := range drops[:min(len(drops), maxSuggestions)] {
		u, err := url.Parse(d.URL)
		if err != nil {
			return nil, fmt.Errorf("suggestion %q: %w", d.URL, err)
		}
		req, err := search.ParseRequest(u.Query())
		if err != nil {
			return nil, fmt.Errorf("suggestion %q: %w", d.URL, err)
		}
		req.Size = 1 // only the total is read
		resp, err := s.search.Search(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("suggestion %q: %w", d.URL, err)
		}
		if resp.Total > 0 {
			out = append(out, suggestion{Label: d.Label, URL: d.URL, Count: resp.Total})
		}
	}
	slices.SortStableFunc(out, func(a, b suggestion) int { return b.Count - a.Count })
	return out, nil
}

// buildSearchPage turns a response into the view, with every link computed
// from the current state so each state of the page is a shareable URL.
func buildSearchPage(state url.Values, req search.Request, resp search.Response) searchPage {
	p := searchPage{Title: "Search", Nav: "search", Q: req.Q, Total: resp.Total}
	// Insights and exports take the same filters; order and page size do
	// not apply to them.
	filters := cloneValues(state)
	filters.Del("sort")
	filters.Del("size")
	p.InsightsURL = pathURL("/insights", filters)
	p.ExportCSV = exportURL(filters, "csv")
	p.ExportJSONL = exportURL(filters, "jsonl")
	if req.Q != "" {
		p.Title = req.Q + " – Search"
	}
	for _, k := range stateKeys() {
		for _, x := range state[k] {
			if k != "q" && k != "sort" {
				p.FormFields = append(p.FormFields, field{k, x})
			}
			if k != "sort" {
				p.SortFields = append(p.SortFields, field{k, x})
			}
		}
	}
	if req.Sort != "" && req.Sort != "relevance" {
		p.FormFields = append(p.FormFields, field{"sort", req.Sort})
	}
	for _, o := range []sortOption{{Value: "relevance", Label: "Relevance"}, {Value: "date", Label: "Newest first"}, {Value: "title", Label: "Title A–Z"}} {
		o.Selected = o.Value == req.Sort || (req.Sort == "" && o.Value == "relevance")
		p.Sorts = append(p.Sorts, o)
	}

	p.Sources = req.Sources()
	other := cloneValues(state)
	if p.Sources {
		other.Del("records")
	} else {
		other.Set("records", search.RecordsSources)
	}
	p.RecordsURL = pageURL(other)
	for _, h := range resp.Hits {
		hv := hitView{
			URL:     recordURL(h.ID, state, resp.Page),
			Kind:    h.Kind,
			Title:   h.Title,
			Year:    h.Year,
			Event:   h.Event,
			Snippet: sanitizeSnippet(h.Snippet),
		}
		if h.Record != nil && h.Record.Prize != nil {
			hv.Prize = h.Record.Prize.Status
		}
		for _, src := range h.Sources {
			hv.Sources = append(hv.Sources, sourceView{Title: src.Title, URL: recordURL(src.ID, state, resp.Page),
				SourceURL: src.Source.URL, Source: cmp.Or(src.Source.URL, src.Source.File)})
		}
		p.Hits = append(p.Hits, hv)
	}
	if len(resp.Hits) > 0 {
		p.From = (resp.Page-1)*resp.Size + 1
		p.To = p.From + len(resp.Hits) - 1
	}

	p.Corrected = resp.Query.Corrected
	written := map[string]string{}
	for _, c := range resp.Query.Chips {
		switch {
		case c.Syntax:
			written[c.Facet+"="+c.Value] = pageURL(withoutChip(state, c))
		case !c.Applied && c.Count > 0 && slices.Contains(search.FacetNames(), c.Facet):
			// A value the request already filters on is Applied, so
			// toggling adds it: never a duplicate parameter.
			p.Offered = append(p.Offered, offer{Label: offerLabel(c), Count: c.Count, URL: pageURL(toggled(state, c.Facet, c.Value))})
		}
	}
	p.Facets, p.Filters = facetViews("/", state, resp.Facets, written)

	p.Prev, p.Next, p.Pages = pagination("/", state, resp.Page, resp.Size, resp.Total)
	p.PastEnd = pastEndOf("/", state, resp.Page, resp.Size, resp.Total)
	return p
}

// exportURL is the download of the records of filters in format.
func exportURL(filters url.Values, format string) string {
	v := cloneValues(filters)
	v.Set("format", format)
	return pathURL("/api/v1/export", v)
}

// withoutText keeps of the query only its filter syntax, dropping the
// free text that matched nothing.
func withoutText(state url.Values, u search.Understood) link {
	out := cloneValues(state)
	var kept []string
	for _, c := range u.Chips {
		if c.Syntax && c.Source != "" {
			kept = append(kept, c.Source)
		}
	}
	if q := strings.Join(kept, " "); q != "" {
		out.Set("q", q)
	} else {
		out.Del("q")
	}
	return link{Label: "the words “" + u.Text + "”", URL: pageURL(out)}
}

// withoutChip drops a filter understood from the query by removing the
// words it came from.
func withoutChip(state url.Values, c search.Chip) url.Values {
	out := cloneValues(state)
	q := out.Get("q")
	if i := strings.Index(strings.ToLower(q), strings.ToLower(c.Source)); c.Source != "" && i >= 0 {
		q = q[:i] + q[i+len(c.Source):]
	}
	q = strings.Join(strings.Fields(q), " ")
	if q == "" {
		out.Del("q")
	} else {
		out.Set("q", q)
	}
	return out
}

// pagination returns the previous and next page URLs of the page at path
// ("" at the ends) and the numbered links around the current page.
func pagination(path string, state url.Values, page, size, total int) (prev, next string, pages []pageLink) {
	if size <= 0 || total <= size {
		return "", "", nil
	}
	last := (total + size - 1) / size
	at := func(n int) string {
		v := cloneValues(state)
		if n == 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(n))
		}
		return pathURL(path, v)
	}
	if page > 1 {
		prev = at(min(page-1, last))
	}
	if page < last {
		next = at(page + 1)
	}
	for n := max(1, page-pageWindow); n <= min(last, page+pageWindow); n++ {
		pages = append(pages, pageLink{N: n, URL: at(n), Current: n == page})
	}
	return prev, next, pages
}
