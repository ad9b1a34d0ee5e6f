package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/rs/zerolog"
)

// maxBodyBytes bounds request bodies; no route of the site reads more.
const maxBodyBytes = 1 << 20

// contentSecurityPolicy forbids inline script and style, so templates must
// keep all styling in /static/style.css and all script in /static/app.js,
// which may only fetch pages of this site.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; " +
	"img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secureHeaders sets the security headers on every response, errors included.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps the request body so a client cannot make a handler read
// without end.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBodyBytes)
		if r.URL.Path == ImportPath {
			limit = maxUploadBytes // the import handler streams it to disk
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush on the real writer, which
// the streaming export needs.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request: at debug level normally, so the
// server is quiet by default, and at error level for 5xx responses other
// than 503, which sheds load and would flood the log of a busy server.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		level := zerolog.DebugLevel
		if sw.status >= http.StatusInternalServerError && sw.status != http.StatusServiceUnavailable {
			level = zerolog.ErrorLevel
		}
		s.log.WithLevel(level).
			Str("method", r.Method).
			Str("path", r.URL.Path).
			Int("status", sw.status).
			Int64("bytes", sw.bytes).
			Dur("took", time.Since(start)).
			Msg("request")
	})
}

// recoverPanics turns a panicking handler into a logged 500. When the
// handler had already started the response, the status cannot change any
// more; the connection is then aborted so the client sees a broken response
// rather than a truncated one that looks whole.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err := fmt.Errorf("panic: %v", v)
			if sw.status != 0 {
				s.log.Error().Err(err).Str("path", r.URL.Path).Msg("panic after response started")
				panic(http.ErrAbortHandler)
			}
			s.fail(sw, r, err)
		}()
		next.ServeHTTP(sw, r)
	})
}
