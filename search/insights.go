package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Insights are the counts an analyst reads for one filter: action line ×
// SDG, records per year, panel gender balance, countries and regions. They
// are computed from the same records an export of the filter would hold, so
// the numbers reproduce.
type Insights struct {
	Total       int            `json:"total"`
	ActionLines []string       `json:"action_lines"` // matrix rows
	SDGs        []int          `json:"sdgs"`         // matrix columns, 1..17
	Matrix      [][]int        `json:"matrix"`       // records tagged with both
	Years       []Count        `json:"years"`        // ascending
	Gender      []PanelBalance `json:"gender_balance"`
	Countries   []Count        `json:"countries"` // most records first
	Regions     []Count        `json:"regions"`
	Query       Understood     `json:"query"`
}

// Count is a value with how many records have it.
type Count struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// PanelBalance is the gender make-up of the speakers and moderators of the
// sessions of one event in one year. Unknown is kept apart: gender is only
// recorded from evidence, never guessed.
type PanelBalance struct {
	Event      string  `json:"event"`
	Year       int     `json:"year"`
	Sessions   int     `json:"sessions"`
	Women      int     `json:"women"`
	Men        int     `json:"men"`
	Unknown    int     `json:"unknown"`
	WomenShare float64 `json:"women_share"` // of all panellists, unknown included
}

// Insights computes the insights of req's filter (text and filters; paging
// is ignored).
func (s *Service) Insights(ctx context.Context, req Request) (Insights, error) {
	in := Insights{ActionLines: []string{}, Years: []Count{}, Gender: []PanelBalance{}, Countries: []Count{}, Regions: []Count{}}
	for _, al := range taxonomy.ActionLines() {
		in.ActionLines = append(in.ActionLines, al.Code)
	}
	for n := 1; n <= 17; n++ {
		in.SDGs = append(in.SDGs, n)
	}
	in.Matrix = make([][]int, len(in.ActionLines))
	for i := range in.Matrix {
		in.Matrix[i] = make([]int, len(in.SDGs))
	}
	years := map[string]int{}
	countries := map[string]int{}
	regions := map[string]int{}
	type panelKey struct {
		event string
		year  int
	}
	panels := map[panelKey]*PanelBalance{}

	err := s.Each(ctx, req, func(r record.Record) error {
		in.Total++
		for _, al := range r.ActionLines {
			row := slices.Index(in.ActionLines, al)
			if row < 0 {
				continue // a bare "C7" has no row of its own in the matrix
			}
			for _, sdg := range r.SDGs {
				if sdg >= 1 && sdg <= 17 {
					in.Matrix[row][sdg-1]++
				}
			}
		}
		if r.Year > 0 {
			years[fmt.Sprint(r.Year)]++
		}
		for _, c := range r.Countries {
			countries[c]++
		}
		for _, g := range r.ITURegions {
			regions[g]++
		}
		if r.Kind == record.KindSession && len(r.Speakers)+len(r.Moderators) > 0 {
			k := panelKey{firstNonEmpty(r.Event, "Other"), r.Year}
			p := panels[k]
			if p == nil {
				p = &PanelBalance{Event: k.event, Year: k.year}
				panels[k] = p
			}
			p.Sessions++
			for _, sp := range append(slices.Clone(r.Speakers), r.Moderators...) {
				switch sp.Gender {
				case "female":
					p.Women++
				case "male":
					p.Men++
				default:
					p.Unknown++
				}
			}
		}
		return nil
	})
	if err != nil {
		return in, err
	}
	in.Query = Understand(req.Q)
	in.Years = counts(years, func(v string) string { return v })
	sort.Slice(in.Years, func(i, j int) bool { return in.Years[i].Value < in.Years[j].Value })
	in.Countries = counts(countries, func(v string) string { return valueLabel("country", v) })
	in.Regions = counts(regions, func(v string) string { return v })
	for _, p := range panels {
		if n := p.Women + p.Men + p.Unknown; n > 0 {
			p.WomenShare = float64(p.Women) / float64(n)
		}
		in.Gender = append(in.Gender, *p)
	}
	sort.Slice(in.Gender, func(i, j int) bool {
		a, b := in.Gender[i], in.Gender[j]
		if a.Event != b.Event {
			return a.Event < b.Event
		}
		return a.Year < b.Year
	})
	return in, nil
}

// counts turns a map into Counts, most frequent first.
func counts(m map[string]int, label func(string) string) []Count {
	out := make([]Count, 0, len(m))
	for v, n := range m {
		out = append(out, Count{Value: v, Label: label(v), Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return strings.Compare(out[i].Label, out[j].Label) < 0
	})
	return out
}
