// Package importers turns files into records. Detect picks the format from the
// file name and its first bytes; each format has its own package with a Parse
// returning the shared record type. This package then gives every record its
// source fields and a stable id, so no format package has to.
package importers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/importers/document"
	"github.com/wsis-tools/stocktake/importers/htmlpage"
	"github.com/wsis-tools/stocktake/importers/tabular"
	"github.com/wsis-tools/stocktake/importers/text"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Format names, as stored in record.Source.Format.
const (
	FormatText  = "text"
	FormatHTML  = "html"
	FormatCSV   = "csv"
	FormatTSV   = "tsv"
	FormatJSON  = "json"
	FormatJSONL = "jsonl"
	FormatDOCX  = "docx"
	FormatPDF   = "pdf"
)

// ErrUnsupported is returned for files whose type stocktake cannot read:
// binary data, unknown extensions, empty files.
var ErrUnsupported = errors.New("unsupported file")

// sniffLen is how much of a file Detect looks at.
const sniffLen = 4096

// Detect names the format of a file from its name and first bytes.
func Detect(name string, head []byte) (string, error) {
	if len(bytes.TrimSpace(head)) == 0 {
		return "", fmt.Errorf("%w: empty file", ErrUnsupported)
	}
	// Office documents are binary; they are recognised by extension and
	// magic bytes together, so a renamed file is not trusted.
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".docx" && bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatDOCX, nil
	case ext == ".pdf" && bytes.HasPrefix(head, []byte("%PDF-")):
		return FormatPDF, nil
	case ext == ".docx" || ext == ".pdf":
		return "", fmt.Errorf("%w: %s file does not start like one", ErrUnsupported, ext)
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "", ErrBinary
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md", ".markdown", ".text":
		return FormatText, nil
	case ".html", ".htm", ".xhtml":
		return FormatHTML, nil
	case ".csv":
		return FormatCSV, nil
	case ".tsv", ".tab":
		return FormatTSV, nil
	case ".json":
		return FormatJSON, nil
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	case "":
		// No extension: sniff.
		t := bytes.TrimSpace(head)
		switch {
		case bytes.HasPrefix(t, []byte("<")):
			return FormatHTML, nil
		case bytes.HasPrefix(t, []byte("{")) || bytes.HasPrefix(t, []byte("[")):
			return FormatJSON, nil
		case validPrefix(head):
			return FormatText, nil
		}
	}
	return "", fmt.Errorf("%w: unknown file type %q", ErrUnsupported, filepath.Ext(name))
}

// validPrefix reports whether b is UTF-8 once a multi-byte rune cut off by
// the sniff length is dropped from its end.
func validPrefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// Parse reads one file and returns its records. rowErrs lists per-row or
// per-entry problems of multi-record formats (each mentions its line), and
// the parts of the file left out at a limit (see Loss); the records returned
// are the ones that parsed. err is set when nothing could be read at all,
// with ErrLimit when the file is over a limit.
//
// Every parse is bounded: at most MaxFileBytes are read, parsers get
// MaxTextBytes of text, record fields are cut to the per-record limits, and
// the parse runs under ParseTimeout and ctx (see bounded). r must not be
// used by the caller after Parse returns: a parser stuck past its deadline
// may still be reading it until the caller closes it.
func Parse(ctx context.Context, name string, r io.Reader) (recs []record.Record, rowErrs []error, err error) {
	return parseLimited(ctx, name, r, defaultLimits())
}

func parseLimited(ctx context.Context, name string, r io.Reader, lim limits) (recs []record.Record, rowErrs []error, err error) {
	return bounded(ctx, name, lim.timeout, func(ctx context.Context) parsed {
		// Read one byte past the limit to tell "exactly at" from "over".
		lr := &io.LimitedReader{R: r, N: lim.file + 1}
		recs, rowErrs, err := parseFile(ctx, name, lr, lim)
		if lr.N <= 0 {
			return parsed{err: fmt.Errorf("%w: the file is larger than %s", ErrLimit, size(lim.file))}
		}
		return parsed{recs, rowErrs, err}
	})
}

func parseFile(ctx context.Context, name string, r io.Reader, lim limits) (recs []record.Record, rowErrs []error, err error) {
	br := newPeekReader(r, sniffLen)
	head, err := br.peek()
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	format, err := Detect(name, head)
	if err != nil {
		return nil, nil, err
	}
	h := sha256.New()
	var tr io.Reader = io.TeeReader(br, h)
	if format != FormatDOCX && format != FormatPDF {
		if !validPrefix(head) {
			return nil, nil, fmt.Errorf("%s: %w", name, ErrNotUTF8)
		}
		// Text formats are checked as they stream, past the sniffed head.
		tr = &utf8Reader{r: tr}
	}
	switch format {
	case FormatDOCX, FormatPDF:
		recs, rowErrs, err = parseDocument(ctx, name, format, tr, int(lim.text))
	case FormatText:
		recs, err = text.Parse(ctx, name, io.LimitReader(tr, lim.text))
	case FormatHTML:
		recs, rowErrs, err = htmlpage.Parse(ctx, name, tr)
	case FormatCSV, FormatTSV, FormatJSON, FormatJSONL:
		recs, rowErrs, err = tabular.Parse(ctx, name, tr)
	default:
		return nil, nil, fmt.Errorf("%w: %s files are not supported yet", ErrUnsupported, format)
	}
	if err != nil {
		return nil, rowErrs, fmt.Errorf("parse %s: %w", name, err)
	}
	// Drain so the hash covers the whole file even if the parser stopped
	// early, and so the checks of a text format cover every byte.
	left, err := io.Copy(io.Discard, tr)
	if err != nil {
		return nil, rowErrs, fmt.Errorf("read %s: %w", name, err)
	}
	if format == FormatText && left > 0 {
		rowErrs = append(rowErrs, &CutError{What: "text", From: lim.text + left, Limit: lim.text})
	}
	rowErrs = append(rowErrs, capFields(recs)...)
	sum := hex.EncodeToString(h.Sum(nil))
	Finish(recs, name, format, sum)
	return recs, rowErrs, nil
}

// parseDocument extracts the text of a DOCX or PDF and reads it as a
// plain-text report.
func parseDocument(ctx context.Context, name, format string, r io.Reader, maxText int) ([]record.Record, []error, error) {
	var txt string
	var problems []error
	var err error
	if format == FormatDOCX {
		txt, problems, err = document.DOCXText(ctx, r, maxText)
	} else {
		txt, problems, err = document.PDFText(ctx, r, maxText)
	}
	if errors.Is(err, document.ErrLimit) {
		return nil, nil, fmt.Errorf("%w: %w", ErrLimit, err)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	recs, err := text.Parse(ctx, name, strings.NewReader(strings.ReplaceAll(txt, "\x00", "")))
	return recs, problems, err
}

// Finish sets the source fields, derived regions and stable ids of records
// parsed from one file. A record that already has an id (from an id column,
// say) keeps it; the others get the id of the identity rules
// (record.IdentityID): the source URL or file name plus the record's own key,
// so that editing one row of a list updates that record instead of
// duplicating all, and two documents published at one URL do not replace
// each other. Ids are then made distinct within the file.
func Finish(recs []record.Record, name, format, sha string) {
	multi := len(recs) > 1
	for i := range recs {
		r := &recs[i]
		r.Source.File = filepath.Base(name)
		if r.Source.Format == "" {
			r.Source.Format = format
		}
		r.Source.SHA256 = sha
		r.ITURegions, r.UNRegionalGroups = deriveRegions(r.Countries, r.ITURegions, r.UNRegionalGroups)
		if r.ID == "" {
			r.ID = record.IdentityID(*r, multi)
		}
	}
	record.Disambiguate(recs)
}

// deriveRegions adds the ITU region and UN regional group of every country to
// those already stated, without duplicates.
func deriveRegions(countries, itu, un []string) ([]string, []string) {
	for _, code := range countries {
		c, ok := taxonomy.CountryByCode(code)
		if !ok {
			continue
		}
		itu = appendUnique(itu, c.ITURegion)
		un = appendUnique(un, c.UNGroup)
	}
	return itu, un
}

func appendUnique(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
