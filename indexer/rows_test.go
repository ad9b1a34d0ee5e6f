package indexer

import (
	"reflect"
	"testing"
)

func TestFacetValuesPack(t *testing.T) {
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
}
