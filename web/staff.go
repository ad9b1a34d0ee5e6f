package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// staffPage is the view of staff.html.
type staffPage struct {
	Title, Nav string
	SignedIn   bool
	Enabled    bool // a staff token is configured
	Next       string
	Hint       string // why the visitor was sent here
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
	asked := r.URL.Query().Get("next")
	s.render(w, r, http.StatusOK, "staff.html", staffPage{Title: "Staff", SignedIn: s.isStaff(r),
		Enabled: s.staffToken != "", Next: localPath(asked), Hint: signInHint(asked)})
}

// signInHint says why a visitor was sent to sign in, from the page they
// wanted.
func signInHint(next string) string {
	switch {
	case strings.HasPrefix(next, "/import"):
		return "Importing files is for staff: sign in first, and you will come back to the import page."
	case strings.HasPrefix(next, shortlistPath):
		return "The shortlist is for staff: sign in first, and you will come back to it."
	}
	return ""
}

// handleSignIn checks the token of the sign-in form and starts a session.
// Failures are throttled per browser that signed in before (its device
// cookie), else per address, so guessing from a shared address does not
// lock out staff who signed in from their browser before.
func (s *server) handleSignIn(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	next := localPath(r.PostFormValue("next"))
	page := staffPage{Title: "Staff", Enabled: s.staffToken != "", Next: next}
	client := "ip:" + clientIP(r)
	if dev := s.device(r); dev != "" {
		client = "device:" + dev
	}
	now := time.Now()
	if s.staffToken == "" {
		page.Error = "Staff sign-in is off: the server was started without a staff token."
		s.render(w, r, http.StatusServiceUnavailable, "staff.html", page)
		return
	}
	if wait := s.limiter.wait(client, now); wait > 0 {
		retryAfter(w, wait)
		page.Error = fmt.Sprintf("Too many failed attempts. Try again in %s.", wait.Round(time.Second))
		s.render(w, r, http.StatusTooManyRequests, "staff.html", page)
		return
	}
	if !s.checkToken(client, r.PostFormValue("token")) {
		page.Error = "That token is not right."
		s.render(w, r, http.StatusUnauthorized, "staff.html", page)
		return
	}
	setCookie(w, r, sessionCookie, s.sessions.start(now), int(sessionTTL.Seconds()))
	if s.device(r) == "" {
		setCookie(w, r, deviceCookie, s.newDevice(), int(deviceTTL.Seconds()))
	}
	s.log.Info().Str("client", clientIP(r)).Msg("staff signed in")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleSignOut ends the session on the server, so the cookie is worthless
// even if a copy of it survives.
func (s *server) handleSignOut(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.renderError(w, r, http.StatusForbidden, errForeignOrigin)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.end(c.Value)
	}
	setCookie(w, r, sessionCookie, "", -1)
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
	if s.refuseWrites(w, r) {
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
