package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUnknownParameters: every page and API route answers a parameter it
// does not read with a 400 naming it (JSON under /api/ and for the health
// check, a page elsewhere), and suggests the name that was meant.
func TestUnknownParameters(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	for _, target := range []string{
		"/?sgd=5", "/records/s1?sgd=5", "/people?sgd=5", "/insights?sgd=5", "/staff?sgd=5",
		"/healthz?sgd=5", "/api/v1/search?sgd=5", "/api/v1/records/s1?sgd=5",
		"/api/v1/export?format=csv&sgd=5", "/api/v1/people?sgd=5", "/api/v1/insights?sgd=5",
	} {
		t.Run(target, func(t *testing.T) {
			w := get(t, h, "GET", target)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %.300s", w.Code, w.Body)
			}
			body := w.Body.String()
			suggest := "did you mean sdg?"
			if !strings.Contains(target, "search") && !strings.Contains(target, "people") && !strings.Contains(target, "insights") &&
				!strings.Contains(target, "export") && !strings.HasPrefix(target, "/?") && !strings.HasPrefix(target, "/records/") {
				suggest = "unknown parameter"
			}
			if strings.HasPrefix(target, "/api/") || strings.HasPrefix(target, "/healthz") {
				var p problem
				if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Field != "sgd" || !strings.Contains(p.Error, suggest) {
					t.Errorf("problem %+v (%v), want field sgd and a suggestion", p, err)
				}
				return
			}
			if !strings.Contains(body, "<code>sgd</code>") || !strings.Contains(body, suggest) {
				t.Errorf("the page does not name the parameter: %.2000s", body)
			}
		})
	}
	// What each route does read is still accepted.
	for _, target := range []string{"/?q=x&sdg=5&sort=date&page=1&size=10", "/records/s1?q=x&sdg=5&page=2",
		"/people?q=x&gender=female&spoke=1", "/insights?q=x&sdg=5", "/staff?next=%2Fpeople", "/api/v1/export?format=csv&sdg=5"} {
		if w := get(t, h, "GET", target); w.Code != http.StatusOK {
			t.Errorf("%s: status %d: %.300s", target, w.Code, w.Body)
		}
	}
}
