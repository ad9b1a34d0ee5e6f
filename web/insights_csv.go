package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wsis-tools/stocktake/export"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Every chart of the insights page downloads as CSV with the numbers it
// draws, for the same filters: /insights/{chart}.csv?<filters>.

// chartTables are the downloadable charts and how each becomes a table.
var chartTables = map[string]func(search.Insights) [][]string{
	"heatmap":   heatTable,
	"years":     yearsTable,
	"gender":    genderTable,
	"countries": countriesTable,
	"regions":   regionsTable,
}

func (s *server) handleChartCSV(w http.ResponseWriter, r *http.Request) {
	chart := mux.Vars(r)["chart"]
	table, ok := chartTables[chart]
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
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
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+downloadName(chart, r.URL.Query(), "csv")+`"`)
	if r.Method == http.MethodHead {
		return
	}
	cw := csv.NewWriter(w)
	for _, row := range table(in) {
		for i, cell := range row {
			row[i] = export.SafeCell(cell)
		}
		_ = cw.Write(row) // the client went away; nothing left to do
	}
	cw.Flush()
}

// chartCSV is the download URL of a chart for the filters of state.
func chartCSV(chart string, state url.Values) string {
	return pathURL("/insights/"+chart+".csv", state)
}

func heatTable(in search.Insights) [][]string {
	head := []string{"action_line", "action_line_name"}
	for _, n := range in.SDGs {
		head = append(head, taxonomy.SDGLabel(n))
	}
	rows := [][]string{head}
	for i, code := range in.ActionLines {
		row := []string{code, taxonomy.ActionLineLabel(code)}
		for j := range in.SDGs {
			n := 0
			if i < len(in.Matrix) && j < len(in.Matrix[i]) {
				n = in.Matrix[i][j]
			}
			row = append(row, strconv.Itoa(n))
		}
		rows = append(rows, row)
	}
	return rows
}

func yearsTable(in search.Insights) [][]string {
	rows := [][]string{{"year", "records"}}
	for _, y := range in.Years {
		rows = append(rows, []string{y.Value, strconv.Itoa(y.Count)})
	}
	// Records without a year are counted, not dropped.
	if in.NoYear > 0 {
		rows = append(rows, []string{"none", strconv.Itoa(in.NoYear)})
	}
	return rows
}

func genderTable(in search.Insights) [][]string {
	rows := [][]string{{"event", "year", "sessions", "women", "men", "unknown"}}
	for _, p := range in.Gender {
		year := ""
		if p.Year > 0 {
			year = strconv.Itoa(p.Year)
		}
		rows = append(rows, []string{p.Event, year, strconv.Itoa(p.Sessions), strconv.Itoa(p.Women), strconv.Itoa(p.Men), strconv.Itoa(p.Unknown)})
	}
	return rows
}

func countriesTable(in search.Insights) [][]string {
	rows := [][]string{{"country", "country_name", "records"}}
	for _, c := range in.Countries {
		rows = append(rows, []string{c.Value, countryName(c.Value), strconv.Itoa(c.Count)})
	}
	return rows
}

func regionsTable(in search.Insights) [][]string {
	rows := [][]string{{"region", "records"}}
	for _, c := range in.Regions {
		rows = append(rows, []string{c.Value, strconv.Itoa(c.Count)})
	}
	return rows
}

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// maxNameRunes bounds a download's file name.
const maxNameRunes = 120

// downloadName names a download after what it holds and its filters, in
// the order of the search state: "stocktake-heatmap-sdg-5-region-africa.csv",
// so files saved side by side say which numbers they are.
func downloadName(what string, params url.Values, ext string) string {
	parts := []string{"stocktake", what}
	for _, k := range stateKeys() {
		if k == "sort" || k == "size" {
			continue
		}
		for _, v := range params[k] {
			if slug := strings.Trim(notSlug.ReplaceAllString(strings.ToLower(v), "-"), "-"); slug != "" {
				parts = append(parts, strings.ReplaceAll(k, "_", "-"), slug)
			}
		}
	}
	name := strings.Join(parts, "-")
	if len(name) > maxNameRunes { // ASCII only after slugging
		name = strings.TrimRight(name[:maxNameRunes], "-")
	}
	return fmt.Sprintf("%s.%s", name, ext)
}
