package search

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Insights are the counts an analyst reads for one filter: action line ×
// SDG, records per year, panel gender balance, countries and regions. They
// count the same records an export of the filter holds, so the numbers
// reproduce: projects and session reports in every chart, and person
// profiles apart (People), since a profile is not an activity.
type Insights struct {
	Total       int            `json:"total"`        // projects and session reports matching
	People      int            `json:"people"`       // person profiles matching, not in any chart
	ActionLines []string       `json:"action_lines"` // matrix rows
	SDGs        []int          `json:"sdgs"`         // matrix columns, 1..17
	Matrix      [][]int        `json:"matrix"`       // records tagged with both
	Years       []Count        `json:"years"`        // ascending
	NoYear      int            `json:"no_year"`      // records without a year, not in Years
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
	Event    string `json:"event"`
	Year     int    `json:"year"`
	Sessions int    `json:"sessions"`
	Women    int    `json:"women"`
	Men      int    `json:"men"`
	Unknown  int    `json:"unknown"`
	// WomenShare is women among the panellists whose gender is known
	// (women and men); null when no gender is known.
	WomenShare *float64 `json:"women_share"`
}

// Insights computes the insights of req's filter (text and filters; paging
// is ignored), from bitmap intersections and the panel counts the views
// keep per session: no record is read.
func (s *Service) Insights(ctx context.Context, req Request) (Insights, error) {
	in := Insights{ActionLines: []string{}, Years: []Count{}, Gender: []PanelBalance{}, Countries: []Count{}, Regions: []Count{}}
	snap := s.views.Snapshot()
	// Entities by default: a project reported by four sources counts once.
	distinct := func(set *roaring.Bitmap) int { return int(set.GetCardinality()) }
	countsOf := snap.Counts
	if ents := entitiesOf(snap, req); ents != nil {
		snap, distinct, countsOf = ents.Snapshot, ents.Distinct, ents.Counts
	}
	req = req.withDefaults()
	m, err := s.match(ctx, snap, req, 0, 0)
	if err != nil {
		return in, err
	}
	in.Query = m.und
	persons := roaring.And(m.hits, orEmpty(snap.Value(indexer.FacetKind, string(record.KindPerson))))
	recs := roaring.AndNot(m.hits, persons)
	in.Total, in.People = distinct(recs), distinct(persons)

	for _, al := range taxonomy.ActionLines() {
		in.ActionLines = append(in.ActionLines, al.Code)
	}
	for n := 1; n <= 17; n++ {
		in.SDGs = append(in.SDGs, n)
	}
	in.Matrix = make([][]int, len(in.ActionLines))
	for i, code := range in.ActionLines {
		in.Matrix[i] = make([]int, len(in.SDGs))
		row := roaring.And(recs, orEmpty(snap.Value(indexer.FacetActionLine, code)))
		if row.IsEmpty() {
			continue
		}
		for j, n := range in.SDGs {
			if bm := snap.Value(indexer.FacetSDG, strconv.Itoa(n)); bm != nil && row.Intersects(bm) {
				in.Matrix[i][j] = distinct(roaring.And(row, bm))
			}
		}
	}

	years := countsOf(indexer.FacetYear, recs)
	in.NoYear = in.Total
	if len(years) > 0 {
		in.NoYear -= distinct(roaring.And(recs, snap.Filter(map[string][]string{indexer.FacetYear: keys(years)}, "")))
	}
	in.Years = counts(years, func(v string) string { return v })
	sort.Slice(in.Years, func(i, j int) bool { return in.Years[i].Value < in.Years[j].Value })
	in.Countries = counts(countsOf(indexer.FacetCountry, recs), func(v string) string { return valueLabel(indexer.FacetCountry, v) })
	in.Regions = counts(countsOf(indexer.FacetRegion, recs), func(v string) string { return v })
	in.Gender = panels(snap, roaring.And(recs, orEmpty(snap.Value(indexer.FacetKind, string(record.KindSession)))))
	return in, nil
}

// panels sums the panel counts of sessions by event and year.
func panels(snap *indexer.Snapshot, sessions *roaring.Bitmap) []PanelBalance {
	type key struct {
		event string
		year  int
	}
	byKey := map[key]*PanelBalance{}
	it := sessions.Iterator()
	for it.HasNext() {
		event, year, p := snap.Panel(it.Next())
		if p.Total() == 0 {
			continue
		}
		k := key{firstNonEmpty(event, "Other"), year}
		b := byKey[k]
		if b == nil {
			b = &PanelBalance{Event: k.event, Year: k.year}
			byKey[k] = b
		}
		b.Sessions++
		b.Women += p.Women
		b.Men += p.Men
		b.Unknown += p.Unknown
	}
	out := make([]PanelBalance, 0, len(byKey))
	for _, b := range byKey {
		if known := b.Women + b.Men; known > 0 {
			share := float64(b.Women) / float64(known)
			b.WomenShare = &share
		}
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Event != out[j].Event {
			return out[i].Event < out[j].Event
		}
		return out[i].Year < out[j].Year
	})
	return out
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func orEmpty(bm *roaring.Bitmap) *roaring.Bitmap {
	if bm == nil {
		return roaring.New()
	}
	return bm
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
