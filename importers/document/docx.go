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
)

// maxDOCXXML bounds the uncompressed word/document.xml: a real report of
// hundreds of pages is a few MiB, a zip bomb is gigabytes.
const maxDOCXXML = 64 << 20

// errXMLTooLarge is the reason a DOCX whose body inflates past maxDOCXXML
// is refused.
var errXMLTooLarge = fmt.Errorf("%w: word/document.xml inflates past %d MiB", ErrLimit, maxDOCXXML>>20)

// DOCXText returns the text of a Word document, one paragraph per line and
// table cells separated by tabs, up to maxText bytes; a longer text is cut
// and the cut reported in problems.
func DOCXText(ctx context.Context, r io.Reader, maxText int) (text string, problems []error, err error) {
	b, err := readAll(r)
	if err != nil {
		return "", nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", nil, fmt.Errorf("%w: not a DOCX (zip) file: %w", ErrUnreadable, err)
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		// The header's size is checked first to refuse a bomb without
		// inflating it. A header that lies is caught by the zip reader,
		// which fails past the declared size; the cap below backs it up.
		if f.UncompressedSize64 > maxDOCXXML {
			return "", nil, errXMLTooLarge
		}
		rc, err := f.Open()
		if err != nil {
			return "", nil, fmt.Errorf("%w: %w", ErrUnreadable, err)
		}
		defer rc.Close()
		lr := &io.LimitedReader{R: rc, N: maxDOCXXML + 1}
		text, cut, err := docxXML(ctx, lr, maxText)
		if lr.N <= 0 {
			return "", nil, errXMLTooLarge
		}
		if err != nil {
			return "", nil, err
		}
		if cut {
			problems = append(problems, textCut(maxText))
		}
		return text, problems, nil
	}
	return "", nil, fmt.Errorf("%w: no word/document.xml in the DOCX", ErrUnreadable)
}

// docxXML collects the text runs of a WordprocessingML body; cut reports
// that it stopped at maxText.
func docxXML(ctx context.Context, r io.Reader, maxText int) (text string, cut bool, err error) {
	dec := xml.NewDecoder(r)
	var b strings.Builder
	inText := false
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return "", false, err
			}
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", false, fmt.Errorf("%w: %w", ErrUnreadable, err)
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
		if b.Len() > maxText {
			return cutText(b.String(), maxText), true, nil
		}
	}
	return b.String(), false, nil
}

// cutText cuts s to at most n bytes at a line end when there is one near,
// else at a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i > n-4096 {
		return s[:i+1]
	}
	return strings.ToValidUTF8(s, "")
}
