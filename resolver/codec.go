package resolver

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/wsis-tools/stocktake/record"
)

// A view keeps every record's compact part (Compact) for as long as the
// record lives, and decodes all of them before each resolve. JSON made that
// decoding 1.4 s of one core at 100,000 records, a third of the resolve;
// this binary form (length-prefixed strings, uvarints, every field Compact
// may keep, in a fixed order) decodes in a fraction of that and is about
// as small. It is persisted with the views: a change of the order or of
// the fields is a new compactVersion, and views persisted under another are
// rebuilt from the store.

// compactVersion is the first byte of an encoded compact record.
const compactVersion = 1

// ErrCompact is the error of bytes that are not an encoded compact record.
var ErrCompact = errors.New("resolver: not an encoded compact record")

// AppendCompact appends c, a record as Compact returns it, to b in the
// binary form DecodeCompact reads. Fields Compact never keeps are left out.
func AppendCompact(b []byte, c record.Record) []byte {
	w := compactWriter{b: append(b, compactVersion)}
	for _, s := range []string{c.ID, string(c.Kind), c.Title, c.Source.URL, c.Source.File} {
		w.str(s)
	}
	if c.Prize == nil {
		w.uint(0)
	} else {
		w.uint(1)
		w.int(int64(c.Prize.Year))
		w.str(c.Prize.Category)
		w.str(c.Prize.Status)
	}
	w.str(c.Organization)
	w.strs(c.Countries)
	w.str(c.Summary)
	w.int(int64(c.Year))
	for _, s := range []string{c.Body, c.Name, c.Gender, c.JobTitle, c.Bio} {
		w.str(s)
	}
	for _, ps := range [][]record.Person{c.Speakers, c.Moderators} {
		w.uint(uint64(len(ps)))
		for _, p := range ps {
			for _, s := range []string{p.Name, p.Gender, p.Organization, p.Country} {
				w.str(s)
			}
		}
	}
	return w.b
}

// DecodeCompact reads a record AppendCompact wrote.
func DecodeCompact(b []byte) (record.Record, error) {
	var c record.Record
	err := walkCompact(b, &c)
	return c, err
}

// CheckCompact reports whether b is a whole encoded compact record, without
// building it.
func CheckCompact(b []byte) error { return walkCompact(b, nil) }

// walkCompact reads b into c, or only checks it when c is nil.
func walkCompact(b []byte, c *record.Record) error {
	if len(b) == 0 || b[0] != compactVersion {
		return ErrCompact
	}
	r := compactReader{b: b[1:], keep: c != nil}
	if c == nil {
		c = &record.Record{}
	}
	var kind string
	for _, s := range []*string{&c.ID, &kind, &c.Title, &c.Source.URL, &c.Source.File} {
		*s = r.str()
	}
	c.Kind = record.Kind(kind)
	if r.uint() == 1 {
		p := &record.Prize{Year: int(r.int())}
		p.Category, p.Status = r.str(), r.str()
		if r.keep {
			c.Prize = p
		}
	}
	c.Organization = r.str()
	c.Countries = r.strs()
	c.Summary = r.str()
	c.Year = int(r.int())
	for _, s := range []*string{&c.Body, &c.Name, &c.Gender, &c.JobTitle, &c.Bio} {
		*s = r.str()
	}
	for _, ps := range []*[]record.Person{&c.Speakers, &c.Moderators} {
		n := r.uint()
		if n > uint64(len(r.b)) { // each person takes at least 4 bytes
			r.fail()
			break
		}
		for range n {
			var p record.Person
			for _, s := range []*string{&p.Name, &p.Gender, &p.Organization, &p.Country} {
				*s = r.str()
			}
			if r.keep {
				*ps = append(*ps, p)
			}
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%w: %d bytes after it", ErrCompact, len(r.b))
	}
	return r.err
}

type compactWriter struct{ b []byte }

func (w *compactWriter) uint(n uint64) { w.b = binary.AppendUvarint(w.b, n) }
func (w *compactWriter) int(n int64)   { w.b = binary.AppendVarint(w.b, n) }
func (w *compactWriter) str(s string)  { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *compactWriter) strs(xs []string) {
	w.uint(uint64(len(xs)))
	for _, x := range xs {
		w.str(x)
	}
}

// compactReader reads what compactWriter wrote; the first error sticks and
// later reads return zero values. Without keep it only checks: strings
// are skipped, not copied.
type compactReader struct {
	b    []byte
	err  error
	keep bool
}

func (r *compactReader) fail() {
	if r.err == nil {
		r.err = ErrCompact
	}
}

func (r *compactReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[k:]
	return n
}

func (r *compactReader) int() int64 {
	if r.err != nil {
		return 0
	}
	n, k := binary.Varint(r.b)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[k:]
	return n
}

func (r *compactReader) str() string {
	n := r.uint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := r.b[:n]
	r.b = r.b[n:]
	if !r.keep || n == 0 {
		return ""
	}
	return string(s)
}

func (r *compactReader) strs() []string {
	n := r.uint()
	if r.err != nil || n == 0 {
		return nil
	}
	if n > uint64(len(r.b)) { // each string takes at least a byte
		r.fail()
		return nil
	}
	var out []string
	if r.keep {
		out = make([]string, 0, n)
	}
	for range n {
		s := r.str()
		if r.keep {
			out = append(out, s)
		}
	}
	return out
}
