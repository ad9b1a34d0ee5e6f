package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"
)

// Staff sign in once with the staff token through a form; the server then
// recognises them by a session cookie. The cookie holds an expiry and an
// HMAC of it under a key made fresh for each server run, never the token,
// so a restart signs everyone out and a stolen cookie expires.
const (
	sessionCookie = "stocktake_staff"
	sessionTTL    = 12 * time.Hour
	// Sign-in attempts allowed per client address and window.
	maxSignInFailures = 10
	signInWindow      = time.Minute
	maxLimitedClients = 10000
)

// errForeignOrigin rejects a state-changing form post from another site.
var errForeignOrigin = errors.New("this form must be sent from this site")

// signInLimiter counts failed sign-ins per client address.
type signInLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

// allow reports whether ip may try again now.
func (l *signInLimiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.failures[ip][:0:0]
	for _, t := range l.failures[ip] {
		if now.Sub(t) < signInWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) == 0 {
		delete(l.failures, ip)
	} else {
		l.failures[ip] = recent
	}
	return len(recent) < maxSignInFailures
}

func (l *signInLimiter) fail(ip string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failures == nil || len(l.failures) >= maxLimitedClients {
		// Bounded memory: a flood of addresses resets the table.
		l.failures = map[string][]time.Time{}
	}
	l.failures[ip] = append(l.failures[ip], now)
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// sessionValue is "expiry.hexmac".
func (s *server) sessionValue(exp time.Time) string {
	e := strconv.FormatInt(exp.Unix(), 10)
	m := hmac.New(sha256.New, s.sessionKey)
	m.Write([]byte(e))
	return e + "." + hex.EncodeToString(m.Sum(nil))
}

// validSession checks the session cookie's MAC (in constant time) and expiry.
func (s *server) validSession(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil || s.staffToken == "" {
		return false
	}
	e, mac, ok := strings.Cut(c.Value, ".")
	if !ok {
		return false
	}
	sec, err := strconv.ParseInt(e, 10, 64)
	if err != nil || time.Now().After(time.Unix(sec, 0)) {
		return false
	}
	want := s.sessionValue(time.Unix(sec, 0))
	return hmac.Equal([]byte(e+"."+mac), []byte(want))
}

// sameOrigin reports whether a form post comes from a page of this site:
// the Origin header, or the Referer when a browser sends no Origin, must
// name this host. SameSite=Strict cookies alone are not relied on.
func sameOrigin(r *http.Request) bool {
	from := r.Header.Get("Origin")
	if from == "" || from == "null" {
		from = r.Header.Get("Referer")
	}
	u, err := url.Parse(from)
	return err == nil && from != "" && u.Host == r.Host
}

// localPath keeps a redirect target on this site: a path, never "//host"
// or a URL with a scheme.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/import"
	}
	return next
}

// staffPage is the view of staff.html.
type staffPage struct {
	Title, Nav string
	SignedIn   bool
	Enabled    bool // a staff token is configured
	Next       string
	Error      string
}

// importPage is the view of import.html: the upload form and recent jobs,
// or one job.
type importPage struct {
	Title, Nav string
	Jobs       []Job
	Job        *Job
	Refresh    bool // the job runs: the page reloads itself
}

func (s *server) registerStaff(r *mux.Router) {
	r.HandleFunc("/staff", s.only([]string{"next"}, s.handleStaffPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/staff/signin", s.handleSignIn).Methods(http.MethodPost)
	r.HandleFunc("/staff/signout", s.handleSignOut).Methods(http.MethodPost)
	r.HandleFunc("/import", s.only(nil, s.handleImportPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/import", s.handleImportUpload).Methods(http.MethodPost)
	r.HandleFunc("/import/{id}", s.only(nil, s.handleJobPage)).Methods(http.MethodGet, http.MethodHead)
}

func (s *server) handleStaffPage(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	s.render(w, r, http.StatusOK, "staff.html", staffPage{Title: "Staff", SignedIn: s.isStaff(r),
		Enabled: s.staffToken != "", Next: localPath(r.URL.Query().Get("next"))})
}

func (s *server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	next := localPath(r.PostFormValue("next"))
	page := staffPage{Title: "Staff", Enabled: s.staffToken != "", Next: next}
	ip, now := clientIP(r), time.Now()
	switch {
	case s.staffToken == "":
		page.Error = "Staff sign-in is off: the server was started without a staff token."
		s.render(w, r, http.StatusServiceUnavailable, "staff.html", page)
		return
	case !s.limiter.allow(ip, now):
		page.Error = "Too many failed attempts. Wait a minute and try again."
		s.render(w, r, http.StatusTooManyRequests, "staff.html", page)
		return
	case !s.tokenMatches(r.PostFormValue("token")):
		s.limiter.fail(ip, now)
		s.log.Warn().Str("client", ip).Msg("staff sign-in failed")
		page.Error = "That token is not right."
		s.render(w, r, http.StatusUnauthorized, "staff.html", page)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.sessionValue(now.Add(sessionTTL)), Path: "/",
		MaxAge: int(sessionTTL.Seconds()), HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	s.log.Info().Str("client", ip).Msg("staff signed in")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// requireStaffPage sends visitors who are not signed in to the sign-in
// page, coming back here afterwards.
func (s *server) requireStaffPage(w http.ResponseWriter, r *http.Request) bool {
	noStore(w)
	if s.isStaff(r) {
		return true
	}
	http.Redirect(w, r, "/staff?"+url.Values{"next": {r.URL.Path}}.Encode(), http.StatusSeeOther)
	return false
}

func (s *server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireStaffPage(w, r) {
		return
	}
	s.render(w, r, http.StatusOK, "import.html", importPage{Title: "Import", Jobs: s.jobs.recent()})
}

func (s *server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	if !s.requireStaffPage(w, r) {
		return
	}
	if s.importer == nil {
		s.renderError(w, r, http.StatusServiceUnavailable, errImportOff)
		return
	}
	job, err := s.startJob(r)
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, err)
		return
	}
	http.Redirect(w, r, "/import/"+job.ID, http.StatusSeeOther)
}

func (s *server) handleJobPage(w http.ResponseWriter, r *http.Request) {
	if !s.requireStaffPage(w, r) {
		return
	}
	job, ok := s.jobs.snapshot(mux.Vars(r)["id"])
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	s.render(w, r, http.StatusOK, "import.html", importPage{Title: "Import " + job.ID, Job: &job, Refresh: job.State == "running"})
}

// renderError shows a page error with its own status and message.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, err error) {
	s.render(w, r, status, "error.html", errorPage{Title: http.StatusText(status), Status: status, Message: err.Error()})
}

// noStore keeps staff pages out of shared and browser caches.
func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "private, no-store")
}
