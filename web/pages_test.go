package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

const testStaffToken = "s3cret-staff"

// peopleFixture is a searcher holding one person with contact details and
// hostile markup in a field.
func peopleFixture() *fakeSearch {
	return &fakeSearch{
		people: []search.Person{{
			Key: "nyambura wanjiru", Name: "Wanjiru Nyambura", Honorific: "Dr.", Gender: "female",
			Organization: "Rift Valley Data Lab", JobTitle: "Chief Data Scientist", Country: "KE", Region: "Africa",
			StakeholderGroup: "Academia", Expertise: []string{"Open data", evilScript}, Languages: []string{"English", "Swahili"},
			ActionLines: []string{"C7.e-agriculture"}, RecordID: "w1",
			Sessions: []search.SessionRef{{ID: "s1", Title: "Broadband for rural schools", Year: 2023, Event: "WSIS Forum", Role: "Moderator"},
				{ID: "s1", Title: "Broadband for rural schools", Year: 2023, Event: "WSIS Forum", Role: "Speaker"}},
			Contact: &record.Contact{Email: secretMail, Phone: "+254 (0)20 555 0100", Website: "rvdl.example.org/wanjiru"},
		}},
		facets: []search.Facet{{Name: "gender", Label: "Gender", Values: []search.FacetValue{{Value: "female", Label: "Female", Count: 1}}}},
	}
}

func request(t *testing.T, h http.Handler, target, auth string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPeoplePage(t *testing.T) {
	s := peopleFixture()
	h := New(Config{Search: s, Records: fakeRecords{}, Logger: zerolog.Nop(), StaffToken: testStaffToken})
	w := request(t, h, "/people?spoke=1&gender=female&q=data", "")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		`<a href="/records/w1">Wanjiru Nyambura</a>`, "(Dr.)", "Chief Data Scientist, Rift Valley Data Lab", "Kenya · Africa",
		"Academia", "Open data", "Swahili", `<a href="/people?action_line=C7.e-agriculture">C7.e-agriculture</a>`,
		`<a href="/records/s1">Broadband for rural schools (WSIS Forum, 2023, Moderator, Speaker)</a>`, "Spoke at 1 session<",
		`<a class="chip" href="/people?gender=female&amp;q=data">Spoke at a session`, // the chip drops the toggle, keeps the rest
		`<a href="/people?q=data&amp;spoke=1">Female`,                                // facet links keep the toggle
	} {
		if !strings.Contains(body, want) {
			t.Errorf("people page lacks %q", want)
		}
	}
	if strings.Contains(body, evilScript) || strings.Contains(body, secretMail) {
		t.Error("people page shows raw markup or the contact")
	}
	if got := s.peopleReqs[0]; !got.Spoke || got.Q != "data" || got.Staff || fmt.Sprint(got.Filters["gender"]) != "[female]" {
		t.Errorf("people request = %+v", got)
	}
	if v := w.Header().Get("Vary"); v != "Authorization" {
		t.Errorf("Vary = %q, want Authorization", v)
	}
}

func TestPeopleContactOnlyForStaff(t *testing.T) {
	for _, tt := range []struct {
		name, token, auth string
		staff             bool
	}{
		{"no header", testStaffToken, "", false},
		{"wrong token", testStaffToken, "Bearer nope", false},
		{"not bearer", testStaffToken, "Basic " + testStaffToken, false},
		{"token prefix", testStaffToken, "Bearer " + testStaffToken[:4], false},
		{"no token configured", "", "Bearer ", false},
		{"staff", testStaffToken, "Bearer " + testStaffToken, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := peopleFixture()
			var logs strings.Builder
			h := New(Config{Search: s, Records: fakeRecords{}, Logger: zerolog.New(&logs).Level(zerolog.DebugLevel), StaffToken: tt.token})
			for _, target := range []string{"/api/v1/people", "/people"} {
				w := request(t, h, target, tt.auth)
				if w.Code != http.StatusOK {
					t.Fatalf("%s: status %d", target, w.Code)
				}
				if got := strings.Contains(w.Body.String(), secretMail); got != tt.staff {
					t.Errorf("%s: contact shown = %v, want %v", target, got, tt.staff)
				}
				// Staff get the contact details as links.
				links := []string{`<a href="mailto:` + secretMail + `">`, `<a href="tel:&#43;254020555010`, `<a href="https://rvdl.example.org/wanjiru" rel="noopener noreferrer">`}
				for _, l := range links {
					if target == "/people" && strings.Contains(w.Body.String(), l) != tt.staff {
						t.Errorf("%s: link %s shown = %v, want %v", target, l, !tt.staff, tt.staff)
					}
				}
			}
			if s.peopleReqs[0].Staff != tt.staff {
				t.Errorf("service asked with Staff = %v", s.peopleReqs[0].Staff)
			}
			if strings.Contains(logs.String(), testStaffToken) {
				t.Error("the token reached the log")
			}
		})
	}
}

func TestAPIPeople(t *testing.T) {
	fake := peopleFixture()
	h, _ := newTestHandler(t, fake, fakeRecords{})
	w := get(t, h, "GET", "/api/v1/people?q=data")
	var got apiPeople
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 1 || got.People[0].Name != "Wanjiru Nyambura" || len(got.People[0].Sessions) != 1 || got.People[0].Contact != nil {
		t.Errorf("people API = %+v", got)
	}
	if len(got.Facets) != 1 || got.Facets[0].Values[0].Label != "Female" {
		t.Errorf("facets = %+v", got.Facets)
	}
	// The API shows bios, read from the records; the page shows none and
	// spares the reads.
	get(t, h, "GET", "/people?q=data")
	if reqs := fake.peopleReqs; len(reqs) != 2 || !reqs[0].Bio || reqs[1].Bio {
		t.Errorf("bio asked for by API and page: %+v, want true then false", reqs)
	}
	for target, field := range map[string]string{"/api/v1/people?spoke=maybe": "spoke", "/api/v1/people?sdg=99": "sdg", "/people?page=0": "page"} {
		w := get(t, h, "GET", target)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), field) {
			t.Errorf("%s: %d %s, want 400 naming %s", target, w.Code, w.Body, field)
		}
	}
}

func insightsFixture() search.Insights {
	return search.Insights{
		Total:       4,
		People:      2,
		NoYear:      3,
		ActionLines: []string{"C4", "C5"},
		SDGs:        []int{4, 5},
		Matrix:      [][]int{{3, 0}, {0, 1}},
		Years:       []search.Count{{Value: "2022", Label: "2022", Count: 1}, {Value: "2023", Label: "2023", Count: 3}},
		Gender: []search.PanelBalance{
			{Event: "IGF", Year: 2023, Sessions: 2, Women: 3, Men: 4, Unknown: 1, WomenShare: ptr(3.0 / 7)},
			{Event: "WSIS Forum", Year: 2024, Sessions: 3, Unknown: 8},
		},
		Countries: []search.Count{{Value: "KE", Label: "Kenya", Count: 2}},
		Regions:   []search.Count{{Value: "Africa", Label: "Africa", Count: 2}},
	}
}

func TestInsightsPage(t *testing.T) {
	s := &fakeSearch{insights: insightsFixture()}
	h, _ := newTestHandler(t, s, fakeRecords{})
	w := get(t, h, "GET", "/insights?region=Africa")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		// A cell links to its search with the current filters, and has a name.
		`<a href="/?action_line=C4&amp;region=Africa&amp;sdg=4" aria-label="C4 Capacity building × 4 Quality education: 3 records"><title>C4 Capacity building × 4 Quality education: 3 records</title>`,
		// Names on both axes, short, with the full name on hover.
		`<li title="C4 – Capacity building">C4 Capacity building</li>`, `<title>SDG 5 – Gender equality</title>5 Gender equality</text>`,
		`<figcaption id="heat-caption">`, `<th scope="row">C4 – `, `<td><a href="/?action_line=C5&amp;region=Africa&amp;sdg=5">1</a></td>`,
		`<td>0</td>`, // an empty cell is not a link
		`<a href="/?region=Africa&amp;year=2023">2023</a>`,
		// The share of women is of the panellists whose gender is known
		// (3 of 7), not of all 8; with none known there is no share.
		`<th scope="row">IGF 2023</th><td>2</td><td>3</td><td>4</td><td>1</td><td>43 %</td>`,
		`<th scope="row">WSIS Forum 2024</th><td>3</td><td>0</td><td>0</td><td>8</td><td>no gender known</td>`,
		// Records without a year are counted and said; people apart.
		`3 records have no year and are not in this chart.`,
		`<strong>4 projects and session reports</strong> match, and <a href="/?kind=person&amp;region=Africa">2 person profiles</a>, counted apart`,
		`<a href="/?country=KE&amp;region=Africa">Kenya</a>`, `href="/api/v1/export?format=csv&amp;region=Africa"`,
		`<a class="chip" href="/insights">Region: Africa`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("insights page lacks %q", want)
		}
	}
	if strings.Contains(body, "aria-label=\"C4 Capacity building × 5") {
		t.Error("an empty cell is a link")
	}
	if got := s.reqs[0].Filters["region"]; fmt.Sprint(got) != "[Africa]" {
		t.Errorf("insights asked with region %v", got)
	}
}

func TestAPIInsights(t *testing.T) {
	h, _ := newTestHandler(t, &fakeSearch{insights: insightsFixture()}, fakeRecords{})
	var got search.Insights
	if err := json.Unmarshal(get(t, h, "GET", "/api/v1/insights?sdg=5").Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 4 || got.Matrix[0][0] != 3 || got.Gender[0].Women != 3 {
		t.Errorf("insights API = %+v", got)
	}
	if w := get(t, h, "GET", "/api/v1/insights?sdg=99"); w.Code != http.StatusBadRequest {
		t.Errorf("sdg=99: status %d", w.Code)
	}
}

func TestHeatLevels(t *testing.T) {
	n := len(heatLevels())
	for _, peak := range []int{1, 2, 3, 5, 6, 17, 1000} {
		prev := 0
		for c := 1; c <= peak; c++ {
			l := level(c, peak, n)
			if l < prev || l >= n {
				t.Fatalf("level(%d, %d) = %d after %d", c, peak, l, prev)
			}
			prev = l
		}
		if level(peak, peak, n) != n-1 {
			t.Errorf("peak %d is not drawn darkest", peak)
		}
	}
}

// TestHeatTextContrast checks the WCAG contrast of each level's count text
// on its fill: at least 4.5:1.
func TestHeatTextContrast(t *testing.T) {
	for _, lv := range heatLevels() {
		if c := contrast(lv.Fill, lv.Text); c < 4.5 {
			t.Errorf("%s on %s has contrast %.2f", lv.Text, lv.Fill, c)
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

func TestEmptyStateSuggestions(t *testing.T) {
	// Each filter value alone would give a known number of records; all of
	// them together give none.
	alone := map[string]int{"sdg": 4, "region": 9, "kind": 2, "year": 1, "event": 3, "country": 5}
	s := &fakeSearch{totals: func(req search.Request) int {
		if len(req.Filters) > 1 {
			return 0
		}
		for name := range req.Filters {
			return alone[name]
		}
		return 0
	}}
	valid := map[string]string{"sdg": "5", "region": "Africa", "kind": "project", "year": "2021", "event": "IGF", "country": "KE"}
	selected := func(names ...string) []search.Facet {
		var out []search.Facet
		for _, name := range names {
			out = append(out, search.Facet{Name: name, Label: name, Values: []search.FacetValue{{Value: valid[name], Label: valid[name], Selected: true}}})
		}
		return out
	}
	s.facets = selected("sdg", "region")
	h, _ := newTestHandler(t, s, fakeRecords{})
	body := get(t, h, "GET", "/?sdg=5&region=Africa").Body.String()
	// Dropping sdg leaves region (9); dropping region leaves sdg (4).
	first := strings.Index(body, `<a href="/?region=Africa">Drop sdg: 5</a> <span class="count">(9 records)</span>`)
	second := strings.Index(body, `<a href="/?sdg=5">Drop region: Africa</a> <span class="count">(4 records)</span>`)
	if first < 0 || second < 0 || first > second {
		t.Errorf("suggestions missing or not ordered by count:\n%s", body)
	}

	// Never more than maxSuggestions extra searches.
	s = &fakeSearch{facets: selected("sdg", "region", "kind", "year", "event", "country"), totals: func(req search.Request) int {
		if len(req.Filters) == 6 {
			return 0
		}
		return 1
	}}
	h, _ = newTestHandler(t, s, fakeRecords{})
	body = get(t, h, "GET", "/?sdg=5&region=Africa&kind=project&year=2021&event=IGF&country=KE").Body.String()
	if n := strings.Count(body, ">Drop "); n != maxSuggestions {
		t.Errorf("%d suggestions, want %d", n, maxSuggestions)
	}
	if len(s.reqs) != 1+maxSuggestions {
		t.Errorf("%d searches, want %d", len(s.reqs), 1+maxSuggestions)
	}

	// Free text next to a filter written in the query: drop the words,
	// keep the filter. Suggestions that would give nothing are not offered.
	s = &fakeSearch{
		chips: []search.Chip{{Facet: "country", Value: "KE", Label: "Country: Kenya", Source: "country:KE", Applied: true, Syntax: true}},
		totals: func(req search.Request) int {
			if req.Q == "country:KE" {
				return 2
			}
			return 0
		},
	}
	h, _ = newTestHandler(t, s, fakeRecords{})
	body = get(t, h, "GET", "/?q=zzz+country:KE").Body.String()
	if !strings.Contains(body, `<a href="/?q=country%3AKE">Drop the words “zzz country:KE”</a> <span class="count">(2 records)</span>`) {
		t.Errorf("no suggestion to drop the free text:\n%s", body)
	}
	if strings.Contains(body, "Drop Country: Kenya") {
		t.Error("a suggestion that gives no records is offered")
	}
}

func TestRecordPageRelated(t *testing.T) {
	s, recs := fixture()
	s.related = []search.Hit{{ID: "e1", Kind: "person", Title: evilScript, Year: 2021}}
	h, _ := newTestHandler(t, s, recs)
	body := get(t, h, "GET", "/records/s1").Body.String()
	if !strings.Contains(body, `<h2 id="related-heading">Related records</h2>`) || !strings.Contains(body, `<a href="/records/e1">&lt;script&gt;`) {
		t.Errorf("record page lacks the escaped related record:\n%s", body)
	}
}

func TestPersonQuery(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"Ms. Lerato Dlamini", "Lerato Dlamini"},
		{"H.E. Mr. Tomas Berg", "Tomas Berg"},
		{"Ana Lima", "Ana Lima"},
		{"Dr.", "Dr."},
	} {
		if got := personQuery(tt.name); got != tt.want {
			t.Errorf("personQuery(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
