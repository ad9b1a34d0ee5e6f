package indexer

import (
	"context"
	"fmt"
)

// Delete removes the documents of ids (records deleted from the store or
// moved to a new id); unknown ids are ignored.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b := ix.bi.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("indexer: delete: %w", err)
	}
	return nil
}
