package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/wsis-tools/stocktake/importers"
)

// runParse extracts records from files and prints one JSON record per line.
// A readable file always yields its best record; problems go to stderr.
func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "parse", "--json FILE...")
	asJSON := fs.Bool("json", false, "print one JSON record per line (the only output format)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_ = asJSON // JSON lines is the only output; the flag is accepted as SPEC names it
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: no FILE given", errUsage)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err // a signal: stop, rather than report every file left
		}
		if err := parseOne(ctx, e, enc, path); err != nil {
			fmt.Fprintf(e.stderr, "stocktake parse: %s: %v\n", path, err)
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be parsed", failed, fs.NArg())
	}
	return nil
}

func parseOne(ctx context.Context, e *env, enc *json.Encoder, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, rowErrs, err := importers.Parse(ctx, path, f)
	if err != nil {
		return err
	}
	for _, re := range rowErrs {
		fmt.Fprintf(e.stderr, "stocktake parse: %s: %v\n", path, re)
	}
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	return nil
}
