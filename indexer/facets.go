package indexer

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Facet is one attribute records are filtered and counted by. This table is
// the only description of facets: the indexer derives values and bitmaps
// from it, search counts, orders and labels with it, and the API, the pages
// and the CLI read names and labels from it (through package search).
type Facet struct {
	Name  string // API parameter and facet name ("action_line")
	Field string // Bleve keyword field holding the values
	Label string // what pages call the facet ("Action line")
	// Size bounds how many values a response lists (the most frequent);
	// 0 lists them all.
	Size int
	// Counted: every search response counts this facet (the SPEC's eight).
	Counted bool
	// People: a facet of the people finder.
	People bool
	// Param: accepted as a filter parameter by the API and the pages.
	Param bool
	// Order of the values on pages.
	Order ValueOrder

	values func(r record.Record) []string
	label  func(v string) string
}

// ValueOrder says how a facet's values are listed.
type ValueOrder int

// Orders of facet values.
const (
	ByCount    ValueOrder = iota // most records first, then by label
	ByTaxonomy                   // the vocabulary's own order (C1..C11, SDG 1..17)
	NewestFirst
	ByList // the facet's own list of values (prizes: winner, champion, nominee)
)

// Facet names, also the API's filter parameters.
const (
	FacetActionLine  = "action_line"
	FacetSDG         = "sdg"
	FacetRegion      = "region"
	FacetCountry     = "country"
	FacetGenderFocus = "gender_focus"
	FacetKind        = "kind"
	FacetYear        = "year"
	FacetEvent       = "event"
	FacetPrize       = "prize"             // WSIS Prizes status: winner, champion, nominee
	FacetGender      = "gender"            // a person's or a speaker's gender
	FacetLanguage    = "language"          // languages a person speaks
	FacetGroup       = "stakeholder_group" // speakers' stakeholder group
	FacetExpertise   = "expertise"
	// FacetPerson holds the person keys of a record (its speakers,
	// moderators, or the person it describes), as a keyword field of the
	// full text; the views keep no bitmaps of it: the people directory
	// says which records name a person.
	FacetPerson = "person"
)

// facets is the table, in display order.
var facets = []Facet{
	{Name: FacetActionLine, Field: FieldActionLine, Label: "Action line", Size: 20, Counted: true, People: true, Param: true, Order: ByTaxonomy,
		values: func(r record.Record) []string { return actionLineValues(r.ActionLines) }, label: taxonomy.ActionLineLabel},
	{Name: FacetSDG, Field: FieldSDG, Label: "SDG", Size: 17, Counted: true, People: true, Param: true, Order: ByTaxonomy,
		values: func(r record.Record) []string { return sdgValues(r.SDGs) }, label: sdgLabel},
	{Name: FacetRegion, Field: FieldRegion, Label: "Region", Size: 6, Counted: true, People: true, Param: true,
		values: func(r record.Record) []string { return compact(r.ITURegions) }},
	{Name: FacetCountry, Field: FieldCountry, Label: "Country", Size: 250, Counted: true, People: true, Param: true,
		values: func(r record.Record) []string { return compact(r.Countries) }, label: countryName},
	{Name: FacetGenderFocus, Field: FieldGenderFocus, Label: "Gender focus", Size: 4, Counted: true, Param: true,
		values: func(r record.Record) []string { return compact([]string{r.GenderFocus}) }, label: capitalised},
	{Name: FacetKind, Field: FieldKind, Label: "Kind", Size: 3, Counted: true, Param: true,
		values: func(r record.Record) []string { return compact([]string{string(r.Kind)}) }, label: kindLabel},
	{Name: FacetYear, Field: FieldYear, Label: "Year", Size: 60, Counted: true, Param: true, Order: NewestFirst,
		values: func(r record.Record) []string { return yearValues(r.Year) }},
	{Name: FacetEvent, Field: FieldEvent, Label: "Event", Size: 50, Counted: true, Param: true,
		values: func(r record.Record) []string { return compact([]string{r.Event}) }},
	{Name: FacetPrize, Field: FieldPrize, Label: "WSIS Prizes", Size: 3, Counted: true, Param: true, Order: ByList,
		values: prizeValues, label: capitalised},
	{Name: FacetGender, Field: FieldGender, Label: "Gender", People: true, Param: true,
		values: genderValues, label: capitalised},
	{Name: FacetGroup, Field: FieldStakeholder, Label: "Stakeholder group", People: true, Param: true,
		values: groupValues},
	{Name: FacetLanguage, Field: FieldLanguage, Label: "Language", People: true, Param: true,
		values: func(r record.Record) []string { return compact(r.Languages) }},
	{Name: FacetExpertise, Field: FieldExpertise, Label: "Expertise", Param: true,
		values: func(r record.Record) []string { return compact(r.Expertise) }},
	{Name: FacetPerson, Field: FieldPeople, Label: "Person",
		values: personKeys},
}

// Facets returns the facet table in display order. The slice is a copy.
func Facets() []Facet { return slices.Clone(facets) }

// CountedFacets are the facets every search response counts, in display order.
func CountedFacets() []Facet { return filterFacets(func(f Facet) bool { return f.Counted }) }

// PeopleFacets are the facets of the people finder, in display order.
func PeopleFacets() []Facet { return filterFacets(func(f Facet) bool { return f.People }) }

// ParamFacets are the facets accepted as filter parameters.
func ParamFacets() []Facet { return filterFacets(func(f Facet) bool { return f.Param }) }

func filterFacets(keep func(Facet) bool) []Facet {
	var out []Facet
	for _, f := range facets {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// FacetNamed returns the facet called name.
func FacetNamed(name string) (Facet, bool) {
	i := facetIndex(name)
	if i < 0 {
		return Facet{}, false
	}
	return facets[i], true
}

func facetIndex(name string) int {
	return slices.IndexFunc(facets, func(f Facet) bool { return f.Name == name })
}

// Values are r's values of the facet, without empty or repeated ones.
func (f Facet) Values(r record.Record) []string { return f.values(r) }

// ValueLabel is how pages show value v of the facet.
func (f Facet) ValueLabel(v string) string {
	if f.label == nil {
		return v
	}
	return f.label(v)
}

// ChipLabel names a selected value: "Action line: C4 – Capacity building".
// SDGs name themselves ("SDG 5 – Gender equality").
func (f Facet) ChipLabel(v string) string {
	if f.Name == FacetSDG {
		return f.ValueLabel(v)
	}
	return f.Label + ": " + f.ValueLabel(v)
}

// Less orders two values of the facet for display, given their counts.
func (f Facet) Less(a, b string, countA, countB int) bool {
	switch f.Order {
	case ByTaxonomy:
		if f.Name == FacetSDG {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return x < y
		}
		return actionLineOrder(a) < actionLineOrder(b)
	case NewestFirst:
		return a > b
	case ByList:
		return slices.Index(prizeStatuses, a) < slices.Index(prizeStatuses, b)
	}
	if countA != countB {
		return countA > countB
	}
	return f.ValueLabel(a) < f.ValueLabel(b)
}

// Top keeps the Size most frequent values of counts (all when Size is 0),
// ties by value, as a Bleve facet request of that size would.
func (f Facet) Top(counts map[string]int) map[string]int {
	if f.Size == 0 || len(counts) <= f.Size {
		return counts
	}
	vals := make([]string, 0, len(counts))
	for v := range counts {
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	out := make(map[string]int, f.Size)
	for _, v := range vals[:f.Size] {
		out[v] = counts[v]
	}
	return out
}

func actionLineOrder(code string) int {
	if n, ok := actionLineRanks()[code]; ok {
		return n
	}
	return 1 << 20
}

// actionLineRanks orders the action-line codes, built once: sorting a
// facet compares codes many times, and taxonomy.ActionLines builds its
// list on every call.
var actionLineRanks = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for i, al := range taxonomy.ActionLines() {
		m[al.Code] = i * 2
		// The parent C7 sorts just before its first sub-line.
		if _, ok := m["C7"]; !ok && strings.HasPrefix(al.Code, "C7.") {
			m["C7"] = i*2 - 1
		}
	}
	return m
})

// prizeStatuses are the values of the prize facet, winners first.
var prizeStatuses = []string{record.PrizeWinner, record.PrizeChampion, record.PrizeNominee}

func prizeValues(r record.Record) []string {
	if r.Prize == nil {
		return nil
	}
	return compact([]string{strings.ToLower(strings.TrimSpace(r.Prize.Status))})
}

func sdgLabel(v string) string {
	n, _ := strconv.Atoi(v)
	return taxonomy.SDGLabel(n)
}

func countryName(v string) string {
	if c, ok := taxonomy.CountryByCode(v); ok {
		return c.Name
	}
	return v
}

func kindLabel(v string) string {
	switch record.Kind(v) {
	case record.KindPerson:
		return "Person"
	case record.KindProject:
		return "Project"
	case record.KindSession:
		return "Session report"
	}
	return v
}

func capitalised(v string) string {
	if v == "" {
		return v
	}
	return strings.ToUpper(v[:1]) + v[1:]
}

func sdgValues(sdgs []int) []string {
	out := make([]string, 0, len(sdgs))
	for _, n := range sdgs {
		out = append(out, strconv.Itoa(n))
	}
	return compact(out)
}

func yearValues(year int) []string {
	if year <= 0 {
		return nil
	}
	return []string{strconv.Itoa(year)}
}

// panel is everyone who spoke at or moderated a session.
func panel(r record.Record) []record.Person {
	return append(slices.Clone(r.Speakers), r.Moderators...)
}

func genderValues(r record.Record) []string {
	var out []string
	if r.Kind == record.KindPerson {
		out = append(out, r.Gender)
	}
	for _, p := range panel(r) {
		out = append(out, p.Gender)
	}
	return compact(out)
}

func groupValues(r record.Record) []string {
	var out []string
	for _, p := range panel(r) {
		out = append(out, p.StakeholderGroup)
	}
	return compact(out)
}

// personKeys are the taxonomy.PersonKey of everyone a record names, so
// "Dr. Zoë Ngũgĩ" and "NGUGI, Zoe" are one person for related records.
func personKeys(r record.Record) []string {
	var out []string
	if r.Kind == record.KindPerson {
		out = append(out, taxonomy.PersonKey(firstNonEmpty(r.Name, r.Title)))
	}
	for _, p := range panel(r) {
		out = append(out, taxonomy.PersonKey(p.Name))
	}
	return compact(out)
}

// actionLineValues adds the parent "C7" to C7 sub-lines, so a filter on C7
// finds every ICT-applications record.
func actionLineValues(codes []string) []string {
	out := compact(codes)
	for _, c := range out {
		if strings.HasPrefix(c, "C7.") {
			if !slices.Contains(out, "C7") {
				out = append(out, "C7")
			}
			break
		}
	}
	return out
}

// compact drops empty and repeated values, keeping the first order.
func compact(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
