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
	// "Authorization: Bearer <token>", and signs staff in at /staff.
	// Empty disables both.
	StaffToken string
	// HandoffToken lets `stocktake import` on this machine hand files to
	// the server (it reads the token from DATA/server.json): accepted as
	// a bearer token by POST /api/v1/import and its job only. It never
	// signs anyone in and shows no contact details. Empty: no hand-off.
	HandoffToken string
	// Importer takes uploads on POST /api/v1/import; nil disables it.
	Importer Importer
	// ImportContext bounds background imports: cancel it on shutdown to
	// abort them cleanly (each file is stored whole or not at all).
	ImportContext context.Context
	// SpoolDir is where uploads wait to be imported; the command passes
	// the data dir's spool, which is swept on start. Empty: the system's
	// temporary folder.
	SpoolDir string
	// Writes reports whether the data dir takes writes, for /healthz and
	// to refuse uploads while it does not; nil: always.
	Writes WriteState
	// Admission bounds concurrent work and sets deadlines; zero fields
	// take their defaults.
	Admission Admission
	// Versions shows staff the history of a record on its page and lets
	// them restore a version; nil hides both.
	Versions Versions
	// Links lets staff split and join entities from a record page; nil
	// hides the forms.
	Links Linker
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

//go:embed static/app.js
var appJS []byte

// server holds the parsed templates and the dependencies of the handlers.
type server struct {
	search  Searcher
	records RecordGetter
	log     zerolog.Logger
	pages   map[string]*template.Template
	css     staticFile
	js      staticFile

	staffToken   string
	handoffToken string
	sessionKey   []byte // signs device cookies; new for each run
	sessions     sessionTable
	limiter      authLimiter
	importer     Importer
	importCtx    context.Context
	spoolDir     string
	versions     Versions
	links        Linker
	jobs         jobTable
	writes       WriteState
	admission    *admission
	count        countCache
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
		js:      newStaticFile("text/javascript; charset=utf-8", appJS),

		staffToken:   cfg.StaffToken,
		handoffToken: cfg.HandoffToken,
		importer:     cfg.Importer,
		importCtx:    cfg.ImportContext,
		spoolDir:     cfg.SpoolDir,
		writes:       cfg.Writes,
		admission:    newAdmission(cfg.Admission),
		versions:     cfg.Versions,
		links:        cfg.Links,
	}
	if s.importCtx == nil {
		s.importCtx = context.Background()
	}
	s.sessionKey = make([]byte, 32)
	_, _ = rand.Read(s.sessionKey) // crypto/rand.Read never fails on supported platforms

	r := mux.NewRouter()
	r.HandleFunc("/", s.only(search.SearchParams(), s.handleSearchPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{id}", s.only(recordParams(), s.handleRecordPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/records/{id}/restore", s.handleRestore).Methods(http.MethodPost)
	r.HandleFunc("/records/{id}/link", s.handleLink).Methods(http.MethodPost)
	r.HandleFunc(peoplePath, s.only(search.PeopleParams(), s.handlePeoplePage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc(peoplePath+".csv", s.only(append(search.PeopleParams(), "shortlist"), s.handlePeopleCSV)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc(shortlistPath, s.only(nil, s.handleShortlistPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc(shortlistPath, s.handleShortlistEdit).Methods(http.MethodPost)
	r.HandleFunc("/insights", s.only(insightsParams(), s.handleInsightsPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/insights/{chart:[a-z]+}.csv", s.only(insightsParams(), s.handleChartCSV)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/static/style.css", s.css).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/static/app.js", s.js).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/healthz", s.only(nil, s.handleHealth)).Methods(http.MethodGet, http.MethodHead)

	// No subrouter for /api/v1: mux answers 404 instead of 405 on a method
	// mismatch inside one.
	r.HandleFunc("/api/v1/search", s.only(search.SearchParams(), s.handleAPISearch)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/records/{id}", s.only(nil, s.handleAPIRecord)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/export", s.only(exportParams(), s.handleExport)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/people", s.only(search.PeopleParams(), s.handleAPIPeople)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/insights", s.only(insightsParams(), s.handleAPIInsights)).Methods(http.MethodGet, http.MethodHead)
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
	return s.recoverPanics(s.logRequests(secureHeaders(limitBody(s.admit(r)))))
}
