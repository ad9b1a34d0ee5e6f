package text

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/taxonomy"
)

// Variants (testdata/variants) are documents written to vary the surface
// of each template and rule family: other orders, missing parts, other
// languages, page furniture, punctuation and casing. Each has a label in
// the format of the dev set's labels, and TestVariantLabels checks every
// labelled field: a rule that only works on the page it was written for
// fails here.

// variantLabel is the part of a dev-set label the variants state.
type variantLabel struct {
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Name        string `json:"name"`
	Honorific   string `json:"honorific"`
	Year        int    `json:"year"`
	Speakers    []labelPerson
	Moderators  []labelPerson
	Organizers  []labelPerson
	ActionLines []string `json:"action_lines"`
	SDGs        []int    `json:"sdgs"`
	Countries   []string `json:"countries"`
	GenderFocus bool     `json:"gender_focus"`
	Quotes      []struct {
		Text string `json:"text"`
	} `json:"quotes"`
	MultiRecord bool `json:"multi_record"`
	Projects    []struct {
		Title string `json:"title"`
	} `json:"projects"`
}

type labelPerson struct {
	Name      string `json:"name"`
	Honorific string `json:"honorific"`
}

func variantFiles(t testing.TB) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join("testdata", "variants", "*.txt"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no variants: %v", err)
	}
	return m
}

// foldSet folds every string of a list, sorted.
func foldSet(in []string) []string {
	var out []string
	for _, s := range in {
		if f := taxonomy.Fold(s); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// labelCode writes a label's action line ("C7:e-health") as a code.
func labelCode(s string) string {
	return strings.Replace(s, ":", ".", 1)
}

// labelCountry writes a label's country name as its code.
func labelCountry(s string) string {
	if c, ok := taxonomy.LookupCountry(s); ok {
		return c.Code
	}
	return s
}

func TestVariantLabels(t *testing.T) {
	for _, path := range variantFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(strings.TrimSuffix(path, ".txt") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var want variantLabel
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			recs, err := Parse(context.Background(), name, f)
			if err != nil || len(recs) == 0 {
				t.Fatalf("Parse: %v, %d records", err, len(recs))
			}
			checkVariant(t, want, recs)
		})
	}
}

func checkVariant(t *testing.T, want variantLabel, recs []record.Record) {
	t.Helper()
	kind := map[string]record.Kind{"session_report": record.KindSession, "project": record.KindProject, "person": record.KindPerson}[want.Kind]
	var codes, countries []string
	if want.MultiRecord {
		var titles []string
		for _, r := range recs {
			if r.Kind != record.KindProject {
				t.Errorf("kind %s, want one project per entry", r.Kind)
			}
			titles = append(titles, r.Title)
			codes = append(codes, r.ActionLines...)
			countries = append(countries, r.Countries...)
		}
		var wt []string
		for _, p := range want.Projects {
			wt = append(wt, p.Title)
		}
		if got, w := foldSet(titles), foldSet(wt); !slices.Equal(got, w) {
			t.Errorf("projects %q, want %q", titles, wt)
		}
	} else {
		if len(recs) != 1 {
			t.Fatalf("%d records, want 1", len(recs))
		}
		r := recs[0]
		codes, countries = r.ActionLines, r.Countries
		if r.Kind != kind {
			t.Fatalf("kind %s, want %s", r.Kind, kind)
		}
		if want.Title != "" && taxonomy.Fold(r.Title) != taxonomy.Fold(want.Title) {
			t.Errorf("title %q, want %q", r.Title, want.Title)
		}
		if want.Year != 0 && r.Year != want.Year {
			t.Errorf("year %d, want %d", r.Year, want.Year)
		}
		if want.Name != "" && taxonomy.Fold(r.Name) != taxonomy.Fold(want.Name) {
			t.Errorf("name %q, want %q", r.Name, want.Name)
		}
		if want.Honorific != "" && strings.TrimSuffix(r.Honorific, ".") != strings.TrimSuffix(want.Honorific, ".") {
			t.Errorf("honorific %q, want %q", r.Honorific, want.Honorific)
		}
		if kind == record.KindSession {
			checkPeople(t, want, r)
		}
		if got, w := foldSet(quoteTexts(r.Quotes)), foldSet(labelQuotes(want)); !slices.Equal(got, w) {
			t.Errorf("quotes %q, want %q", quoteTexts(r.Quotes), labelQuotes(want))
		}
		if got := r.GenderFocus == record.GenderPrimary || r.GenderFocus == record.GenderSignificant; got != want.GenderFocus {
			t.Errorf("gender focus %q, want %v", r.GenderFocus, want.GenderFocus)
		}
		var sdgs []int
		sdgs = append(sdgs, r.SDGs...)
		sort.Ints(sdgs)
		w := slices.Clone(want.SDGs)
		sort.Ints(w)
		if !slices.Equal(sdgs, w) {
			t.Errorf("sdgs %v, want %v", r.SDGs, want.SDGs)
		}
	}
	var wc, wk []string
	for _, c := range want.ActionLines {
		wc = append(wc, labelCode(c))
	}
	for _, c := range want.Countries {
		wk = append(wk, labelCountry(c))
	}
	if got, w := foldSet(codes), foldSet(wc); !slices.Equal(got, w) {
		t.Errorf("action lines %v, want %v", codes, wc)
	}
	if got, w := foldSet(countries), foldSet(wk); !slices.Equal(got, w) {
		t.Errorf("countries %v, want %v", countries, wk)
	}
}

// checkPeople compares speakers, moderators and organizers by name, and the
// honorifics the label states.
func checkPeople(t *testing.T, want variantLabel, r record.Record) {
	t.Helper()
	people := func(ps []labelPerson) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	var got []string
	hon := map[string]string{}
	for _, p := range append(slices.Clone(r.Speakers), r.Moderators...) {
		got = append(got, p.Name)
		hon[taxonomy.Fold(p.Name)] = strings.TrimSuffix(p.Honorific, ".")
	}
	w := people(append(slices.Clone(want.Speakers), want.Moderators...))
	if !slices.Equal(foldSet(got), foldSet(w)) {
		t.Errorf("speakers and moderators %q, want %q", got, w)
	}
	for _, p := range append(slices.Clone(want.Speakers), want.Moderators...) {
		if h, ok := hon[taxonomy.Fold(p.Name)]; ok && p.Honorific != "" && h != strings.TrimSuffix(p.Honorific, ".") {
			t.Errorf("honorific of %s %q, want %q", p.Name, h, p.Honorific)
		}
	}
	var orgs []string
	for _, o := range r.Organizers {
		orgs = append(orgs, o.Name)
	}
	if w := people(want.Organizers); !slices.Equal(foldSet(orgs), foldSet(w)) {
		t.Errorf("organizers %q, want %q", orgs, w)
	}
}

func quoteTexts(qs []record.Quote) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Text)
	}
	return out
}

func labelQuotes(l variantLabel) []string {
	var out []string
	for _, q := range l.Quotes {
		out = append(out, q.Text)
	}
	return out
}
