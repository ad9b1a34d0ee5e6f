package catalog

import (
	"context"
	"fmt"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// History returns what the store holds of id: the current record and its
// archived versions (store.History).
func (c *Catalog) History(ctx context.Context, id string) (store.History, error) {
	return c.st.History(ctx, id)
}

// Renamed returns the id a record moved to in a schema migration.
func (c *Catalog) Renamed(ctx context.Context, id string) (string, bool, error) {
	return c.st.Renamed(ctx, id)
}

// Delete removes record id from the store and the index, keeping it as an
// archived version that Restore brings back. It returns that version.
func (c *Catalog) Delete(ctx context.Context, id string) (uint64, error) {
	if err := c.beforeWrite(); err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	caughtUp, err := c.indexCaughtUp(ctx)
	if err != nil {
		return 0, err
	}
	var n uint64
	if err := c.storeWrite(func() (err error) { n, err = c.st.Delete(ctx, id); return err }); err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	// A crash before the index follows is repaired by the next Open: the
	// store marked id changed.
	if err := c.indexWrite(ctx, func() error { return c.ix.Delete(ctx, []string{id}) }); err != nil {
		return n, fmt.Errorf("catalog: %w", err)
	}
	return n, c.syncSeq(ctx, caughtUp)
}

// Restore makes version n of id current again, in the store and the index.
func (c *Catalog) Restore(ctx context.Context, id string, n uint64) (record.Record, error) {
	if err := c.beforeWrite(); err != nil {
		return record.Record{}, fmt.Errorf("catalog: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	caughtUp, err := c.indexCaughtUp(ctx)
	if err != nil {
		return record.Record{}, err
	}
	var r record.Record
	if err := c.storeWrite(func() (err error) { r, err = c.st.Restore(ctx, id, n); return err }); err != nil {
		return r, fmt.Errorf("catalog: %w", err)
	}
	if err := c.indexWrite(ctx, func() error { return c.ix.Index(ctx, []record.Record{r}) }); err != nil {
		return r, fmt.Errorf("catalog: %w", err)
	}
	return r, c.syncSeq(ctx, caughtUp)
}

// indexCaughtUp reports whether the index reflects every store write so far;
// it does not while a folder import holds records to index in a batch.
func (c *Catalog) indexCaughtUp(ctx context.Context) (bool, error) {
	stSeq, err := c.st.Seq(ctx)
	if err != nil {
		return false, fmt.Errorf("catalog: %w", err)
	}
	ixSeq, err := c.ix.Seq()
	if err != nil {
		return false, fmt.Errorf("catalog: %w", err)
	}
	return ixSeq == stSeq, nil
}

// syncSeq records that the index reflects the store's current sequence
// after one change was indexed, when it reflected every earlier one; else
// the pending batch's flush will. c.mu must be held.
func (c *Catalog) syncSeq(ctx context.Context, caughtUp bool) error {
	if !caughtUp {
		return nil
	}
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if err := c.indexWrite(ctx, func() error { return c.ix.SetSeq(seq) }); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	return nil
}
