package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

// TestDeleteAndRestoreFollowInTheIndex: a delete leaves the index, survives
// a reopen and a re-import, and a restore brings the record back into both.
func TestDeleteAndRestoreFollowInTheIndex(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	writeJSONL(t, src, 1, 3)
	dir := filepath.Join(t.TempDir(), "data")
	c, err := Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var id string
	_ = c.Store().ForEach(ctx, func(r record.Record) error { id = r.ID; return nil })
	n, err := c.Delete(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := assertConsistent(t, c); got != 2 {
		t.Errorf("%d records after a delete, want 2", got)
	}
	if _, err := c.Delete(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	c.Close()

	c, err = Open(ctx, dir, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rs, err := c.Import(ctx, []string{src}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].KeptDeleted != 1 || rs[0].Added != 0 {
		t.Errorf("re-import after a delete: %+v, want the record kept deleted", rs[0])
	}
	if got := assertConsistent(t, c); got != 2 {
		t.Errorf("%d records after re-import, want 2", got)
	}
	if _, err := c.Restore(ctx, id, n); err != nil {
		t.Fatal(err)
	}
	if got := assertConsistent(t, c); got != 3 {
		t.Errorf("%d records after restore, want 3", got)
	}
}
