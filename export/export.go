// Package export writes records as CSV or JSON Lines for download. Callers
// pass public records (record.Public): export writes what it is given.
package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// Formats export understands.
const (
	CSV   = "csv"
	JSONL = "jsonl"
)

// Columns are the CSV header. Lists are joined with "; ".
var Columns = []string{"id", "kind", "title", "year", "date", "event", "session_id", "organization",
	"action_lines", "sdgs", "countries", "itu_regions", "un_regional_groups", "gender_focus",
	"organizers", "speakers", "moderators", "prize_year", "prize_category", "prize_status",
	"name", "honorific", "gender", "job_title", "expertise", "languages", "source_url", "summary"}

// Writer writes records in one format.
type Writer struct {
	csv   *csv.Writer
	jsonl *bufio.Writer
	enc   *json.Encoder
	wrote bool
}

// NewWriter returns a writer of format ("csv" or "jsonl") to w.
func NewWriter(w io.Writer, format string) (*Writer, error) {
	switch format {
	case CSV:
		return &Writer{csv: csv.NewWriter(w)}, nil
	case JSONL:
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(true)
		return &Writer{jsonl: bw, enc: enc}, nil
	}
	return nil, fmt.Errorf("export: unknown format %q (want csv or jsonl)", format)
}

// Write writes one record.
func (w *Writer) Write(r record.Record) error {
	if w.enc != nil {
		if err := w.enc.Encode(r); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	if !w.wrote {
		w.wrote = true
		if err := w.csv.Write(Columns); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	row := Row(r)
	for i, cell := range row {
		row[i] = SafeCell(cell)
	}
	if err := w.csv.Write(row); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Flush writes buffered data; a CSV with no records still gets its header.
func (w *Writer) Flush() error {
	if w.enc != nil {
		return w.jsonl.Flush()
	}
	if !w.wrote {
		w.wrote = true
		if err := w.csv.Write(Columns); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	w.csv.Flush()
	return w.csv.Error()
}

// Row is the CSV row of r, in the order of Columns, before SafeCell.
func Row(r record.Record) []string {
	var sdgs []string
	for _, n := range r.SDGs {
		sdgs = append(sdgs, strconv.Itoa(n))
	}
	var orgs []string
	for _, o := range r.Organizers {
		orgs = append(orgs, o.Name)
	}
	names := func(ps []record.Person) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return join(out)
	}
	var py, pc, ps string
	if r.Prize != nil {
		if r.Prize.Year > 0 {
			py = strconv.Itoa(r.Prize.Year)
		}
		pc, ps = r.Prize.Category, r.Prize.Status
	}
	year := ""
	if r.Year > 0 {
		year = strconv.Itoa(r.Year)
	}
	return []string{r.ID, string(r.Kind), r.Title, year, r.Date, r.Event, r.SessionID, r.Organization,
		join(r.ActionLines), join(sdgs), join(r.Countries), join(r.ITURegions), join(r.UNRegionalGroups), r.GenderFocus,
		join(orgs), names(r.Speakers), names(r.Moderators), py, pc, ps,
		r.Name, r.Honorific, r.Gender, r.JobTitle, join(r.Expertise), join(r.Languages), r.Source.URL, r.Summary}
}

func join(xs []string) string { return strings.Join(xs, "; ") }

// SafeCell defuses spreadsheet formula injection: a cell starting with
// =, +, -, @, tab or carriage return is prefixed with a single quote, as
// OWASP recommends, so Excel and LibreOffice show it as text.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
