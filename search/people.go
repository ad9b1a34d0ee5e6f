package search

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
)

// Person is one person of the people finder: a women-in-tech entry and the
// speaker lines of sessions, merged under taxonomy.PersonKey by the
// indexer's people directory.
type Person = indexer.Person

// SessionRef is a session a person spoke at or moderated.
type SessionRef = indexer.SessionRef

// PeopleFacetNames are the people finder's facets, in display order.
func PeopleFacetNames() []string { return names(indexer.PeopleFacets()) }

// PeopleRequest is a people search. Filters use the names of
// PeopleFacetNames with canonical values, as ParseRequest makes them.
type PeopleRequest struct {
	Q       string
	Filters map[string][]string
	Spoke   bool // only people who spoke at (or moderated) a session
	Page    int
	Size    int
	Staff   bool // include contact details
	Bio     bool // include bios: a record read per person with a profile
}

// PeopleResponse is a page of people with facet counts.
type PeopleResponse struct {
	Total  int        `json:"total"`
	Page   int        `json:"page"`
	Size   int        `json:"size"`
	People []Person   `json:"people"`
	Facets []Facet    `json:"facets"`
	Query  Understood `json:"query"`
}

// ParsePeopleRequest validates people-finder parameters with the same rules
// as ParseRequest, plus spoke=1.
func ParsePeopleRequest(v url.Values) (PeopleRequest, error) {
	r, err := ParseRequest(v)
	if err != nil {
		return PeopleRequest{}, err
	}
	pr := PeopleRequest{Q: r.Q, Filters: map[string][]string{}, Page: r.Page, Size: r.Size}
	for _, name := range PeopleFacetNames() {
		if vals := r.Filters[name]; len(vals) > 0 {
			pr.Filters[name] = vals
		}
	}
	switch s := v.Get("spoke"); s {
	case "", "0", "false":
	case "1", "true", "on":
		pr.Spoke = true
	default:
		return pr, &FieldError{"spoke", "must be 1 or 0"}
	}
	return pr, nil
}

// People searches the people finder. The query is read as the main search
// reads it (Understand, spelling corrected against the index), and ranked
// by the same policy (query.go): a person matches any part of the query,
// people with more parts come first, and filters understood from the words
// only rank; filter syntax and facet parameters filter.
func (s *Service) People(ctx context.Context, req PeopleRequest) (PeopleResponse, error) {
	if req.Size <= 0 || req.Size > MaxSize {
		req.Size = DefaultSize
	}
	req.Page = max(req.Page, 1)
	snap := s.views.Snapshot()
	dir, an := snap.People(), snap.Analyzer()
	within := dir.All()
	if req.Spoke {
		within = roaring.And(within, dir.Spoke())
	}
	base := within // the text's matches, before filters
	und := forPeople(Understand(req.Q))
	var scores []float64
	if len(und.parts) > 0 {
		var missed []string
		base, scores, missed = peopleScores(dir, und.parts, an, within)
		if len(missed) > 0 {
			if c := s.corrected(ctx, req.Q, und, missed); c.Corrected != "" {
				und = forPeople(c)
				base, scores, _ = peopleScores(dir, und.parts, an, within)
			}
		}
	}
	filters := activeFilters(&und, req.Filters)
	main := roaring.And(base, dir.Filter(filters, ""))
	resp := PeopleResponse{Total: int(main.GetCardinality()), Page: req.Page, Size: req.Size, People: []Person{}}
	from := (req.Page - 1) * req.Size
	page := dir.Page
	if scores != nil {
		page = func(set *roaring.Bitmap, from, size int) []*Person { return dir.Ranked(set, scores, from, size) }
	}
	for _, p := range page(main, from, req.Size) {
		out := *p
		if (req.Staff || req.Bio) && p.RecordID != "" {
			rec, err := s.records.Get(ctx, p.RecordID)
			if err != nil && !errors.Is(err, record.ErrNotFound) {
				return PeopleResponse{}, fmt.Errorf("search: people: %w", err)
			}
			if req.Staff {
				out.Contact = rec.Contact
			}
			if req.Bio {
				out.Bio = rec.Bio
			}
		}
		resp.People = append(resp.People, out)
	}
	for _, f := range indexer.PeopleFacets() {
		set := main
		if len(filters[f.Name]) > 0 {
			set = roaring.And(base, dir.Filter(filters, f.Name))
		}
		resp.Facets = append(resp.Facets, buildFacet(f, dir.Counts(f.Name, set), filters[f.Name]))
	}
	resp.Query = offered(und, resp.Facets)
	return resp, nil
}

// forPeople turns what Understand made of a query into what the people
// finder searches. Every result is a person, so words for women name a
// person's gender even without a role word beside them ("women
// cybersecurity"), and "people" or "person" ask for nothing. Chips that are
// not people facets (an event, a year, a kind of record) are not offered,
// but their parts keep their wordings: "IGF" still finds the people who
// spoke at the Internet Governance Forum.
func forPeople(u Understood) Understood {
	out := Understood{Text: u.Text, Corrected: u.Corrected}
	people := PeopleFacetNames()
	add := func(c Chip) *Chip {
		if c.Facet == "gender_focus" && !c.Syntax {
			c.Facet, c.Value, c.Label = FilterGender, "female", chipLabel(FilterGender, "female")
		}
		if !slices.Contains(people, c.Facet) {
			return &c
		}
		if i := slices.IndexFunc(out.Chips, func(x Chip) bool { return x.Facet == c.Facet && x.Value == c.Value }); i >= 0 {
			return &out.Chips[i]
		}
		out.Chips = append(out.Chips, c)
		return &c
	}
	for _, c := range u.Chips {
		if c.Facet != "kind" {
			add(c)
		}
	}
	for _, p := range u.parts {
		switch {
		case p.chip == nil:
		case p.chip.Facet == "kind" && p.chip.Value == "person":
			continue
		case p.chip.Facet == "kind":
			p.chip = nil
		default:
			c := *add(*p.chip)
			p.chip = &c
		}
		out.parts = append(out.parts, p)
	}
	return out
}

// weightStart is what a word found only as the start of a longer word
// ("telecom" in "telecommunications") counts, relative to the whole word.
const weightStart = 0.5

// personPart is one part of the query as the people finder matches it.
type personPart struct {
	plain bool // a word with no chip: corrected when nobody has it
	text  string
	words []personWording
	tags  []personTag
	any   *roaring.Bitmap // the people matching any wording or tag
}

// personWording is one wording of a part: the people whose text holds
// it as whole words, those who hold its last word only as the start of a
// longer one, and its weight.
type personWording struct {
	whole, started *roaring.Bitmap
	w              float64
}

// personTag is a people facet value a part names, and its weight.
type personTag struct {
	set *roaring.Bitmap
	w   float64
}

// newPersonPart is p as partQuery matches it in records: its text and the
// other words for it or the wordings of the code or places it names, and
// their tags, with the same weights; but words for women are matched by
// the person's gender alone, as the word itself.
func newPersonPart(dir *indexer.People, p part, an analysis.Analyzer) personPart {
	pp := personPart{plain: p.chip == nil && !p.phrase, text: p.text, any: roaring.New()}
	seen := map[string]bool{}
	text := func(s string, w float64) {
		terms := analysedTerms(s, an)
		key := strings.Join(terms, " ")
		if key == "" || seen[key] {
			return
		}
		seen[key] = true
		whole, started := dir.Holding(terms)
		if p.phrase { // as written
			started.Clear()
		}
		pp.words = append(pp.words, personWording{whole, started, w})
		pp.any.Or(whole)
		pp.any.Or(started)
	}
	tag := func(facet, value string, w float64) {
		if set := dir.Having(facet, value); set != nil {
			pp.tags = append(pp.tags, personTag{set, w})
			pp.any.Or(set)
		}
	}
	if p.chip != nil && p.chip.Facet == FilterGender {
		// Women as people: every result is a person, so the word means
		// their gender, and a man who moderated a session on women
		// traders does not match it.
		tag(FilterGender, p.chip.Value, 1)
		return pp
	}
	p.wordings(an, text, tag)
	return pp
}

// score is how well person n matches the part: its best wording or tag
// plus tieAlt of the others, as disMax scores a part in records.
func (pp personPart) score(n uint32) float64 {
	best, sum := 0.0, 0.0
	found := func(s float64) {
		best, sum = max(best, s), sum+s
	}
	for _, w := range pp.words {
		switch {
		case w.whole.Contains(n):
			found(w.w)
		case w.started.Contains(n):
			found(w.w * weightStart)
		}
	}
	for _, t := range pp.tags {
		if t.set.Contains(n) {
			found(t.w)
		}
	}
	return best + tieAlt*(sum-best)
}

// peopleScores scores the people of within by the parts of a query: the
// sum of the parts' scores times the share of the parts they match, as
// Bleve's coordination ranks records with more parts of the query first.
// It returns the people matching any part, the scores by person number,
// and the plain words nobody matched (for spelling correction).
func peopleScores(dir *indexer.People, parts []part, an analysis.Analyzer, within *roaring.Bitmap) (*roaring.Bitmap, []float64, []string) {
	pps := make([]personPart, len(parts))
	hits := roaring.New()
	var missed []string
	for i, p := range parts {
		pps[i] = newPersonPart(dir, p, an)
		pps[i].any.And(within)
		hits.Or(pps[i].any)
		if pps[i].plain && pps[i].any.IsEmpty() {
			missed = append(missed, pps[i].text)
		}
	}
	scores := make([]float64, dir.Numbers())
	it := hits.Iterator()
	for it.HasNext() {
		n := it.Next()
		sum, k := 0.0, 0
		for _, pp := range pps {
			if s := pp.score(n); s > 0 {
				sum, k = sum+s, k+1
			}
		}
		scores[n] = sum * float64(k) / float64(len(pps))
	}
	return hits, scores, missed
}
