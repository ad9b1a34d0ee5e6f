package web

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"time"
)

// Admission bounds the work requests can start, so that a crowd of
// expensive requests cannot take the server down or hold up cheap ones:
// every request runs under a deadline (its context ends, and so does its
// time to write the answer), at most Queries searches (search pages and
// API, people, records) and at most Heavy whole-corpus requests (insights
// and exports, which read every matching record) run at once. The two
// classes have their own slots, so slow insights never starve searches. A
// request that finds no free slot within its class's wait is answered 503
// with Retry-After, rather than queued without end. Searches wait up to a
// second: they take milliseconds, so a short queue drains fast, and a
// crowd of eight users on two cores at 100,000 records had 45 % of its
// searches refused with a 100 ms wait. Whole-corpus requests wait 100 ms:
// one takes up to seconds, and clients parked behind it would hold their
// connections for nothing (docs/RELIABILITY.md). /healthz, static
// files and the staff pages take no slot.
type Admission struct {
	Queries      int           // default GOMAXPROCS - 1, at least 1 (see withDefaults)
	Heavy        int           // default GOMAXPROCS / 2, at least 1
	Wait         time.Duration // for a search slot; default 1 s
	HeavyWait    time.Duration // for a whole-corpus slot; default 100 ms
	QueryTimeout time.Duration // default 10 s; also for pages that take no slot
	HeavyTimeout time.Duration // default 2 min
}

// Fixed deadlines of the requests outside the two classes.
const (
	healthTimeout = 2 * time.Second
	uploadTimeout = 5 * time.Minute // the spooling of an upload; the import runs after
	writeGrace    = 5 * time.Second // beyond the deadline, to write an error answer
)

// errBusy is the error of a request that found no free slot.
var errBusy = errors.New("the server is busy; try again in a moment")

// withDefaults fills in the zero fields.
func (a Admission) withDefaults() Admission {
	procs := runtime.GOMAXPROCS(0)
	if a.Queries <= 0 {
		// Searches are CPU-bound. With one per core, a crowd of them
		// keeps every core busy and /healthz waits in the scheduler's
		// queue (p99 94-123 ms under 32 clients on 2 cores); one core
		// left for health checks, static files and connections brings
		// it to 32-38 ms, for fewer searches at once (docs/RELIABILITY.md).
		a.Queries = max(1, procs-1)
	}
	if a.Heavy <= 0 {
		a.Heavy = max(1, procs/2)
	}
	if a.Wait <= 0 {
		a.Wait = time.Second
	}
	if a.HeavyWait <= 0 {
		a.HeavyWait = 100 * time.Millisecond
	}
	if a.QueryTimeout <= 0 {
		a.QueryTimeout = 10 * time.Second
	}
	if a.HeavyTimeout <= 0 {
		a.HeavyTimeout = 2 * time.Minute
	}
	return a
}

// admission holds the slots of the two classes.
type admission struct {
	cfg            Admission
	queries, heavy chan struct{}
}

func newAdmission(cfg Admission) *admission {
	cfg = cfg.withDefaults()
	return &admission{cfg: cfg, queries: make(chan struct{}, cfg.Queries), heavy: make(chan struct{}, cfg.Heavy)}
}

// class returns the slots of a request (nil for requests that take none),
// how long it may wait for one, and its deadline.
func (a *admission) class(r *http.Request) (slots chan struct{}, wait, timeout time.Duration) {
	p := r.URL.Path
	switch {
	case p == "/healthz":
		return nil, 0, healthTimeout
	case r.Method == http.MethodPost && (p == ImportPath || p == "/import"):
		return nil, 0, uploadTimeout
	case strings.HasPrefix(p, "/static/"), strings.HasPrefix(p, "/staff"), strings.HasPrefix(p, "/import"), strings.HasPrefix(p, ImportPath):
		return nil, 0, a.cfg.QueryTimeout
	case p == "/api/v1/export", p == "/api/v1/insights", p == "/insights":
		return a.heavy, a.cfg.HeavyWait, a.cfg.HeavyTimeout
	}
	return a.queries, a.cfg.Wait, a.cfg.QueryTimeout
}

// admit wraps the router: it sets the request's deadline and takes a slot
// of its class, or answers 503.
func (s *server) admit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slots, wait, timeout := s.admission.class(r)
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(timeout + writeGrace))
		if slots != nil {
			if !acquire(ctx, slots, wait) {
				s.fail(w, r, errBusy)
				return
			}
			defer func() { <-slots }()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// acquire takes a slot, waiting at most wait.
func acquire(ctx context.Context, slots chan struct{}, wait time.Duration) bool {
	select {
	case slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}
