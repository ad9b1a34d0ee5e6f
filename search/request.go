package search

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// FacetNames are the facets every response counts, in display order (the
// counted facets of indexer.Facets). They are also filter parameters.
func FacetNames() []string { return names(indexer.CountedFacets()) }

// FilterPrize is the WSIS Prizes status of a project (winner, champion,
// nominee): a facet beside the SPEC's eight.
const FilterPrize = indexer.FacetPrize

// filterNames are every filter parameter: the counted facets and the people
// finder's filters.
func filterNames() []string { return names(indexer.ParamFacets()) }

func names(fs []indexer.Facet) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// Filter names that are not counted facets: the people finder's filters.
const (
	FilterGender    = indexer.FacetGender    // a person's or a speaker's gender
	FilterLanguage  = indexer.FacetLanguage  // languages a person speaks
	FilterGroup     = indexer.FacetGroup     // speakers' stakeholder group
	FilterExpertise = indexer.FacetExpertise // a person's declared expertise
)

// Limits on what one request may ask, so no query is expensive enough to
// hurt the server. Deep pages are refused rather than computed: nobody reads
// result 10,000, and an export walks the results in its own loop.
const (
	MaxQueryRunes   = 500
	MaxValueRunes   = 200
	MaxValues       = 20 // per filter
	DefaultSize     = 20
	MaxSize         = 100
	MaxResultWindow = 10000
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
	SortTitle     = "title"
)

// Request is one search. Filters hold canonical values (action-line codes,
// SDG numbers as strings, ITU region names, ISO country codes).
type Request struct {
	Q       string
	Filters map[string][]string // OR within a filter, AND across filters
	Sort    string
	Page    int // 1-based
	Size    int
	// Records is RecordsEntities (""; the default: one result per entity,
	// counts of entities) or RecordsSources (every source record).
	Records string
}

// What a search lists and counts (the records parameter).
const (
	RecordsEntities = "entities"
	RecordsSources  = "sources"
)

// Sources reports whether r lists every source record rather than one
// result per entity.
func (r Request) Sources() bool { return r.Records == RecordsSources }

// withDefaults fills a zero or out-of-range page and size and an empty
// order (relevance), for requests built in code rather than by
// ParseRequest.
func (r Request) withDefaults() Request {
	if r.Size <= 0 || r.Size > MaxSize {
		r.Size = DefaultSize
	}
	if r.Page <= 0 {
		r.Page = 1
	}
	if r.Sort == "" {
		r.Sort = SortRelevance
	}
	return r
}

// FieldError is a bad request parameter. Its field names the parameter, so
// the API can answer {"error": ..., "field": ...} with a 400.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ParseRequest reads and validates API and page parameters. Unknown
// parameters are ignored; every known one is checked and normalised.
func ParseRequest(v url.Values) (Request, error) {
	req := Request{Filters: map[string][]string{}, Sort: SortRelevance, Page: 1, Size: DefaultSize}
	q := strings.TrimSpace(v.Get("q"))
	if !utf8.ValidString(q) {
		return req, &FieldError{"q", "is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q); n > MaxQueryRunes {
		return req, &FieldError{"q", fmt.Sprintf("is %d characters long; the limit is %d", n, MaxQueryRunes)}
	}
	req.Q = q

	for _, name := range filterNames() {
		vals := v[name]
		if len(vals) > MaxValues {
			return req, &FieldError{name, fmt.Sprintf("has %d values; the limit is %d", len(vals), MaxValues)}
		}
		for _, raw := range vals {
			raw = strings.TrimSpace(raw)
			if raw == "" {
				continue
			}
			if !utf8.ValidString(raw) || utf8.RuneCountInString(raw) > MaxValueRunes {
				return req, &FieldError{name, "value is too long or not valid UTF-8"}
			}
			val, err := canonicalValue(name, raw)
			if err != nil {
				return req, err
			}
			if !slices.Contains(req.Filters[name], val) {
				req.Filters[name] = append(req.Filters[name], val)
			}
		}
	}
	if err := parseYearRange(v, &req); err != nil {
		return req, err
	}

	switch rs := strings.TrimSpace(v.Get("records")); rs {
	case "", RecordsEntities:
	case RecordsSources:
		req.Records = rs
	default:
		return req, &FieldError{"records", `must be "entities" (one result per project or person) or "sources" (every source record)`}
	}
	switch s := v.Get("sort"); s {
	case "", SortRelevance:
	case SortDate, SortTitle:
		req.Sort = s
	default:
		return req, &FieldError{"sort", `must be "relevance", "date" or "title"`}
	}
	var err error
	if req.Size, err = intParam(v, "size", DefaultSize, 1, MaxSize); err != nil {
		return req, err
	}
	if req.Page, err = intParam(v, "page", 1, 1, MaxResultWindow/req.Size); err != nil {
		return req, err
	}
	return req, nil
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, &FieldError{name, fmt.Sprintf("must be a whole number from %d to %d", lo, hi)}
	}
	return n, nil
}

// canonicalValue validates one filter value and returns its canonical form.
func canonicalValue(name, raw string) (string, error) {
	bad := func(msg string) error { return &FieldError{name, fmt.Sprintf("%q %s", raw, msg)} }
	switch name {
	case "action_line":
		if code, ok := taxonomy.ParseActionLine(raw); ok {
			return code, nil
		}
		return "", bad("is not a WSIS action line (C1..C11, C7.e-health, ...)")
	case "sdg":
		if n, err := strconv.Atoi(raw); err == nil && n >= 1 && n <= 17 {
			return strconv.Itoa(n), nil
		}
		if n, ok := taxonomy.ParseSDG(raw); ok {
			return strconv.Itoa(n), nil
		}
		return "", bad("is not an SDG (1 to 17)")
	case "region":
		if r, ok := taxonomy.ParseITURegion(raw); ok {
			return r, nil
		}
		return "", bad("is not an ITU region (" + strings.Join(taxonomy.ITURegions(), ", ") + ")")
	case "country":
		if c, ok := taxonomy.CountryByCode(raw); ok {
			return c.Code, nil
		}
		if c, ok := taxonomy.LookupCountry(raw); ok {
			return c.Code, nil
		}
		return "", bad("is not a country (ISO 3166-1 alpha-2 code or name)")
	case "gender_focus":
		switch g := strings.ToLower(raw); g {
		case record.GenderPrimary, record.GenderSignificant, record.GenderMention, record.GenderNone:
			return g, nil
		}
		return "", bad("must be primary, significant, mention or none")
	case "kind":
		switch k := record.Kind(strings.ToLower(raw)); k {
		case record.KindProject, record.KindSession, record.KindPerson:
			return string(k), nil
		}
		return "", bad("must be project, session or person")
	case "year":
		if n, err := strconv.Atoi(raw); err == nil && n >= 1990 && n <= 2100 {
			return strconv.Itoa(n), nil
		}
		return "", bad("is not a year between 1990 and 2100")
	case FilterPrize:
		switch p := strings.TrimSuffix(strings.ToLower(raw), "s"); p {
		case record.PrizeWinner, record.PrizeChampion, record.PrizeNominee:
			return p, nil
		}
		return "", bad("must be winner, champion or nominee")
	case FilterGender:
		switch g := strings.ToLower(raw); g {
		case "female", "male", "unknown":
			return g, nil
		case "women", "woman", "f":
			return "female", nil
		case "men", "man", "m":
			return "male", nil
		}
		return "", bad("must be female, male or unknown")
	}
	// event, language, stakeholder_group, expertise: free values, matched exactly.
	return raw, nil
}
