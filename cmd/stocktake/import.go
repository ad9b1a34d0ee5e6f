package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/wsis-tools/stocktake/catalog"
	"github.com/wsis-tools/stocktake/store"
)

// runImport imports files and folders into the data dir and prints what
// happened to each file: a progress bar on a terminal, a summary always.
func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "[--data DIR] [--dry-run] [--json] PATH...")
	df := addDataFlags(fs, e)
	dryRun := fs.Bool("dry-run", false, "parse and compare with the store, change nothing")
	asJSON := fs.Bool("json", false, "print one JSON result per file instead of the summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no PATH given", errUsage)
	}
	files, skipped, err := catalog.ListFiles(fs.Args())
	if err != nil {
		return err
	}
	if len(files) == 0 && len(skipped) == 0 {
		return fmt.Errorf("nothing to import: no files under %s", strings.Join(fs.Args(), ", "))
	}
	bar := newBar(e.stderr, len(files))
	var results []catalog.FileResult
	cat, _, err := df.open(ctx, e)
	switch {
	case errors.Is(err, store.ErrLocked) && !*dryRun:
		// A server owns the data dir: hand the files to it.
		si, ierr := readServerInfo(*df.dir)
		if ierr != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "stocktake: %s is served at %s; handing the files to the server\n", *df.dir, si.Addr)
		results, err = handOff(ctx, si, files, func(done int) {
			if bar != nil {
				_ = bar.Set(done)
			}
		})
	case err != nil:
		return err
	default:
		defer cat.Close()
		// Two stages: files stored (searchable by filters at once), then
		// their full text indexed in the background.
		var textBar *progressbar.ProgressBar
		results, err = cat.Import(ctx, files, catalog.ImportOptions{DryRun: *dryRun,
			OnFile: func(catalog.FileResult) {
				if bar != nil {
					_ = bar.Add(1)
				}
			},
			OnText: func(left int) {
				if bar == nil || (textBar == nil && left == 0) {
					return
				}
				if textBar == nil {
					_ = bar.Finish()
					fmt.Fprintln(e.stderr)
					bar = nil
					textBar = newTextBar(e.stderr, left)
				}
				_ = textBar.Set(textBar.GetMax() - left)
			}})
		if textBar != nil {
			_ = textBar.Finish()
			fmt.Fprintln(e.stderr)
		}
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(e.stderr)
	}
	results = append(skipped, results...)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, r := range results {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	} else {
		printSummary(e.stdout, results, *dryRun)
	}
	if err != nil {
		return err
	}
	lost := 0
	for _, r := range results {
		if r.Rejected != "" {
			return fmt.Errorf("some files were rejected")
		}
		lost += r.Lost
	}
	if lost > 0 {
		return fmt.Errorf("%w: %d rows or parts of files (listed above)", errPartial, lost)
	}
	return nil
}

// newBar returns a progress bar when w is a terminal, nil otherwise (CI
// logs and pipes get the summary only).
func newBar(w io.Writer, n int) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || n < 2 {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("importing"),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true))
}

// newTextBar shows the second stage of an import: records stored and
// filterable, their full text still being indexed.
func newTextBar(w io.Writer, n int) *progressbar.ProgressBar {
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("indexing text"),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true))
}

// printSummary lists what did not go in whole (files rejected or skipped,
// rows and parts left out, notes), then one line of counts.
func printSummary(w io.Writer, results []catalog.FileResult, dryRun bool) {
	var added, updated, unchanged, rejected, skipped, lost, warned, keptDeleted, replaced int
	for _, r := range results {
		added += r.Added
		updated += r.Updated
		unchanged += r.Unchanged
		lost += r.Lost
		// The other problems are warnings: the row went in without the
		// value at fault (an unknown country), nothing was skipped.
		warned += len(r.RowErrors) - r.Lost
		keptDeleted += r.KeptDeleted
		replaced += r.Replaced
		if r.NewAtSource > 0 {
			fmt.Fprintf(w, "new in %s: %d added beside the records already stored from the same source "+
				"(different entities; nothing replaced)\n", r.Path, r.NewAtSource)
		}
		if r.Rejected != "" {
			rejected++
			fmt.Fprintf(w, "rejected %s: %s\n", r.Path, r.Rejected)
		}
		if r.Skipped != "" {
			skipped++
			fmt.Fprintf(w, "skipped %s: %s\n", r.Path, r.Skipped)
		}
		for _, re := range r.RowErrors {
			fmt.Fprintf(w, "in %s: %s\n", r.Path, re)
		}
	}
	verb := "imported"
	if dryRun {
		verb = "dry run, nothing stored:"
	}
	kept := ""
	if keptDeleted > 0 {
		kept = fmt.Sprintf(" (%d kept deleted: restore brings them back)", keptDeleted)
	}
	if replaced > 0 {
		kept += fmt.Sprintf(", %d replaced by this reading of the same files (kept in their history)", replaced)
	}
	fmt.Fprintf(w, "%s %s: %d added, %d updated, %d unchanged%s, %s rejected, %s skipped, %s left out, %s\n",
		verb, plural(len(results), "file", "files"), added, updated, unchanged, kept, plural(rejected, "file", "files"),
		plural(skipped, "file", "files"), plural(lost, "row or part", "rows or parts"), plural(warned, "warning", "warnings"))
}
