package htmlpage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/wsis-tools/stocktake/record"
)

func parseFile(t *testing.T, path string) ([]record.Record, []error, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(context.Background(), filepath.Base(path), f)
}

func TestListingFixture(t *testing.T) {
	recs, rowErrs, err := parseFile(t, "testdata/prizes-listing.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title, org, country, category, status string
		url                                   string
	}{
		{"River Library Boats", "Floating Books Trust", "KE", "C3", record.PrizeNominee, ""},
		{"Open Maps for Schools", "Ministry of Education, Science and Technology", "UG", "C3", record.PrizeNominee, ""},
		{"Caf\u00e9 Wi\u2011Fi & Learning", "Les Amis du Num\u00e9rique", "FR", "C3", record.PrizeNominee, ""},
		{"Seoul Sign Language Archive", "Deaf Culture Centre", "KR", "C3", record.PrizeNominee, ""},
		{"Mothers\u2019 SMS Reminders", "Health Bridge Network", "NP", "C7.e-health", record.PrizeNominee, ""},
		{"Global Triage Bot", "World Triage Alliance", "", "C7.e-health", record.PrizeNominee, ""},
		{"Radio in Every Village", "Community Waves", "PE", "C9", record.PrizeWinner, "https://prizes.example.org/2031/projects/77"},
	}
	if len(recs) != len(tests) {
		for _, r := range recs {
			t.Logf("got %q", r.Title)
		}
		t.Fatalf("got %d records, want %d", len(recs), len(tests))
	}
	ids := map[string]bool{}
	for i, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			r := recs[i]
			if r.Title != tt.title || r.Organization != tt.org {
				t.Errorf("title/org = %q / %q, want %q / %q", r.Title, r.Organization, tt.title, tt.org)
			}
			if got := strings.Join(r.Countries, ","); got != tt.country {
				t.Errorf("countries = %q, want %q", got, tt.country)
			}
			if r.Kind != record.KindProject || r.Event != "WSIS Prizes" || r.Year != 2031 {
				t.Errorf("kind/event/year = %q/%q/%d", r.Kind, r.Event, r.Year)
			}
			if r.Prize == nil || r.Prize.Category != tt.category || r.Prize.Status != tt.status || r.Prize.Year != 2031 {
				t.Errorf("prize = %+v, want %s %s 2031", r.Prize, tt.category, tt.status)
			}
			if len(r.ActionLines) != 1 || r.ActionLines[0] != tt.category {
				t.Errorf("action lines = %v", r.ActionLines)
			}
			if r.URL != tt.url || r.Source.URL != "https://prizes.example.org/2031/listing" || r.Source.Format != Format {
				t.Errorf("url = %q, source = %+v", r.URL, r.Source)
			}
			if r.ID == "" || ids[r.ID] {
				t.Errorf("id %q empty or duplicate", r.ID)
			}
			ids[r.ID] = true
		})
	}
	// The C3 note says 5 projects but one row is empty; the international
	// entry has no country.
	want := []string{"states 5 projects, 4 are listed", `country "INTERNATIONAL" not recognised`}
	if len(rowErrs) != len(want) {
		t.Fatalf("row errors = %v, want %d", rowErrs, len(want))
	}
	for i, w := range want {
		if !strings.Contains(rowErrs[i].Error(), w) {
			t.Errorf("row error %d = %q, want it to mention %q", i, rowErrs[i], w)
		}
	}
}

// TestRealPrizesPage reads a real WSIS Prizes 2015 nominee page when the
// shared data is there.
func TestRealPrizesPage(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "real", "wsis-project-prizes-2015-nominated.html")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared data not available")
	}
	recs, rowErrs, err := parseFile(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 302 {
		t.Fatalf("got %d records, want 302", len(recs))
	}
	cats := map[string]int{}
	resolved := 0
	for _, r := range recs {
		if r.Prize == nil || r.Prize.Status != record.PrizeNominee || r.Prize.Year != 2015 || r.Year != 2015 {
			t.Fatalf("%q: prize %+v year %d", r.Title, r.Prize, r.Year)
		}
		if r.Title == "" || r.Organization == "" {
			t.Errorf("record without title or organization: %+v", r)
		}
		cats[r.Prize.Category]++
		if len(r.Countries) == 1 {
			resolved++
		}
	}
	if len(cats) != 18 {
		t.Errorf("got %d categories, want 18: %v", len(cats), cats)
	}
	share := float64(resolved) / float64(len(recs))
	t.Logf("countries resolved: %d of %d (%.1f%%)", resolved, len(recs), 100*share)
	for _, e := range rowErrs {
		t.Log(e)
	}
	// Entries of international organizations name no country; everything
	// else should resolve.
	if share < 0.95 {
		t.Errorf("only %.1f%% of countries resolved", 100*share)
	}
}

func TestReadableText(t *testing.T) {
	f, err := os.Open("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got := readable(doc)
	for _, want := range []string{"# Workshop 42: Community networks for mountain villages", "Speakers discussed", "- Action Line C2 was the main focus."} {
		if !strings.Contains(got, want) {
			t.Errorf("readable text lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"hidden script", "Site header", "Copyright footer", "color: red", "Home"} {
		if strings.Contains(got, bad) {
			t.Errorf("readable text keeps %q:\n%s", bad, got)
		}
	}
	if m := readMeta(doc); m.url != "https://forum.example.org/workshops/42" {
		t.Errorf("url = %q", m.url)
	}
}

func TestOtherPages(t *testing.T) {
	tests := []struct {
		file    string
		wantErr error
		wantURL string
	}{
		{"article.html", nil, "https://forum.example.org/workshops/42"},
		{"truncated.html", nil, ""},
		{"empty.html", ErrNoContent, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs, _, err := parseFile(t, filepath.Join("testdata", tt.file))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if len(recs) == 0 {
				t.Fatal("no record")
			}
			for _, r := range recs {
				if r.Source.Format != Format || r.Source.URL != tt.wantURL || r.Title == "" {
					t.Errorf("record %q source %+v", r.Title, r.Source)
				}
			}
		})
	}
}

func TestSplitOrgCountry(t *testing.T) {
	tests := []struct{ in, org, country, code string }{
		{"Ministry of Education, Science and Technology, KENYA", "Ministry of Education, Science and Technology", "KENYA", "KE"},
		{"Floating Books Trust (Kenya)", "Floating Books Trust", "Kenya", "KE"},
		{"World Union,  INTERNATIONAL", "World Union", "INTERNATIONAL", ""},
		{"Lonely Org", "Lonely Org", "", ""},
	}
	for _, tt := range tests {
		org, country, code := splitOrgCountry(tt.in)
		if org != tt.org || country != tt.country || code != tt.code {
			t.Errorf("splitOrgCountry(%q) = %q, %q, %q", tt.in, org, country, code)
		}
	}
}

// adversarial builds about 1 MB of deeply nested, unclosed list markup.
func adversarial() string {
	var b strings.Builder
	b.WriteString("<h5>C4. Capacity building</h5>")
	for b.Len() < 1<<20 {
		b.WriteString("<ul><li><span class=bold>T</span><span>O, X")
	}
	return b.String()
}

// TestAdversarialPage: deep nesting may be refused (the HTML parser caps
// its stack), but with an error, not a panic or an empty success.
func TestAdversarialPage(t *testing.T) {
	recs, _, err := Parse(context.Background(), "a.html", strings.NewReader(adversarial()))
	if err == nil && len(recs) == 0 {
		t.Fatal("no records and no error")
	}
}

func BenchmarkParseAdversarial(b *testing.B) {
	page := adversarial()
	for b.Loop() {
		_, _, _ = Parse(context.Background(), "a.html", strings.NewReader(page))
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, name := range []string{"prizes-listing.html", "article.html", "truncated.html", "empty.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<h5>C1</h5><ul><li><b>x</b>, , ,</li></ul>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, _, err := Parse(context.Background(), "f.html", strings.NewReader(string(b)))
		if err == nil && len(recs) == 0 {
			t.Fatal("no records and no error")
		}
	})
}

// Category headings written as official titles (English, Spanish) or as a
// WSIS Prizes category number give one project per listed item.
func TestListingByTitleAndNumber(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "prizes-by-title.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, _, err := Parse(context.Background(), "prizes-by-title.html", f)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Teachers Online": "C4", "Code Caravan": "C4", "Clinic on Call": "C7.e-health", "Salud Rural": "C7.e-health"}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d", len(recs), len(want))
	}
	for _, r := range recs {
		if code, ok := want[r.Title]; !ok || len(r.ActionLines) != 1 || r.ActionLines[0] != code {
			t.Errorf("%q: action lines %q, want %q", r.Title, r.ActionLines, code)
		}
		if r.Prize == nil || r.Prize.Status != record.PrizeNominee {
			t.Errorf("%q: prize %+v", r.Title, r.Prize)
		}
	}
}

// TestTableRows: table cells reach the text extractor apart, so a prize
// table gives one project per row with its organization, country and
// category.
func TestTableRows(t *testing.T) {
	recs, _, err := parseFile(t, "testdata/prizes-table.html")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ title, org, country, code string }{
		{"Escuelas Conectadas", "Plan Aula Digital", "UY", "C7.e-learning"},
		{"Salud en Red", "Hospital de Clínicas", "PY", "C7.e-health"},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d", len(recs), len(want))
	}
	for i, w := range want {
		r := recs[i]
		if r.Kind != record.KindProject || r.Title != w.title || r.Organization != w.org ||
			strings.Join(r.Countries, ",") != w.country || strings.Join(r.ActionLines, ",") != w.code {
			t.Errorf("record %d = %s %q %q %v %v, want %+v", i, r.Kind, r.Title, r.Organization, r.Countries, r.ActionLines, w)
		}
	}
}
