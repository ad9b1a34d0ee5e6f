package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsis-tools/stocktake/record"
	"github.com/wsis-tools/stocktake/search"
)

func TestFTSQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"digital", `"digital"`},
		{"rural  connectivity", `"rural" OR "connectivity"`},
		{`"digital inclusion" policy`, `"digital inclusion" OR "policy"`},
		{`NEAR(a b) OR c*`, `"NEAR" OR "a" OR "b" OR "OR" OR "c"`},
		{`unclosed "quote here`, `"unclosed" OR "quote here"`},
		{`e-health`, `"e" OR "health"`},
		{`"" ""`, ``},
	} {
		if got := ftsQuery(tc.in); got != tc.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// FuzzFTSQuery checks that no user text can break out of the quoting: the
// result holds only letters, digits, spaces and balanced quotes.
func FuzzFTSQuery(f *testing.F) {
	for _, s := range []string{"digital", `"a b" c`, `x" OR "y`, "NEAR(a, b)", "ünïcödé 漢字", "\x00\"\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ftsQuery(s)
		if strings.Count(q, `"`)%2 != 0 {
			t.Fatalf("unbalanced quotes in %q", q)
		}
		for _, r := range q {
			if r != '"' && r != ' ' && !isWordRune(r) {
				t.Fatalf("rune %q escaped quoting in %q", r, q)
			}
		}
	})
}

func TestSummarise(t *testing.T) {
	d := func(ms ...int) []time.Duration {
		var out []time.Duration
		for _, m := range ms {
			out = append(out, time.Duration(m)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i
	}
	for _, tc := range []struct {
		name           string
		in             []time.Duration
		p50, p99, mean float64
	}{
		{"empty", nil, 0, 0, 0},
		{"one", d(5), 5, 5, 5},
		{"unsorted", d(9, 1, 5), 5, 9, 5},
		{"hundred", d(hundred...), 50, 99, 50.5},
	} {
		p50, p99, mean := summarise(tc.in)
		if p50 != tc.p50 || p99 != tc.p99 || mean != tc.mean {
			t.Errorf("%s: got %v %v %v, want %v %v %v", tc.name, p50, p99, mean, tc.p50, tc.p99, tc.mean)
		}
	}
}

func TestMixParses(t *testing.T) {
	g := NewGenerator(1)
	seen := map[string]bool{}
	for _, q := range mix(g.RareName(), g.Countries()[0]) {
		var err error
		if q.ask == askPeople {
			_, err = search.ParsePeopleRequest(q.values())
		} else {
			_, err = search.ParseRequest(q.values())
		}
		if err != nil {
			t.Errorf("%s: %v", q.params, err)
		}
		if seen[q.class+q.params] {
			t.Errorf("%s twice in class %s", q.params, q.class)
		}
		seen[q.class+q.params] = true
	}
}

// checkInsights compares the product's insights with SQLite's GROUP BYs.
func checkInsights(t *testing.T, ctx context.Context, name string, st *stocktakeEngine, sq *sqliteEngine, req search.Request) {
	t.Helper()
	want, err := st.service().Insights(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sq.insightsData(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != want.Total || got.People != want.People {
		t.Errorf("insights %q: sqlite %d records, %d people; stocktake %d, %d", name, got.Total, got.People, want.Total, want.People)
	}
	for i, al := range want.ActionLines {
		for j, n := range want.SDGs {
			if g := got.Matrix[[2]string{al, strconv.Itoa(n)}]; g != want.Matrix[i][j] {
				t.Errorf("insights %q: %s × SDG %d: sqlite %d, stocktake %d", name, al, n, g, want.Matrix[i][j])
			}
		}
	}
	for _, y := range want.Years {
		if g := got.Counts["year"][y.Value]; g != y.Count {
			t.Errorf("insights %q: year %s: sqlite %d, stocktake %d", name, y.Value, g, y.Count)
		}
	}
	for _, p := range want.Gender {
		ev := p.Event
		if ev == "Other" {
			ev = ""
		}
		g := got.Panels[fmt.Sprintf("%s %d", ev, p.Year)]
		if g != [4]int{p.Sessions, p.Women, p.Men, p.Unknown} {
			t.Errorf("insights %q: panels %s %d: sqlite %v, stocktake %+v", name, p.Event, p.Year, g, p)
		}
	}
}

// TestEnginesAgree loads one small corpus into both engines and checks
// that every query of the mix gets the same total and the same facet
// counts, so the comparison is of two ways to answer one question.
func TestEnginesAgree(t *testing.T) {
	ctx := context.Background()
	const n = 400
	g := NewGenerator(3)
	st, err := openStocktake(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	sq, err := openSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sq.close()
	for start := 0; start < n; start += 100 {
		var batch []record.Record
		for i := start; i < start+100; i++ {
			batch = append(batch, g.Record(i))
		}
		if err := st.put(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if err := sq.put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := sq.reindex(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.searchable(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range mix(g.RareName(), g.Countries()[0]) {
		if q.ask == askInsights {
			req, err := search.ParseRequest(q.values())
			if err != nil {
				t.Fatal(err)
			}
			req.Records = search.RecordsSources
			checkInsights(t, ctx, q.params, st, sq, req)
			continue
		}
		if q.ask != askSearch {
			continue
		}
		req, err := search.ParseRequest(q.values())
		if err != nil {
			t.Fatal(err)
		}
		// Words the product understands (a region, "women", a kind) also
		// match records tagged with them there; SQLite's side does not
		// model that, so those queries are not compared.
		if len(search.Understand(req.Q).Chips) > 0 {
			continue
		}
		// Nor queries with a word the product also matches in other words
		// (search/vocabulary.go: "cybersecurity" finds "security" too).
		if strings.Contains(req.Q, "cybersecurity") {
			continue
		}
		// SQLite lists records; the product's view of one record per
		// source is the comparable one (the generator's titles can make
		// two records one entity).
		req.Records = search.RecordsSources
		want, err := st.service().Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sq.query(ctx, req)
		if err != nil {
			t.Fatalf("%s: %v", q.params, err)
		}
		if got.Total != want.Total {
			t.Errorf("%s: sqlite total %d, stocktake %d", q.params, got.Total, want.Total)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Errorf("%s: sqlite page of %d, stocktake %d", q.params, len(got.Hits), len(want.Hits))
		}
		for _, f := range want.Facets {
			for _, v := range f.Values {
				if v.Count > 0 && got.Facets[f.Name][v.Value] != v.Count {
					t.Errorf("%s: facet %s=%s: sqlite %d, stocktake %d", q.params, f.Name, v.Value, got.Facets[f.Name][v.Value], v.Count)
				}
			}
		}
	}
}
