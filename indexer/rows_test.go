package indexer

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

func TestFacetValuesPackAndIntern(t *testing.T) {
	tests := []struct {
		name  string
		lists [][]string
	}{
		{"none", [][]string{nil, nil, nil}},
		{"first and last", [][]string{{"C7", "C7.e-health"}, nil, {"2019"}}},
		{"middle", [][]string{nil, {"Africa"}, nil}},
	}
	for _, tt := range tests {
		v := newFacetValues(tt.lists)
		for i, want := range tt.lists {
			if got := v.of(i); len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
				t.Errorf("%s: facet %d holds %q, want %q", tt.name, i, got, want)
			}
		}
	}
	// Two rows' equal values, made apart, end up one string.
	m := map[string]string{}
	a := newFacetValues([][]string{{strings.Clone("Africa")}})
	b := newFacetValues([][]string{{strings.Clone("Africa")}})
	if unsafe.StringData(a.vals[0]) == unsafe.StringData(b.vals[0]) {
		t.Fatal("the test's values share memory before interning")
	}
	a.intern(m)
	b.intern(m)
	if unsafe.StringData(a.vals[0]) != unsafe.StringData(b.vals[0]) || b.vals[0] != "Africa" {
		t.Error("equal values are not one string after interning")
	}
}
