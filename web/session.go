package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Staff sign in once with the staff token through a form; the server then
// recognises them by a session cookie holding a random session id. Sessions
// live in the server's memory: signing out deletes the session, a restart
// deletes them all, and each expires after sessionTTL.
const (
	sessionCookie = "stocktake_staff"
	sessionTTL    = 12 * time.Hour
	maxSessions   = 1000

	// deviceCookie marks a browser that signed in before, so that guessing
	// from its address does not lock it out (OWASP's device cookies): its
	// sign-in attempts are throttled on their own. It holds a random id
	// and an HMAC of it under the server's key, so a new key (a restart)
	// voids it.
	deviceCookie = "stocktake_device"
	deviceTTL    = 30 * 24 * time.Hour
)

// sessionTable holds the live sessions by id.
type sessionTable struct {
	mu       sync.Mutex
	sessions map[string]time.Time // id -> expiry
}

// start creates a session and returns its id.
func (t *sessionTable) start(now time.Time) string {
	id := randomHex(16)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sessions == nil {
		t.sessions = map[string]time.Time{}
	}
	if len(t.sessions) >= maxSessions {
		t.prune(now)
	}
	for len(t.sessions) >= maxSessions {
		// Still full of live sessions: end the one closest to expiry.
		oldest, first := "", time.Time{}
		for id, exp := range t.sessions {
			if oldest == "" || exp.Before(first) {
				oldest, first = id, exp
			}
		}
		delete(t.sessions, oldest)
	}
	t.sessions[id] = now.Add(sessionTTL)
	return id
}

// valid reports whether id is a live session.
func (t *sessionTable) valid(id string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.sessions[id]
	if ok && !now.Before(exp) {
		delete(t.sessions, id)
		return false
	}
	return ok
}

// end revokes a session.
func (t *sessionTable) end(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.sessions, id)
}

func (t *sessionTable) prune(now time.Time) {
	for id, exp := range t.sessions {
		if !now.Before(exp) {
			delete(t.sessions, id)
		}
	}
}

// validSession reports whether the request carries a live session cookie.
func (s *server) validSession(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	return err == nil && s.staffToken != "" && s.sessions.valid(c.Value, time.Now())
}

// setCookie sets an HttpOnly, SameSite=Strict cookie for the whole site;
// maxAge < 0 deletes it.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

// newDevice returns a fresh device cookie value: "id.mac".
func (s *server) newDevice() string {
	id := randomHex(16)
	return id + "." + s.mac(id)
}

// device returns the id of the request's device cookie when its MAC is
// right, else "".
func (s *server) device(r *http.Request) string {
	c, err := r.Cookie(deviceCookie)
	if err != nil {
		return ""
	}
	id, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.mac(id))) {
		return ""
	}
	return id
}

func (s *server) mac(v string) string {
	m := hmac.New(sha256.New, s.sessionKey)
	m.Write([]byte(v))
	return hex.EncodeToString(m.Sum(nil))
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
