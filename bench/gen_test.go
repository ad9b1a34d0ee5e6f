package main

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

func TestGeneratorDeterministic(t *testing.T) {
	a, b, c := NewGenerator(7), NewGenerator(7), NewGenerator(8)
	for _, i := range []int{0, 1, 999, 123456} {
		if !reflect.DeepEqual(a.Record(i), b.Record(i)) {
			t.Errorf("record %d differs between two generators of the same seed", i)
		}
		if reflect.DeepEqual(a.Record(i), c.Record(i)) {
			t.Errorf("record %d is the same under seeds 7 and 8", i)
		}
	}
	if a.Record(3).ID == a.Record(4).ID {
		t.Error("records 3 and 4 share an id")
	}
	if !slices.Equal(a.Countries(), b.Countries()) || len(a.Countries()) != corpusCountries {
		t.Errorf("countries: %d, want %d, same for one seed", len(a.Countries()), corpusCountries)
	}
}

// TestGeneratorShape checks the distributions the brief asks for on a
// sample large enough for the shares to be stable.
func TestGeneratorShape(t *testing.T) {
	const n = 4000
	g := NewGenerator(1)
	kinds := map[record.Kind]int{}
	sdgCount := map[int]int{}
	c7 := 0
	for i := range n {
		r := g.Record(i)
		kinds[r.Kind]++
		if k := len(r.ActionLines); k < 1 || k > 3 {
			t.Fatalf("record %d has %d action lines", i, k)
		}
		for _, al := range r.ActionLines {
			if _, ok := taxonomy.LookupActionLine(al); !ok {
				t.Fatalf("record %d: unknown action line %q", i, al)
			}
			if strings.HasPrefix(al, "C7.") {
				c7++
			}
		}
		if k := len(r.SDGs); k < 1 || k > 4 {
			t.Fatalf("record %d has %d SDGs", i, k)
		}
		for _, s := range r.SDGs {
			sdgCount[s]++
		}
		if k := len(r.Countries); k < 1 || k > 2 {
			t.Fatalf("record %d has %d countries", i, k)
		}
		for _, code := range r.Countries {
			c, ok := taxonomy.CountryByCode(code)
			if !ok || !slices.Contains(r.ITURegions, c.ITURegion) {
				t.Fatalf("record %d: country %q without its region in %v", i, code, r.ITURegions)
			}
		}
		text := r.Body
		if r.Kind == record.KindPerson {
			text = r.Bio
			if r.Name == "" || r.Title != r.Name {
				t.Fatalf("person %d has no name", i)
			}
		} else if r.Year < 2005 || r.Year > 2025 {
			t.Fatalf("record %d: year %d", i, r.Year)
		}
		if w := len(strings.Fields(text)); w < 80 || w > 380 {
			t.Fatalf("record %d: %d words of text", i, w)
		}
		if len(r.Speakers) > 8 {
			t.Fatalf("record %d: %d speakers", i, len(r.Speakers))
		}
	}
	for _, tc := range []struct {
		kind record.Kind
		want float64
	}{{record.KindProject, 0.55}, {record.KindSession, 0.30}, {record.KindPerson, 0.15}} {
		if got := float64(kinds[tc.kind]) / n; got < tc.want-0.03 || got > tc.want+0.03 {
			t.Errorf("%s share %.3f, want about %.2f", tc.kind, got, tc.want)
		}
	}
	for s := 1; s <= 17; s++ {
		if s != 4 && s != 5 && s != 9 && sdgCount[s] >= min(sdgCount[4], sdgCount[5], sdgCount[9]) {
			t.Errorf("SDG %d (%d) as frequent as the favoured goals 4, 5, 9 (%v)", s, sdgCount[s], sdgCount)
		}
	}
	if c7 < n/4 {
		t.Errorf("only %d C7 sub-line tags in %d records", c7, n)
	}
}

func TestRareNameIsRare(t *testing.T) {
	g := NewGenerator(1)
	name := g.RareName()
	if name == "" {
		t.Fatal("no rare name")
	}
	hits := 0
	for i := range 2000 {
		r := g.Record(i)
		if strings.Contains(r.Name+r.Body+r.Bio, name) || slices.ContainsFunc(r.Speakers, func(p record.Person) bool { return strings.Contains(p.Name, name) }) {
			hits++
		}
	}
	if hits == 0 || hits > 20 {
		t.Errorf("%q is in %d of 2000 records, want a handful", name, hits)
	}
}
