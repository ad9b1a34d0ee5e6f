// Package text extracts records from plain-text and Markdown documents:
// WSIS Forum and IGF session reports of many templates, project pages and
// prize lists, and person profiles.
//
// The extractor is layered the way pages are built (docs/EXTRACTION.md):
// the document is normalized and split into lines; a layout pass marks page
// furniture (navigation, share bars, image alt text, credits), headings,
// "label: value" fields and list items; a listing splitter turns prize and
// winner lists into one project per entry; otherwise the kind is decided
// from weighted evidence and each field is read by its own rules. Every
// value records the rule and the line that produced it (record.Evidence,
// shown by `stocktake parse --explain`). Rules read the shape of a
// document, never the names of files or people.
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

// doc is one normalized document with its layout.
type doc struct {
	name  string
	url   string   // from a first line "Source: URL"
	text  string   // normalized text without the Source line
	lines []string // trimmed lines, blank lines kept as ""
	// first is the file line number of lines[0], so evidence can name
	// lines as the user sees them.
	first int
	// table marks rows of an empty grid (many tab cells, at most two
	// filled): a blank action line × SDG worksheet is not a tag.
	table []bool
	// heading holds the Markdown heading level of a line (0: none).
	heading []int
	// furniture marks page furniture: navigation, share bars, image alt
	// text, credits, counters. No field is read from it.
	furniture []bool
	// contact marks contact lines ("Email: …"), which go to the private
	// contact and nowhere else.
	contact []bool
	// lang is the language of the page ("en", "fr", "es").
	lang string
	// ev collects the evidence of the record being built.
	ev []record.Evidence
}

var sourceLine = regexp.MustCompile(`(?i)^\s*source:\s*(\S+)\s*$`)

// newDoc splits normalized text into lines, takes the Source line off and
// runs the layout pass.
func newDoc(name, raw string) *doc {
	d := &doc{name: name, first: 1}
	t := normalize(raw)
	if first, rest, _ := strings.Cut(t, "\n"); sourceLine.MatchString(first) {
		d.url = sourceLine.FindStringSubmatch(first)[1]
		t = rest
		d.first = 2
	}
	var kept []string
	for _, l := range strings.Split(t, "\n") {
		level := 0
		if m := mdHeading.FindString(l); m != "" {
			level = strings.Count(m, "#")
			l = l[len(m):]
		}
		kept = append(kept, l)
		d.lines = append(d.lines, strings.TrimSpace(l))
		d.table = append(d.table, emptyGridRow(l))
		d.heading = append(d.heading, level)
	}
	d.text = strings.Join(kept, "\n")
	d.furniture = make([]bool, len(d.lines))
	for i, l := range d.lines {
		d.furniture[i] = isFurniture(l)
	}
	d.markContacts()
	d.lang = language(d.text)
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

// nonEmpty returns the index of the first non-empty line at or after i that
// is not page furniture, or -1.
func (d *doc) nonEmpty(i int) int {
	for ; i < len(d.lines); i++ {
		if d.lines[i] != "" && !d.furniture[i] {
			return i
		}
	}
	return -1
}

// prevNonEmpty returns the index of the last non-empty, non-furniture line
// before i, or -1.
func (d *doc) prevNonEmpty(i int) int {
	for i--; i >= 0; i-- {
		if d.lines[i] != "" && !d.furniture[i] {
			return i
		}
	}
	return -1
}

// Parse reads a text or Markdown document and returns its records: one for a
// session report, a project page or a person profile, one per project for a
// list of prize winners or nominees. A readable file never fails: what could
// not be found is listed in Record.Missing. Each record's Explain says which
// rule and which line gave each field.
func Parse(ctx context.Context, name string, r io.Reader) ([]record.Record, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	d := newDoc(name, string(b))
	if recs := parseListing(d); len(recs) > 0 {
		return recs, nil
	}
	var rec record.Record
	switch k := detectKind(d); k {
	case record.KindPerson:
		rec = parsePerson(d)
	case record.KindProject:
		rec = parseProject(d)
	default:
		rec = parseSession(d)
	}
	rec.Explain = d.ev
	return []record.Record{rec}, nil
}

// base fills the fields every kind shares.
func base(d *doc, kind record.Kind) record.Record {
	rec := record.Record{Kind: kind}
	rec.Source.URL = d.url
	rec.Year, rec.Date = yearAndDate(d)
	rec.Event = detectEvent(d)
	rec.Summary = summary(d)
	rec.Contact = contactOf(d)
	rec.Body = d.body(kind == record.KindPerson, &rec.Contact)
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
