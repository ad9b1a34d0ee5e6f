package htmlpage

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// heading is an open section of the page outline.
type heading struct {
	level int
	text  string
}

var (
	// categoryRe: a category heading starts with an action-line code or
	// the words "Action Line" ("C7. ICT Applications: e-health").
	categoryRe = regexp.MustCompile(`(?i)^\W*(?:\d+\s+)?(?:C\s?\d{1,2}\b|action\s+line|AL\s?C?\d)`)
	// categoryNum: "Category 10", "Categoría No. 4" as a heading.
	categoryNum = regexp.MustCompile(`(?i)^\W*(?:prize\s+)?cat(?:e|é)gor(?:y|ie|ía)\s*(?:no\.?|n°|#)?\s*(\d{1,2})\b\s*[-–:.]?\s*(.*)$`)
	winnerRe    = regexp.MustCompile(`(?i)\bwinners?\b`)
	championRe  = regexp.MustCompile(`(?i)\bchampions?\b`)
	nomineeRe   = regexp.MustCompile(`(?i)\bnominat(?:ed|ion)\b|\bnominees?\b`)
	prizeRe     = regexp.MustCompile(`(?i)\bprizes?\b`)
	// countRe: a note after a list stating how many entries it has.
	countRe = regexp.MustCompile(`(?i)^\W*(\d+)\s+(?:projects?|entries|nominees|initiatives)\W*$`)
)

// listing finds action-line headings followed by lists of projects and
// returns one record per project. The page outline (a stack of open
// headings) gives each list its prize status and year.
func listing(doc *goquery.Document, name string, m meta) ([]record.Record, []error) {
	var (
		recs  []record.Record
		errs  []error
		stack []heading
	)
	base := m.url
	if base == "" {
		base = filepath.Base(name)
	}
	doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, h *goquery.Selection) {
		level := int(h.Nodes[0].Data[1] - '0')
		for len(stack) > 0 && stack[len(stack)-1].level >= level {
			stack = stack[:len(stack)-1]
		}
		txt := visibleText(h)
		stack = append(stack, heading{level, txt})
		if len(txt) > 200 {
			return
		}
		code, ok := categoryCode(txt, stack, m)
		if !ok {
			return
		}
		items, stated := listItems(h)
		if len(items) == 0 {
			return
		}
		status, year, prize := sectionContext(stack, m)
		event := "WSIS Stocktaking"
		if prize {
			event = "WSIS Prizes"
		}
		if stated >= 0 && stated != len(items) {
			errs = append(errs, fmt.Errorf("%s: the page states %d projects, %d are listed", code, stated, len(items)))
		}
		for i, it := range items {
			rec := record.Record{
				Kind:         record.KindProject,
				Title:        it.title,
				Organization: it.org,
				ActionLines:  []string{code},
				Event:        event,
				Year:         year,
				URL:          resolve(m.url, it.link),
				Source:       record.Source{URL: m.url, Format: Format},
			}
			if prize {
				rec.Prize = &record.Prize{Year: year, Category: code, Status: status}
			}
			switch {
			case it.code != "":
				rec.Countries = []string{it.code}
			case it.country != "":
				rec.Missing = append(rec.Missing, "country")
				errs = append(errs, fmt.Errorf("%s project %d %q: country %q not recognised", code, i+1, it.title, it.country))
			default:
				rec.Missing = append(rec.Missing, "country")
			}
			// The category is part of the key: one project may be listed
			// in two categories.
			key := base + "#" + code + "#" + it.title + "#" + it.org
			if rec.URL != "" {
				key = rec.URL + "#" + code
			}
			rec.ID = record.MakeID(record.KindProject, key)
			recs = append(recs, rec)
		}
	})
	return recs, errs
}

// categoryCode reads the action line a heading names: a code ("C7.
// ICT Applications: e-health", "Action Line C3"), and on a prize or WSIS
// page an official title in English, French or Spanish ("Capacity
// building", "Cibersalud") or a WSIS Prizes category number ("Category 10").
func categoryCode(txt string, stack []heading, m meta) (string, bool) {
	if categoryRe.MatchString(txt) {
		return taxonomy.ParseActionLine(txt)
	}
	// Titles and numbers name categories only on a prize or stocktaking
	// page: elsewhere a heading "Media" is just a heading.
	_, _, prize := sectionContext(stack, m)
	if !prize && !wsisRe.MatchString(m.head+" "+m.title) {
		return "", false
	}
	if cm := categoryNum.FindStringSubmatch(txt); cm != nil {
		if code, ok := taxonomy.ActionLineByTitle(cm[2]); ok {
			return code, true
		}
		if wsisRe.MatchString(m.head + " " + m.title) {
			n, _ := strconv.Atoi(cm[1])
			return taxonomy.PrizeCategory(n)
		}
		return "", false
	}
	return taxonomy.ActionLineByTitle(txt)
}

// wsisRe: the page is about WSIS, whose prize categories are numbered.
var wsisRe = regexp.MustCompile(`\bWSIS\b|\bCMSI\b|\bSMSI\b`)

// sectionContext reads the prize status and year from the open headings, innermost
// first, then from the page title.
func sectionContext(stack []heading, m meta) (status string, year int, prize bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		t := stack[i].text
		if status == "" {
			switch {
			case winnerRe.MatchString(t):
				status = record.PrizeWinner
			case championRe.MatchString(t):
				status = record.PrizeChampion
			case nomineeRe.MatchString(t):
				status = record.PrizeNominee
			}
		}
		if year == 0 {
			if y := yearRe.FindString(t); y != "" {
				year, _ = strconv.Atoi(y)
			}
		}
		prize = prize || prizeRe.MatchString(t)
	}
	for _, t := range []string{m.head, m.title} {
		if year == 0 {
			if y := yearRe.FindString(t); y != "" {
				year, _ = strconv.Atoi(y)
			}
		}
		prize = prize || prizeRe.MatchString(t)
	}
	return status, year, prize || status != ""
}

// item is one listed project.
type item struct {
	title, org, country, code, link string
}

// listItems collects the project items of the lists that follow a heading,
// up to the next heading. stated is the count a note after the list gives,
// or -1.
func listItems(h *goquery.Selection) (items []item, stated int) {
	stated = -1
	for s := h.Next(); s.Length() > 0; s = s.Next() {
		if s.Is("h1, h2, h3, h4, h5, h6") || s.Find("h1, h2, h3, h4, h5, h6").Length() > 0 {
			break
		}
		lis := s.Find("li")
		if s.Is("ul, ol") {
			lis = s.Children().Filter("li")
		}
		lis.Each(func(_ int, li *goquery.Selection) {
			if it, ok := parseItem(li); ok {
				items = append(items, it)
			}
		})
		if m := countRe.FindStringSubmatch(visibleText(s)); m != nil {
			stated, _ = strconv.Atoi(m[1])
		}
	}
	return items, stated
}

// parseItem reads "<li><b>Title</b> Organization, COUNTRY</li>" and its
// variants (spans, strong, a line break). An item must open with an inline
// element holding the title and have text after it; plain-text items (a
// list of action-line goals) are not projects.
func parseItem(li *goquery.Selection) (item, bool) {
	var titleNode *html.Node
	var rest strings.Builder
	for c := li.Nodes[0].FirstChild; c != nil; c = c.NextSibling {
		if titleNode == nil {
			switch {
			case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
				return item{}, false
			case c.Type == html.ElementNode && !hidden(c):
				if !inline(c.Data) {
					return item{}, false
				}
				titleNode = c
			}
			continue
		}
		appendText(&rest, c)
		rest.WriteByte(' ')
	}
	if titleNode == nil {
		return item{}, false
	}
	title := visibleText(goquery.NewDocumentFromNode(titleNode).Selection)
	tail := strings.Trim(strings.Join(strings.Fields(rest.String()), " "), " ,;:-–—|")
	if title == "" || tail == "" {
		return item{}, false
	}
	it := item{title: strings.Trim(title, " ,;:-–—")}
	it.org, it.country, it.code = splitOrgCountry(tail)
	if a := li.Find("a[href]").First(); a.Length() > 0 {
		it.link, _ = a.Attr("href")
	}
	return it, true
}

func inline(tag string) bool {
	switch tag {
	case "b", "strong", "span", "a", "em", "i", "div", "p", "h6", "font", "u":
		return true
	}
	return false
}

// splitOrgCountry splits "Organization, COUNTRY". Organizations and country
// names may both contain commas ("Ministry of Education, Science",
// "Korea, Republic of"), so the shortest resolvable suffix wins; when none
// resolves, the last comma splits. "Organization (Country)" works too.
func splitOrgCountry(s string) (org, country, code string) {
	parts := strings.Split(s, ",")
	for k := 1; k < len(parts) && k <= 3; k++ {
		cand := strings.TrimSpace(strings.Join(parts[len(parts)-k:], ","))
		if c, ok := lookupCountry(cand); ok {
			return strings.TrimSpace(strings.Join(parts[:len(parts)-k], ",")), cand, c
		}
	}
	if i := strings.LastIndex(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		cand := strings.TrimSpace(s[i+1 : len(s)-1])
		if c, ok := lookupCountry(cand); ok {
			return strings.TrimSpace(s[:i]), cand, c
		}
	}
	if len(parts) == 1 {
		return s, "", ""
	}
	return strings.TrimSpace(strings.Join(parts[:len(parts)-1], ",")), strings.TrimSpace(parts[len(parts)-1]), ""
}

// paren matches "NAME (QUALIFIER)" as listings write official names:
// "KOREA (REP. OF)", "NEPAL (REPUBLIC OF)".
var paren = regexp.MustCompile(`^(.+?)\s*\(([^()]+)\)$`)

// lookupCountry resolves a country as a listing writes it, trying the
// official-name inversions when the taxonomy does not know the form.
func lookupCountry(s string) (string, bool) {
	if c, ok := taxonomy.LookupCountry(s); ok {
		return c.Code, true
	}
	if m := paren.FindStringSubmatch(s); m != nil {
		q := strings.ReplaceAll(m[2], "Rep.", "Republic")
		q = strings.ReplaceAll(strings.ReplaceAll(q, "REP.", "Republic"), "rep.", "Republic")
		for _, v := range []string{q + " " + m[1], m[1] + ", " + q, m[1]} {
			if c, ok := taxonomy.LookupCountry(v); ok {
				return c.Code, true
			}
		}
	}
	return "", false
}

// resolve makes a detail link absolute against the page URL; a relative
// link on a page of unknown address is dropped rather than stored broken.
func resolve(page, link string) string {
	l, err := url.Parse(strings.TrimSpace(link))
	if link == "" || err != nil || strings.HasPrefix(link, "#") || l.Scheme == "javascript" {
		return ""
	}
	if l.IsAbs() {
		return l.String()
	}
	p, err := url.Parse(page)
	if page == "" || err != nil {
		return ""
	}
	return p.ResolveReference(l).String()
}
