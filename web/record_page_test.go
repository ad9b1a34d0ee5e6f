package web

import (
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

func TestRecordPageShowsEveryField(t *testing.T) {
	rec := record.Record{
		ID: "s9", Kind: record.KindSession, Title: "Open data for farmers", Date: "2022-03-15", Year: 2022,
		Event: "WSIS Forum", SessionID: "WS #7", Format: "Round Table - 60 Min", Summary: "Short summary.",
		Organizers:  []record.Organizer{{Name: "Farm Data Alliance", Organization: "FDA"}},
		Moderators:  []record.Person{{Name: "Ana Lima", Honorific: "Dr.", Organization: "Agro Lab", StakeholderGroup: "Civil Society", RegionalGroup: "GRULAC"}},
		Speakers:    []record.Person{{Name: "Tomas Berg", Honorific: "Mr.", Role: "Director", Organization: "Seed Net", StakeholderGroup: "Private Sector", RegionalGroup: "WEOG"}},
		ActionLines: []string{"C7.e-agriculture"}, SDGs: []int{2}, SDGTargets: []string{"2.3"},
		GenderFocus: record.GenderMention,
		Quotes:      []record.Quote{{Text: "Data must flow back to farmers.", Speaker: "Ana Lima", Organization: "Agro Lab"}},
		Prize:       &record.Prize{Year: 2022, Category: "C7.e-agriculture", Status: record.PrizeWinner},
		Keywords:    []string{"open data"},
		Body:        "Para one.\n\nPara two.",
		Source:      record.Source{URL: "https://example.org/ws7", File: "ws7.html", Format: "html"},
		Contact:     &record.Contact{Email: secretMail},
	}
	h, _ := newTestHandler(t, &fakeSearch{}, fakeRecords{rec.ID: rec})
	body := get(t, h, "GET", "/records/s9").Body.String()
	for _, want := range []string{
		"<h1>Open data for farmers</h1>", "2022-03-15", "WSIS Forum", "WS #7", "Round Table - 60 Min", "Short summary.",
		"Farm Data Alliance", `Dr. <strong><a href="/people?q=Ana%20Lima">Ana Lima</a></strong>`, "Civil Society", "GRULAC",
		`Mr. <strong><a href="/people?q=Tomas%20Berg">Tomas Berg</a></strong>, Director, Seed Net`, "Private Sector", "WEOG",
		`<a href="/?action_line=C7.e-agriculture">`, `<a href="/?sdg=2">SDG 2`, "2.3", "mention",
		"Data must flow back to farmers.", "WSIS Prizes 2022 winner in C7.e-agriculture", "open data",
		"<p>Para one.</p>", "<p>Para two.</p>",
		`<a href="https://example.org/ws7" rel="noopener noreferrer">`, "ws7.html",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("record page lacks %q", want)
		}
	}
	if strings.Contains(body, secretMail) {
		t.Error("record page shows the contact")
	}
	// Like an IGF session page: date, format, organisers and the source
	// at the top, before the people; each speaker's group and region inline.
	top := []string{`<time datetime="2022-03-15">Tuesday 15 March 2022</time>`, "Round Table - 60 Min",
		"Farm Data Alliance (FDA)", `<a href="https://example.org/ws7" rel="noopener noreferrer">example.org/ws7</a>`,
		"<h2>Moderators</h2>", "<h2>Speakers</h2>", "<h2>Full text</h2>"}
	at := 0
	for _, want := range top {
		i := strings.Index(body[at:], want)
		if i < 0 {
			t.Errorf("%q missing or out of order", want)
			continue
		}
		at += i
	}
	if !strings.Contains(body, `Seed Net <span class="tag">Private Sector</span> <span class="tag">WEOG</span>`) {
		t.Error("the speaker's stakeholder group and region are not inline")
	}
	if !strings.Contains(body, `<span class="badge badge-prize">winner</span>`) {
		t.Error("no prize status beside the kind")
	}
}

func TestEmptyStateOffersToDropFilters(t *testing.T) {
	s := &fakeSearch{facets: []search.Facet{{Name: "sdg", Label: "SDG", Values: []search.FacetValue{{Value: "5", Label: "SDG 5", Count: 0, Selected: true}}}}}
	s.totals = func(req search.Request) int {
		if len(req.Filters) == 0 {
			return 3
		}
		return 0
	}
	h, _ := newTestHandler(t, s, fakeRecords{})
	body := get(t, h, "GET", "/?q=nothing&sdg=5").Body.String()
	if !strings.Contains(body, "No records match") || !strings.Contains(body, `<a href="/?q=nothing">Drop SDG: SDG 5</a> <span class="count">(3 records)</span>`) {
		t.Errorf("empty state without a way out:\n%s", body)
	}
}

// TestRecordPageLinksBackToItsResults: "← Search" on a record opened from
// results goes back to those results (query, filters, sort and page), and
// related records keep the same way back.
func TestRecordPageLinksBackToItsResults(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	// The search page's hit links carry the state...
	page := get(t, h, "GET", "/?q=rural&sdg=4&sort=date&page=1&size=1").Body.String()
	if !strings.Contains(page, `<a href="/records/s1?q=rural&amp;sdg=4&amp;size=1&amp;sort=date">`) {
		t.Errorf("hit link without the search state:\n%s", page)
	}
	// ...and the record page links back to them.
	body := get(t, h, "GET", "/records/s1?q=rural&sdg=4&sort=date&page=2").Body.String()
	if !strings.Contains(body, `<a href="/?page=2&amp;q=rural&amp;sdg=4&amp;sort=date">← Back to the results</a>`) {
		t.Errorf("no way back to the results:\n%s", body)
	}
	if body := get(t, h, "GET", "/records/s1").Body.String(); !strings.Contains(body, `<a href="/">← Search</a>`) {
		t.Errorf("a record opened directly should link to a new search")
	}
	// A state that is not a valid search is refused like on the search page.
	if w := get(t, h, "GET", "/records/s1?sdg=99"); w.Code != 400 {
		t.Errorf("bad state: status %d", w.Code)
	}
}

// TestPastTheLastPage: the heading and the body agree when the page number
// lies past the results.
func TestPastTheLastPage(t *testing.T) {
	s, recs := fixture()
	h, _ := newTestHandler(t, s, recs)
	body := get(t, h, "GET", "/?page=5&size=1").Body.String()
	for _, want := range []string{"2 results", "Page 5 is past the end:", "fill 2 pages", `<a href="/?page=2&amp;size=1">Go to the last page</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "No records match") {
		t.Errorf("the page says nothing matches while its heading counts 2 results")
	}
}
