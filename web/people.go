package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// peoplePath is the people finder page.
const peoplePath = "/people"

// peopleStateKeys are the URL parameters that make up a people search's
// state, in the order they are written back into links.
func peopleStateKeys() []string {
	return append([]string{"q"}, append(search.PeopleFacetNames(), "spoke", "size")...)
}

// personView is one person of the people page.
type personView struct {
	Key              string
	OnShortlist      bool // staff only
	Name             string
	Honorific        string
	Organization     string
	JobTitle         string
	Country          string
	Region           string
	StakeholderGroup string
	Expertise        []string
	Languages        []string
	ActionLines      []link // people finder filtered on the action line
	Sessions         []link // the sessions' record pages
	RecordURL        string // the person's own record, when there is one
	Contact          *contactView
}

// contactView is a person's contact details as links: mailto:, tel: and
// the website when it is an http(s) URL. Staff only.
type contactView struct {
	Email, MailTo string
	Phone         string
	Tel           template.URL // built here from digits only
	Website, Web  string
}

func newContactView(c *record.Contact) *contactView {
	if c == nil || (c.Email == "" && c.Phone == "" && c.Website == "") {
		return nil
	}
	v := &contactView{Email: c.Email, Phone: c.Phone, Website: c.Website, Web: webURL(c.Website)}
	if v.Web == "" && c.Website != "" && !strings.Contains(c.Website, ":") {
		v.Web = webURL("https://" + c.Website) // "example.org/me" as people write it
	}
	if strings.Count(c.Email, "@") == 1 && !strings.ContainsAny(c.Email, " <>\"\r\n") {
		v.MailTo = (&url.URL{Scheme: "mailto", Opaque: c.Email}).String()
	}
	if tel := strings.Map(func(r rune) rune {
		if r == '+' || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, c.Phone); len(tel) >= 5 {
		v.Tel = template.URL("tel:" + tel)
	}
	return v
}

// peoplePage is the view of people.html.
type peoplePage struct {
	Title      string
	Nav        string
	Q          string
	Spoke      bool
	Staff      bool
	FormFields []field // filters and size, for the query form
	Total      int
	From, To   int
	People     []personView
	Facets     []facetView
	Filters    []link
	// Offered and Corrected are what the search page shows of the words
	// understood: filters that only rank, each offered, and the query
	// searched when words were corrected.
	Offered    []offer
	Corrected  string
	Prev, Next string
	Pages      []pageLink
	PastEnd    *pastEnd
	// CSV downloads this list (every page; contacts for staff).
	CSV string
	// Staff: the shortlist's size, and this page's URL for its forms to
	// come back to.
	Shortlist int
	Here      string
}

// apiPeople is the JSON body of GET /api/v1/people.
type apiPeople struct {
	Total  int             `json:"total"`
	Page   int             `json:"page"`
	Size   int             `json:"size"`
	People []search.Person `json:"people"`
	Facets []apiFacet      `json:"facets"`
	Query  apiQuery        `json:"query"`
}

// peopleSearch parses and runs a people search, with bios when bio (the
// page shows none). Contact details are asked for only with the staff
// token, and stripped here again otherwise, so a searcher that forgets the
// flag still cannot leak them.
func (s *server) peopleSearch(w http.ResponseWriter, r *http.Request, bio bool) (search.PeopleResponse, search.PeopleRequest, error) {
	req, err := search.ParsePeopleRequest(r.URL.Query())
	if err != nil {
		return search.PeopleResponse{}, req, err
	}
	req.Staff, req.Bio = s.isStaff(r), bio
	// The answer depends on the token, so shared caches must keep staff and
	// public answers apart, and never store the staff one.
	w.Header().Set("Vary", "Authorization")
	if req.Staff {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	resp, err := s.search.People(r.Context(), req)
	if err != nil {
		return resp, req, err
	}
	if !req.Staff {
		for i := range resp.People {
			resp.People[i].Contact = nil
		}
	}
	return resp, req, nil
}

func (s *server) handleAPIPeople(w http.ResponseWriter, r *http.Request) {
	resp, _, err := s.peopleSearch(w, r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiPeople{Total: resp.Total, Page: resp.Page, Size: resp.Size, People: resp.People, Facets: toAPIFacets(resp.Facets),
		Query: toAPIQuery(resp.Query)}
	if out.People == nil {
		out.People = []search.Person{}
	}
	for i := range out.People {
		out.People[i].Sessions = mergeRoles(out.People[i].Sessions)
		if out.People[i].Sessions == nil {
			out.People[i].Sessions = []search.SessionRef{}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) handlePeoplePage(w http.ResponseWriter, r *http.Request) {
	resp, req, err := s.peopleSearch(w, r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	state := keepState(r.URL.Query(), peopleStateKeys())
	var list shortlistKeys
	if req.Staff {
		list = s.shortlist(r)
	}
	p := buildPeoplePage(state, req, resp, list)
	p.Here = r.URL.RequestURI()
	s.render(w, r, http.StatusOK, "people.html", p)
}

// keepState keeps the non-empty parameters of v named in keys.
func keepState(v url.Values, keys []string) url.Values {
	out := url.Values{}
	for _, k := range keys {
		for _, x := range v[k] {
			if x != "" {
				out.Add(k, x)
			}
		}
	}
	return out
}

func buildPeopleResults(people []search.Person, staff bool, shortlist shortlistKeys) []personView {
	out := make([]personView, 0, len(people))
	for _, p := range people {
		v := personView{
			Key:              p.Key,
			OnShortlist:      staff && shortlist.has(p.Key),
			Name:             p.Name,
			Honorific:        p.Honorific,
			Organization:     p.Organization,
			JobTitle:         p.JobTitle,
			Region:           p.Region,
			StakeholderGroup: p.StakeholderGroup,
			Expertise:        p.Expertise,
			Languages:        p.Languages,
		}
		if p.Country != "" {
			v.Country = countryName(p.Country)
		}
		if p.RecordID != "" {
			v.RecordURL = "/records/" + url.PathEscape(p.RecordID)
		}
		if staff {
			v.Contact = newContactView(p.Contact)
		}
		for _, code := range p.ActionLines {
			v.ActionLines = append(v.ActionLines, link{Label: code, URL: pathURL(peoplePath, url.Values{"action_line": {code}})})
		}
		for _, ref := range mergeRoles(p.Sessions) {
			v.Sessions = append(v.Sessions, link{Label: sessionLabel(ref), URL: "/records/" + url.PathEscape(ref.ID)})
		}
		out = append(out, v)
	}
	return out
}

// personQuery is the people-finder query for a name as a report wrote it:
// without the honorific, which the finder keeps apart from the name.
func personQuery(name string) string {
	_, _, rest := taxonomy.SplitHonorific(name)
	if rest = strings.TrimSpace(rest); rest != "" {
		return rest
	}
	return name
}

// mergeRoles lists each session once, in first-seen order, with every role
// the person had in it ("moderator, speaker").
func mergeRoles(refs []search.SessionRef) []search.SessionRef {
	var out []search.SessionRef
	at := map[string]int{}
	for _, ref := range refs {
		i, seen := at[ref.ID]
		if !seen {
			at[ref.ID] = len(out)
			out = append(out, ref)
			continue
		}
		roles := strings.Split(out[i].Role, ", ")
		if ref.Role != "" && !slices.ContainsFunc(roles, func(r string) bool { return strings.EqualFold(r, ref.Role) }) {
			out[i].Role = strings.TrimPrefix(out[i].Role+", "+ref.Role, ", ")
		}
	}
	return out
}

// sessionLabel names a session a person spoke at: title, event and year,
// and the role when it was not a plain speaker's.
func sessionLabel(ref search.SessionRef) string {
	label := ref.Title
	if label == "" {
		label = "(untitled session)"
	}
	var ctx []string
	if ref.Event != "" {
		ctx = append(ctx, ref.Event)
	}
	if ref.Year > 0 {
		ctx = append(ctx, strconv.Itoa(ref.Year))
	}
	if ref.Role != "" && !strings.EqualFold(ref.Role, "speaker") {
		ctx = append(ctx, ref.Role)
	}
	if len(ctx) > 0 {
		label += " (" + strings.Join(ctx, ", ") + ")"
	}
	return label
}

func buildPeoplePage(state url.Values, req search.PeopleRequest, resp search.PeopleResponse, shortlist shortlistKeys) peoplePage {
	p := peoplePage{Title: "People", Nav: "people", Q: req.Q, Spoke: req.Spoke, Staff: req.Staff, Total: resp.Total,
		Shortlist: len(shortlist)}
	csv := cloneValues(state)
	csv.Del("size")
	p.CSV = pathURL(peoplePath+".csv", csv)
	if req.Q != "" {
		p.Title = req.Q + " – People"
	}
	for _, k := range peopleStateKeys() {
		if k == "q" || k == "spoke" {
			continue // the form has its own controls for these
		}
		for _, x := range state[k] {
			p.FormFields = append(p.FormFields, field{k, x})
		}
	}
	p.People = buildPeopleResults(resp.People, req.Staff, shortlist)
	if len(p.People) > 0 {
		p.From = (resp.Page-1)*resp.Size + 1
		p.To = p.From + len(p.People) - 1
	}
	p.Corrected = resp.Query.Corrected
	written := map[string]string{}
	for _, c := range resp.Query.Chips {
		switch {
		case c.Syntax:
			written[c.Facet+"="+c.Value] = pathURL(peoplePath, withoutChip(state, c))
		case !c.Applied && c.Count > 0:
			p.Offered = append(p.Offered, offer{Label: offerLabel(c), Count: c.Count, URL: pathURL(peoplePath, toggled(state, c.Facet, c.Value))})
		}
	}
	p.Facets, p.Filters = facetViews(peoplePath, state, resp.Facets, written)
	if req.Spoke {
		drop := cloneValues(state)
		drop.Del("spoke")
		p.Filters = append(p.Filters, link{Label: "Spoke at a session", URL: pathURL(peoplePath, drop)})
	}
	p.Prev, p.Next, p.Pages = pagination(peoplePath, state, resp.Page, resp.Size, resp.Total)
	p.PastEnd = pastEndOf(peoplePath, state, resp.Page, resp.Size, resp.Total)
	return p
}
