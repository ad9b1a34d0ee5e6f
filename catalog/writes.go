package catalog

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Errors of the write path, for errors.Is.
var (
	// ErrReadOnly is returned for a write while the catalog is read-only
	// after a write failure; the wrapped error says why.
	ErrReadOnly = errors.New("the data dir is read-only until the problem is fixed")
	// ErrDiskFull is the reason when the disk holding the data dir is full,
	// or has less than MinFreeBytes free.
	ErrDiskFull = errors.New("disk full")
)

// MinFreeBytes is the free space a write needs on the disk of the data dir,
// or a twentieth of the disk when that is less. Below it the catalog turns
// read-only before bbolt or Bleve hit the end of the disk: a Bleve index
// that fails half-way through a write is left unusable until it is
// reopened.
const MinFreeBytes = 64 << 20

// probeEvery is how often a read-only catalog checks whether space
// returned.
const probeEvery = 2 * time.Second

// Option changes how Open sets up a catalog.
type Option func(*Catalog)

// WithFreeSpace replaces the measure of free disk space and disk size (for
// tests that need a full disk without filling one).
func WithFreeSpace(fn func(dir string) (free, size uint64, err error)) Option {
	return func(c *Catalog) { c.freeSpace = fn }
}

// writeGate remembers a write failure that made the catalog read-only.
type writeGate struct {
	mu          sync.Mutex
	failure     error // nil while writable
	since       time.Time
	probed      time.Time
	indexBroken bool          // the failure hit the index: only a restart repairs it
	probeEvery  time.Duration // 0: probeEvery; tests shorten it
}

// Health is the write state of a catalog, for /healthz.
type Health struct {
	ReadOnly bool      `json:"read_only"`
	Reason   string    `json:"reason,omitempty"`
	Since    time.Time `json:"since,omitzero"`
}

// Health reports whether the catalog takes writes, checking first whether
// the cause of a read-only state has gone. Its reason is fit for anyone to
// read: no path, no detail of the failure (the log has those).
func (c *Catalog) Health() Health {
	if c.ix != nil {
		if _, _, err := c.ix.TextStatus(); err != nil {
			_ = c.failed(err, true) // the background text indexer stopped
		}
	}
	if c.Writable() == nil {
		err := c.spaceLeft()
		if err == nil {
			return Health{}
		}
		_ = c.failed(err, false)
	}
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	reason := "a write to the disk failed"
	if errors.Is(c.gate.failure, ErrDiskFull) {
		reason = "the disk of the data dir is full"
	}
	if c.gate.indexBroken {
		reason += "; the search index must be rebuilt by a restart once it is fixed"
	} else {
		reason += "; writes resume by themselves once it is fixed"
	}
	return Health{ReadOnly: true, Reason: reason, Since: c.gate.since}
}

// Writable returns nil when writes may go ahead, or an error wrapping
// ErrReadOnly and its cause. While read-only it re-measures the free space
// at most every probeEvery, and becomes writable again once there is
// enough, unless the failure damaged the open index: that needs a restart,
// which rebuilds it.
func (c *Catalog) Writable() error {
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	now := time.Now()
	every := cmp.Or(c.gate.probeEvery, probeEvery)
	if c.gate.failure == nil || c.gate.indexBroken || now.Sub(c.gate.probed) < every {
		if c.gate.failure == nil {
			return nil
		}
		return fmt.Errorf("%w: %w", ErrReadOnly, c.gate.failure)
	}
	c.gate.probed = now
	if err := c.spaceLeft(); err != nil {
		c.gate.failure = err
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	c.log.Warn().Err(c.gate.failure).Msg("space returned: the data dir takes writes again")
	c.gate.failure = nil
	return nil
}

// beforeWrite measures the free space before a write, so a nearly full
// disk turns the catalog read-only before a write fails half-way.
func (c *Catalog) beforeWrite() error {
	if err := c.Writable(); err != nil {
		return err
	}
	if err := c.spaceLeft(); err != nil {
		return c.failed(err, false)
	}
	return nil
}

// spaceLeft returns ErrDiskFull (wrapped) when the data dir's disk has less
// free space than writes need (see MinFreeBytes). Where free space cannot
// be measured it says nothing, and only a failed write turns the catalog
// read-only.
func (c *Catalog) spaceLeft() error {
	free, size, err := c.freeSpace(c.dir)
	need := min(uint64(MinFreeBytes), size/20)
	if err != nil || free >= need {
		return nil
	}
	return fmt.Errorf("%w: %s free on the disk of the data dir %s, and writes need %s", ErrDiskFull, mib(free), c.dir, mib(need))
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// failed records a write failure. Failures of the disk (full, quota,
// read-only, I/O error) turn the catalog read-only; others are returned as
// they are. index says the failure happened inside the index, whose state
// is unknown after any failed write: that always turns the catalog
// read-only, until a restart rebuilds the index.
func (c *Catalog) failed(err error, index bool) error {
	if !index && !diskError(err) {
		return err
	}
	if !errors.Is(err, ErrDiskFull) && (hasErrno(err, syscall.ENOSPC) || hasErrno(err, syscall.EDQUOT)) {
		err = fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	if c.gate.failure == nil {
		c.gate.since = time.Now()
		c.log.Error().Err(err).Bool("index", index).Msg("write failed: the data dir is read-only until the problem is fixed")
	}
	c.gate.failure = err
	c.gate.probed = time.Now()
	if index {
		c.gate.indexBroken = true
		c.gate.failure = fmt.Errorf("%w; the search index was left unusable by the failed write: restart stocktake once the problem is fixed, and it rebuilds the index", err)
	}
	return fmt.Errorf("%w: %w", ErrReadOnly, c.gate.failure)
}

// broken reports whether a failed write left the open index unusable.
func (g *writeGate) broken() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.indexBroken
}

// storeWrite runs a store write; a disk failure turns the catalog
// read-only.
func (c *Catalog) storeWrite(fn func() error) error {
	err := c.writeFault("store")
	if err == nil {
		err = fn()
	}
	if err != nil {
		return c.failed(err, false)
	}
	return nil
}

// indexWrite runs an index write. After a failed one it writes nothing
// (the in-memory index is unusable), and any failure or panic of this one
// turns the catalog read-only until a restart. c.mu must be held.
func (c *Catalog) indexWrite(ctx context.Context, fn func() error) error {
	if c.gate.broken() {
		return c.Writable()
	}
	err := c.writeFault("index")
	if err == nil {
		err = recovered(fn)
	}
	if err != nil && ctx.Err() == nil {
		return c.failed(err, true)
	}
	return err
}

// writeFault returns the error a test injects for a write stage.
func (c *Catalog) writeFault(stage string) error {
	if c.fault == nil {
		return nil
	}
	return c.fault(stage)
}

// diskError reports whether err is a failure of the disk rather than of
// the data.
func diskError(err error) bool {
	if errors.Is(err, ErrDiskFull) {
		return true
	}
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EIO, syscall.EFBIG} {
		if hasErrno(err, errno) {
			return true
		}
	}
	var pe *fs.PathError
	return errors.As(err, &pe) && errors.Is(pe.Err, fs.ErrPermission)
}

// hasErrno reports whether err is or says errno. Bleve flattens the errors
// of its writes into text, so the message is read too.
func hasErrno(err error, errno syscall.Errno) bool {
	return errors.Is(err, errno) || strings.Contains(err.Error(), errno.Error())
}
