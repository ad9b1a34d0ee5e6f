package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"time"
)

// pageNames are the templates that each render a whole page inside base.html.
var pageNames = []string{"search.html", "record.html", "people.html", "insights.html", "error.html", "staff.html", "import.html", "shortlist.html"}

// mustParsePages parses every page together with the base layout.
func mustParsePages() map[string]*template.Template {
	pages := make(map[string]*template.Template, len(pageNames))
	funcs := template.FuncMap{"countryName": countryName, "personQuery": personQuery, "shortlistForm": shortlistForm}
	for _, name := range pageNames {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/base.html", "templates/partials.html", "templates/"+name))
	}
	return pages
}

// layout is what base.html renders: the page's own view (its content
// template gets Page) and what every page shows around it.
type layout struct {
	Page any
	// Staff is set for a signed-in staff browser: the header says so,
	// links the shortlist and offers to sign out.
	Staff bool
	// SignIn is the sign-in page coming back to this one afterwards.
	SignIn string
}

// layoutOf is the layout of a page view for the request r.
func (s *server) layoutOf(r *http.Request, page any) layout {
	// The session cookie only: a bearer token is an API client's, and
	// checking it again here would count a wrong one twice.
	l := layout{Page: page, Staff: s.validSession(r), SignIn: "/staff"}
	if r.Method == http.MethodGet && r.URL.Path != "/staff" {
		l.SignIn = "/staff?" + url.Values{"next": {r.URL.RequestURI()}}.Encode()
	}
	return l
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page with a 200 status.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "base", s.layoutOf(r, data)); err != nil {
		s.log.Error().Err(err).Str("template", name).Str("path", r.URL.Path).Msg("render failed")
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes()) // the client went away; nothing left to do
	}
}

// writeJSON writes v as the JSON body. Values here are our own types, so an
// encoding error cannot happen short of a programming error; it is answered
// with a bare 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"internal server error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// staticFile is an embedded asset served with a validator, so browsers
// revalidate cheaply after the cache time runs out.
type staticFile struct {
	contentType string
	body        []byte
	etag        string
}

func newStaticFile(contentType string, body []byte) staticFile {
	sum := sha256.Sum256(body)
	return staticFile{contentType: contentType, body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

func (f staticFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
