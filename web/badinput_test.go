package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// reliabilityFixtures are small documents of our own writing in two of the
// formats stocktake imports: a session report and a project table.
var reliabilityFixtures = map[string]string{
	"session-mesh-radio.md": `Source: https://forum.example.net/2023/sessions/mesh-radio-for-fishing-villages

# Mesh radio for fishing villages

WSIS Forum 2023, thematic workshop
Date: 2023-03-15

## WSIS action lines

- Action Line C2: Information and communication infrastructure

## Sustainable Development Goals

- SDG 9: Industry, innovation and infrastructure

## Outcome summary

Cooperatives from three coastal districts described how solar powered mesh
radios carry weather warnings and market prices to boats at sea. Speakers
asked regulators for licence-exempt spectrum near harbours.
`,
	"projects.csv": `title,organization,country,action lines,sdgs,year,description
Seed library ledger,Highland Growers Union,Peru,C7.e-agriculture,2;15,2021,A shared register of heirloom seed varieties kept by village libraries.
Braille maths tutor,Open Reading Trust,India,C4;C7.e-learning,4;10,2022,Audio and braille exercises that let blind pupils follow the maths curriculum.
Clinic queue by SMS,Lakeside Health Network,Uganda,C7.e-health,3,2020,Patients book a slot at rural clinics by text message and wait at home.
`,
}

// openReliabilityCatalog writes files into a temp folder, opens a catalog in
// another temp folder and imports them, failing on any rejection.
func openReliabilityCatalog(t testing.TB, files map[string]string) *catalog.Catalog {
	t.Helper()
	ctx := context.Background()
	src := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "data"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := cat.Close(); err != nil {
			t.Errorf("close catalog: %v", err)
		}
	})
	results, err := cat.Import(ctx, []string{src}, catalog.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Rejected != "" || len(r.RowErrors) > 0 {
			t.Fatalf("fixture %s: rejected %q, row errors %q", r.Path, r.Rejected, r.RowErrors)
		}
	}
	return cat
}

// reliabilityToken is the staff token of the servers the reliability tests
// start.
const reliabilityToken = "rel-staff-9f3c2a7e51d04b86"

// reliabilityHandler is the real site over cat, with uploads enabled for
// reliabilityToken.
func reliabilityHandler(cat *catalog.Catalog, log zerolog.Logger) http.Handler {
	return New(Config{Search: search.New(cat.Index(), cat.Store()), Records: cat.Store(), Logger: log,
		StaffToken: reliabilityToken, Importer: cat, ImportContext: context.Background()})
}

// startReliabilityServer runs h with the real server (web.Run) on a free
// port of 127.0.0.1 until the test ends, and returns its base URL.
func startReliabilityServer(t testing.TB, h http.Handler) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, "127.0.0.1:0", h, zerolog.Nop(), func(a net.Addr) { addrs <- a })
	}()
	select {
	case a := <-addrs:
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
		return "http://" + a.String()
	case err := <-done:
		cancel()
		t.Fatalf("Run: %v", err)
		return ""
	}
}

// storedRecords reads every stored record, by id.
func storedRecords(t testing.TB, cat *catalog.Catalog) map[string]record.Record {
	t.Helper()
	out := map[string]record.Record{}
	err := cat.Store().ForEach(context.Background(), func(r record.Record) error {
		out[r.ID] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// noRedirects returns a client that shows redirects instead of following
// them, so a test sees where the server sends a client.
func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestBadInputAPI sends bad requests of every kind to the real server and
// checks each gets the expected 4xx (JSON with the field named under /api/),
// never a 5xx, with the security headers on; then that nothing stored changed.
func TestBadInputAPI(t *testing.T) {
	cat := openReliabilityCatalog(t, reliabilityFixtures)
	base := startReliabilityServer(t, reliabilityHandler(cat, zerolog.Nop()))
	before := storedRecords(t, cat)
	if len(before) != 4 {
		t.Fatalf("fixtures gave %d records, want 4", len(before))
	}

	long := func(n int) string { return strings.Repeat("a", n) }
	twoMB := bytes.Repeat([]byte("x"), 2<<20)
	tests := []struct {
		name   string
		method string
		target string
		body   []byte
		header http.Header
		want   int
		field  string // the field a JSON 400 must name
	}{
		{"query of 10,000 characters", "GET", "/api/v1/search?q=" + long(10000), nil, nil, 400, "q"},
		{"query of invalid UTF-8", "GET", "/api/v1/search?q=%ff%fe", nil, nil, 400, "q"},
		{"negative page", "GET", "/api/v1/search?page=-1", nil, nil, 400, "page"},
		{"page zero", "GET", "/api/v1/search?page=0", nil, nil, 400, "page"},
		{"page not a number", "GET", "/api/v1/search?page=abc", nil, nil, 400, "page"},
		{"page overflowing int64", "GET", "/api/v1/search?page=99999999999999999999", nil, nil, 400, "page"},
		{"page past the result window", "GET", "/api/v1/search?page=501", nil, nil, 400, "page"},
		{"huge size", "GET", "/api/v1/search?size=100000", nil, nil, 400, "size"},
		{"size zero", "GET", "/api/v1/search?size=0", nil, nil, 400, "size"},
		{"size in float notation", "GET", "/api/v1/search?size=1e3", nil, nil, 400, "size"},
		{"sdg 99", "GET", "/api/v1/search?sdg=99", nil, nil, 400, "sdg"},
		{"sdg 0", "GET", "/api/v1/search?sdg=0", nil, nil, 400, "sdg"},
		{"one bad sdg among good ones", "GET", "/api/v1/search?sdg=5&sdg=5&sdg=abc", nil, nil, 400, "sdg"},
		{"21 sdg values", "GET", "/api/v1/search?" + strings.Repeat("sdg=1&", 21), nil, nil, 400, "sdg"},
		{"action line C99", "GET", "/api/v1/search?action_line=C99", nil, nil, 400, "action_line"},
		{"year abc", "GET", "/api/v1/search?year=abc", nil, nil, 400, "year"},
		{"year 1200", "GET", "/api/v1/search?year=1200", nil, nil, 400, "year"},
		{"unknown country", "GET", "/api/v1/search?country=Atlantis", nil, nil, 400, "country"},
		{"unknown region", "GET", "/api/v1/search?region=Mars", nil, nil, 400, "region"},
		{"unknown gender focus", "GET", "/api/v1/search?gender_focus=maybe", nil, nil, 400, "gender_focus"},
		{"unknown kind", "GET", "/api/v1/search?kind=spaceship", nil, nil, 400, "kind"},
		{"unknown sort", "GET", "/api/v1/search?sort=random", nil, nil, 400, "sort"},
		{"event of 300 characters", "GET", "/api/v1/search?event=" + long(300), nil, nil, 400, "event"},
		{"event of invalid UTF-8", "GET", "/api/v1/search?event=%ff", nil, nil, 400, "event"},
		{"HEAD with a bad sdg", "HEAD", "/api/v1/search?sdg=99", nil, nil, 400, ""},
		{"repeated page: the first counts", "GET", "/api/v1/search?page=1&page=2", nil, nil, 200, ""},
		{"unknown parameter", "GET", "/api/v1/search?colour=blue", nil, nil, 400, "colour"},
		{"mistyped filter", "GET", "/api/v1/search?sgd=5", nil, nil, 400, "sgd"},
		{"mistyped filter in an export", "GET", "/api/v1/export?format=csv&sgd=5", nil, nil, 400, "sgd"},
		{"mistyped filter of insights", "GET", "/api/v1/insights?sgd=5", nil, nil, 400, "sgd"},
		{"search filter on people", "GET", "/api/v1/people?kind=project", nil, nil, 400, "kind"},
		{"parameter of a record", "GET", "/api/v1/records/x?fields=all", nil, nil, 400, "fields"},
		{"mistyped filter on the search page", "GET", "/?sgd=5", nil, nil, 400, ""},
		{"mistyped filter on the insights page", "GET", "/insights?sgd=5", nil, nil, 400, ""},
		{"search filter on the people page", "GET", "/people?event=IGF", nil, nil, 400, ""},
		{"unknown parameter of a record page", "GET", "/records/x?colour=blue", nil, nil, 400, ""},
		{"script tag in the query", "GET", "/api/v1/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", nil, nil, 200, ""},
		{"lone wildcard", "GET", "/api/v1/search?q=*", nil, nil, 200, ""},
		{"many wildcards", "GET", "/api/v1/search?q=a*b*c*d*e*f*", nil, nil, 200, ""},
		{"regexp syntax", "GET", "/api/v1/search?q=%2F.*%2F", nil, nil, 200, ""},
		{"fuzzy syntax", "GET", "/api/v1/search?q=radio~2", nil, nil, 200, ""},
		{"field syntax", "GET", "/api/v1/search?q=body%3Aradio", nil, nil, 200, ""},
		{"unterminated phrase", "GET", "/api/v1/search?q=%22mesh+radio", nil, nil, 200, ""},
		{"unbalanced parentheses", "GET", "/api/v1/search?q=(((", nil, nil, 200, ""},
		{"NUL byte in the query", "GET", "/api/v1/search?q=%00", nil, nil, 200, ""},
		{"deepest allowed page", "GET", "/api/v1/search?size=100&page=100", nil, nil, 200, ""},
		{"unknown record id", "GET", "/api/v1/records/no-such-record", nil, nil, 404, ""},
		{"record id of 5,000 characters", "GET", "/api/v1/records/" + long(5000), nil, nil, 404, ""},
		{"unknown record page", "GET", "/records/no-such-record", nil, nil, 404, ""},
		{"record id with a NUL byte", "GET", "/records/a%00b", nil, nil, 404, ""},
		{"path traversal in /records/", "GET", "/records/../../etc/passwd", nil, nil, 301, ""},
		{"encoded path traversal in the API", "GET", "/api/v1/records/..%2F..%2Fstocktake.db", nil, nil, 301, ""},
		{"path traversal in /static/", "GET", "/static/../stocktake.db", nil, nil, 301, ""},
		{"unknown API path", "GET", "/api/v1/nothing-here", nil, nil, 404, ""},
		{"POST to search", "POST", "/api/v1/search", []byte("q=x"), nil, 405, ""},
		{"DELETE a record", "DELETE", "/api/v1/records/x", nil, nil, 405, ""},
		{"PUT the search page", "PUT", "/", nil, nil, 405, ""},
		{"OPTIONS", "OPTIONS", "/api/v1/search", nil, nil, 405, ""},
		{"TRACE", "TRACE", "/", nil, nil, 405, ""},
		{"oversize body to POST", "POST", "/api/v1/search", twoMB, nil, 405, ""},
		{"oversize body to GET", "GET", "/api/v1/search", twoMB, nil, 200, ""},
		{"header of 70 KB", "GET", "/healthz", nil, http.Header{"X-Junk": {long(70 << 10)}}, 431, ""},
		{"export without format", "GET", "/api/v1/export", nil, nil, 400, "format"},
		{"export in an unknown format", "GET", "/api/v1/export?format=xml", nil, nil, 400, "format"},
		{"export with a bad filter", "GET", "/api/v1/export?format=csv&sdg=99", nil, nil, 400, "sdg"},
		{"people: negative page", "GET", "/api/v1/people?page=-1", nil, nil, 400, "page"},
		{"people: unknown gender", "GET", "/api/v1/people?gender=x", nil, nil, 400, "gender"},
		{"people: huge size", "GET", "/api/v1/people?size=100000", nil, nil, 400, "size"},
		{"people: query of 10,000 characters", "GET", "/api/v1/people?q=" + long(10000), nil, nil, 400, "q"},
		{"people: unknown country", "GET", "/api/v1/people?country=Atlantis", nil, nil, 400, "country"},
		{"people: language of invalid UTF-8", "GET", "/api/v1/people?language=%ff", nil, nil, 400, "language"},
		{"people: expertise of 300 characters", "GET", "/api/v1/people?expertise=" + long(300), nil, nil, 400, "expertise"},
		{"insights: sdg 99", "GET", "/api/v1/insights?sdg=99", nil, nil, 400, "sdg"},
		{"insights: query of invalid UTF-8", "GET", "/api/v1/insights?q=%ff", nil, nil, 400, "q"},
		{"people page with an unknown gender", "GET", "/people?gender=x", nil, nil, 400, ""},
		{"insights page with sdg 99", "GET", "/insights?sdg=99", nil, nil, 400, ""},
		{"search page with sdg 99", "GET", "/?sdg=99", nil, nil, 400, ""},
		{"search page with page -1", "GET", "/?page=-1", nil, nil, 400, ""},
		{"search page with a 10,000-character query", "GET", "/?q=" + long(10000), nil, nil, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != nil {
				body = bytes.NewReader(tt.body)
			}
			req, err := http.NewRequestWithContext(t.Context(), tt.method, base+tt.target, body)
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range tt.header {
				req.Header[k] = vs
			}
			resp, err := noRedirects().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode >= 500 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tt.want, b)
			}
			if tt.want == http.StatusRequestHeaderFieldsTooLarge {
				return // answered by net/http before any handler runs
			}
			checkSecurityHeaders(t, resp.Header)
			if bytes.Contains(b, []byte("<script>")) {
				t.Errorf("the response echoes a raw <script> tag: %.300s", b)
			}
			switch {
			case tt.want == http.StatusMovedPermanently:
				checkTraversalRedirect(t, base, resp.Header.Get("Location"))
			case tt.method == http.MethodHead:
				if len(b) != 0 {
					t.Errorf("HEAD answered with a body of %d bytes", len(b))
				}
			case tt.want >= 400 && strings.HasPrefix(tt.target, "/api/"):
				checkJSONProblem(t, resp, b, tt.field)
			case tt.want >= 400:
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					t.Errorf("page error has Content-Type %q, want HTML", resp.Header.Get("Content-Type"))
				}
			case strings.HasPrefix(tt.target, "/api/v1/search"):
				var got apiSearch
				if err := json.Unmarshal(b, &got); err != nil {
					t.Fatalf("body is not a search response: %v", err)
				}
				// The first of repeated page parameters counts.
				wantPage := 1
				if p := req.URL.Query().Get("page"); p != "" {
					wantPage, _ = strconv.Atoi(p)
				}
				if got.Page != wantPage {
					t.Errorf("page = %d, want %d", got.Page, wantPage)
				}
			}
		})
	}

	after := storedRecords(t, cat)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("stored records changed: %d before, %d after", len(before), len(after))
	}
	var health struct {
		Status  string `json:"status"`
		Records int    `json:"records"`
	}
	getJSON(t, base+"/healthz", &health)
	if health.Status != "ok" || health.Records != len(before) {
		t.Errorf("healthz after the bad input = %+v, want ok with %d records", health, len(before))
	}
}

// checkSecurityHeaders checks the headers every answer carries, errors
// included: a CSP without inline script that forbids framing, nosniff and a
// referrer policy.
func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", h.Get("X-Content-Type-Options"))
	}
	if h.Get("Referrer-Policy") == "" {
		t.Error("no Referrer-Policy")
	}
}

// checkJSONProblem checks an API error body: JSON {"error", "field"} with a
// message and, for a 400, the named field.
func checkJSONProblem(t *testing.T, resp *http.Response, b []byte, field string) {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	var p struct {
		Error string `json:"error"`
		Field string `json:"field"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("error body is not JSON: %v: %.300s", err, b)
	}
	if p.Error == "" {
		t.Errorf("error body has no message: %s", b)
	}
	if p.Field != field {
		t.Errorf("field = %q, want %q (%s)", p.Field, field, b)
	}
}

// checkTraversalRedirect checks that a path with dot segments is only ever
// redirected to its cleaned form on the same site, and that the cleaned path
// serves nothing from the data dir.
func checkTraversalRedirect(t *testing.T, base, loc string) {
	t.Helper()
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.Contains(loc, "..") {
		t.Fatalf("redirect to %q, want a clean path on this site", loc)
	}
	resp, err := noRedirects().Get(base + loc)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET %s after the redirect: status %d, want 404", loc, resp.StatusCode)
	}
	if bytes.Contains(b, []byte("root:")) || bytes.Contains(b, []byte("bolt")) {
		t.Errorf("GET %s leaks a file: %.200s", loc, b)
	}
}

// lockedBuffer is a log sink safe for the server's concurrent handlers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// multipartBody builds an upload with one "file" part per file, in order,
// plus the extra non-file fields.
func multipartBody(t *testing.T, files [][2]string, fields map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		fw, err := mw.CreateFormFile("file", f[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, f[1]); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &body, mw.FormDataContentType()
}

// TestBadUploads sends bad requests to the staff upload endpoint: missing,
// wrong and misplaced tokens, bodies that are not uploads, and uploads of bad
// files. Every one gets its 4xx or a per-file rejection, the token never
// shows in the logs, and nothing stored before changes.
func TestBadUploads(t *testing.T) {
	cat := openReliabilityCatalog(t, reliabilityFixtures)
	var logs lockedBuffer
	base := startReliabilityServer(t, reliabilityHandler(cat, zerolog.New(&logs).Level(zerolog.DebugLevel)))
	before := storedRecords(t, cat)

	good, goodType := multipartBody(t, [][2]string{{"ok.md", "# Ok\n\nA line.\n"}}, nil)
	goodBytes := good.Bytes()
	fieldsOnly, fieldsType := multipartBody(t, nil, map[string]string{"note": "no files here"})
	truncated := goodBytes[:len(goodBytes)/2]
	bearer := "Bearer " + reliabilityToken
	tests := []struct {
		name        string
		method      string
		target      string
		auth        string
		contentType string
		body        []byte
		want        int
		field       string
	}{
		{"no token", "POST", ImportPath, "", goodType, goodBytes, 401, ""},
		{"wrong token", "POST", ImportPath, "Bearer not-the-token", goodType, goodBytes, 401, ""},
		{"token with a character more", "POST", ImportPath, bearer + "x", goodType, goodBytes, 401, ""},
		{"token with a character less", "POST", ImportPath, bearer[:len(bearer)-1], goodType, goodBytes, 401, ""},
		{"token in the query string", "POST", ImportPath + "?token=" + reliabilityToken, "", goodType, goodBytes, 401, ""},
		{"token as access_token parameter", "POST", ImportPath + "?access_token=" + reliabilityToken, "", goodType, goodBytes, 401, ""},
		{"token as a Basic password", "POST", ImportPath, "Basic " + base64.StdEncoding.EncodeToString([]byte("staff:"+reliabilityToken)), goodType, goodBytes, 401, ""},
		{"token without its scheme", "POST", ImportPath, reliabilityToken, goodType, goodBytes, 401, ""},
		{"GET on the upload path", "GET", ImportPath, bearer, "", nil, 405, ""},
		{"body that is not multipart", "POST", ImportPath, bearer, "text/plain", []byte("just text"), 400, "file"},
		{"multipart without file parts", "POST", ImportPath, bearer, fieldsType, fieldsOnly.Bytes(), 400, "file"},
		{"multipart cut in the middle", "POST", ImportPath, bearer, goodType, truncated, 400, "file"},
		{"multipart with a bad boundary", "POST", ImportPath, bearer, "multipart/form-data; boundary=", goodBytes, 400, "file"},
		{"unknown job", "GET", ImportPath + "/0123456789abcdef", bearer, "", nil, 404, ""},
		{"job without a token", "GET", ImportPath + "/0123456789abcdef", "", "", nil, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != nil {
				body = bytes.NewReader(tt.body)
			}
			req, err := http.NewRequestWithContext(t.Context(), tt.method, base+tt.target, body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := noRedirects().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tt.want, b)
			}
			checkSecurityHeaders(t, resp.Header)
			checkJSONProblem(t, resp, b, tt.field)
		})
	}

	// An authorised upload of bad files: each file gets its own answer, and a
	// file name with dot segments is reduced to its base name.
	files := [][2]string{
		{"empty.txt", ""},
		{"binary.txt", "GIF89a\x00\x01\x02"},
		{"latin1.txt", "Caf\xe9 r\xe9seau\n"},
		{"notes.xyz", "unknown type"},
		{"truncated.html", "<html><body><h1>Half"},
		{"../../../../tmp/escape.md", "# Upload with a climbing name\n\nThe body of the upload.\n"},
	}
	body, ctype := multipartBody(t, files, nil)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+ImportPath, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", bearer)
	resp, err := noRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var job Job
	err = json.NewDecoder(resp.Body).Decode(&job)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: status %d, %v", resp.StatusCode, err)
	}
	job = waitForJob(t, base, resp.Header.Get("Location"))
	if job.State != "done" || len(job.Results) != len(files) {
		t.Fatalf("job %+v, want done with %d results", job, len(files))
	}
	wantRejected := map[string]string{"empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "UTF-8", "notes.xyz": "unknown file type"}
	added := 0
	for _, r := range job.Results {
		added += r.Added
		if strings.Contains(r.Path, "..") || strings.Contains(r.Path, "/") {
			t.Errorf("result path %q keeps directories of the uploaded name", r.Path)
		}
		want, bad := wantRejected[r.Path]
		if bad && !strings.Contains(r.Rejected, want) {
			t.Errorf("%s: rejected %q, want a reason with %q", r.Path, r.Rejected, want)
		}
		if !bad && r.Rejected != "" {
			t.Errorf("%s: rejected %q", r.Path, r.Rejected)
		}
	}
	if added != 2 {
		t.Errorf("%d records added, want 2 (truncated HTML and the climbing name): %+v", added, job.Results)
	}
	if _, err := os.Stat(filepath.Join(os.TempDir(), "escape.md")); err == nil {
		t.Error("the upload climbed out of its spool folder")
	}

	after := storedRecords(t, cat)
	for id, r := range before {
		if !reflect.DeepEqual(after[id], r) {
			t.Errorf("record %s changed", id)
		}
	}
	if len(after) != len(before)+added {
		t.Errorf("%d records, want %d + %d", len(after), len(before), added)
	}
	if strings.Contains(logs.String(), reliabilityToken) {
		t.Error("the staff token appears in the server log")
	}
}

// waitForJob polls an import job until it is no longer running. The
// deadline only guards against a hang; it is not a speed assertion.
func waitForJob(t *testing.T, base, location string) Job {
	t.Helper()
	var job Job
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+location, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+reliabilityToken)
		resp, err := noRedirects().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&job)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if job.State != "running" {
			return job
		}
	}
	t.Fatalf("job %s still running after a minute", job.ID)
	return job
}
