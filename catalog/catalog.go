// Package catalog is a data directory: the bbolt store (the truth) and the
// index derived from it (package indexer: full text, facet bitmaps, people
// directory), kept in step on the store's change sequence. It opens both,
// rebuilds or catches up the index on start, and imports files: parse,
// store in bounded transactions, hand what changed to the index. A crash between
// those steps is repaired by the next Open.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// File names inside a data dir.
const (
	StoreFile = "stocktake.db"
	IndexDir  = "index"
)

// Catalog is an open data dir. Imports are serialised; searches may run
// concurrently with them.
type Catalog struct {
	dir string
	log zerolog.Logger
	st  *store.Store
	ix  *indexer.Index

	mu sync.Mutex // serialises writes: a store put and its Apply

	gate      writeGate // read-only after a write failure
	freeSpace func(dir string) (free, size uint64, err error)
	marked    bool // MarkerFile is written
	// fault, when set by a test, fails the write stage it is called with
	// ("store" or "index") as a failing disk would.
	fault func(stage string) error
}

// Open opens the data dir, creating it (owner-only) if needed. It refuses a
// damaged store file (store.ErrDamaged), and a missing or empty one where
// the data dir held data (ErrStoreLost, see MarkerFile). A missing, damaged
// or outdated index is rebuilt from the store; an index that is behind the
// store (after a crash) is caught up. Open returns once the index, full
// text included, reflects the store. The upload spool is emptied.
func Open(ctx context.Context, dir string, log zerolog.Logger, opts ...Option) (*Catalog, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := checkStoreFile(dir); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, StoreFile))
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	c := &Catalog{dir: dir, log: log, st: st, freeSpace: freeSpace}
	for _, o := range opts {
		o(c)
	}
	if err := c.checkHeld(ctx); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.sweepSpool(); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.openIndex(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := c.followLinks(ctx); err != nil {
		c.Close()
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
}

// openIndex opens the index after verifying its files, and catches it up
// with the store. A missing, damaged or outdated index is rebuilt, and so is
// one that makes Bleve panic while it opens or catches up. When a full disk
// stops the catch-up or the rebuild, the index on disk is served as it is
// and the catalog is read-only until a restart with space repairs it.
func (c *Catalog) openIndex(ctx context.Context) error {
	dir := c.indexDir()
	err := indexer.Verify(dir)
	if err == nil {
		err = recovered(func() error {
			ix, err := indexer.Open(ctx, dir, c.indexOptions())
			if err != nil {
				return err
			}
			c.ix = ix
			if err := c.catchUp(ctx); err != nil {
				return err
			}
			return c.ix.WaitText(ctx, c.ix.Gen())
		})
	}
	if errors.Is(err, indexer.ErrStale) || errors.Is(err, errIndexPanic) {
		c.closeIndex()
		ev := c.log.Warn()
		if _, serr := os.Stat(dir); os.IsNotExist(serr) {
			ev = c.log.Info() // a new data dir
		}
		ev.Err(err).Msg("rebuilding the search index from the store")
		err = recovered(func() error {
			if err := c.rebuild(ctx); err != nil {
				return err
			}
			return c.ix.WaitText(ctx, c.ix.Gen())
		})
	}
	if err != nil && diskError(err) && ctx.Err() == nil {
		return c.openBehind(ctx, dir, err)
	}
	return err
}

// openBehind opens the index as it is on disk, after cause (a disk error)
// stopped bringing it up to date, and makes the catalog read-only.
func (c *Catalog) openBehind(ctx context.Context, dir string, cause error) error {
	c.closeIndex()
	err := recovered(func() error {
		ix, err := indexer.Open(ctx, dir, c.indexOptions())
		c.ix = ix
		return err
	})
	if err != nil {
		c.ix = nil
		return errors.Join(cause, err)
	}
	_ = c.failed(fmt.Errorf("the search index could not be brought up to date: %w", cause), true)
	return nil
}

// closeIndex closes the open index, if any, whatever state it is in.
func (c *Catalog) closeIndex() {
	if c.ix != nil {
		_ = recovered(c.ix.Close)
		c.ix = nil
	}
}

// errIndexPanic marks a panic inside Bleve, turned into an error.
var errIndexPanic = errors.New("the search index failed")

// recovered runs fn, turning a panic into an error wrapping errIndexPanic.
func recovered(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", errIndexPanic, p)
		}
	}()
	return fn()
}

func (c *Catalog) indexDir() string { return filepath.Join(c.dir, IndexDir) }

func (c *Catalog) indexOptions() indexer.Options {
	return indexer.Options{Log: c.log, Records: c.st}
}

// Close closes the index and the store. Closing twice is harmless.
func (c *Catalog) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	if c.ix != nil {
		errs = append(errs, recovered(c.ix.Close))
		c.ix = nil
	}
	if c.st != nil {
		errs = append(errs, c.st.Close())
		c.st = nil
	}
	return errors.Join(errs...)
}

// Store returns the record store.
func (c *Catalog) Store() *store.Store { return c.st }

// Index returns the index: views and full text.
func (c *Catalog) Index() *indexer.Index { return c.ix }

// Reindex rebuilds the index from the store. The caller must not search
// while it runs: the index is closed and replaced.
func (c *Catalog) Reindex(ctx context.Context) error {
	c.mu.Lock()
	if c.ix != nil {
		if err := recovered(c.ix.Close); err != nil {
			c.mu.Unlock()
			return fmt.Errorf("catalog: %w", err)
		}
		c.ix = nil
	}
	err := recovered(func() error { return c.rebuild(ctx) })
	if err == nil {
		err = c.followLinks(ctx)
	}
	c.mu.Unlock()
	if err == nil {
		err = c.WaitSearchable(ctx, nil)
	}
	if err != nil {
		return fmt.Errorf("catalog: reindex: %w", err)
	}
	return nil
}

// rebuild creates a fresh index and applies every stored record, in
// batches at generation 0, then the store's sequence: a crash half-way
// leaves generation 0, which the next Open catches up from the start.
// Writes are serialised (or not yet possible), so the sequence read first
// is the one the records reflect.
func (c *Catalog) rebuild(ctx context.Context) error {
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return err
	}
	ix, err := indexer.Create(ctx, c.indexDir(), c.indexOptions())
	if err != nil {
		return err
	}
	c.ix = ix
	batch := make([]record.Record, 0, indexer.BatchSize)
	n := 0
	err = c.st.ForEach(ctx, func(r record.Record) error {
		batch = append(batch, r)
		n++
		if len(batch) == cap(batch) {
			err := ix.Apply(ctx, 0, batch, nil)
			batch = make([]record.Record, 0, indexer.BatchSize)
			return err
		}
		return nil
	})
	if err == nil {
		err = ix.Apply(ctx, 0, batch, nil)
	}
	if err == nil {
		err = ix.Apply(ctx, seq, nil, nil)
	}
	if err != nil {
		return err
	}
	c.log.Info().Int("records", n).Msg("index rebuilt")
	return nil
}

// catchUp applies the records changed since the sequence the index
// reflects (the lower of the views' and the full text's).
func (c *Catalog) catchUp(ctx context.Context) error {
	stSeq, err := c.st.Seq(ctx)
	if err != nil {
		return err
	}
	textGen, _, _ := c.ix.TextStatus()
	from := min(c.ix.Gen(), textGen)
	if from == stSeq && c.ix.Gen() == stSeq {
		return nil
	}
	if c.ix.Gen() > stSeq || textGen > stSeq {
		// The index claims writes the store does not have (a store file
		// restored from a backup): trust the store and rebuild.
		c.closeIndex()
		return c.rebuild(ctx)
	}
	var ids []string
	if err := c.st.ChangedSince(ctx, from, func(id string) error {
		ids = append(ids, id)
		return nil
	}); err != nil {
		return err
	}
	for start := 0; start < len(ids); start += indexer.BatchSize {
		var recs []record.Record
		var gone []string
		for _, id := range ids[start:min(start+indexer.BatchSize, len(ids))] {
			r, err := c.st.Get(ctx, id)
			switch {
			case errors.Is(err, record.ErrNotFound):
				gone = append(gone, id)
			case err != nil:
				return err
			default:
				recs = append(recs, r)
			}
		}
		// Batches keep the old generation until the last is in.
		if err := c.indexWrite(ctx, func() error { return c.ix.Apply(ctx, from, recs, gone) }); err != nil {
			return err
		}
	}
	if err := c.indexWrite(ctx, func() error { return c.ix.Apply(ctx, stSeq, nil, nil) }); err != nil {
		return err
	}
	c.log.Info().Int("records", len(ids)).Uint64("from_seq", from).Uint64("to_seq", stSeq).Msg("index caught up with the store")
	return nil
}

// WaitSearchable waits until the full text holds everything stored so far,
// calling progress (if set) about every 200 ms with the records left. A
// failure of the background text indexer turns the catalog read-only
// until a restart (it rebuilds or catches up the index).
func (c *Catalog) WaitSearchable(ctx context.Context, progress func(left int)) error {
	if err := c.waitText(ctx, progress); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if err := c.ix.WaitEntities(ctx, c.ix.Gen()); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	return nil
}

func (c *Catalog) waitText(ctx context.Context, progress func(left int)) error {
	err := c.waitTextGen(ctx, c.ix.Gen(), progress)
	if err != nil && ctx.Err() == nil {
		// The text indexer stopped: its Bleve index is in an unknown state.
		return c.failed(err, true)
	}
	return err
}

func (c *Catalog) waitTextGen(ctx context.Context, gen uint64, progress func(left int)) error {
	if progress == nil {
		return c.ix.WaitText(ctx, gen)
	}
	done := make(chan error, 1)
	go func() { done <- c.ix.WaitText(ctx, gen) }()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			progress(0)
			return err
		case <-tick.C:
			_, left, _ := c.ix.TextStatus()
			progress(left)
		}
	}
}
