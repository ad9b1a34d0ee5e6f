// Package document turns office documents (DOCX and PDF) into plain text,
// which the text extractor then reads like any report. Both readers are
// bounded: input size, decompressed size and page count are capped, and a
// malformed PDF that makes the PDF library panic becomes an error.
package document

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Limits on what one document may cost.
const (
	MaxBytes     = 64 << 20 // compressed input
	maxTextBytes = 16 << 20 // extracted text
	maxPages     = 500
)

// ErrUnreadable is returned for documents that cannot be read as their
// format: corrupt, encrypted, or without a text layer.
var ErrUnreadable = errors.New("unreadable document")

// DOCXText returns the text of a Word document, one paragraph per line and
// table cells separated by tabs.
func DOCXText(ctx context.Context, r io.Reader) (string, error) {
	b, err := readAll(r)
	if err != nil {
		return "", err
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", fmt.Errorf("%w: not a DOCX (zip) file: %w", ErrUnreadable, err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrUnreadable, err)
		}
		defer rc.Close()
		// A zip bomb stops at maxTextBytes of XML.
		return docxXML(ctx, io.LimitReader(rc, 4*maxTextBytes))
	}
	return "", fmt.Errorf("%w: no word/document.xml in the DOCX", ErrUnreadable)
}

func docxXML(ctx context.Context, r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var b strings.Builder
	inText := false
	for {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrUnreadable, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteByte('\n')
			case "tc":
				b.WriteByte('\t')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
		if b.Len() > maxTextBytes {
			break
		}
	}
	return b.String(), nil
}

// PDFText returns the text layer of a PDF, page by page. Scanned PDFs
// without text give ErrUnreadable.
func PDFText(ctx context.Context, r io.Reader) (text string, err error) {
	b, err := readAll(r)
	if err != nil {
		return "", err
	}
	// The PDF library panics on some malformed files; that is a bad file,
	// not a crash.
	defer func() {
		if p := recover(); p != nil {
			text, err = "", fmt.Errorf("%w: malformed PDF (%v)", ErrUnreadable, p)
		}
	}()
	pr, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	var out strings.Builder
	n := pr.NumPage()
	for i := 1; i <= n && i <= maxPages; i++ {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		p := pr.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			continue // one bad page does not lose the others
		}
		for _, row := range rows {
			for j, w := range row.Content {
				if j > 0 {
					out.WriteByte(' ')
				}
				out.WriteString(w.S)
			}
			out.WriteByte('\n')
		}
		out.WriteByte('\n')
		if out.Len() > maxTextBytes {
			break
		}
	}
	if strings.TrimSpace(out.String()) == "" {
		return "", fmt.Errorf("%w: the PDF has no text layer (scanned?)", ErrUnreadable)
	}
	return out.String(), nil
}

func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("%w: larger than %d MB", ErrUnreadable, MaxBytes>>20)
	}
	return b, nil
}
