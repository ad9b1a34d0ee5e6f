package search

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/store"
)

func newService(t *testing.T, recs []record.Record, opts ...Option) *Service {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := indexer.Create(ctx, filepath.Join(dir, "index"), indexer.Options{Records: st})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	put(t, st, ix, recs) // waits for the clusters too
	return New(ix, st, opts...)
}

// put stores recs and applies them to the index, as the catalog does, and
// waits for their full text and entity clusters.
func put(t testing.TB, st *store.Store, ix *indexer.Index, recs []record.Record) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	seq, err := st.Seq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, seq, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.WaitText(ctx, seq); err != nil {
		t.Fatal(err)
	}
	// Searches answer by entity: wait for the clusters too.
	if err := ix.WaitEntities(ctx, seq); err != nil {
		t.Fatal(err)
	}
}

func corpus() []record.Record {
	return []record.Record{
		{ID: "p1", Kind: record.KindProject, Title: "Soil sensors for smallholder farms", Summary: "Farmers in Kenya read soil moisture by SMS.",
			ActionLines: []string{"C7.e-agriculture"}, SDGs: []int{2, 13}, Countries: []string{"KE"}, ITURegions: []string{"Africa"}, Year: 2019, Event: "WSIS Prizes"},
		{ID: "p2", Kind: record.KindProject, Title: "Market prices by radio", Summary: "Weekly crop prices broadcast to farming villages in Ghana.",
			Body:        "Radio hosts read the maize quotes every Monday morning.",
			ActionLines: []string{"C7.e-agriculture", "C3"}, SDGs: []int{2}, Countries: []string{"GH"}, ITURegions: []string{"Africa"}, Year: 2021},
		{ID: "s1", Kind: record.KindSession, Title: "Women in cybersecurity careers", Summary: "Mentoring <b>women</b> into security operations.",
			ActionLines: []string{"C5"}, SDGs: []int{5, 8}, GenderFocus: record.GenderPrimary, Year: 2023, Event: "IGF",
			Speakers: []record.Person{{Name: "Asel Nurlanovna", Gender: "female"}}, Countries: []string{"KZ"}, ITURegions: []string{"CIS"}},
		{ID: "s2", Kind: record.KindSession, Title: "Telehealth for island clinics", Summary: "Nurses on remote islands consult doctors by video.",
			ActionLines: []string{"C7.e-health"}, SDGs: []int{3, 5}, Countries: []string{"FJ"}, ITURegions: []string{"Asia & Pacific"}, Year: 2023, Event: "WSIS Forum"},
		{ID: "w1", Kind: record.KindPerson, Title: "Asel Nurlanovna", Name: "Asel Nurlanovna", Gender: "female", Bio: "Security engineer.",
			Expertise: []string{"cybersecurity"}, Languages: []string{"Russian", "English"}, Contact: &record.Contact{Email: "asel@example.org"}},
	}
}

func ids(resp Response) []string {
	var out []string
	for _, h := range resp.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func facetCounts(resp Response, facet string) map[string]int {
	m := map[string]int{}
	for _, f := range resp.Facets {
		if f.Name == facet {
			for _, v := range f.Values {
				m[v.Value] = v.Count
			}
		}
	}
	return m
}

func TestSearch(t *testing.T) {
	svc := newService(t, corpus())
	tests := []struct {
		name       string
		params     string
		want       []string
		facet      string
		wantCounts map[string]int
		chips      int
	}{
		{"all", "", []string{"p1", "p2", "s1", "s2", "w1"}, "kind", map[string]int{"project": 2, "session": 2, "person": 1}, 0},
		{"one sdg", "sdg=5", []string{"s1", "s2"}, "sdg", map[string]int{"2": 2, "5": 2, "3": 1, "8": 1, "13": 1}, 0},
		{"sdg or", "sdg=3&sdg=8", []string{"s1", "s2"}, "", nil, 0},
		{"facets and", "sdg=5&action_line=C5", []string{"s1"}, "sdg", map[string]int{"5": 1, "8": 1}, 0},
		{"parent C7", "action_line=C7", []string{"p1", "p2", "s2"}, "action_line", map[string]int{"C7": 3, "C5": 1, "C3": 1}, 0},
		{"stemmed text", "q=farmer", []string{"p1"}, "", nil, 0},
		{"understood query", "q=" + url.QueryEscape("e-agriculture projects in Africa for SDG 2"), []string{"p1", "p2"}, "", nil, 4},
		{"country chip", "q=Kenya", []string{"p1"}, "", nil, 1},
		{"women speakers", "q=" + url.QueryEscape("women speakers security"), []string{"s1", "w1"}, "", nil, 1},
		{"women as a topic", "q=" + url.QueryEscape("women security"), []string{"s1", "w1"}, "", nil, 1},
		{"phrase", "q=" + url.QueryEscape(`"remote islands"`), []string{"s2"}, "", nil, 0},
		{"phrase in the body", "q=" + url.QueryEscape(`"maize quotes"`), []string{"p2"}, "", nil, 0},
		{"phrase words apart", "q=" + url.QueryEscape(`"maize Monday"`), nil, "", nil, 0},
		{"no match", "q=zeppelin", nil, "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.params)
			req, err := ParseRequest(v)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := svc.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(resp); !slices.Equal(got, tt.want) {
				t.Errorf("hits %v, want %v (chips %+v, text %q)", got, tt.want, resp.Query.Chips, resp.Query.Text)
			}
			if resp.Total != len(tt.want) {
				t.Errorf("total %d, want %d", resp.Total, len(tt.want))
			}
			if tt.facet != "" {
				got := facetCounts(resp, tt.facet)
				for k, n := range tt.wantCounts {
					if got[k] != n {
						t.Errorf("facet %s=%s: %d, want %d (all %v)", tt.facet, k, got[k], n, got)
					}
				}
			}
			if len(resp.Query.Chips) != tt.chips {
				t.Errorf("chips %+v, want %d", resp.Query.Chips, tt.chips)
			}
		})
	}
}

func TestSearchHidesContactAndEscapesSnippets(t *testing.T) {
	svc := newService(t, corpus())
	resp, err := svc.Search(context.Background(), Request{Q: "mentoring"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Hits) != 1 || strings.Contains(resp.Hits[0].Snippet, "<b>") || !strings.Contains(resp.Hits[0].Snippet, "<mark>") {
		t.Fatalf("snippet not escaped and highlighted: %+v", resp.Hits)
	}
	resp, _ = svc.Search(context.Background(), Request{Q: "Asel"})
	for _, h := range resp.Hits {
		if h.Record.Contact != nil {
			t.Errorf("hit %s exposes contact details", h.ID)
		}
	}
}

func TestParseRequestRejects(t *testing.T) {
	tests := []struct{ params, field string }{
		{"sdg=99", "sdg"},
		{"sdg=0", "sdg"},
		{"action_line=C12", "action_line"},
		{"page=-1", "page"},
		{"page=abc", "page"},
		{"size=100000", "size"},
		{"size=0", "size"},
		{"sort=random", "sort"},
		{"kind=robot", "kind"},
		{"gender_focus=maybe", "gender_focus"},
		{"region=Atlantis", "region"},
		{"country=Narnia", "country"},
		{"year=12", "year"},
		{"q=" + strings.Repeat("x", 10000), "q"},
		{"page=1000&size=100", "page"},
		{"q=%ff%fe", "q"},
	}
	for _, tt := range tests {
		v, err := url.ParseQuery(tt.params)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseRequest(v)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("ParseRequest(%.40s) = %v, want a FieldError on %s", tt.params, err, tt.field)
		}
	}
	req, err := ParseRequest(url.Values{"action_line": {"AL C4", "c7 e-health"}, "sdg": {"Goal 5"}, "country": {"Kenya"}, "region": {"asia and the pacific"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"action_line": {"C4", "C7.e-health"}, "sdg": {"5"}, "country": {"KE"}, "region": {"Asia & Pacific"}}
	for k, v := range want {
		if !slices.Equal(req.Filters[k], v) {
			t.Errorf("filter %s = %v, want %v", k, req.Filters[k], v)
		}
	}
}

func TestPeopleMergesSpeakersAndProfiles(t *testing.T) {
	recs := corpus()
	// The same woman, spelt another way, moderating a second session.
	recs = append(recs, record.Record{ID: "s3", Kind: record.KindSession, Title: "Incident response drills", Year: 2024, Event: "IGF",
		Moderators: []record.Person{{Name: "Ms. ASEL NURLANOVNA"}}, ActionLines: []string{"C5"}, SDGs: []int{16}},
		record.Record{ID: "s4", Kind: record.KindSession, Title: "Cloud costs", Year: 2024, Event: "IGF",
			Speakers: []record.Person{{Name: "Mr. Bolat Serikov"}, {Name: "Kim Lee"}}})
	svc := newService(t, recs)
	ctx := context.Background()
	tests := []struct {
		params string
		want   []string // names, in order
	}{
		{"gender=female", []string{"Asel Nurlanovna"}},
		{"gender=male", []string{"Bolat Serikov"}},
		{"gender=unknown", []string{"Kim Lee"}},
		{"action_line=C5&spoke=1", []string{"Asel Nurlanovna"}},
		{"q=security&language=English", []string{"Asel Nurlanovna"}},
		{"sdg=16", []string{"Asel Nurlanovna"}},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.params)
		req, err := ParsePeopleRequest(v)
		if err != nil {
			t.Fatalf("%s: %v", tt.params, err)
		}
		resp, err := svc.People(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range resp.People {
			names = append(names, p.Name)
			if p.Contact != nil {
				t.Errorf("%s: contact details without the staff flag", tt.params)
			}
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("%s: people %v, want %v", tt.params, names, tt.want)
		}
	}
	resp, _ := svc.People(ctx, PeopleRequest{Filters: map[string][]string{"gender": {"female"}}, Staff: true})
	if len(resp.People) != 1 {
		t.Fatalf("got %d women", len(resp.People))
	}
	asel := resp.People[0]
	if len(asel.Sessions) != 2 || asel.RecordID != "w1" || asel.Contact == nil || asel.Contact.Email == "" {
		t.Errorf("merged person = %+v, want 2 sessions, record w1 and contact for staff", asel)
	}
	// The directory keeps no bio: it comes from the record when asked for.
	if asel.Bio != "" {
		t.Errorf("bio %q without the bio flag", asel.Bio)
	}
	resp, _ = svc.People(ctx, PeopleRequest{Filters: map[string][]string{"gender": {"female"}}, Bio: true})
	if len(resp.People) != 1 || resp.People[0].Bio != "Security engineer." || resp.People[0].Contact != nil {
		t.Errorf("with the bio flag: %+v, want the record's bio and no contact", resp.People)
	}
}

func TestInsightsAndRelated(t *testing.T) {
	svc := newService(t, corpus())
	ctx := context.Background()
	in, err := svc.Insights(ctx, Request{Filters: map[string][]string{"sdg": {"5"}}})
	if err != nil {
		t.Fatal(err)
	}
	cell := func(al string, sdg int) int { return in.Matrix[slices.Index(in.ActionLines, al)][sdg-1] }
	if in.Total != 2 || cell("C5", 5) != 1 || cell("C5", 8) != 1 || cell("C7.e-health", 3) != 1 || cell("C7.e-agriculture", 2) != 0 {
		t.Errorf("insights total %d, matrix cells wrong: %+v", in.Total, in.Matrix)
	}
	if len(in.Gender) != 1 || in.Gender[0].Event != "IGF" || in.Gender[0].Women != 1 || in.Gender[0].WomenShare == nil || *in.Gender[0].WomenShare != 1 {
		t.Errorf("gender balance = %+v", in.Gender)
	}
	if len(in.Years) != 1 || in.Years[0] != (Count{Value: "2023", Label: "2023", Count: 2}) {
		t.Errorf("years = %+v", in.Years)
	}

	// Person profiles are counted apart from projects and sessions, and
	// records without a year are counted, not dropped (issue 17).
	undated := record.Record{ID: "p3", Kind: record.KindProject, Title: "Undated kiosks", ActionLines: []string{"C4"}, SDGs: []int{4}}
	all := newService(t, append(corpus(), undated))
	in, err = all.Insights(ctx, Request{})
	if err != nil {
		t.Fatal(err)
	}
	years := 0
	for _, y := range in.Years {
		years += y.Count
	}
	if in.Total != 5 || in.People != 1 || in.NoYear != 1 || years != 4 {
		t.Errorf("unfiltered insights: %d records, %d people, %d without a year, %d in the year chart; want 5, 1, 1, 4", in.Total, in.People, in.NoYear, years)
	}
	for i, row := range in.Matrix {
		for j, n := range row {
			if in.ActionLines[i] == "C4" && in.SDGs[j] == 4 && n != 1 {
				t.Errorf("C4 × SDG 4 = %d, want 1 (the undated project)", n)
			}
		}
	}
	// A panel whose genders are all unknown has no share of women, not 0 %.
	blank := record.Record{ID: "s9", Kind: record.KindSession, Title: "Unknown panel", Year: 2024, Event: "IGF",
		Speakers: []record.Person{{Name: "A. Person"}, {Name: "B. Person"}}}
	in, err = newService(t, []record.Record{blank}).Insights(ctx, Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Gender) != 1 || in.Gender[0].Unknown != 2 || in.Gender[0].WomenShare != nil {
		t.Errorf("all-unknown panel = %+v, want 2 unknown and no share", in.Gender)
	}

	p1 := corpus()[0]
	hits, err := svc.Related(ctx, p1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].ID != "p2" {
		t.Errorf("related to p1 = %+v, want p2 first (same action line and SDG)", hits)
	}
	for _, h := range hits {
		if h.ID == p1.ID {
			t.Error("a record is related to itself")
		}
	}
	s1 := corpus()[2]
	hits, _ = svc.Related(ctx, s1, 3)
	if len(hits) == 0 || hits[0].ID != "w1" {
		t.Errorf("related to s1 = %+v, want the speaker's profile w1 first", hits)
	}
}

func TestCacheFollowsTheIndexGeneration(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, corpus())
	first, err := svc.Search(ctx, Request{Q: "kiosks"})
	if err != nil || first.Total != 0 {
		t.Fatalf("before: %d hits, %v", first.Total, err)
	}
	rec := record.Record{ID: "p9", Kind: record.KindProject, Title: "Village kiosks"}
	put(t, svc.records.(*store.Store), svc.views.(*indexer.Index), []record.Record{rec})
	after, err := svc.Search(ctx, Request{Q: "kiosks"})
	if err != nil || after.Total != 1 {
		t.Errorf("after indexing a new generation: %d hits, %v; the cache served a stale answer", after.Total, err)
	}
}

// TestCorrection checks that words no record contains are searched as
// the nearest word of the index, without a click, and that known words
// (in any field, not only titles) are left alone.
func TestCorrection(t *testing.T) {
	svc := newService(t, corpus())
	tests := []struct {
		q, corrected string
		hits         int
	}{
		{"telehelth", "telehealth", 1},
		{"cybersecurity carers", "cybersecurity careers", 2},
		{"islnd clinics", "island clinics", 1},
		{"telehealth", "", 1},   // known: nothing to correct
		{"maize quotes", "", 1}, // words of a body are known too
		{"qqqqzzzz", "", 0},     // nothing close
		{`"telehelth"`, "", 0},  // a quoted phrase is searched as written
		{"sdg:5 telehelth", "sdg:5 telehealth", 1},
	}
	for _, tt := range tests {
		resp, err := svc.Search(context.Background(), Request{Q: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Query.Corrected != tt.corrected || resp.Total != tt.hits {
			t.Errorf("%q: corrected %q with %d hits, want %q with %d", tt.q, resp.Query.Corrected, resp.Total, tt.corrected, tt.hits)
		}
	}
}

// TestSnippetsMarkEveryWording: a query word with other words for it
// (digital: ICT, numérique) marks whichever wording a record uses.
func TestSnippetsMarkEveryWording(t *testing.T) {
	svc := newService(t, []record.Record{
		{ID: "d", Kind: record.KindProject, Title: "Harbour pilots", Body: "A digital logbook for the pilots of a small harbour."},
		{ID: "i", Kind: record.KindProject, Title: "Village kiosks", Body: "Solar kiosks bring ICT services to the villages of the plateau."},
	})
	resp, err := svc.Search(context.Background(), Request{Q: "digital"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"d": "<mark>digital</mark>", "i": "<mark>ICT</mark>"}
	if len(resp.Hits) != len(want) {
		t.Fatalf("%d hits, want %d", len(resp.Hits), len(want))
	}
	for _, h := range resp.Hits {
		if !strings.Contains(h.Snippet, want[h.ID]) {
			t.Errorf("%s: snippet %q lacks %s", h.ID, h.Snippet, want[h.ID])
		}
	}
}
