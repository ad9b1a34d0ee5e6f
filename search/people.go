package search

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

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
}

// PeopleResponse is a page of people with facet counts.
type PeopleResponse struct {
	Total  int      `json:"total"`
	Page   int      `json:"page"`
	Size   int      `json:"size"`
	People []Person `json:"people"`
	Facets []Facet  `json:"facets"`
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

// People searches the people finder. Text matches every word against name,
// organization, job title, expertise, bio and session titles.
func (s *Service) People(ctx context.Context, req PeopleRequest) (PeopleResponse, error) {
	if req.Size <= 0 || req.Size > MaxSize {
		req.Size = DefaultSize
	}
	req.Page = max(req.Page, 1)
	dir := s.views.Snapshot().People()
	base := dir.All()
	if req.Spoke {
		base = roaring.And(base, dir.Spoke())
	}
	if words := strings.Fields(strings.ToLower(req.Q)); len(words) > 0 {
		base = dir.Matching(words, base)
	}
	main := roaring.And(base, dir.Filter(req.Filters, ""))
	resp := PeopleResponse{Total: int(main.GetCardinality()), Page: req.Page, Size: req.Size, People: []Person{}}
	for _, p := range dir.Page(main, (req.Page-1)*req.Size, req.Size) {
		out := *p
		if req.Staff && p.RecordID != "" {
			rec, err := s.records.Get(ctx, p.RecordID)
			if err != nil && !errors.Is(err, record.ErrNotFound) {
				return PeopleResponse{}, fmt.Errorf("search: people: %w", err)
			}
			out.Contact = rec.Contact
		}
		resp.People = append(resp.People, out)
	}
	for _, f := range indexer.PeopleFacets() {
		set := main
		if len(req.Filters[f.Name]) > 0 {
			set = roaring.And(base, dir.Filter(req.Filters, f.Name))
		}
		resp.Facets = append(resp.Facets, buildFacet(f, dir.Counts(f.Name, set), req.Filters[f.Name]))
	}
	return resp, nil
}
