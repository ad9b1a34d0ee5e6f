package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errRowTooLong stops a CSV read whose current record passed maxRowBytes.
var errRowTooLong = errors.New("row longer than 8 MiB (unterminated quote?)")

// rowGuard fails reads once the record being read grows past maxRowBytes.
// start is the input offset where the current record began.
type rowGuard struct {
	r     io.Reader
	read  int64
	start *int64
}

func (g *rowGuard) Read(b []byte) (int, error) {
	if g.read-*g.start > maxRowBytes {
		return 0, errRowTooLong
	}
	n, err := g.r.Read(b)
	g.read += int64(n)
	return n, err
}

func (p *parser) csv(r io.Reader, comma rune) error {
	var start int64
	cr := csv.NewReader(&rowGuard{r: r, start: &start})
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // column count is checked here, per row
	cr.ReuseRecord = true
	cr.LazyQuotes = comma == '\t' // TSV exports rarely quote and often contain stray "
	var cols []string
	lastLine := 0 // line of the last record read, for errors with no position
	for {
		cells, err := cr.Read()
		start = cr.InputOffset()
		if errors.Is(err, io.EOF) {
			if cols == nil {
				return fmt.Errorf("%w: empty table", ErrNoColumns)
			}
			return nil
		}
		var pe *csv.ParseError
		switch {
		case errors.Is(err, errRowTooLong):
			p.problem(lastLine+1, true, "%v; rest of file not read", errRowTooLong)
			return nil
		case errors.As(err, &pe):
			p.problem(pe.StartLine, true, "%v", pe.Err)
			continue
		case err != nil:
			return fmt.Errorf("read table: %w", err)
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		if cols == nil {
			if cols, err = p.header(cells, line); err != nil {
				return err
			}
			continue
		}
		if blank(cells) {
			continue
		}
		if len(cells) != len(cols) {
			p.problem(line, true, "%d fields, header has %d", len(cells), len(cols))
			continue
		}
		if validate(cells) {
			p.problem(line, false, "invalid UTF-8 replaced with U+FFFD")
		}
		rw := row{line: line, vals: make(map[string][]string, len(cols))}
		for i, f := range cols {
			if f != "" {
				rw.vals[f] = append(rw.vals[f], cells[i])
			}
		}
		if err := p.emit(rw, p.fi); err != nil {
			return err
		}
	}
}

// header maps the header cells to fields; unknown columns are reported once.
func (p *parser) header(cells []string, line int) ([]string, error) {
	validate(cells)
	cols := make([]string, len(cells))
	var unknown []string
	known := false
	for i, c := range cells {
		cols[i] = fieldOf(normHeader(c))
		if cols[i] == "" {
			if strings.TrimSpace(c) != "" {
				unknown = append(unknown, strings.TrimSpace(c))
			}
			continue
		}
		known = true
	}
	if !known {
		return nil, fmt.Errorf("%w in header %q", ErrNoColumns, strings.Join(cells, ","))
	}
	if !hasAny(cols, fTitle, fName, fFirstName, fLastName) {
		return nil, fmt.Errorf("%w: no title or name column in header %q", ErrNoColumns, strings.Join(cells, ","))
	}
	if len(unknown) > 0 {
		p.problem(line, false, "columns ignored: %s", strings.Join(unknown, ", "))
	}
	return cols, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func hasAny(cols []string, fields ...string) bool {
	for _, c := range cols {
		for _, f := range fields {
			if c == f {
				return true
			}
		}
	}
	return false
}
