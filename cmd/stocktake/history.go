package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/store"
)

// runHistory lists the versions the store keeps of one record.
func runHistory(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "history", "[--data DIR] [--json] ID")
	df := addDataFlags(fs, e)
	asJSON := fs.Bool("json", false, "print the history as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one record ID", errUsage)
	}
	cat, _, err := df.openExisting(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	id, err := currentID(ctx, e, cat, fs.Arg(0))
	if err != nil {
		return err
	}
	h, err := cat.History(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(h)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tUNTIL\tWHY\tFILE\tTITLE")
	if h.Current != nil {
		fmt.Fprintf(tw, "current\t\t\t%s\t%s\n", h.Current.Source.File, h.Current.DisplayTitle())
	}
	for _, v := range h.Versions {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", v.N, v.Saved.UTC().Format(time.DateTime), v.Reason, v.Record.Source.File, v.Record.DisplayTitle())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case h.Deleted && len(h.Versions) > 0:
		fmt.Fprintf(e.stdout, "%s is deleted; bring it back with: stocktake restore %s %d\n", id, id, h.Versions[0].N)
	case len(h.Versions) > 0:
		fmt.Fprintf(e.stdout, "restore a version with: stocktake restore %s VERSION\n", id)
	}
	return nil
}

// runRestore makes an archived version the current record again.
func runRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore", "[--data DIR] ID VERSION")
	df := addDataFlags(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("%w: want a record ID and a VERSION (see stocktake history ID)", errUsage)
	}
	n, err := strconv.ParseUint(fs.Arg(1), 10, 64)
	if err != nil || n == 0 {
		return fmt.Errorf("%w: VERSION %q is not a version number (see stocktake history ID)", errUsage, fs.Arg(1))
	}
	cat, _, err := df.openExisting(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	id, err := currentID(ctx, e, cat, fs.Arg(0))
	if err != nil {
		return err
	}
	r, err := cat.Restore(ctx, id, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "restored version %d of %s: %s\n", n, id, r.DisplayTitle())
	return nil
}

// runDelete deletes a record, reversibly.
func runDelete(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "delete", "[--data DIR] ID")
	df := addDataFlags(fs, e)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one record ID", errUsage)
	}
	cat, _, err := df.openExisting(ctx, e)
	if err != nil {
		return err
	}
	defer cat.Close()
	id, err := currentID(ctx, e, cat, fs.Arg(0))
	if err != nil {
		return err
	}
	n, err := cat.Delete(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "deleted %s; imports leave it deleted; undo with: stocktake restore %s %d\n", id, id, n)
	return nil
}

// currentID follows the alias of an id that the schema migration renamed,
// saying so, so ids written down before the upgrade still work.
func currentID(ctx context.Context, e *env, cat *catalog.Catalog, id string) (string, error) {
	if _, err := cat.History(ctx, id); !errors.Is(err, store.ErrNotFound) {
		return id, nil
	}
	to, ok, err := cat.Renamed(ctx, id)
	if err != nil || !ok {
		return id, err
	}
	fmt.Fprintf(e.stderr, "stocktake: %s is now %s\n", id, to)
	return to, nil
}
