package resolver

import (
	"errors"
	"fmt"

	"github.com/wsis-tools/stocktake/internal/wire"
	"github.com/wsis-tools/stocktake/record"
)

// A view keeps every record's compact part (Compact) for as long as the
// record lives, and decodes all of them at each resolve. JSON made that
// decoding 1.4 s of one core at 100,000 records, a third of the resolve;
// this binary form (package wire: every field Compact may keep, in a fixed
// order) decodes in 0.15 s and is a little smaller. It is persisted with
// the views: a change of the order or of the fields is a new
// compactVersion and a new row format of the index's, whose views are then
// rebuilt from the store.

// compactVersion is the first byte of an encoded compact record.
const compactVersion = 1

// ErrCompact is the error of bytes that are not an encoded compact record.
var ErrCompact = errors.New("resolver: not an encoded compact record")

// AppendCompact appends c, a record as Compact returns it, to b in the
// binary form DecodeCompact reads. Fields Compact never keeps are left out.
func AppendCompact(b []byte, c record.Record) []byte {
	w := wire.Writer{B: append(b, compactVersion)}
	for _, s := range []string{c.ID, string(c.Kind), c.Title, c.Source.URL, c.Source.File} {
		w.Str(s)
	}
	w.Bool(c.Prize != nil)
	if c.Prize != nil {
		w.Int(int64(c.Prize.Year))
		w.Str(c.Prize.Category)
		w.Str(c.Prize.Status)
	}
	w.Str(c.Organization)
	w.Strs(c.Countries)
	w.Str(c.Summary)
	w.Int(int64(c.Year))
	for _, s := range []string{c.Body, c.Name, c.Gender, c.JobTitle, c.Bio} {
		w.Str(s)
	}
	for _, ps := range [][]record.Person{c.Speakers, c.Moderators} {
		w.Uint(uint64(len(ps)))
		for _, p := range ps {
			for _, s := range []string{p.Name, p.Gender, p.Organization, p.Country} {
				w.Str(s)
			}
		}
	}
	return w.B
}

// DecodeCompact reads a record AppendCompact wrote. Its strings are
// copies: b may be a view's file, mapped only while it is read.
func DecodeCompact(b []byte) (record.Record, error) {
	var c record.Record
	if len(b) == 0 || b[0] != compactVersion {
		return c, ErrCompact
	}
	r := wire.Reader{B: b[1:]}
	var kind string
	for _, s := range []*string{&c.ID, &kind, &c.Title, &c.Source.URL, &c.Source.File} {
		*s = r.Str()
	}
	c.Kind = record.Kind(kind)
	if r.Bool() {
		p := &record.Prize{Year: int(r.Int())}
		p.Category, p.Status = r.Str(), r.Str()
		c.Prize = p
	}
	c.Organization = r.Str()
	c.Countries = r.Strs()
	c.Summary = r.Str()
	c.Year = int(r.Int())
	for _, s := range []*string{&c.Body, &c.Name, &c.Gender, &c.JobTitle, &c.Bio} {
		*s = r.Str()
	}
	for _, ps := range []*[]record.Person{&c.Speakers, &c.Moderators} {
		for range r.Count() {
			var p record.Person
			for _, s := range []*string{&p.Name, &p.Gender, &p.Organization, &p.Country} {
				*s = r.Str()
			}
			*ps = append(*ps, p)
		}
	}
	if r.Err == nil && len(r.B) != 0 {
		return record.Record{}, fmt.Errorf("%w: %d bytes after it", ErrCompact, len(r.B))
	}
	if r.Err != nil {
		return record.Record{}, fmt.Errorf("%w: %w", ErrCompact, r.Err)
	}
	return c, nil
}
