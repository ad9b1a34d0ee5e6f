package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// fakeSearch pages through a fixed list of hits and returns fixed facets,
// people, insights and related hits. Its people keep their contact details
// whatever the request says, so tests see whether web strips them itself.
type fakeSearch struct {
	hits     []search.Hit
	facets   []search.Facet
	chips    []search.Chip
	people   []search.Person
	insights search.Insights
	related  []search.Hit
	// totals, when set, answers Search's total by the request's filters, for
	// the suggestions of the empty state.
	totals func(search.Request) int
	err    error
	panics bool

	mu         sync.Mutex
	reqs       []search.Request
	peopleReqs []search.PeopleRequest
}

// call records req and fails the way the fake was told to.
func (f *fakeSearch) call(req search.Request) error {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	if f.panics {
		panic("search exploded")
	}
	return f.err
}

func (f *fakeSearch) Each(_ context.Context, req search.Request, fn func(record.Record) error) error {
	if err := f.call(req); err != nil {
		return err
	}
	for _, h := range f.hits {
		if h.Record == nil {
			continue
		}
		if err := fn(*h.Record); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSearch) People(_ context.Context, req search.PeopleRequest) (search.PeopleResponse, error) {
	f.mu.Lock()
	f.peopleReqs = append(f.peopleReqs, req)
	f.mu.Unlock()
	if f.panics {
		panic("search exploded")
	}
	if f.err != nil {
		return search.PeopleResponse{}, f.err
	}
	return search.PeopleResponse{Total: len(f.people), Page: 1, Size: 20, People: f.people, Facets: f.facets}, nil
}

func (f *fakeSearch) Insights(_ context.Context, req search.Request) (search.Insights, error) {
	if err := f.call(req); err != nil {
		return search.Insights{}, err
	}
	return f.insights, nil
}

func (f *fakeSearch) Related(context.Context, record.Record, int) ([]search.Hit, error) {
	return f.related, f.err
}

func (f *fakeSearch) Search(_ context.Context, req search.Request) (search.Response, error) {
	if err := f.call(req); err != nil {
		return search.Response{}, err
	}
	page, size := max(req.Page, 1), req.Size
	if size <= 0 {
		size = 20
	}
	from := min((page-1)*size, len(f.hits))
	to := min(from+size, len(f.hits))
	total := len(f.hits)
	if f.totals != nil {
		total = f.totals(req)
		from, to = 0, min(total, len(f.hits))
	}
	return search.Response{
		Total:  total,
		Page:   page,
		Size:   size,
		Hits:   f.hits[from:to],
		Facets: f.facets,
		Query:  search.Understood{Text: req.Q, Chips: f.chips},
	}, nil
}

// fakeRecords is an in-memory RecordGetter.
type fakeRecords map[string]record.Record

func (f fakeRecords) Get(_ context.Context, id string) (record.Record, error) {
	r, ok := f[id]
	if !ok {
		return record.Record{}, fmt.Errorf("get %q: %w", id, store.ErrNotFound)
	}
	return r, nil
}

func (f fakeRecords) Count(context.Context) (int, error) { return len(f), nil }

const (
	evilScript = `<script>alert(1)</script>`
	evilAttr   = `"><img src=x onerror=alert(1)>`
	secretMail = "private.person@example.org"
)

// fixture returns a searcher and records holding one benign record and one
// whose every text field is hostile markup.
func fixture() (*fakeSearch, fakeRecords) {
	good := record.Record{
		ID: "s1", Kind: record.KindSession, Title: "Broadband for rural schools", Year: 2023,
		Event: "WSIS Forum", ActionLines: []string{"C2", "C7.e-learning"}, SDGs: []int{4, 9},
		Countries: []string{"KE"}, ITURegions: []string{"Africa"},
		Body:   "First paragraph\ncontinues here.\n\nSecond paragraph.",
		Source: record.Source{URL: "https://example.org/session/1", File: "s1.txt", Format: "text"},
	}
	evil := record.Record{
		ID: "e1", Kind: record.KindPerson, Title: evilScript + evilAttr, Name: evilScript,
		Summary:  evilAttr,
		Speakers: []record.Person{{Name: evilScript, Organization: evilAttr}},
		Quotes:   []record.Quote{{Text: evilScript, Speaker: evilAttr}},
		Contact:  &record.Contact{Email: secretMail, Phone: "+41 00 000 00 00"},
		Source:   record.Source{URL: "javascript:alert(1)"},
	}
	recs := fakeRecords{good.ID: good, evil.ID: evil}
	s := &fakeSearch{
		hits: []search.Hit{
			{ID: good.ID, Kind: string(good.Kind), Title: good.Title, Year: good.Year, Event: good.Event,
				Snippet: "<mark>Broadband</mark> for rural schools", Record: &good},
			{ID: evil.ID, Kind: string(evil.Kind), Title: evil.Title,
				Snippet: evilScript + "<mark>x</mark>" + evilAttr, Record: &evil},
		},
		facets: []search.Facet{
			{Name: "sdg", Label: "SDG", Values: []search.FacetValue{
				{Value: "4", Label: "SDG 4 – Quality education", Count: 1, Selected: true},
				{Value: "9", Label: evilScript, Count: 1},
			}},
		},
		chips: []search.Chip{{Facet: "region", Value: "Africa", Label: "Region: Africa", Source: "in Africa"}},
	}
	return s, recs
}

func newTestHandler(t *testing.T, s Searcher, recs RecordGetter) (http.Handler, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	return New(Config{Search: s, Records: recs, Logger: zerolog.New(&logs)}), &logs
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestRoutes(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	tests := []struct {
		method, target string
		status         int
		contentType    string
	}{
		{"GET", "/", 200, "text/html"},
		{"HEAD", "/", 200, "text/html"},
		{"GET", "/?q=rural&sdg=4&page=1", 200, "text/html"},
		{"GET", "/records/s1", 200, "text/html"},
		{"GET", "/records/missing", 404, "text/html"},
		{"GET", "/static/style.css", 200, "text/css"},
		{"GET", "/healthz", 200, "application/json"},
		{"GET", "/api/v1/search?q=rural", 200, "application/json"},
		{"GET", "/api/v1/records/s1", 200, "application/json"},
		{"GET", "/api/v1/records/missing", 404, "application/json"},
		{"GET", "/api/v1/export?format=csv", 200, "text/csv"},
		{"GET", "/api/v1/export?format=jsonl&sdg=4", 200, "application/x-ndjson"},
		{"GET", "/api/v1/export?format=xml", 400, "application/json"},
		{"GET", "/api/v1/export", 400, "application/json"},
		{"GET", "/no/such/page", 404, "text/html"},
		{"GET", "/api/v1/nothing", 404, "application/json"},
		{"POST", "/", 405, "text/html"},
		{"DELETE", "/api/v1/records/s1", 405, "application/json"},
		{"POST", "/api/v1/search", 405, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			w := get(t, h, tt.method, tt.target)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d; body: %s", w.Code, tt.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type = %q, want %s", ct, tt.contentType)
			}
			for name, want := range map[string]string{
				"Content-Security-Policy": contentSecurityPolicy,
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "same-origin",
			} {
				if got := w.Header().Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if tt.method == "HEAD" && w.Body.Len() != 0 {
				t.Errorf("HEAD returned a body of %d bytes", w.Body.Len())
			}
		})
	}
}

func TestBadParameters(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	tests := []struct{ query, field string }{
		{"page=-1", "page"},
		{"size=100000", "size"},
		{"sdg=99", "sdg"},
		{"q=" + strings.Repeat("a", 10000), "q"},
		{"sort=sideways", "sort"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			for _, path := range []string{"/api/v1/search?", "/api/v1/export?format=csv&"} {
				w := get(t, h, "GET", path+tt.query)
				if w.Code != http.StatusBadRequest {
					t.Fatalf("%s: status = %d, want 400", path, w.Code)
				}
				var p struct{ Error, Field string }
				if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
					t.Fatalf("%s: body is not JSON: %v: %s", path, err, w.Body)
				}
				if p.Field != tt.field || p.Error == "" {
					t.Errorf("%s: error = %+v, want field %q and a message", path, p, tt.field)
				}
			}
			w := get(t, h, "GET", "/?"+tt.query)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<code>"+tt.field+"</code>") {
				t.Errorf("page: status = %d, want 400 naming %q; body: %s", w.Code, tt.field, w.Body)
			}
		})
	}
}

// appScriptTag is the page's one script element: an external file.
const appScriptTag = `<script src="/static/app.js" defer></script>`

func TestHostileTextIsEscaped(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	for _, target := range []string{"/", "/?q=x&sdg=4", "/records/e1"} {
		t.Run(target, func(t *testing.T) {
			w := get(t, h, "GET", target)
			if w.Code != 200 {
				t.Fatalf("status = %d", w.Code)
			}
			body := strings.Replace(w.Body.String(), appScriptTag, "", 1)
			for _, raw := range []string{"<script", "<img", `href="javascript:`} {
				if strings.Contains(body, raw) {
					t.Errorf("page contains raw %q", raw)
				}
			}
			if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("page does not show the escaped title")
			}
		})
	}

	w := get(t, h, "GET", "/api/v1/export?format=csv")
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v", err)
	}
	found := false
	for _, row := range rows {
		for _, cell := range row {
			found = found || cell == evilScript+evilAttr
		}
	}
	if !found {
		t.Errorf("CSV does not carry the hostile title as one intact cell: %q", rows)
	}
	if got := w.Header().Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") {
		t.Errorf("Content-Disposition = %q", got)
	}
}

func TestContactNeverShown(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	for _, target := range []string{"/api/v1/records/e1", "/records/e1", "/api/v1/export?format=jsonl", "/api/v1/export?format=csv", "/api/v1/search"} {
		w := get(t, h, "GET", target)
		if w.Code != 200 {
			t.Fatalf("%s: status = %d", target, w.Code)
		}
		if strings.Contains(w.Body.String(), secretMail) || strings.Contains(w.Body.String(), `"contact"`) {
			t.Errorf("%s reveals the contact details", target)
		}
	}
}

func TestAPISearchShape(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	w := get(t, h, "GET", "/api/v1/search?q=rural+in+Africa&sdg=4&size=1")
	var got apiSearch
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 2 || got.Size != 1 || len(got.Hits) != 1 {
		t.Fatalf("total/size/hits = %d/%d/%d, want 2/1/1", got.Total, got.Size, len(got.Hits))
	}
	if got.Hits[0].URL != "/api/v1/records/s1" || got.Hits[0].Snippet != "<mark>Broadband</mark> for rural schools" {
		t.Errorf("hit = %+v", got.Hits[0])
	}
	if len(got.Facets) != 1 || got.Facets[0].Name != "sdg" || !got.Facets[0].Values[0].Selected || got.Facets[0].Values[0].Count != 1 {
		t.Errorf("facets = %+v", got.Facets)
	}
	if len(got.Query.Chips) != 1 || got.Query.Chips[0].Value != "Africa" {
		t.Errorf("chips = %+v", got.Query.Chips)
	}
	if r := s.reqs[len(s.reqs)-1]; r.Q != "rural in Africa" || len(r.Filters["sdg"]) != 1 || r.Size != 1 {
		t.Errorf("search got request %+v", r)
	}
}

func TestHealth(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	var got struct {
		Status  string
		Records int
	}
	if err := json.Unmarshal(get(t, h, "GET", "/healthz").Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "ok" || got.Records != len(recs) {
		t.Errorf("healthz = %+v, want ok with %d records", got, len(recs))
	}
}

func TestExportWritesEveryMatch(t *testing.T) {
	const n = 237 // more than any page may hold
	s := &fakeSearch{}
	for i := range n {
		rec := record.Record{ID: fmt.Sprintf("r%03d", i), Kind: record.KindProject, Title: fmt.Sprintf("Project %d", i)}
		s.hits = append(s.hits, search.Hit{ID: rec.ID, Title: rec.Title, Record: &rec})
	}
	h, _ := newTestHandler(t, s, fakeRecords{})
	w := get(t, h, "GET", "/api/v1/export?format=jsonl&page=2&size=5")
	if w.Code != 200 {
		t.Fatalf("status = %d: %s", w.Code, w.Body)
	}
	seen := map[string]bool{}
	dec := json.NewDecoder(w.Body)
	for {
		var rec record.Record
		if err := dec.Decode(&rec); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		seen[rec.ID] = true
	}
	if len(seen) != n {
		t.Errorf("export wrote %d distinct records, want %d", len(seen), n)
	}
}

func TestSearchFailureAndPanicGive500(t *testing.T) {
	for name, s := range map[string]*fakeSearch{
		"error": {err: errors.New("index on fire: /secret/path")},
		"panic": {panics: true},
	} {
		t.Run(name, func(t *testing.T) {
			h, logs := newTestHandler(t, s, fakeRecords{})
			for _, target := range []string{"/", "/api/v1/search", "/api/v1/export?format=csv"} {
				w := get(t, h, "GET", target)
				if w.Code != http.StatusInternalServerError {
					t.Errorf("%s: status = %d, want 500", target, w.Code)
				}
				if strings.Contains(w.Body.String(), "fire") || strings.Contains(w.Body.String(), "exploded") {
					t.Errorf("%s: internal detail leaked: %s", target, w.Body)
				}
			}
			if !strings.Contains(logs.String(), `"level":"error"`) {
				t.Errorf("the failure was not logged: %s", logs)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err    error
		status int
	}{
		{&search.FieldError{Field: "sdg", Msg: "out of range"}, 400},
		{fmt.Errorf("wrapped: %w", &search.FieldError{Field: "q", Msg: "too long"}), 400},
		{fmt.Errorf("get: %w", store.ErrNotFound), 404},
		{errNotFound, 404},
		{errMethod, 405},
		{fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 1}), 413},
		{errors.New("disk full"), 500},
	}
	for _, tt := range tests {
		if got := classify(tt.err); got.Status != tt.status {
			t.Errorf("classify(%v) = %d, want %d", tt.err, got.Status, tt.status)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	var readErr error
	h := limitBody(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.Copy(io.Discard, r.Body)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", maxBodyBytes+1))))
	if classify(readErr).Status != http.StatusRequestEntityTooLarge {
		t.Errorf("reading an oversized body gave %v, want a 413 error", readErr)
	}
}

func TestStaticCaching(t *testing.T) {
	h, _ := newTestHandler(t, &fakeSearch{}, fakeRecords{})
	w := get(t, h, "GET", "/static/style.css")
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Cache-Control") == "" || !strings.Contains(w.Body.String(), "mark") {
		t.Fatalf("style.css: etag %q, cache %q, %d bytes", etag, w.Header().Get("Cache-Control"), w.Body.Len())
	}
	req := httptest.NewRequest("GET", "/static/style.css", nil)
	req.Header.Set("If-None-Match", etag)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusNotModified {
		t.Errorf("revalidation status = %d, want 304", w.Code)
	}
}

func TestTemplatesHaveNoInlineStyleOrScript(t *testing.T) {
	forbidden := regexp.MustCompile(`(?i)<script|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:`)
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := templateFS.ReadFile("templates/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		// The one script is the external /static/app.js; nothing inline.
		b = bytes.Replace(b, []byte(appScriptTag), nil, 1)
		if m := forbidden.Find(b); m != nil {
			t.Errorf("%s contains %q, which the CSP forbids", e.Name(), m)
		}
	}
}

func TestRequestLogIsQuietByDefault(t *testing.T) {
	var logs bytes.Buffer
	h := New(Config{Search: &fakeSearch{}, Records: fakeRecords{}, Logger: zerolog.New(&logs).Level(zerolog.InfoLevel)})
	get(t, h, "GET", "/healthz")
	if logs.Len() != 0 {
		t.Errorf("a good request logged at info level: %s", logs.String())
	}
	logs.Reset()
	h = New(Config{Search: &fakeSearch{}, Records: fakeRecords{}, Logger: zerolog.New(&logs).Level(zerolog.DebugLevel)})
	get(t, h, "GET", "/healthz")
	if !strings.Contains(logs.String(), `"path":"/healthz"`) || !strings.Contains(logs.String(), `"status":200`) {
		t.Errorf("debug request log = %s", logs.String())
	}
}
