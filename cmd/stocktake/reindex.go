package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/wsis-tools/stocktake/store"
)

// runReindex rebuilds the search index from the store.
func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reindex", "[--data DIR]")
	df := addDataFlags(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q (the data dir is given with --data)", errUsage, fs.Arg(0))
	}
	cat, _, err := df.openExisting(ctx, e)
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w; a server rebuilds a missing, damaged or outdated index by itself when it starts", err)
	}
	if err != nil {
		return err
	}
	defer cat.Close()
	if err := cat.Reindex(ctx); err != nil {
		return err
	}
	n := cat.Index().Count()
	fmt.Fprintf(e.stdout, "reindexed %d records\n", n)
	return nil
}
