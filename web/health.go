package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/wsis-tools/stocktake/catalog"
)

// WriteState tells whether the data dir takes writes. *catalog.Catalog
// satisfies it.
type WriteState interface {
	Health() catalog.Health
}

// healthCountTTL is how long /healthz reuses a record count: counting
// walks the store, and the check must stay cheap under load.
const healthCountTTL = time.Second

// countCache keeps the last record count for healthCountTTL.
type countCache struct {
	mu sync.Mutex
	n  int
	at time.Time
}

func (c *countCache) get(ctx context.Context, records RecordGetter) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) < healthCountTTL {
		return c.n, nil
	}
	n, err := records.Count(ctx)
	if err != nil {
		return 0, err
	}
	c.n, c.at = n, time.Now()
	return n, nil
}

// health is the body of /healthz.
type health struct {
	Status   string    `json:"status"` // "ok", or "degraded" while writes are refused
	Records  int       `json:"records"`
	ReadOnly bool      `json:"read_only"`
	Reason   string    `json:"reason,omitempty"`
	Since    time.Time `json:"since,omitzero"`
}

// handleHealth answers 200 while the server serves reads, with status
// "degraded" and the reason while it refuses writes (a full disk, say), so
// a monitor sees the problem without the server being taken out of
// service.
func (s *server) handleHealth(w http.ResponseWriter, r *http.Request) {
	n, err := s.count.get(r.Context(), s.records)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := health{Status: "ok", Records: n}
	if s.writes != nil {
		if ws := s.writes.Health(); ws.ReadOnly {
			h.Status, h.ReadOnly, h.Reason, h.Since = "degraded", true, ws.Reason, ws.Since
		}
	}
	writeJSON(w, http.StatusOK, h)
}

// refuseWrites answers 503 when the data dir takes no writes; it reports
// whether it did.
func (s *server) refuseWrites(w http.ResponseWriter, r *http.Request) bool {
	if s.writes == nil {
		return false
	}
	ws := s.writes.Health()
	if !ws.ReadOnly {
		return false
	}
	s.fail(w, r, &readOnly{ws.Reason})
	return true
}

// readOnly is the error of a write refused while the data dir is
// read-only.
type readOnly struct{ reason string }

func (e *readOnly) Error() string { return "the server takes no imports now: " + e.reason }
