package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/search"
)

// fixtureTitles are the titles of the five reports in testdata: three IGF
// workshops and two WSIS Forum sessions. Tagged C4: the teachers workshop
// and the bootcamps session; tagged SDG 5: the harassment workshop and the
// bootcamps session.
var fixtureTitles = []string{
	"Community networks that keep rural villages online",
	"Digital skills for teachers in small island states",
	"Countering online harassment of women journalists",
	"Coding bootcamps that bring women into software careers",
	"Telemedicine links for remote health clinics",
}

// TestIntegration imports the fixtures into a real catalog, starts the real
// server on a free port and speaks HTTP to it.
func TestIntegration(t *testing.T) {
	// The session reports at the top of testdata only: testdata/people adds
	// people, for the people finder's tests.
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) != len(fixtureTitles) {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	base := startTestServer(t, Config{}, files...)

	var health struct {
		Status  string
		Records int
	}
	getJSON(t, base+"/healthz", &health)
	if health.Status != "ok" || health.Records != len(fixtureTitles) {
		t.Errorf("healthz = %+v, want ok with %d records", health, len(fixtureTitles))
	}

	tests := []struct {
		query      string
		total      int
		facet      string
		wantCounts map[string]int
		wantTitles []string
	}{
		{"sdg=5", 2, "action_line", map[string]int{"C4": 1, "C5": 1}, []string{fixtureTitles[2], fixtureTitles[3]}},
		{"action_line=C4", 2, "sdg", map[string]int{"4": 1, "5": 1}, []string{fixtureTitles[1], fixtureTitles[3]}},
		// Disjunctive faceting: the sdg counts ignore the sdg selection.
		{"sdg=5&action_line=C4", 1, "sdg", map[string]int{"4": 1, "5": 1}, []string{fixtureTitles[3]}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got apiSearch
			getJSON(t, base+"/api/v1/search?"+tt.query, &got)
			if got.Total != tt.total {
				t.Errorf("total = %d, want %d", got.Total, tt.total)
			}
			var titles []string
			for _, h := range got.Hits {
				titles = append(titles, h.Title)
			}
			for _, want := range tt.wantTitles {
				if !strings.Contains(strings.Join(titles, "\n"), want) {
					t.Errorf("hits %q lack %q", titles, want)
				}
			}
			counts := map[string]int{}
			for _, f := range got.Facets {
				if f.Name == tt.facet {
					for _, v := range f.Values {
						counts[v.Value] = v.Count
					}
				}
			}
			for value, want := range tt.wantCounts {
				if counts[value] != want {
					t.Errorf("facet %s=%s counts %d, want %d (all: %v)", tt.facet, value, counts[value], want, counts)
				}
			}
		})
	}

	page := getBody(t, base+"/")
	for _, title := range fixtureTitles {
		if !strings.Contains(page, title) {
			t.Errorf("/ does not list %q", title)
		}
	}
	// The SDG 5 facet value links to the filtered search and says 2.
	sdg5 := regexp.MustCompile(`<a href="/\?sdg=5"[^>]*>[^<]*<span class="count">\(2\)</span>`)
	if !sdg5.MatchString(page) {
		t.Errorf("/ has no SDG 5 facet link with count 2")
	}

	var found apiSearch
	getJSON(t, base+"/api/v1/search?"+url.Values{"q": {"telemedicine"}}.Encode(), &found)
	if len(found.Hits) == 0 {
		t.Fatal("no hit for telemedicine")
	}
	rec := getBody(t, base+"/records/"+url.PathEscape(found.Hits[0].ID))
	if !strings.Contains(rec, "<h1>"+fixtureTitles[4]+"</h1>") {
		t.Errorf("the record page does not show the title %q", fixtureTitles[4])
	}
	if !strings.Contains(rec, `href="https://wsisforum.example.org/2024/sessions/telemedicine-for-remote-clinics"`) {
		t.Errorf("the record page does not link the source")
	}
}

// startTestServer imports paths into a fresh catalog, serves it with the
// real search service on a free port (cfg supplies the rest, such as the
// staff token) and returns the base URL. The server stops with the test.
func startTestServer(t *testing.T, cfg Config, paths ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	cat, err := catalog.Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if _, err := cat.Import(ctx, paths, catalog.ImportOptions{}); err != nil {
		cancel()
		t.Fatal(err)
	}
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		cancel()
		t.Fatal(err)
	}
	cfg.Search, cfg.Records = search.New(cat.Index(), cat.Store()), cat.Store()
	if cfg.StaffToken != "" { // staff can import
		cfg.Importer, cfg.ImportContext = cat, ctx
	}
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- Run(ctx, "127.0.0.1:0", New(cfg), zerolog.Nop(), func(a net.Addr) { addrs <- a }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if err := cat.Close(); err != nil {
			t.Errorf("close catalog: %v", err)
		}
	})
	select {
	case a := <-addrs:
		return "http://" + a.String()
	case err := <-done:
		t.Fatalf("Run: %v", err)
	}
	return ""
}

func getBody(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return string(b)
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(getBody(t, u)), v); err != nil {
		t.Fatal(fmt.Errorf("GET %s: %w", u, err))
	}
}
