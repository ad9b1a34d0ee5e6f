package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Geometry of the charts, in SVG user units. The SVGs scale to the width of
// the page through their viewBox, so these only fix proportions.
const (
	heatLabelW = 130 // row labels (action-line codes)
	heatHeadH  = 28  // column labels (SDG numbers)
	heatCellW  = 34
	heatCellH  = 24

	yearBarW   = 44
	yearChartH = 160
	yearLabelH = 22 // year under the bar
	yearCountH = 18 // count above the tallest bar

	genderLabelW = 230
	genderBarW   = 400
	genderRowH   = 30
	genderPad    = 24 // room for the 50 % label

	topPlaces = 10 // countries and regions listed
)

// heatLevels are the fills of the heat map, lightest first, each with the
// text colour that keeps a contrast of at least 4.5:1 on it. Discrete levels
// rather than a continuous ramp, because a ramp passes through mid tones on
// which neither dark nor white text reaches that contrast.
func heatLevels() []struct{ Fill, Text string } {
	return []struct{ Fill, Text string }{
		{"#e8f1fb", "#1b1f24"},
		{"#bcd7f2", "#1b1f24"},
		{"#86b4e3", "#1b1f24"},
		{"#1f5fa6", "#ffffff"},
		{"#0b3d73", "#ffffff"},
	}
}

// heatCell is one cell of the action line × SDG matrix.
type heatCell struct {
	X, Y       int
	Count      int
	Fill, Text string
	Label      string // "C4 × SDG 5: 3 records", the link's accessible name
	URL        string // search of the cell; "" when empty
}

type heatRow struct {
	Code, Label string
	Y           int
	Cells       []heatCell
}

type heatCol struct {
	N     int
	Label string
	X     int
}

type heatMap struct {
	Width, Height int
	CellW, CellH  int
	Cols          []heatCol
	Rows          []heatRow
	Legend        []heatLegend
}

type heatLegend struct {
	Fill, Label string
}

type bar struct {
	X, Y, W, H int
	Label      string
	Count      int
	URL        string
}

type yearChart struct {
	Width, Height, Base int
	Bars                []bar
}

type genderRow struct {
	Y                      int
	Label                  string
	Sessions               int
	Women, Men, Unknown    int
	WomenW, MenW, UnknownW int // bar widths
	MenX, UnknownX         int
	SharePct               string
}

type genderChart struct {
	Width, Height int
	LabelW        int
	MidX          int // the 50 % line
	Rows          []genderRow
}

type placeCount struct {
	Label string
	Count int
	URL   string
}

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
	s.render(w, r, http.StatusOK, "insights.html", buildInsightsPage(stateOf(r.URL.Query()), req, in))
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

func buildHeatMap(state url.Values, in search.Insights) (heatMap, bool) {
	levels := heatLevels()
	h := heatMap{
		CellW: heatCellW, CellH: heatCellH,
		Width:  heatLabelW + len(in.SDGs)*heatCellW + 2,
		Height: heatHeadH + len(in.ActionLines)*heatCellH + 2,
	}
	peak := 0
	for _, row := range in.Matrix {
		for _, n := range row {
			peak = max(peak, n)
		}
	}
	for j, n := range in.SDGs {
		h.Cols = append(h.Cols, heatCol{N: n, Label: taxonomy.SDGLabel(n), X: heatLabelW + j*heatCellW})
	}
	for i, code := range in.ActionLines {
		row := heatRow{Code: code, Label: taxonomy.ActionLineLabel(code), Y: heatHeadH + i*heatCellH}
		for j, n := range in.SDGs {
			c := heatCell{X: heatLabelW + j*heatCellW, Y: row.Y, Fill: "#ffffff", Text: "#1b1f24"}
			if i < len(in.Matrix) && j < len(in.Matrix[i]) {
				c.Count = in.Matrix[i][j]
			}
			if c.Count > 0 {
				lv := levels[level(c.Count, peak, len(levels))]
				c.Fill, c.Text = lv.Fill, lv.Text
				c.URL = searchWith(state, "action_line", code, "sdg", strconv.Itoa(n))
			}
			c.Label = fmt.Sprintf("%s × SDG %d: %s", code, n, plural(c.Count, "record", "records"))
			row.Cells = append(row.Cells, c)
		}
		h.Rows = append(h.Rows, row)
	}
	for i, lv := range levels {
		lo, hi := levelRange(i, peak, len(levels))
		if lo > hi {
			continue // fewer distinct counts than levels
		}
		label := strconv.Itoa(lo)
		if hi > lo {
			label += "–" + strconv.Itoa(hi)
		}
		h.Legend = append(h.Legend, heatLegend{Fill: lv.Fill, Label: label})
	}
	return h, peak == 0
}

// level maps a count in 1..peak to one of n levels, evenly by value, the
// peak to the darkest.
func level(count, peak, n int) int {
	return max(0, (count*n+peak-1)/peak-1)
}

// levelRange is the range of counts that level i covers.
func levelRange(i, peak, n int) (lo, hi int) {
	lo, hi = peak+1, 0
	for c := 1; c <= peak; c++ {
		if level(c, peak, n) == i {
			lo, hi = min(lo, c), max(hi, c)
		}
	}
	return lo, hi
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func buildYearChart(state url.Values, years []search.Count) yearChart {
	c := yearChart{Width: max(1, len(years)) * yearBarW, Height: yearCountH + yearChartH + yearLabelH, Base: yearCountH + yearChartH}
	peak := 0
	for _, y := range years {
		peak = max(peak, y.Count)
	}
	for i, y := range years {
		h := 0
		if peak > 0 {
			h = max(1, y.Count*yearChartH/peak)
		}
		c.Bars = append(c.Bars, bar{
			X: i * yearBarW, Y: c.Base - h, W: yearBarW - 8, H: h,
			Label: y.Value, Count: y.Count, URL: searchWith(state, "year", y.Value),
		})
	}
	return c
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
