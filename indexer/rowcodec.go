package indexer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/resolver"
)

// Rows are persisted in a compact binary form: decoding 100,000 of them at
// start must cost far less than reading the store's JSON again. Strings and
// lists are length-prefixed (uvarint); the facet lists follow the order of
// the facet table, which is why rowFormat names the table's shape.

// rowFormat changes with the encoding or the facet table; views persisted
// under another format are rebuilt from the store.
const rowFormat = 3

var errShortRow = errors.New("truncated row")

type rowWriter struct{ b []byte }

func (w *rowWriter) uint(n uint64) { w.b = binary.AppendUvarint(w.b, n) }
func (w *rowWriter) int(n int64)   { w.b = binary.AppendVarint(w.b, n) }
func (w *rowWriter) str(s string)  { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *rowWriter) strs(xs []string) {
	w.uint(uint64(len(xs)))
	for _, x := range xs {
		w.str(x)
	}
}
func (w *rowWriter) bool(b bool) {
	if b {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func encodeRow(r row) []byte {
	w := &rowWriter{b: make([]byte, 0, 256)}
	w.str(r.id)
	w.str(string(r.kind))
	w.uint(uint64(len(r.values)))
	for _, vs := range r.values {
		w.strs(vs)
	}
	w.bool(r.dated)
	w.int(int64(r.day))
	w.str(r.title)
	w.str(r.refTitle)
	w.int(int64(r.year))
	w.str(r.event)
	w.strs(r.actionLines)
	w.uint(uint64(len(r.sdgs)))
	for _, n := range r.sdgs {
		w.int(int64(n))
	}
	w.uint(uint64(r.panel.Women))
	w.uint(uint64(r.panel.Men))
	w.uint(uint64(r.panel.Unknown))
	w.uint(uint64(len(r.people)))
	for _, c := range r.people {
		w.str(c.key)
		w.bool(c.profile)
		for _, s := range []string{c.name, c.honorific, c.gender, c.organization, c.jobTitle, c.country, c.stakeholderGroup, c.role, c.bio} {
			w.str(s)
		}
		w.strs(c.expertise)
		w.strs(c.languages)
	}
	w.uint(uint64(len(r.entity)))
	w.b = append(w.b, r.entity...)
	return w.b
}

// rowReader decodes what rowWriter wrote; the first error sticks and later
// reads return zero values.
type rowReader struct {
	b      []byte
	err    error
	intern map[string]string
}

func (r *rowReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err = errShortRow
		return 0
	}
	r.b = r.b[k:]
	return n
}

func (r *rowReader) int() int64 {
	if r.err != nil {
		return 0
	}
	n, k := binary.Varint(r.b)
	if k <= 0 {
		r.err = errShortRow
		return 0
	}
	r.b = r.b[k:]
	return n
}

func (r *rowReader) str() string {
	n := r.uint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.err = errShortRow
		return ""
	}
	s := r.b[:n]
	r.b = r.b[n:]
	// Facet values repeat across records; one copy of each saves memory.
	if v, ok := r.intern[string(s)]; ok {
		return v
	}
	v := string(s)
	if len(v) <= 64 {
		r.intern[v] = v
	}
	return v
}

// raw reads a string's bytes without copying or interning them.
func (r *rowReader) raw() []byte {
	n := r.uint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errShortRow
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *rowReader) strs() []string {
	n := r.uint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errors.Join(r.err, errShortRow)
		return nil
	}
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *rowReader) bool() bool {
	if r.err != nil {
		return false
	}
	if len(r.b) == 0 {
		r.err = errShortRow
		return false
	}
	b := r.b[0]
	r.b = r.b[1:]
	return b == 1
}

func decodeRow(b []byte, intern map[string]string) (row, error) {
	r := &rowReader{b: b, intern: intern}
	var w row
	w.id = r.str()
	w.kind = record.Kind(r.str())
	n := r.uint()
	if n != uint64(len(facets)) {
		return row{}, fmt.Errorf("row has %d facets, the table %d", n, len(facets))
	}
	w.values = make([][]string, n)
	for i := range w.values {
		w.values[i] = r.strs()
	}
	w.dated = r.bool()
	w.day = int32(r.int())
	w.title = r.str()
	w.refTitle = r.str()
	w.year = int(r.int())
	w.event = r.str()
	w.actionLines = r.strs()
	if k := r.uint(); k > 0 && k <= uint64(len(r.b)) {
		w.sdgs = make([]int, k)
		for i := range w.sdgs {
			w.sdgs[i] = int(r.int())
		}
	}
	w.panel.Women = int(r.uint())
	w.panel.Men = int(r.uint())
	w.panel.Unknown = int(r.uint())
	if k := r.uint(); k > 0 && k <= uint64(len(r.b)) {
		w.people = make([]contribution, k)
		for i := range w.people {
			c := &w.people[i]
			c.key = r.str()
			c.profile = r.bool()
			for _, s := range []*string{&c.name, &c.honorific, &c.gender, &c.organization, &c.jobTitle, &c.country, &c.stakeholderGroup, &c.role, &c.bio} {
				*s = r.str()
			}
			c.expertise = r.strs()
			c.languages = r.strs()
		}
	}
	if ent := r.raw(); r.err == nil && len(ent) > 0 {
		if err := resolver.CheckCompact(ent); err != nil {
			r.err = err
		}
		w.entity = bytes.Clone(ent)
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes after the row", len(r.b))
	}
	if r.err != nil {
		return row{}, fmt.Errorf("indexer: decode row: %w", r.err)
	}
	return w, nil
}
