// Package tabular reads projects and people from CSV, TSV, JSON and JSONL.
//
// Rows are streamed: ParseFunc hands each record to a callback as soon as its
// row is read, so memory stays bounded whatever the file size; Parse collects
// them for callers that want a slice. Column names are matched through
// aliases (see docs/IMPORT_FORMATS.md). A bad row is reported as a *RowError
// and skipped; the other rows still import.
package tabular

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// Format names, as in importers and record.Source.Format.
const (
	FormatCSV   = "csv"
	FormatTSV   = "tsv"
	FormatJSON  = "json"
	FormatJSONL = "jsonl"
)

// maxRowBytes bounds one CSV record or JSON(L) entry: an unterminated quote
// must not pull the rest of a 200 MB file into one cell.
const maxRowBytes = 8 << 20

// maxRowErrors caps the problems listed for one file; a file of garbage
// would otherwise produce one error per line.
const maxRowErrors = 1000

// ErrNoColumns is returned when a table has no column stocktake can read.
var ErrNoColumns = errors.New("no recognised columns")

// RowError is a problem with one row (or JSON entry). Line is 1-based; for
// JSON it is the line where the entry starts. Skipped rows were not imported;
// the others were, without the offending value.
type RowError struct {
	Line    int
	Msg     string
	Skipped bool
}

// Lost reports whether the row was left out of the import; the importers
// count such problems apart from warnings.
func (e *RowError) Lost() bool { return e.Skipped }

func (e *RowError) Error() string {
	if e.Skipped {
		return fmt.Sprintf("line %d: %s (row skipped)", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// unlisted sums up the problems past maxRowErrors.
type unlisted struct{ problems, skipped int }

func (u *unlisted) Error() string {
	return fmt.Sprintf("%d more row problems not listed (%d rows skipped)", u.problems, u.skipped)
}

// Lost reports whether rows were skipped among the unlisted problems.
func (u *unlisted) Lost() bool { return u.skipped > 0 }

// Parse reads a whole table and returns its records, the per-row problems,
// and a fatal error when the file could not be read as a table at all.
func Parse(ctx context.Context, name string, r io.Reader) ([]record.Record, []error, error) {
	var recs []record.Record
	rowErrs, err := ParseFunc(ctx, name, r, func(rec record.Record) error {
		recs = append(recs, rec)
		return nil
	})
	if err != nil {
		return nil, rowErrs, err
	}
	return recs, rowErrs, nil
}

// ParseFunc streams a table, calling fn with each record in file order. An
// error from fn stops parsing and is returned.
func ParseFunc(ctx context.Context, name string, r io.Reader, fn func(record.Record) error) ([]error, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	format := formatOf(name, head)
	p := &parser{ctx: ctx, fn: fn, fi: fileInfo{name: filepath.Base(name), format: format}}
	var err error
	switch format {
	case FormatJSON:
		err = p.json(br)
	case FormatJSONL:
		err = p.jsonl(br)
	default:
		err = p.csv(br, delimiter(format, head))
	}
	return p.errs(), err
}

// formatOf picks the format from the extension, else from the content.
func formatOf(name string, head []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tsv", ".tab":
		return FormatTSV
	case ".json":
		return FormatJSON
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".csv":
		return FormatCSV
	}
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		return FormatJSON
	}
	if firstLine := head[:max(0, bytes.IndexByte(head, '\n'))]; bytes.Count(firstLine, []byte("\t")) > 0 {
		return FormatTSV
	}
	return FormatCSV
}

// delimiter picks the CSV separator by counting candidates in the header
// line outside quotes: many European exports use ";".
func delimiter(format string, head []byte) rune {
	if format == FormatTSV {
		return '\t'
	}
	counts := map[byte]int{}
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
		}
		if c == '\n' && !quoted {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best, n := byte(','), counts[',']
	for _, c := range []byte{';', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return rune(best)
}

// parser carries the state of one file.
type parser struct {
	ctx     context.Context
	fn      func(record.Record) error
	fi      fileInfo
	rowErrs []error
	dropped int // problems past maxRowErrors, not listed
	lost    int // of those, rows skipped
	rows    int
}

func (p *parser) problem(line int, skipped bool, format string, args ...any) {
	if len(p.rowErrs) >= maxRowErrors {
		p.dropped++
		if skipped {
			p.lost++
		}
		return
	}
	p.rowErrs = append(p.rowErrs, &RowError{Line: line, Msg: fmt.Sprintf(format, args...), Skipped: skipped})
}

func (p *parser) errs() []error {
	if p.dropped > 0 {
		return append(p.rowErrs, &unlisted{p.dropped, p.lost})
	}
	return p.rowErrs
}

// emit builds a record from a row and hands it on; bad rows become
// RowErrors.
func (p *parser) emit(r row, fi fileInfo) error {
	p.rows++
	if p.rows%1024 == 0 {
		if err := p.ctx.Err(); err != nil {
			return fmt.Errorf("line %d: %w", r.line, err)
		}
	}
	rec, warns, err := build(r, fi)
	for _, w := range warns {
		p.problem(r.line, false, "%s", w)
	}
	if err != nil {
		p.problem(r.line, true, "%v", err)
		return nil
	}
	if err := p.fn(rec); err != nil {
		return fmt.Errorf("line %d: %w", r.line, err)
	}
	return nil
}
