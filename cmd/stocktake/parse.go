package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/record"
)

// explained is a record printed with the evidence of its extraction.
type explained struct {
	record.Record
	Explain []record.Evidence `json:"explain"`
}

// runParse extracts records from files and prints one JSON record per line.
// With --explain each record carries, per field, the rule and the source
// line that produced the value (as JSON with --json, else as a readable
// listing). A readable file always yields its best record; problems go to
// stderr.
func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "parse", "[--json] [--explain] FILE...")
	asJSON := fs.Bool("json", false, "print one JSON record per line (the default unless --explain alone is given)")
	explain := fs.Bool("explain", false, "say for each field which rule and which line produced it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
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
		recs, err := parseOne(ctx, e, path)
		if err != nil {
			fmt.Fprintf(e.stderr, "stocktake parse: %s: %v\n", path, err)
			failed++
			continue
		}
		for _, r := range recs {
			var err error
			switch {
			case *explain && !*asJSON:
				err = printExplained(e.stdout, path, r)
			case *explain:
				err = enc.Encode(explained{Record: r, Explain: nonNil(r.Explain)})
			default:
				err = enc.Encode(r)
			}
			if err != nil {
				return fmt.Errorf("write: %w", err)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be parsed", failed, fs.NArg())
	}
	return nil
}

func nonNil(ev []record.Evidence) []record.Evidence {
	if ev == nil {
		return []record.Evidence{}
	}
	return ev
}

func parseOne(ctx context.Context, e *env, path string) ([]record.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, rowErrs, err := importers.Parse(ctx, path, f)
	if err != nil {
		return nil, err
	}
	for _, re := range rowErrs {
		fmt.Fprintf(e.stderr, "stocktake parse: %s: %v\n", path, re)
	}
	return recs, nil
}

// printExplained writes one record as a readable trace: a header, then one
// line per piece of evidence: field, value, rule, and the source line.
func printExplained(w io.Writer, path string, r record.Record) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %q\n", path, r.Kind, r.DisplayTitle())
	for _, ev := range r.Explain {
		where := ""
		if ev.Line > 0 {
			where = fmt.Sprintf("  line %d: %q", ev.Line, ev.Text)
		}
		fmt.Fprintf(&b, "  %-14s %-32q %s%s\n", ev.Field, ev.Value, ev.Rule, where)
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "  not found: %s\n", strings.Join(r.Missing, ", "))
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}
