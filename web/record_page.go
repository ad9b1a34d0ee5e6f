package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
	"github.com/wsis-tools/stocktake/store"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// recordPage is the view of record.html. The record is shown through its
// public copy, so contact details cannot reach the template.
type recordPage struct {
	Title       string
	Nav         string // empty: a record is under no menu entry
	R           record.Record
	When        string
	ActionLines []link
	SDGs        []link
	Countries   []link
	Regions     []link
	UNGroups    []string
	Prize       string
	PrizeStatus string // winner, champion, nominee: a badge beside the kind
	DateLong    string // "Tuesday 10 October 2023" when the date is known
	Paragraphs  []string
	SourceURL   string // only http(s) URLs become links
	SourceHost  string // the source link's text at the top: its site and path, shortened
	PageURL     string
	APIURL      string
	Related     []hitView
	History     *historyView // staff only
	Entity      *entityView  // the other records of the same project or person
	// Back is the way back to the results the record was opened from (the
	// search state its URL carries), or to a new search.
	Back link
}

// relatedCount is how many related records a record page lists.
const relatedCount = 5

func (s *server) handleRecordPage(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	// The URL may carry the search the record was opened from; it is
	// validated like the search page's own.
	if _, err := search.ParseRequest(r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	state := keepState(r.URL.Query(), append(stateKeys(), "page"))
	rec, err := s.records.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) && s.missingRecord(w, r, id) {
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	related, err := s.search.Related(r.Context(), rec, relatedCount)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := buildRecordPage(rec.Public())
	p.Back = link{Label: "← Search", URL: "/"}
	if len(state) > 0 {
		p.Back = link{Label: "← Back to the results", URL: pageURL(state)}
	}
	for _, h := range related {
		// Related records keep the trail back to the same results.
		p.Related = append(p.Related, hitView{URL: pathURL("/records/"+url.PathEscape(h.ID), state), Kind: h.Kind, Title: h.Title, Year: h.Year, Event: h.Event})
	}
	if err := s.staffHistory(w, r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.entitySection(r, &p, state); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "record.html", p)
}

func buildRecordPage(rec record.Record) recordPage {
	p := recordPage{
		Title:      rec.DisplayTitle(),
		R:          rec,
		When:       rec.Date,
		UNGroups:   rec.UNRegionalGroups,
		Paragraphs: paragraphs(rec.Body),
		SourceURL:  webURL(rec.Source.URL),
		PageURL:    webURL(rec.URL),
		SourceHost: shortURL(webURL(rec.Source.URL)),
		APIURL:     "/api/v1/records/" + url.PathEscape(rec.ID),
	}
	if p.Title == "" {
		p.Title = rec.Name
	}
	if p.When == "" && rec.Year > 0 {
		p.When = strconv.Itoa(rec.Year)
	}
	if d, err := time.Parse(time.DateOnly, rec.Date); err == nil {
		p.DateLong = d.Format("Monday 2 January 2006")
	}
	for _, code := range rec.ActionLines {
		p.ActionLines = append(p.ActionLines, filterLink("action_line", code, taxonomy.ActionLineLabel(code)))
	}
	for _, n := range rec.SDGs {
		p.SDGs = append(p.SDGs, filterLink("sdg", strconv.Itoa(n), taxonomy.SDGLabel(n)))
	}
	for _, code := range rec.Countries {
		p.Countries = append(p.Countries, filterLink("country", code, countryName(code)))
	}
	for _, region := range rec.ITURegions {
		p.Regions = append(p.Regions, filterLink("region", region, region))
	}
	if pr := rec.Prize; pr != nil {
		parts := []string{"WSIS Prizes"}
		if pr.Year > 0 {
			parts = append(parts, strconv.Itoa(pr.Year))
		}
		if pr.Status != "" {
			parts = append(parts, pr.Status)
		}
		if pr.Category != "" {
			parts = append(parts, "in "+taxonomy.ActionLineLabel(pr.Category))
		}
		p.Prize = strings.Join(parts, " ")
		p.PrizeStatus = pr.Status
	}
	return p
}

// filterLink links to the search page filtered on one facet value.
func filterLink(facet, value, label string) link {
	return link{Label: label, URL: pageURL(url.Values{facet: {value}})}
}

// countryName is the English name of an ISO code, or the code itself when
// the taxonomy does not know it.
func countryName(code string) string {
	if c, ok := taxonomy.CountryByCode(code); ok && c.Name != "" {
		return c.Name
	}
	return code
}

// webURL returns u when it is an absolute http(s) URL, else "": other
// schemes from imported files must not become clickable links.
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

var blankLines = regexp.MustCompile(`\n[ \t\r]*\n`)

// paragraphs splits a body at blank lines; single line breaks inside a
// paragraph are wrapping from the source and become spaces.
func paragraphs(body string) []string {
	var out []string
	for _, p := range blankLines.Split(strings.ReplaceAll(body, "\r\n", "\n"), -1) {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// shortURL is a link text for u: host and path without the scheme, cut to
// sixty runes ("www.intgovforum.org/multilingual/content/igf-2017-ws-88…").
func shortURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return cut(strings.TrimSuffix(p.Host+p.EscapedPath(), "/"), 60)
}
