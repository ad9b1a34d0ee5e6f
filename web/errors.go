package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
)

// Errors of the web layer itself; the others come from search and store.
var (
	errNotFound = errors.New("not found")
	errMethod   = errors.New("method not allowed")
)

// problem is what a client is told about a failed request.
type problem struct {
	Status int           `json:"-"`
	Error  string        `json:"error"`
	Field  string        `json:"field,omitempty"`
	retry  time.Duration // sent as Retry-After when set
}

// classify is the one place that maps an error to an HTTP status. Only 4xx
// errors carry their message to the client; anything else is a 500 whose
// detail is logged, never shown.
func classify(err error) problem {
	var fe *search.FieldError
	var tooLarge *http.MaxBytesError
	var th *throttled
	var ro *readOnly
	switch {
	case errors.As(err, &fe):
		return problem{Status: http.StatusBadRequest, Error: fe.Msg, Field: fe.Field}
	case errors.As(err, &th):
		return problem{Status: http.StatusTooManyRequests, Error: th.Error(), retry: th.Retry}
	case errors.Is(err, errUnauthorized):
		return problem{Status: http.StatusUnauthorized, Error: err.Error()}
	case errors.Is(err, errForeignOrigin):
		return problem{Status: http.StatusForbidden, Error: err.Error()}
	case errors.Is(err, errBusy):
		return problem{Status: http.StatusServiceUnavailable, Error: err.Error(), retry: time.Second}
	case errors.As(err, &ro):
		return problem{Status: http.StatusServiceUnavailable, Error: ro.Error(), retry: time.Minute}
	case errors.Is(err, catalog.ErrReadOnly):
		// The cause names paths of the server: only the gist is told.
		return problem{Status: http.StatusServiceUnavailable, Error: "the server takes no writes now; /healthz says why", retry: time.Minute}
	case errors.Is(err, context.DeadlineExceeded):
		return problem{Status: http.StatusServiceUnavailable, Error: "the request took longer than its time limit; narrow it down or try again later", retry: 5 * time.Second}
	case errors.Is(err, context.Canceled):
		return problem{Status: http.StatusServiceUnavailable, Error: "the request was cancelled"}
	case errors.Is(err, store.ErrNotFound), errors.Is(err, errNotFound):
		return problem{Status: http.StatusNotFound, Error: "not found"}
	case errors.Is(err, errMethod):
		return problem{Status: http.StatusMethodNotAllowed, Error: "method not allowed"}
	case errors.As(err, &tooLarge):
		return problem{Status: http.StatusRequestEntityTooLarge, Error: "request body too large"}
	default:
		return problem{Status: http.StatusInternalServerError, Error: "internal server error"}
	}
}

// wantsJSON reports whether errors for this request are answered in JSON:
// everything under /api/ and the health check; pages get HTML.
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
}

// fail answers a request with the error's status, as JSON or as a page.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := classify(err)
	switch {
	case p.Status == http.StatusInternalServerError:
		s.log.Error().Err(err).Str("method", r.Method).Str("path", r.URL.Path).Msg("request failed")
	case errors.Is(err, context.DeadlineExceeded):
		s.log.Warn().Str("method", r.Method).Str("path", r.URL.Path).Msg("request ran out of time")
	}
	if p.retry > 0 {
		retryAfter(w, p.retry)
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="stocktake"`)
	}
	if wantsJSON(r) {
		writeJSON(w, p.Status, p)
		return
	}
	s.render(w, r, p.Status, "error.html", errorPage{
		Title:   http.StatusText(p.Status),
		Status:  p.Status,
		Message: p.Error,
		Field:   p.Field,
	})
}

// errorPage is the view of error.html.
type errorPage struct {
	Title   string
	Nav     string // empty: an error is under no menu entry
	Status  int
	Message string
	Field   string
}
