package web

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecordsParameter: by default a project two lists report is one result
// with both sources and the merged prize status, in the API, the page and
// the export; records=sources lists both records, as stored.
func TestRecordsParameter(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"nominees.csv": "Title,Organization,Country,Status,Year\n" +
			"Lagoon Water Sensors Network,Coastal Research Institute (CRI),Ghana,nominee,2019\n" +
			"Harbour Storm Radio,Fiji Coast Guard,Fiji,nominee,2019\n",
		"winners.csv": "Title,Organization,Country,Status,Year\n" +
			"LAGOON WATER SENSORS NETWORK,CRI,Ghana,winner,2019\n",
	}
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	base := startTestServer(t, Config{}, paths...)

	tests := []struct {
		params  string
		total   int
		sources int // of the first hit
		prize   string
	}{
		{"q=lagoon+water+sensors", 1, 2, "winner"},
		{"q=lagoon+water+sensors&records=entities", 1, 2, "winner"},
		{"q=lagoon+water+sensors&records=sources", 2, 0, ""},
		{"prize=nominee", 1, 0, "nominee"}, // the lagoon project is a winner now
		{"prize=nominee&records=sources", 2, 0, "nominee"},
	}
	for _, tt := range tests {
		t.Run(tt.params, func(t *testing.T) {
			var got apiSearch
			getJSON(t, base+"/api/v1/search?"+tt.params, &got)
			if got.Total != tt.total || len(got.Hits) != tt.total {
				t.Fatalf("total %d (%d hits), want %d", got.Total, len(got.Hits), tt.total)
			}
			h := got.Hits[0]
			if len(h.Sources) != tt.sources || (tt.prize != "" && h.Prize != tt.prize) {
				t.Errorf("first hit: %d sources, prize %q; want %d, %q", len(h.Sources), h.Prize, tt.sources, tt.prize)
			}
			lines := strings.Count(getBody(t, base+"/api/v1/export?format=jsonl&"+tt.params), "\n")
			if lines != tt.total {
				t.Errorf("export: %d lines, want %d", lines, tt.total)
			}
		})
	}

	page := getBody(t, base+"/?q=lagoon+water+sensors")
	for _, want := range []string{"Reported by 2 sources", "prize status: winner", "winners.csv", "nominees.csv", "records=sources"} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	page = getBody(t, base+"/?q=lagoon+water+sensors&records=sources")
	if strings.Contains(page, "Reported by") || !strings.Contains(page, "Every source record is listed") {
		t.Errorf("records=sources page: want every record, without entity sources")
	}
	resp, err := http.Get(base + "/api/v1/search?records=all")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("records=all: status %d, want 400", resp.StatusCode)
	}
	var in struct{ Total int }
	getJSON(t, base+"/api/v1/insights?records=sources", &in)
	if in.Total != 3 {
		t.Errorf("insights records=sources: total %d, want 3", in.Total)
	}
	getJSON(t, base+"/api/v1/insights", &in)
	if in.Total != 2 {
		t.Errorf("insights: total %d, want 2 entities", in.Total)
	}
}
