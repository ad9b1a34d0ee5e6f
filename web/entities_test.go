package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// writeTwoLists writes a nominee list and a winners list that report one
// project twice (and one project once) into dir, and returns their paths.
func writeTwoLists(t *testing.T, dir string) []string {
	t.Helper()
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
	return paths
}

// TestRecordsParameter: by default a project two lists report is one result
// with both sources and the merged prize status, in the API, the page and
// the export; records=sources lists both records, as stored.
func TestRecordsParameter(t *testing.T) {
	base := startTestServer(t, Config{}, writeTwoLists(t, t.TempDir())...)

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

// TestRecordPageEntity: a record page lists the other records of its
// entity with their sources and why they were merged; signed-in staff split
// a record from it and join another to it (same-origin POSTs only), and the
// search follows.
func TestRecordPageEntity(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cat, err := catalog.Open(ctx, t.TempDir(), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	src := t.TempDir()
	writeTwoLists(t, src)
	if _, err := cat.Import(ctx, []string{src}, catalog.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	err = cat.Store().ForEach(ctx, func(r record.Record) error {
		ids[filepath.Base(r.Source.File)+":"+strings.ToLower(r.Title)] = r.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	nominee, winner, radio := ids["nominees.csv:lagoon water sensors network"], ids["winners.csv:lagoon water sensors network"], ids["nominees.csv:harbour storm radio"]

	h := New(Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: zerolog.Nop(),
		StaffToken: fixtureStaffToken, Versions: cat, Links: cat})
	addrs, done := make(chan net.Addr, 1), make(chan error, 1)
	go func() { done <- Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrs <- a }) }()
	base := "http://" + (<-addrs).String()
	defer func() { cancel(); <-done }()
	visitor, staff := staffClient(t), staffClient(t)
	if resp, _ := post(t, staff, base+"/staff/signin", base, url.Values{"token": {fixtureStaffToken}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	total := func(q string) int {
		var got apiSearch
		getJSON(t, base+"/api/v1/search?q="+url.QueryEscape(q), &got)
		return got.Total
	}

	_, body := getWith(t, visitor, base+"/records/"+nominee)
	for _, want := range []string{"Reported by 1 other source", "winners.csv", "/records/" + winner, "Why these were merged", "titles match", "status of the whole entity: winner"} {
		if !strings.Contains(body, want) {
			t.Errorf("visitor's record page lacks %q", want)
		}
	}
	if strings.Contains(body, "/link\"") {
		t.Error("a visitor sees the split and join forms")
	}
	if _, body := getWith(t, staff, base+"/records/"+nominee); !strings.Contains(body, "Not the same: split") || !strings.Contains(body, ">Join</button>") {
		t.Error("staff do not see the split and join forms")
	}
	link := func(c *http.Client, origin, verb, other string) int {
		resp, _ := post(t, c, base+"/records/"+nominee+"/link", origin, url.Values{"verb": {verb}, "other": {other}})
		return resp.StatusCode
	}
	for _, tt := range []struct {
		name          string
		c             *http.Client
		origin, verb  string
		other         string
		status, total int
	}{
		{"foreign origin", staff, "https://evil.example", "split", winner, http.StatusForbidden, 1},
		{"not signed in", visitor, base, "split", winner, http.StatusSeeOther, 1},
		{"bad verb", staff, base, "merge", winner, http.StatusBadRequest, 1},
		{"unknown record", staff, base, "split", "p0000000000000000", http.StatusNotFound, 1},
		{"split", staff, base, "split", winner, http.StatusSeeOther, 2},
		{"join again", staff, base, "join", winner, http.StatusSeeOther, 1},
	} {
		if got := link(tt.c, tt.origin, tt.verb, tt.other); got != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.status)
		}
		if err := cat.WaitSearchable(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if n := total("lagoon water sensors"); n != tt.total {
			t.Errorf("after %s: %d results for the lagoon project, want %d", tt.name, n, tt.total)
		}
	}
	if got := link(staff, base, "join", radio); got != http.StatusSeeOther {
		t.Fatalf("join: %d", got)
	}
	if err := cat.WaitSearchable(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, body := getWith(t, visitor, base+"/records/"+nominee); !strings.Contains(body, "Reported by 2 other sources") || !strings.Contains(body, "joined by staff") {
		t.Error("the join does not show on the record page")
	}
}
