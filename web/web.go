// Package web serves stocktake over HTTP: server-rendered HTML pages that
// work without JavaScript, and the JSON API under /api/v1. It reads through
// the narrow interfaces below, so handlers are tested with small fakes and
// the server is wired to the real catalog and search service by the command.
package web

import (
	"context"
	"crypto/rand"
	"embed"
	"html/template"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

// Searcher answers every read the pages and the API make of the index.
// *search.Service satisfies it.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (search.Response, error)
	// Each visits every record matching req, past the result window that
	// caps Search, so exports hold exactly what the page counts.
	Each(ctx context.Context, req search.Request, fn func(record.Record) error) error
	People(ctx context.Context, req search.PeopleRequest) (search.PeopleResponse, error)
	Insights(ctx context.Context, req search.Request) (search.Insights, error)
	Related(ctx context.Context, r record.Record, n int) ([]search.Hit, error)
}

// RecordGetter reads stored records. *store.Store satisfies it; Get's errors
// wrap store.ErrNotFound for unknown ids.
type RecordGetter interface {
	Get(ctx context.Context, id string) (record.Record, error)
	Count(ctx context.Context) (int, error)
}

// Config is what the server needs. Search and Records are required.
type Config struct {
	Search  Searcher
	Records RecordGetter
	Logger  zerolog.Logger

	// StaffToken unlocks imports and contact details when sent as
	// "Authorization: Bearer <token>". Empty disables both.
	StaffToken string
	// Importer takes uploads on POST /api/v1/import; nil disables it.
	Importer Importer
	// ImportContext bounds background imports: cancel it on shutdown to
	// abort them cleanly (each file is stored whole or not at all).
	ImportContext context.Context
	// Versions shows staff the history of a record on its page and lets
	// them restore a version; nil hides both.
	Versions Versions
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

// server holds the parsed templates and the dependencies of the handlers.
type server struct {
	search  Searcher
	records RecordGetter
	log     zerolog.Logger
	pages   map[string]*template.Template
	css     staticFile

	staffToken string
	sessionKey []byte // signs staff session cookies; new for each run
	limiter    signInLimiter
	importer   Importer
	importCtx  context.Context
	versions   Versions
	jobs       jobTable
}

// New returns the HTTP handler of the whole site. Templates are parsed once
// here; they are embedded, so a parse error is a programming error caught by
// the tests, and New panics on it.
func New(cfg Config) http.Handler {
	s := &server{
		search:  cfg.Search,
		records: cfg.Records,
		log:     cfg.Logger,
		pages:   mustParsePages(),
		css:     newStaticFile("text/css; charset=utf-8", styleCSS),

		staffToken: cfg.StaffToken,
		importer:   cfg.Importer,
		importCtx:  cfg.ImportContext,
		versions:   cfg.Versions,
	}
	if s.importCtx == nil {
		s.importCtx = context.Background()
	}
	s.sessionKey = make([]byte, 32)
	_, _ = rand.Read(s.sessionKey) // crypto/rand.Read never fails on supported platforms

	r := mux.NewRouter()
	r.HandleFunc("/", s.handleSearchPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{id}", s.handleRecordPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{id}/restore", s.handleRestore).Methods(http.MethodPost)
	r.HandleFunc(peoplePath, s.handlePeoplePage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/insights", s.handleInsightsPage).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/static/style.css", s.css).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)

	// No subrouter for /api/v1: mux answers 404 instead of 405 on a method
	// mismatch inside one.
	r.HandleFunc("/api/v1/search", s.handleAPISearch).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/records/{id}", s.handleAPIRecord).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/export", s.handleExport).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/people", s.handleAPIPeople).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/insights", s.handleAPIInsights).Methods(http.MethodGet, http.MethodHead)
	s.registerImport(r)
	s.registerStaff(r)

	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.fail(w, req, errNotFound)
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		s.fail(w, req, errMethod)
	})

	// The middleware wraps the router rather than being registered with
	// r.Use, because mux skips Use middleware for 404 and 405 responses.
	return s.recoverPanics(s.logRequests(secureHeaders(limitBody(r))))
}
