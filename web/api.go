package web

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/wsis-tools/stocktake/search"
)

// apiSearch is the JSON body of GET /api/v1/search.
type apiSearch struct {
	Total  int        `json:"total"`
	Page   int        `json:"page"`
	Size   int        `json:"size"`
	TookMS int64      `json:"took_ms"`
	Hits   []apiHit   `json:"hits"`
	Facets []apiFacet `json:"facets"`
	Query  apiQuery   `json:"query"`
}

type apiHit struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Year    int    `json:"year,omitempty"`
	Event   string `json:"event,omitempty"`
	Snippet string `json:"snippet,omitempty"` // HTML: escaped text and <mark> only
	URL     string `json:"url"`
	// Prize is the WSIS Prizes status; of the whole entity by default
	// (the highest any of its records reports).
	Prize string `json:"prize,omitempty"`
	// Sources are the records of the hit's entity when more than one
	// source reports it (one result per entity; none with records=sources).
	Sources []apiSource `json:"sources,omitempty"`
}

// apiSource is one record of a hit's entity and where it comes from.
type apiSource struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	SourceURL string `json:"source_url,omitempty"`
	File      string `json:"file,omitempty"`
	Prize     string `json:"prize,omitempty"`
	URL       string `json:"url"`
}

type apiFacet struct {
	Name   string          `json:"name"`
	Label  string          `json:"label"`
	Values []apiFacetValue `json:"values"`
}

type apiFacetValue struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// apiQuery is what search understood: the text searched, the query as
// corrected when words unknown to the index were replaced, and the chips.
type apiQuery struct {
	Text      string    `json:"text"`
	Corrected string    `json:"corrected,omitempty"`
	Chips     []apiChip `json:"chips"`
}

// apiChip is a filter understood from the query: applied (filter syntax,
// or also chosen as a parameter) or offered, with the number of results
// carrying it.
type apiChip struct {
	Facet   string `json:"facet"`
	Value   string `json:"value"`
	Label   string `json:"label"`
	Source  string `json:"source,omitempty"`
	Applied bool   `json:"applied"`
	Count   int    `json:"count"`
}

func (s *server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	req, err := search.ParseRequest(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp, err := s.search.Search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPISearch(resp))
}

// toAPISearch converts a response to the API shape. Slices are never nil, so
// clients always get arrays, not nulls.
func toAPISearch(resp search.Response) apiSearch {
	out := apiSearch{
		Total:  resp.Total,
		Page:   resp.Page,
		Size:   resp.Size,
		TookMS: resp.Took.Milliseconds(),
		Hits:   make([]apiHit, 0, len(resp.Hits)),
		Facets: toAPIFacets(resp.Facets),
		Query:  apiQuery{Text: resp.Query.Text, Corrected: resp.Query.Corrected, Chips: make([]apiChip, 0, len(resp.Query.Chips))},
	}
	for _, h := range resp.Hits {
		hit := apiHit{
			ID:      h.ID,
			Kind:    h.Kind,
			Title:   h.Title,
			Year:    h.Year,
			Event:   h.Event,
			Snippet: string(sanitizeSnippet(h.Snippet)),
			URL:     "/api/v1/records/" + url.PathEscape(h.ID),
		}
		if h.Record != nil && h.Record.Prize != nil {
			hit.Prize = h.Record.Prize.Status
		}
		for _, src := range h.Sources {
			as := apiSource{ID: src.ID, Title: src.Title, SourceURL: src.Source.URL, File: src.Source.File, URL: "/api/v1/records/" + url.PathEscape(src.ID)}
			if src.Prize != nil {
				as.Prize = src.Prize.Status
			}
			hit.Sources = append(hit.Sources, as)
		}
		out.Hits = append(out.Hits, hit)
	}
	for _, c := range resp.Query.Chips {
		out.Query.Chips = append(out.Query.Chips, apiChip{Facet: c.Facet, Value: c.Value, Label: c.Label, Source: c.Source, Applied: c.Applied, Count: c.Count})
	}
	return out
}

// toAPIFacets converts facets to the API shape, never nil.
func toAPIFacets(facets []search.Facet) []apiFacet {
	out := make([]apiFacet, 0, len(facets))
	for _, f := range facets {
		af := apiFacet{Name: f.Name, Label: f.Label, Values: make([]apiFacetValue, 0, len(f.Values))}
		for _, v := range f.Values {
			af.Values = append(af.Values, apiFacetValue{Value: v.Value, Label: v.Label, Count: v.Count, Selected: v.Selected})
		}
		out = append(out, af)
	}
	return out
}

func (s *server) handleAPIRecord(w http.ResponseWriter, r *http.Request) {
	rec, err := s.records.Get(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rec.Public())
}
