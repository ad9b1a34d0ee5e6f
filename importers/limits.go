package importers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/record"
)

// Limits on what one file may cost. docs/RELIABILITY.md lists each one with
// what the user sees when a file reaches it.
const (
	// MaxFileBytes is the largest file read; a larger one is refused.
	MaxFileBytes = 64 << 20
	// MaxTextBytes is how much text is read for extraction: of a text
	// file, or extracted from a DOCX or PDF. The rest is left out, and
	// reported. Extraction costs about a second per MiB on one core; the
	// longest real reports are a few hundred KiB.
	MaxTextBytes = 2 << 20
	// ParseTimeout bounds the time one file may take to parse; a file that
	// takes longer is refused.
	ParseTimeout = 2 * time.Minute
)

// Per-record limits: longer values are cut at a word boundary, and the cut
// is reported. They keep what indexing, highlighting and showing one record
// cost independent of the size of the file it came from.
const (
	MaxTitleBytes   = 1 << 10
	MaxSummaryBytes = 8 << 10
	MaxBioBytes     = 64 << 10
	MaxBodyBytes    = 1 << 20
)

// Errors callers can test with errors.Is.
var (
	// ErrLimit is the reason a file over one of the limits is refused.
	ErrLimit = errors.New("over a limit")
	// ErrTooLarge is the reason a file over MaxFileBytes is refused.
	ErrTooLarge = fmt.Errorf("%w: the file is larger than %s", ErrLimit, size(MaxFileBytes))
	// ErrBinary is the reason a file with binary content is refused. A NUL
	// byte anywhere in a text format counts.
	ErrBinary = fmt.Errorf("%w: binary content", ErrUnsupported)
)

// Loss is implemented by the row problems that left part of the input out
// of the import: a skipped row, the rest of a file not read, a text or a
// field cut at a limit. The others (a column ignored, a value replaced) are
// warnings.
type Loss interface {
	error
	Lost() bool
}

// IsLoss reports whether a row problem lost input.
func IsLoss(err error) bool {
	var l Loss
	return errors.As(err, &l) && l.Lost()
}

// CutError reports input cut at a limit: the text of a file, or one field
// of a record.
type CutError struct {
	What  string // "text" or a field and the record's title
	From  int64  // bytes before the cut (0 when unknown)
	Limit int64
}

func (e *CutError) Error() string {
	if e.From > 0 {
		return fmt.Sprintf("%s cut from %s to %s", e.What, size(e.From), size(e.Limit))
	}
	return fmt.Sprintf("%s cut at %s", e.What, size(e.Limit))
}

// Lost marks the cut as input left out of the import.
func (e *CutError) Lost() bool { return true }

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}

// capFields cuts the long text fields of recs to the per-record limits and
// reports each cut.
func capFields(recs []record.Record) []error {
	var cuts []error
	for i := range recs {
		r := &recs[i]
		name := r.Title
		if name == "" {
			name = r.Name
		}
		for _, f := range []struct {
			field string
			v     *string
			limit int
		}{{"title", &r.Title, MaxTitleBytes}, {"summary", &r.Summary, MaxSummaryBytes}, {"bio", &r.Bio, MaxBioBytes}, {"body", &r.Body, MaxBodyBytes}} {
			if len(*f.v) <= f.limit {
				continue
			}
			from := len(*f.v)
			*f.v = cutWords(*f.v, f.limit)
			cuts = append(cuts, &CutError{What: fmt.Sprintf("%s of %q", f.field, cutWords(name, 80)), From: int64(from), Limit: int64(f.limit)})
		}
	}
	return cuts
}

// cutWords cuts s to at most n bytes, at the last space in its final 256
// bytes when there is one, else at a rune boundary.
func cutWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > cut-256 && i > 0 {
		cut = i
	}
	return s[:cut]
}

// limits are the file limits one parse runs under: the constants above,
// smaller in tests.
type limits struct {
	file, text int64
	timeout    time.Duration
}

func defaultLimits() limits {
	return limits{file: MaxFileBytes, text: MaxTextBytes, timeout: ParseTimeout}
}

// parsed is what one parse produced.
type parsed struct {
	recs    []record.Record
	rowErrs []error
	err     error
}

// bounded runs parse under the timeout (or ctx's earlier deadline) in a
// goroutine of its own, so that a parser stuck in a library loop cannot
// hold up the caller: the caller gets ErrLimit at the deadline, or ctx's
// error at once when ctx is cancelled, and the goroutine ends when its
// input is closed or its bounded work is done. A panic in a parser becomes
// the reason the file is refused.
func bounded(ctx context.Context, name string, timeout time.Duration, parse func(ctx context.Context) parsed) (recs []record.Record, rowErrs []error, err error) {
	limit := timeout
	if d, ok := ctx.Deadline(); ok && time.Until(d) < limit {
		limit = max(time.Until(d), 0)
	}
	pctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	done := make(chan parsed, 1)
	go func() {
		var p parsed
		defer func() {
			if v := recover(); v != nil {
				p = parsed{err: fmt.Errorf("%w: reading %s failed (%v)", ErrUnsupported, name, v)}
			}
			done <- p
		}()
		p = parse(pctx)
	}()
	tooLong := fmt.Errorf("%w: reading %s took longer than %s", ErrLimit, name, limit.Round(time.Millisecond))
	select {
	case p := <-done:
		if p.err != nil && errors.Is(p.err, context.DeadlineExceeded) && !errors.Is(ctx.Err(), context.Canceled) {
			return nil, p.rowErrs, tooLong
		}
		return p.recs, p.rowErrs, p.err
	case <-pctx.Done():
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, nil, ctx.Err()
		}
		return nil, nil, tooLong
	}
}
