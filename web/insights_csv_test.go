package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestChartCSV: each chart downloads as CSV with the numbers it draws,
// named after its filters; so does the records export.
func TestChartCSV(t *testing.T) {
	h, _ := newTestHandler(t, &fakeSearch{insights: insightsFixture()}, fakeRecords{})
	tests := []struct {
		target, name string
		lines        []string
	}{
		{"/insights/heatmap.csv?sdg=5&region=Africa", "stocktake-heatmap-sdg-5-region-africa.csv",
			[]string{"action_line,action_line_name,SDG 4 – Quality education,SDG 5 – Gender equality", "C4,C4 – Capacity building,3,0", "C5,C5 – Building confidence and security in the use of ICTs,0,1"}},
		{"/insights/years.csv", "stocktake-years.csv", []string{"year,records", "2022,1", "2023,3"}},
		{"/insights/gender.csv?q=women+%26+girls", "stocktake-gender-q-women-girls.csv", []string{"event,year,sessions,women,men,unknown", "IGF,2023,2,3,4,1"}},
		{"/insights/countries.csv", "stocktake-countries.csv", []string{"country,country_name,records", "KE,Kenya,2"}},
		{"/insights/regions.csv", "stocktake-regions.csv", []string{"region,records", "Africa,2"}},
	}
	for _, tt := range tests {
		w := get(t, h, "GET", tt.target)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %s", tt.target, w.Code, w.Header().Get("Content-Type"))
		}
		if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="`+tt.name+`"` {
			t.Errorf("%s: %s", tt.target, cd)
		}
		for _, line := range tt.lines {
			if !strings.Contains(w.Body.String(), line+"\n") {
				t.Errorf("%s lacks %q:\n%s", tt.target, line, w.Body)
			}
		}
	}
	if w := get(t, h, "GET", "/insights/pie.csv"); w.Code != http.StatusNotFound {
		t.Errorf("unknown chart: %d", w.Code)
	}
	if w := get(t, h, "GET", "/insights/years.csv?sgd=5"); w.Code != http.StatusBadRequest {
		t.Errorf("mistyped filter: %d", w.Code)
	}
	s, recs := fixture()
	h, _ = newTestHandler(t, s, recs)
	if cd := get(t, h, "GET", "/api/v1/export?format=jsonl&sdg=4&q=rural").Header().Get("Content-Disposition"); cd != `attachment; filename="stocktake-records-q-rural-sdg-4.jsonl"` {
		t.Errorf("export file name: %s", cd)
	}
	long := url.Values{"q": {strings.Repeat("word ", 60)}}
	if name := downloadName("records", long, "csv"); len(name) > maxNameRunes+4 || !strings.HasSuffix(name, ".csv") {
		t.Errorf("long name %q", name)
	}
}
