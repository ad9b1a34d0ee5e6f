// Package wire is the compact binary form the derived views persist and
// keep in memory: uvarints, varints, and strings and lists prefixed with
// their length, in an order the caller fixes. Decoding 100,000 such rows
// costs a fraction of decoding the same data as JSON.
package wire

import (
	"encoding/binary"
	"errors"
)

// ErrShort is the error of bytes that end before what they announce.
var ErrShort = errors.New("wire: truncated")

// Writer appends values to B.
type Writer struct{ B []byte }

// Uint writes n as a uvarint.
func (w *Writer) Uint(n uint64) { w.B = binary.AppendUvarint(w.B, n) }

// Int writes n as a varint.
func (w *Writer) Int(n int64) { w.B = binary.AppendVarint(w.B, n) }

// Bytes writes b with its length.
func (w *Writer) Bytes(b []byte) { w.Uint(uint64(len(b))); w.B = append(w.B, b...) }

// Str writes s with its length.
func (w *Writer) Str(s string) { w.Uint(uint64(len(s))); w.B = append(w.B, s...) }

// Strs writes the number of xs, then each.
func (w *Writer) Strs(xs []string) {
	w.Uint(uint64(len(xs)))
	for _, x := range xs {
		w.Str(x)
	}
}

// Bool writes b as one byte.
func (w *Writer) Bool(b bool) {
	if b {
		w.B = append(w.B, 1)
	} else {
		w.B = append(w.B, 0)
	}
}

// Reader reads what Writer wrote from B. The first error sticks in Err and
// later reads return zero values.
type Reader struct {
	B   []byte
	Err error
	// Intern, when set, gives strings of up to 64 bytes one copy each:
	// events, countries and facet values repeat across records.
	Intern map[string]string
}

func (r *Reader) fail() {
	if r.Err == nil {
		r.Err = ErrShort
	}
}

// Uint reads a uvarint.
func (r *Reader) Uint() uint64 {
	if r.Err != nil {
		return 0
	}
	n, k := binary.Uvarint(r.B)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.B = r.B[k:]
	return n
}

// Int reads a varint.
func (r *Reader) Int() int64 {
	if r.Err != nil {
		return 0
	}
	n, k := binary.Varint(r.B)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.B = r.B[k:]
	return n
}

// Count reads a number of items that each take at least one byte, so a
// damaged count cannot make the caller loop or allocate beyond the input.
func (r *Reader) Count() int {
	n := r.Uint()
	if n > uint64(len(r.B)) {
		r.fail()
		return 0
	}
	return int(n)
}

// Raw reads a string's bytes without copying them.
func (r *Reader) Raw() []byte {
	n := r.Uint()
	if r.Err != nil {
		return nil
	}
	if n > uint64(len(r.B)) {
		r.fail()
		return nil
	}
	s := r.B[:n]
	r.B = r.B[n:]
	return s
}

// Str reads a string Str wrote.
func (r *Reader) Str() string {
	s := r.Raw()
	if r.Err != nil || len(s) == 0 {
		return ""
	}
	if r.Intern == nil {
		return string(s)
	}
	if v, ok := r.Intern[string(s)]; ok {
		return v
	}
	v := string(s)
	if len(v) <= 64 {
		r.Intern[v] = v
	}
	return v
}

// Strs reads a list Strs wrote; nil when empty or when skipping.
func (r *Reader) Strs() []string {
	n := r.Count()
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for range n {
		out = append(out, r.Str())
	}
	return out
}

// Bool reads a byte Bool wrote.
func (r *Reader) Bool() bool {
	if r.Err != nil {
		return false
	}
	if len(r.B) == 0 {
		r.fail()
		return false
	}
	b := r.B[0]
	r.B = r.B[1:]
	return b == 1
}
