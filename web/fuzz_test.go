package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// FuzzSearchAPI sends arbitrary query strings to the search API, and then to
// the people and insights APIs and the three pages, of the real site over a
// real catalog (the hostile XSS corpus).
// Whatever the input, the answer is never a 5xx, the API body is JSON, and
// an API error names what was wrong. raw is the whole query string; q is
// added as an encoded q parameter so the fuzzer also explores query text.
func FuzzSearchAPI(f *testing.F) {
	seeds := []struct{ raw, q string }{
		{"", ""},
		{"sdg=5", "women"},
		{"page=-1", ""},
		{"size=100000", ""},
		{"sdg=99&action_line=C99&year=abc", ""},
		{"page=1&page=2&size=1&size=100", "radio"},
		{"q=%ff%fe", ""},
		{"", strings.Repeat("x", 10000)},
		{"", "<script>alert(1)</script>"},
		{"", `"unterminated phrase`},
		{"", "a*b*c* /.*/ radio~2 body:x +-(("},
		{"%zz=%zz&&&==", "\x00"},
		{"country=Kenya&region=Africa&kind=person&gender_focus=primary&sort=date", "SDG 5 goal 5 C7 e-health AL C4"},
		{"event=" + strings.Repeat("%e2%80%8b", 300), ""},
		{"size=100&page=100", ""},
		{"sort=title&year=2024&year=2021", "island"},
	}
	for _, s := range seeds {
		f.Add(s.raw, s.q)
	}
	h := reliabilityHandler(openXSSCatalog(f), zerolog.Nop())

	f.Fuzz(func(t *testing.T, raw, q string) {
		query := raw
		if q != "" {
			query += "&q=" + url.QueryEscape(q)
		}

		req := httptest.NewRequest(http.MethodGet, "/api/v1/search", nil)
		req.URL.RawQuery = query
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("API: status %d for %q: %s", w.Code, query, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("API: body for %q is not JSON: %.300s", query, w.Body)
		}
		if w.Code >= 400 {
			var p struct{ Error, Field string }
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Error == "" {
				t.Fatalf("API: status %d for %q without an error message: %s", w.Code, query, w.Body)
			}
			if w.Code == http.StatusBadRequest && p.Field == "" {
				t.Fatalf("API: 400 for %q names no field: %s", query, w.Body)
			}
		}

		for _, path := range []string{"/api/v1/people", "/api/v1/insights", "/", "/people", "/insights"} {
			req = httptest.NewRequest(http.MethodGet, path, nil)
			req.URL.RawQuery = query
			w = httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s: status %d for %q", path, w.Code, query)
			}
			if strings.HasPrefix(path, "/api/") && !json.Valid(w.Body.Bytes()) {
				t.Fatalf("%s: body for %q is not JSON: %.300s", path, query, w.Body)
			}
		}
	})
}
