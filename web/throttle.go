package web

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Throttling of failed authentication, on every path that checks the
// staff token: the bearer token of the API and pages, and the sign-in
// form. Each client (an address, or a browser that signed in before, see
// deviceCookie) has a bucket of maxAuthFailures attempts that refills one
// attempt every authRefill. While the bucket is empty the client's
// attempts are refused without the token being checked, so guessing runs
// at one try per authRefill at most; the right token is refused too, but
// only until the bucket refills, never for longer than authRefill once the
// failures stop. A success empties the client's record.
const (
	maxAuthFailures   = 10
	authRefill        = 6 * time.Second
	maxLimitedClients = 10000
)

// authLimiter holds the buckets of clients that failed recently.
type authLimiter struct {
	mu      sync.Mutex
	clients map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// wait returns how long client must wait before its next attempt; zero
// when it may try now.
func (l *authLimiter) wait(client string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[client]
	if b == nil {
		return 0
	}
	l.refill(b, now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(authRefill))
}

// fail takes one attempt from client's bucket.
func (l *authLimiter) fail(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.clients == nil || len(l.clients) >= maxLimitedClients {
		// Bounded memory: a flood of addresses starts the table afresh.
		l.clients = map[string]*bucket{}
	}
	b := l.clients[client]
	if b == nil {
		b = &bucket{tokens: maxAuthFailures, at: now}
		l.clients[client] = b
	}
	l.refill(b, now)
	b.tokens = math.Max(b.tokens-1, 0)
}

// succeed forgets client's failures.
func (l *authLimiter) succeed(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.clients, client)
}

func (l *authLimiter) refill(b *bucket, now time.Time) {
	b.tokens = math.Min(maxAuthFailures, b.tokens+now.Sub(b.at).Seconds()/authRefill.Seconds())
	b.at = now
}

// retryAfter sets the Retry-After header to d in whole seconds, at least 1.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(d.Seconds())))))
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
