package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/search"
)

// insightsPage is the view of insights.html.
type insightsPage struct {
	Title     string
	Nav       string
	Q         string
	Total     int // projects and session reports
	People    int // person profiles, counted apart
	PeopleURL string
	NoYear    int // records without a year, not in the year chart
	Filters   []link
	Chips     []link
	FormField []field
	SearchURL string
	ExportCSV string
	Heat      heatMap
	HeatEmpty bool
	Years     yearChart
	Gender    genderChart
	Countries []placeCount
	Regions   []placeCount
	// Facets filter the numbers on the page itself (links to /insights).
	Facets []facetView
	// CSV holds the download of each chart for the same filters.
	CSV chartDownloads
}

// chartDownloads are the CSV URLs of the charts.
type chartDownloads struct {
	Heat, Years, Gender, Countries, Regions string
}

func (s *server) handleAPIInsights(w http.ResponseWriter, r *http.Request) {
	req, err := search.ParseRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.search.Insights(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

func (s *server) handleInsightsPage(w http.ResponseWriter, r *http.Request) {
	req, err := search.ParseRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := s.search.Insights(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := stateOf(r.URL.Query())
	p := buildInsightsPage(state, req, in)
	// The facet counts of the same filter, for the filters on the page.
	fr := req
	fr.Page, fr.Size = 1, 1
	resp, err := s.search.Search(r.Context(), fr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	written := map[string]string{} // values selected by filter syntax in q
	for _, c := range resp.Query.Chips {
		if c.Syntax {
			written[c.Facet+"="+c.Value] = pathURL("/insights", withoutChip(state, c))
		}
	}
	p.Facets, _ = facetViews("/insights", state, resp.Facets, written)
	p.CSV = chartDownloads{Heat: chartCSV("heatmap", state), Years: chartCSV("years", state), Gender: chartCSV("gender", state),
		Countries: chartCSV("countries", state), Regions: chartCSV("regions", state)}
	s.render(w, r, http.StatusOK, "insights.html", p)
}

func buildInsightsPage(state url.Values, req search.Request, in search.Insights) insightsPage {
	state.Del("sort") // charts have no order to choose
	state.Del("size")
	p := insightsPage{Title: "Insights", Nav: "insights", Q: req.Q, Total: in.Total, People: in.People, NoYear: in.NoYear, SearchURL: pageURL(state)}
	p.PeopleURL = searchWith(state, "kind", "person")
	if req.Q != "" {
		p.Title = req.Q + " – Insights"
	}
	p.ExportCSV = exportURL(state, "csv")
	for _, k := range stateKeys() {
		if k == "q" {
			continue
		}
		for _, x := range state[k] {
			p.FormField = append(p.FormField, field{k, x})
		}
	}
	for _, name := range search.FacetNames() {
		for _, v := range req.Filters[name] {
			p.Filters = append(p.Filters, link{Label: filterLabel(name, v), URL: pathURL("/insights", toggled(state, name, v))})
		}
	}
	if c, ok := yearRangeChip("/insights", state); ok {
		p.Filters = append(p.Filters, c)
	}
	for _, c := range in.Query.Chips {
		p.Chips = append(p.Chips, link{Label: c.Label, URL: pathURL("/insights", withoutChip(state, c))})
	}
	p.Heat, p.HeatEmpty = buildHeatMap(state, in)
	p.Years = buildYearChart(state, in.Years)
	p.Gender = buildGenderChart(in.Gender)
	p.Countries = places(state, "country", in.Countries)
	p.Regions = places(state, "region", in.Regions)
	return p
}

// filterLabel names a selected filter value for a chip, from the facet
// table: "Action line: C4 – …", "SDG 5 – Gender equality", "Country: Kenya".
func filterLabel(name, v string) string {
	if f, ok := indexer.FacetNamed(name); ok {
		return f.ChipLabel(v)
	}
	return name + ": " + v
}

// searchWith is the search page of the current state with the given facet
// values set (replacing any selection of those facets).
func searchWith(state url.Values, kv ...string) string {
	v := cloneValues(state)
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return pageURL(v)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func buildGenderChart(panels []search.PanelBalance) genderChart {
	c := genderChart{
		LabelW: genderLabelW, MidX: genderLabelW + genderBarW/2,
		Width: genderLabelW + genderBarW + 8, Height: genderPad + len(panels)*genderRowH,
	}
	for i, p := range panels {
		n := p.Women + p.Men + p.Unknown
		r := genderRow{
			Y: genderPad + i*genderRowH, Sessions: p.Sessions,
			Women: p.Women, Men: p.Men, Unknown: p.Unknown,
		}
		r.Label = p.Event
		if p.Year > 0 {
			r.Label += " " + strconv.Itoa(p.Year)
		}
		if n > 0 {
			r.WomenW = p.Women * genderBarW / n
			r.MenW = p.Men * genderBarW / n
			r.UnknownW = genderBarW - r.WomenW - r.MenW
		}
		// The share is of the panellists whose gender is known: an
		// unknown gender is not a man.
		r.SharePct = "no gender known"
		if p.WomenShare != nil {
			r.SharePct = pct(p.Women, p.Women+p.Men)
		}
		r.MenX = genderLabelW + r.WomenW
		r.UnknownX = r.MenX + r.MenW
		c.Rows = append(c.Rows, r)
	}
	return c
}

func pct(part, whole int) string {
	return strconv.Itoa((part*100+whole/2)/whole) + " %"
}

func places(state url.Values, facet string, counts []search.Count) []placeCount {
	out := make([]placeCount, 0, min(len(counts), topPlaces))
	for _, c := range counts[:min(len(counts), topPlaces)] {
		label := c.Label
		if label == "" {
			label = c.Value
		}
		out = append(out, placeCount{Label: label, Count: c.Count, URL: searchWith(state, facet, c.Value)})
	}
	return out
}
