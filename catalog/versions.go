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
// Like Restore, it returns once search no longer finds the record by text.
func (c *Catalog) Delete(ctx context.Context, id string) (uint64, error) {
	if err := c.beforeWrite(); err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	c.mu.Lock()
	var n uint64
	if err := c.storeWrite(func() (err error) { n, err = c.st.Delete(ctx, id); return err }); err != nil {
		c.mu.Unlock()
		return 0, fmt.Errorf("catalog: %w", err)
	}
	// A crash before the index follows is repaired by the next Open: the
	// store marked id changed.
	err := c.applyNow(ctx, nil, []string{id})
	c.mu.Unlock()
	if err != nil {
		return n, err
	}
	return n, c.WaitSearchable(ctx, nil)
}

// Restore makes version n of id current again, in the store and the index.
func (c *Catalog) Restore(ctx context.Context, id string, n uint64) (record.Record, error) {
	if err := c.beforeWrite(); err != nil {
		return record.Record{}, fmt.Errorf("catalog: %w", err)
	}
	c.mu.Lock()
	var r record.Record
	if err := c.storeWrite(func() (err error) { r, err = c.st.Restore(ctx, id, n); return err }); err != nil {
		c.mu.Unlock()
		return r, fmt.Errorf("catalog: %w", err)
	}
	err := c.applyNow(ctx, []record.Record{r}, nil)
	c.mu.Unlock()
	if err != nil {
		return r, err
	}
	return r, c.WaitSearchable(ctx, nil)
}

// applyNow hands one committed change to the index at the store's current
// sequence. c.mu must be held, so no other write slips in between.
func (c *Catalog) applyNow(ctx context.Context, recs []record.Record, gone []string) error {
	seq, err := c.st.Seq(ctx)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	if err := c.indexWrite(ctx, func() error { return c.ix.Apply(ctx, seq, recs, gone) }); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	return nil
}
