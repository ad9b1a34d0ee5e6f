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
