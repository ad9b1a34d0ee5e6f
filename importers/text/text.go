// Package text extracts records from plain-text and Markdown documents:
// WSIS Forum and IGF session reports of many templates, project pages and
// prize lists, and person profiles. Rules read the shape of a document
// (labels, headings, honorifics, list grammar), never the names of files or
// people; docs/EXTRACTION.md lists them.
package text

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/wsis-tools/stocktake/record"
)

// maxInput bounds how much of a file is read: larger inputs are cut, the
// record is still returned.
const maxInput = 8 << 20

// doc is one normalized document.
type doc struct {
	name  string
	url   string   // from a first line "Source: URL"
	text  string   // normalized text without the Source line
	lines []string // trimmed lines, blank lines kept as ""
	// table marks rows of an empty grid (many tab cells, at most two
	// filled): a blank action line × SDG worksheet is not a tag.
	table []bool
}

var sourceLine = regexp.MustCompile(`(?i)^\s*source:\s*(\S+)\s*$`)

// newDoc splits normalized text into lines and takes the Source line off.
func newDoc(name, raw string) *doc {
	d := &doc{name: name}
	t := normalize(raw)
	if first, rest, _ := strings.Cut(t, "\n"); sourceLine.MatchString(first) {
		d.url = sourceLine.FindStringSubmatch(first)[1]
		t = rest
	}
	d.text = t
	for _, l := range strings.Split(t, "\n") {
		d.lines = append(d.lines, strings.TrimSpace(l))
		d.table = append(d.table, emptyGridRow(l))
	}
	return d
}

// emptyGridRow reports whether a raw line is a row of mostly empty cells.
func emptyGridRow(l string) bool {
	if strings.Count(l, "\t") < 5 {
		return false
	}
	filled := 0
	for _, c := range strings.Split(l, "\t") {
		if strings.TrimSpace(c) != "" {
			filled++
		}
	}
	return filled <= 2
}

// nonEmpty returns the index of the first non-empty line at or after i, or -1.
func (d *doc) nonEmpty(i int) int {
	for ; i < len(d.lines); i++ {
		if d.lines[i] != "" {
			return i
		}
	}
	return -1
}

// Parse reads a text or Markdown document and returns its records: one for a
// session report, a project page or a person profile, one per project for a
// list of prize winners or nominees. A readable file never fails: what could
// not be found is listed in Record.Missing.
func Parse(ctx context.Context, name string, r io.Reader) ([]record.Record, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	d := newDoc(name, string(b))
	if recs := parseProjectList(d); len(recs) > 0 {
		return recs, nil
	}
	var rec record.Record
	switch detectKind(d) {
	case record.KindPerson:
		rec = parsePerson(d)
	case record.KindProject:
		rec = parseProject(d)
	default:
		rec = parseSession(d)
	}
	return []record.Record{rec}, nil
}

// base fills the fields every kind shares.
func base(d *doc, kind record.Kind) record.Record {
	rec := record.Record{Kind: kind, Body: d.text}
	rec.Source.URL = d.url
	rec.Year, rec.Date = yearAndDate(d)
	rec.Event = detectEvent(d)
	rec.Summary = summary(d)
	return rec
}

// finishMissing lists the fields the extractor looked for and did not find.
func finishMissing(rec *record.Record) {
	check := func(field string, empty bool) {
		if empty {
			rec.Missing = append(rec.Missing, field)
		}
	}
	check("title", rec.Title == "")
	check("year", rec.Year == 0)
	check("date", rec.Date == "")
	check("event", rec.Event == "")
	check("action_lines", len(rec.ActionLines) == 0)
	check("sdgs", len(rec.SDGs) == 0)
	check("countries", len(rec.Countries) == 0)
	switch rec.Kind {
	case record.KindSession:
		check("organizers", len(rec.Organizers) == 0)
		check("speakers", len(rec.Speakers)+len(rec.Moderators) == 0)
	case record.KindPerson:
		check("name", rec.Name == "")
		check("organization", rec.Organization == "")
		check("job_title", rec.JobTitle == "")
		check("gender", rec.Gender == "")
	case record.KindProject:
		check("organization", rec.Organization == "")
	}
}

// summary is the first prose paragraph, cut at a sentence near 400 chars.
func summary(d *doc) string {
	for _, l := range d.lines {
		l = stripBullet(l)
		if len(l) < 120 || strings.Count(l, " ") < 15 {
			continue
		}
		if len(l) <= 400 {
			return l
		}
		cut := l[:400]
		if i := strings.LastIndex(cut, ". "); i > 100 {
			return cut[:i+1]
		}
		if i := strings.LastIndex(cut, " "); i > 0 {
			return cut[:i] + " …"
		}
		return cut
	}
	return ""
}
