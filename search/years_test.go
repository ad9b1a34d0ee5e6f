package search

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

// TestYearRange: year_from and year_to filter like a selection of every
// year between them, through the index and the bitmaps alike, in exports
// too; the year facet still counts every year (its own selection ignored).
func TestYearRange(t *testing.T) {
	svc := newService(t, corpus())
	ctx := context.Background()
	tests := []struct {
		params string
		want   []string
	}{
		{"year_from=2020&year_to=2023", []string{"p2", "s1", "s2"}},
		{"year_from=2022", []string{"s1", "s2"}},
		{"year_to=2019", []string{"p1"}},
		{"year_from=2019&year_to=2019&sdg=2", []string{"p1"}},
		{"year_from=2020&year=2019", nil}, // both apply
		{"q=radio&year_to=2020", nil},     // text: through the index
		{"q=radio&year_from=2021", []string{"p2"}},
		{"q=farms+radio&year_from=2020&year_to=2030", []string{"p2"}},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.params)
		req, err := ParseRequest(v)
		if err != nil {
			t.Fatalf("%s: %v", tt.params, err)
		}
		resp, err := svc.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(resp); !slices.Equal(got, tt.want) {
			t.Errorf("%s: hits %v, want %v", tt.params, got, tt.want)
		}
		if v.Get("year") == "" && v.Get("q") == "" && v.Get("sdg") == "" {
			if got := facetCounts(resp, "year"); got["2019"] != 1 || got["2021"] != 1 || got["2023"] != 2 {
				t.Errorf("%s: year counts %v, want every year counted", tt.params, got)
			}
		}
		var exported []string
		if err := svc.Each(ctx, req, func(r record.Record) error { exported = append(exported, r.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		slices.Sort(exported)
		if !slices.Equal(exported, tt.want) {
			t.Errorf("%s: export %v, want %v", tt.params, exported, tt.want)
		}
	}
	for _, bad := range []string{"year_from=2025&year_to=2020", "year_from=abc", "year_to=1800"} {
		v, _ := url.ParseQuery(bad)
		var fe *FieldError
		if _, err := ParseRequest(v); !errors.As(err, &fe) {
			t.Errorf("%s: %v, want a field error", bad, err)
		}
	}
}
