package wire

import (
	"errors"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		u    uint64
		i    int64
		s    string
		xs   []string
		b    bool
	}{
		{"zeros", 0, 0, "", nil, false},
		{"large", 1<<63 + 5, -1 << 62, "Ghana – Accra", []string{"C7.e-health", "", "SDG 5"}, true},
	}
	for _, tt := range tests {
		w := &Writer{}
		w.Uint(tt.u)
		w.Int(tt.i)
		w.Str(tt.s)
		w.Strs(tt.xs)
		w.Bool(tt.b)
		w.Bytes([]byte(tt.s))
		for _, r := range []*Reader{{B: w.B}, {B: w.B, Intern: map[string]string{}}} {
			got := []any{r.Uint(), r.Int(), r.Str(), r.Strs(), r.Bool(), string(r.Raw())}
			want := []any{tt.u, tt.i, tt.s, tt.xs, tt.b, tt.s}
			if r.Err != nil || len(r.B) != 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("%s: read %v (err %v, %d bytes left), want %v", tt.name, got, r.Err, len(r.B), want)
			}
		}
		// Every cut of the bytes is an error, never a panic or a value.
		for cut := range len(w.B) {
			r := &Reader{B: w.B[:cut]}
			r.Uint()
			r.Int()
			r.Str()
			r.Strs()
			r.Bool()
			r.Raw()
			if !errors.Is(r.Err, ErrShort) {
				t.Errorf("%s: cut at %d of %d bytes read without error", tt.name, cut, len(w.B))
			}
		}
	}
}

func FuzzReader(f *testing.F) {
	w := &Writer{}
	w.Strs([]string{"a", "bc"})
	w.Int(-3)
	f.Add(w.B)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, intern := range []map[string]string{nil, {}} {
			r := &Reader{B: b, Intern: intern}
			for r.Err == nil && len(r.B) > 0 {
				before := len(r.B)
				r.Strs()
				r.Str()
				r.Int()
				r.Bool()
				if r.Err == nil && len(r.B) >= before {
					t.Fatalf("reads consumed nothing of %q", b)
				}
			}
		}
	})
}
