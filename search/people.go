package search

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Person is one person of the people finder: a women-in-tech entry and the
// speaker lines of sessions, merged under taxonomy.PersonKey.
type Person struct {
	Key              string          `json:"key"`
	Name             string          `json:"name"`
	Honorific        string          `json:"honorific,omitempty"`
	Gender           string          `json:"gender,omitempty"` // "female", "male" or "" (unknown)
	Organization     string          `json:"organization,omitempty"`
	JobTitle         string          `json:"job_title,omitempty"`
	Country          string          `json:"country,omitempty"`
	Region           string          `json:"region,omitempty"`
	StakeholderGroup string          `json:"stakeholder_group,omitempty"`
	Expertise        []string        `json:"expertise,omitempty"`
	Languages        []string        `json:"languages,omitempty"`
	ActionLines      []string        `json:"action_lines,omitempty"` // declared, and of the sessions spoken at
	SDGs             []int           `json:"sdgs,omitempty"`
	Bio              string          `json:"bio,omitempty"`
	RecordID         string          `json:"record_id,omitempty"` // the person record, when there is one
	Sessions         []SessionRef    `json:"sessions"`
	Contact          *record.Contact `json:"contact,omitempty"` // staff only
}

// SessionRef is a session a person spoke at or moderated.
type SessionRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Year  int    `json:"year,omitempty"`
	Event string `json:"event,omitempty"`
	Role  string `json:"role,omitempty"`
}

// PeopleFacetNames are the people finder's facets, in display order.
var PeopleFacetNames = []string{FilterGender, "region", "country", FilterGroup, FilterLanguage, "action_line", "sdg"}

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
	for _, name := range PeopleFacetNames {
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

// directory is the merged people list as of one store sequence.
type directory struct {
	seq    uint64
	people []Person
}

// peopleCache rebuilds the directory only when the store changed.
type peopleCache struct {
	mu  sync.Mutex
	dir *directory
}

func (c *peopleCache) get(ctx context.Context, st *store.Store) (*directory, error) {
	seq, err := st.Seq(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir != nil && c.dir.seq == seq {
		return c.dir, nil
	}
	people, err := buildDirectory(ctx, st)
	if err != nil {
		return nil, err
	}
	c.dir = &directory{seq: seq, people: people}
	return c.dir, nil
}

// buildDirectory merges person records and session speakers by name key.
func buildDirectory(ctx context.Context, st *store.Store) ([]Person, error) {
	byKey := map[string]*Person{}
	var order []string
	entry := func(name string) *Person {
		key := taxonomy.PersonKey(name)
		if key == "" {
			return nil
		}
		p, ok := byKey[key]
		if !ok {
			p = &Person{Key: key, Sessions: []SessionRef{}}
			byKey[key] = p
			order = append(order, key)
		}
		return p
	}
	err := st.ForEach(ctx, func(r record.Record) error {
		if r.Kind == record.KindPerson {
			name := firstNonEmpty(r.Name, r.Title)
			p := entry(name)
			if p == nil {
				return nil
			}
			_, _, bare := taxonomy.SplitHonorific(name)
			// A person record is the better source: it overrides speaker lines.
			p.Name, p.RecordID, p.Bio = bare, r.ID, r.Bio
			setIf(&p.Honorific, r.Honorific, true)
			setIf(&p.Gender, r.Gender, true)
			setIf(&p.Organization, r.Organization, true)
			setIf(&p.JobTitle, r.JobTitle, true)
			if len(r.Countries) > 0 {
				p.Country = r.Countries[0]
			}
			p.Expertise = union(p.Expertise, r.Expertise)
			p.Languages = union(p.Languages, r.Languages)
			p.ActionLines = union(p.ActionLines, r.ActionLines)
			p.SDGs = unionInts(p.SDGs, r.SDGs)
			p.Contact = r.Contact
			return nil
		}
		add := func(sp record.Person, role string) {
			p := entry(sp.Name)
			if p == nil {
				return
			}
			hon, g, bare := taxonomy.SplitHonorific(sp.Name)
			setIf(&p.Name, bare, false)
			setIf(&p.Honorific, firstNonEmpty(sp.Honorific, hon), false)
			setIf(&p.Gender, firstNonEmpty(sp.Gender, g), false)
			setIf(&p.Organization, sp.Organization, false)
			setIf(&p.StakeholderGroup, sp.StakeholderGroup, false)
			setIf(&p.Country, sp.Country, false)
			p.ActionLines = union(p.ActionLines, r.ActionLines)
			p.SDGs = unionInts(p.SDGs, r.SDGs)
			p.Sessions = append(p.Sessions, SessionRef{ID: r.ID, Title: r.Title, Year: r.Year, Event: r.Event, Role: firstNonEmpty(sp.Role, role)})
		}
		for _, sp := range r.Speakers {
			add(sp, "Speaker")
		}
		for _, sp := range r.Moderators {
			add(sp, "Moderator")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: people: %w", err)
	}
	people := make([]Person, 0, len(order))
	for _, k := range order {
		p := byKey[k]
		if c, ok := taxonomy.CountryByCode(p.Country); ok {
			p.Region = c.ITURegion
		}
		sort.Slice(p.Sessions, func(i, j int) bool { return p.Sessions[i].Year > p.Sessions[j].Year })
		people = append(people, *p)
	}
	// Most sessions first, then by name: the people staff most likely want.
	sort.SliceStable(people, func(i, j int) bool {
		if len(people[i].Sessions) != len(people[j].Sessions) {
			return len(people[i].Sessions) > len(people[j].Sessions)
		}
		return people[i].Key < people[j].Key
	})
	return people, nil
}

func setIf(dst *string, v string, override bool) {
	if v != "" && (override || *dst == "") {
		*dst = v
	}
}

func union(a, b []string) []string {
	for _, x := range b {
		if x != "" && !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

func unionInts(a, b []int) []int {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	slices.Sort(a)
	return a
}

// values of a person for one people facet.
func personValues(p *Person, facet string) []string {
	switch facet {
	case FilterGender:
		if p.Gender == "" {
			return []string{"unknown"}
		}
		return []string{p.Gender}
	case "region":
		return nonEmpty(p.Region)
	case "country":
		return nonEmpty(p.Country)
	case FilterGroup:
		return nonEmpty(p.StakeholderGroup)
	case FilterLanguage:
		return p.Languages
	case "action_line":
		return actionLineValues(p.ActionLines)
	case "sdg":
		out := make([]string, 0, len(p.SDGs))
		for _, n := range p.SDGs {
			out = append(out, strconv.Itoa(n))
		}
		return out
	}
	return nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// actionLineValues adds the parent C7 to its sub-lines, as the index does.
func actionLineValues(codes []string) []string {
	out := slices.Clone(codes)
	for _, c := range codes {
		if strings.HasPrefix(c, "C7.") && !slices.Contains(out, "C7") {
			out = append(out, "C7")
		}
	}
	return out
}

// People searches the people finder. Text matches every word against name,
// organization, job title, expertise, bio and session titles.
func (s *Service) People(ctx context.Context, req PeopleRequest) (PeopleResponse, error) {
	if req.Size <= 0 || req.Size > MaxSize {
		req.Size = DefaultSize
	}
	req.Page = max(req.Page, 1)
	dir, err := s.people.get(ctx, s.st)
	if err != nil {
		return PeopleResponse{}, err
	}
	words := strings.Fields(strings.ToLower(req.Q))
	var base []*Person
	for i := range dir.people {
		p := &dir.people[i]
		if req.Spoke && len(p.Sessions) == 0 {
			continue
		}
		if len(words) > 0 && !matchesWords(p, words) {
			continue
		}
		base = append(base, p)
	}
	matches := func(p *Person, skip string) bool {
		for name, vals := range req.Filters {
			if name == skip || len(vals) == 0 {
				continue
			}
			if !slices.ContainsFunc(personValues(p, name), func(v string) bool { return slices.Contains(vals, v) }) {
				return false
			}
		}
		return true
	}
	resp := PeopleResponse{Page: req.Page, Size: req.Size, People: []Person{}}
	from := (req.Page - 1) * req.Size
	for _, p := range base {
		if !matches(p, "") {
			continue
		}
		if resp.Total >= from && len(resp.People) < req.Size {
			out := *p
			if !req.Staff {
				out.Contact = nil
			}
			resp.People = append(resp.People, out)
		}
		resp.Total++
	}
	for _, name := range PeopleFacetNames {
		counts := map[string]int{}
		for _, p := range base {
			if matches(p, name) {
				for _, v := range personValues(p, name) {
					counts[v]++
				}
			}
		}
		resp.Facets = append(resp.Facets, buildFacet(name, counts, req.Filters[name]))
	}
	return resp, nil
}

func matchesWords(p *Person, words []string) bool {
	var b strings.Builder
	for _, s := range []string{p.Name, p.Organization, p.JobTitle, p.Bio, p.StakeholderGroup, strings.Join(p.Expertise, " "), strings.Join(p.Languages, " ")} {
		b.WriteString(strings.ToLower(s))
		b.WriteByte(' ')
	}
	for _, ss := range p.Sessions {
		b.WriteString(strings.ToLower(ss.Title))
		b.WriteByte(' ')
	}
	hay := b.String()
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
