package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// MinTokenLength is the shortest staff token the server accepts: 16
// characters of a random token are beyond guessing even at the rate the
// throttle allows. The command refuses to start with a shorter one.
const MinTokenLength = 16

// CheckToken returns an error saying why token cannot be the staff token.
func CheckToken(token string) error {
	if n := len([]rune(strings.TrimSpace(token))); n < MinTokenLength {
		return fmt.Errorf("the staff token is %d characters long; it needs at least %d (make one with `openssl rand -hex 24`)", n, MinTokenLength)
	}
	return nil
}

// Errors of staff authentication.
var (
	// errForeignOrigin rejects a state-changing request from another site.
	errForeignOrigin = errors.New("this form must be sent from this site")
	errUnauthorized  = errors.New("a valid staff token is required (Authorization: Bearer <token>)")
)

// throttled is the error of an attempt refused because its client failed
// too often; Retry is when it may try again.
type throttled struct{ Retry time.Duration }

func (t *throttled) Error() string {
	return fmt.Sprintf("too many failed attempts from this client; try again in %s", t.Retry.Round(time.Second))
}

// credential is how a request proved it acts for staff.
type credential int

const (
	noCredential credential = iota
	bearerToken
	sessionCookieCredential
)

// staff checks a request's credentials: the bearer token of the
// Authorization header (compared in constant time, throttled per client),
// else the session cookie. The token is only ever read from that header or
// the sign-in form, never from the URL. The error is a *throttled when the
// client may not try now.
func (s *server) staff(r *http.Request) (credential, error) {
	if s.staffToken == "" {
		return noCredential, nil
	}
	if got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		client := "ip:" + clientIP(r)
		if wait := s.limiter.wait(client, time.Now()); wait > 0 {
			return noCredential, &throttled{wait}
		}
		if !s.checkToken(client, got) {
			return noCredential, nil
		}
		return bearerToken, nil
	}
	if s.validSession(r) {
		return sessionCookieCredential, nil
	}
	return noCredential, nil
}

// isStaff reports whether the request acts for staff; pages use it to show
// contact details.
func (s *server) isStaff(r *http.Request) bool {
	c, _ := s.staff(r)
	return c != noCredential
}

// checkToken compares a token presented by client with the staff token,
// and counts the outcome; callers check first that the client is not
// throttled. Comparing digests keeps the token's length out of the timing.
func (s *server) checkToken(client, got string) bool {
	now := time.Now()
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(s.staffToken))
	if subtle.ConstantTimeCompare(a[:], b[:]) != 1 {
		s.limiter.fail(client, now)
		s.log.Warn().Str("client", strings.TrimPrefix(client, "ip:")).Msg("wrong staff token")
		return false
	}
	s.limiter.succeed(client)
	return true
}

// isHandoff reports whether the request carries the hand-off token of the
// local command line (never the staff token's powers: only imports).
func (s *server) isHandoff(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || s.handoffToken == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(s.handoffToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// authorizeImport lets an upload through for staff (authorizeWrite) or
// for the command line's hand-off.
func (s *server) authorizeImport(r *http.Request) error {
	if s.isHandoff(r) {
		return nil
	}
	return s.authorizeWrite(r)
}

// authorizeWrite lets a state-changing request through when it acts for
// staff. A bearer token is enough: browsers never add one on their own. A
// session cookie is, so with it the request must also come from a page of
// this site (CSRF).
func (s *server) authorizeWrite(r *http.Request) error {
	c, err := s.staff(r)
	switch {
	case err != nil:
		return err
	case c == noCredential:
		return errUnauthorized
	case c == sessionCookieCredential && !sameOrigin(r):
		return errForeignOrigin
	}
	return nil
}

// sameOrigin reports whether a request comes from a page of this site: the
// Origin header, or the Referer when a browser sends no Origin, must name
// this host. SameSite=Strict cookies alone are not relied on.
func sameOrigin(r *http.Request) bool {
	from := r.Header.Get("Origin")
	if from == "" || from == "null" {
		from = r.Header.Get("Referer")
	}
	u, err := url.Parse(from)
	return err == nil && from != "" && u.Host == r.Host
}

// localTargets are the pages a sign-in may return to. Anything else, of
// whatever spelling, goes to /import: a redirect target is never built
// from what the client sent.
var localTargets = regexp.MustCompile(`^/(?:import(?:/[0-9a-f]{16})?|people(?:/shortlist)?|insights|staff|records/[A-Za-z0-9._~%-]+)?$`)

// localPath keeps a redirect target on the allow-list of local pages, with
// the query of the page staff were on (re-encoded, so it cannot carry a
// host or a line break): sign-in returns to where they were.
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !localTargets.MatchString(u.EscapedPath()) {
		return "/import"
	}
	target := u.EscapedPath()
	if q := u.Query(); len(q) > 0 {
		target += "?" + q.Encode()
	}
	return target
}
