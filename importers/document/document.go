// Package document turns office documents (DOCX and PDF) into plain text,
// which the text extractor then reads like any report. Both readers are
// bounded, because a small hostile file can otherwise cost without end: the
// input size, the inflated size of compressed parts, the page tree, the
// font maps and the extracted text are capped, the context is checked inside
// every loop, and a malformed PDF that makes the PDF library panic becomes
// an error. A file over a hard limit is refused with ErrLimit; text past
// the caller's text limit is cut, and the cut is reported as a Problem.
package document

import (
	"errors"
	"fmt"
	"io"
)

// MaxBytes bounds the compressed input of one document.
const MaxBytes = 64 << 20

// Errors callers can test with errors.Is.
var (
	// ErrUnreadable is returned for documents that cannot be read as their
	// format: corrupt, encrypted, or without a text layer.
	ErrUnreadable = errors.New("unreadable document")
	// ErrLimit is returned for a document over a limit that bounds what it
	// may cost: inflation, a looping or oversized page tree.
	ErrLimit = errors.New("document over a limit")
)

// Problem is a part of a document left out of its text: a page that could
// not be read, or text past the limit. Lost reports true: the importers
// count such problems as input that did not make it into the record.
type Problem struct {
	Page int // 0 when the problem is not about one page
	Msg  string
}

func (p *Problem) Error() string {
	if p.Page > 0 {
		return fmt.Sprintf("page %d: %s", p.Page, p.Msg)
	}
	return p.Msg
}

// Lost marks the problem as input left out of the import.
func (p *Problem) Lost() bool { return true }

// textCut is the problem reported when the text reached maxText.
func textCut(maxText int) *Problem {
	return &Problem{Msg: fmt.Sprintf("text cut at %d MiB; the rest of the document was not read", maxText>>20)}
}

func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrLimit, MaxBytes>>20)
	}
	return b, nil
}
