package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// The charts are SVG drawn at their natural size (width and height in CSS
// pixels, one user unit each), never scaled down to the screen: a chart
// wider than a phone scrolls inside its own box, so every label keeps its
// 12 px and every count stays readable. These constants are that size.
const (
	heatHeadH = 130 // column labels: SDG number and name, slanted; also .heat-rows padding in style.css
	heatCellW = 34
	heatCellH = 24 // also .heat-rows li { height } in style.css
	// heatRowRunes and heatColRunes shorten row and column names; the full
	// name is in each label's title and in the table.
	heatRowRunes = 34
	heatColRunes = 22

	yearBarW   = 44
	yearChartH = 160
	yearLabelH = 22 // year under the bar
	yearCountH = 18 // count above the tallest bar

	genderLabelW = 150
	genderBarW   = 360
	genderRowH   = 30
	genderPad    = 24 // room for the 50 % label

	topPlaces = 10 // countries and regions listed
)

// heatLevels are the fills of the heat map, lightest first, each with the
// text colour that keeps a contrast of at least 4.5:1 on it. Discrete levels
// rather than a continuous ramp, because a ramp passes through mid tones on
// which neither dark nor white text reaches that contrast. The stylesheet
// must not set a fill on the count text (a CSS fill beats the attribute):
// the browser test checks the colours as drawn.
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
	Label      string // "C4 Capacity building × SDG 5 Gender equality: 3 records", the link's name
	URL        string // search of the cell; "" when empty
}

type heatRow struct {
	Code, Label string
	Short       string // shown beside the row; Label on hover
	Y           int
	Cells       []heatCell
}

type heatCol struct {
	N              int
	Label, Short   string
	X              int
	LabelX, LabelY int // where the slanted label starts: above the column's middle
}

type heatMap struct {
	Width, Height int
	HeadH         int
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

// shortActionLine is an action line as a chart row or a facet shows it:
// "C4 Capacity building", "C7 e-health", cut to n runes.
func shortActionLine(code string, n int) string {
	al, ok := taxonomy.LookupActionLine(code)
	if !ok {
		return code
	}
	if sub, found := strings.CutPrefix(al.Name, "ICT applications: "); found {
		return "C7 " + sub
	}
	return cut(code+" "+al.Name, n)
}

// shortSDG is "5 Gender equality", cut to n runes.
func shortSDG(n, runes int) string {
	label := taxonomy.SDGLabel(n)
	if _, name, ok := strings.Cut(label, " – "); ok {
		return cut(strconv.Itoa(n)+" "+name, runes)
	}
	return label
}

// cut shortens s to n runes, ending with "…" when it was longer.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n-1]), " ,") + "…"
}

func buildHeatMap(state url.Values, in search.Insights) (heatMap, bool) {
	levels := heatLevels()
	h := heatMap{
		HeadH: heatHeadH, CellW: heatCellW, CellH: heatCellH,
		// Room on the right for the last slanted column label.
		Width:  len(in.SDGs)*heatCellW + heatHeadH,
		Height: heatHeadH + len(in.ActionLines)*heatCellH + 2,
	}
	peak := 0
	for _, row := range in.Matrix {
		for _, n := range row {
			peak = max(peak, n)
		}
	}
	for j, n := range in.SDGs {
		h.Cols = append(h.Cols, heatCol{N: n, Label: taxonomy.SDGLabel(n), Short: shortSDG(n, heatColRunes), X: j * heatCellW,
			LabelX: j*heatCellW + heatCellW/2 + 4, LabelY: heatHeadH - 6})
	}
	for i, code := range in.ActionLines {
		row := heatRow{Code: code, Label: taxonomy.ActionLineLabel(code), Short: shortActionLine(code, heatRowRunes), Y: heatHeadH + i*heatCellH}
		for j, n := range in.SDGs {
			c := heatCell{X: j * heatCellW, Y: row.Y, Fill: "#ffffff", Text: "#1b1f24"}
			if i < len(in.Matrix) && j < len(in.Matrix[i]) {
				c.Count = in.Matrix[i][j]
			}
			if c.Count > 0 {
				lv := levels[level(c.Count, peak, len(levels))]
				c.Fill, c.Text = lv.Fill, lv.Text
				c.URL = searchWith(state, "action_line", code, "sdg", strconv.Itoa(n))
			}
			c.Label = fmt.Sprintf("%s × %s: %s", shortActionLine(code, 60), shortSDG(n, 60), plural(c.Count, "record", "records"))
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
