// Package catalog is a data directory: the bbolt store (the truth) and the
// index derived from it (package indexer: full text, facet bitmaps, people
// directory), kept in step on the store's change sequence. It opens both,
// rebuilds or catches up the index on start, and imports files: parse,
// store in one transaction, hand what changed to the index. A crash between
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
}

// Open opens the data dir, creating it (owner-only) if needed. A missing,
// corrupt or outdated index is rebuilt from the store; an index that is
// behind the store (after a crash) is caught up. Open returns once the
// index, full text included, reflects the store.
func Open(ctx context.Context, dir string, log zerolog.Logger) (*Catalog, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, StoreFile))
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	c := &Catalog{dir: dir, log: log, st: st}
	ix, err := indexer.Open(ctx, c.indexDir(), c.indexOptions())
	if errors.Is(err, indexer.ErrStale) {
		log.Info().Err(err).Msg("rebuilding the search index from the store")
		err = c.rebuild(ctx)
	} else if err == nil {
		c.ix = ix
		err = c.catchUp(ctx)
	}
	if err == nil {
		err = c.waitText(ctx, nil)
	}
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
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
		errs = append(errs, c.ix.Close())
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
		if err := c.ix.Close(); err != nil {
			c.mu.Unlock()
			return fmt.Errorf("catalog: %w", err)
		}
		c.ix = nil
	}
	err := c.rebuild(ctx)
	c.mu.Unlock()
	if err == nil {
		err = c.waitText(ctx, nil)
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
		c.ix.Close()
		c.ix = nil
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
		if err := c.ix.Apply(ctx, from, recs, gone); err != nil {
			return err
		}
	}
	if err := c.ix.Apply(ctx, stSeq, nil, nil); err != nil {
		return err
	}
	c.log.Info().Int("records", len(ids)).Uint64("from_seq", from).Uint64("to_seq", stSeq).Msg("index caught up with the store")
	return nil
}

// WaitSearchable waits until the full text holds everything stored so far,
// calling progress (if set) about every 200 ms with the records left.
func (c *Catalog) WaitSearchable(ctx context.Context, progress func(left int)) error {
	if err := c.waitText(ctx, progress); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	return nil
}

func (c *Catalog) waitText(ctx context.Context, progress func(left int)) error {
	gen := c.ix.Gen()
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
