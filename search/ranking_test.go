package search

import (
	"context"
	"io/fs"
	"maps"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/wsis-tools/stocktake/importers"
	"github.com/wsis-tools/stocktake/indexer"
	"github.com/wsis-tools/stocktake/internal/devset"
	"github.com/wsis-tools/stocktake/record"
)

// softCorpus has records tagged SDG 5 that never write it, a record that
// writes "SDG 5" untagged, and records of other goals.
func softCorpus() []record.Record {
	return []record.Record{
		{ID: "t1", Kind: record.KindSession, Title: "Mentoring girls into engineering", SDGs: []int{5}, ITURegions: []string{"Africa"}, Year: 2022},
		{ID: "t2", Kind: record.KindProject, Title: "Market stalls go online for women traders", SDGs: []int{5, 8}, Year: 2021},
		{ID: "m1", Kind: record.KindProject, Title: "Village radio archive", Summary: "A community archive that also serves SDG 5 goals.", SDGs: []int{4}, Year: 2020},
		{ID: "o1", Kind: record.KindProject, Title: "Soil sensors for farms", Summary: "Sensors in fields across Africa.", SDGs: []int{2}, Year: 2019},
		{ID: "o2", Kind: record.KindSession, Title: "School connectivity", Summary: "Broadband for schools.", SDGs: []int{4}, Year: 2023},
	}
}

func search(t *testing.T, svc *Service, params string) Response {
	t.Helper()
	v, err := url.ParseQuery(params)
	if err != nil {
		t.Fatal(err)
	}
	req, err := ParseRequest(v)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := svc.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func hitIDs(resp Response) []string {
	var out []string
	for _, h := range resp.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestUnderstoodFiltersOnlyRank checks the contract of chips: "SDG 5" in
// the words ranks the tagged records first and offers the filter with its
// count, and still finds the record that only writes it; the parameter and
// the filter syntax filter exactly; facet counts stay disjunctive.
func TestUnderstoodFiltersOnlyRank(t *testing.T) {
	svc := newService(t, softCorpus())

	resp := search(t, svc, "q="+url.QueryEscape("SDG 5"))
	got := hitIDs(resp)
	if len(got) != 3 || !slices.Equal(sorted(got[:2]), []string{"t1", "t2"}) || got[2] != "m1" {
		t.Errorf("q=SDG 5: hits %v, want t1 and t2 (tagged) first, then m1 (writes it)", got)
	}
	if len(resp.Query.Chips) != 1 || resp.Query.Chips[0] != (Chip{Facet: "sdg", Value: "5", Label: "SDG: SDG 5 – Gender equality", Source: "SDG 5", Count: 2}) {
		t.Errorf("q=SDG 5: chips %+v, want SDG 5 offered with a count of 2", resp.Query.Chips)
	}
	if c := facetCounts(resp, "sdg"); c["5"] != 2 || c["4"] != 1 || c["8"] != 1 {
		t.Errorf("q=SDG 5: sdg counts %v, want 5:2 4:1 8:1 over the three results", c)
	}

	for _, tt := range []struct {
		params string
		counts map[string]int // the SDG facet ignores its own selection
	}{
		{"sdg=5", map[string]int{"2": 1, "4": 2, "5": 2, "8": 1}},
		{"q=sdg:5", map[string]int{"2": 1, "4": 2, "5": 2, "8": 1}},
		{"q=" + url.QueryEscape("SDG 5") + "&sdg=5", map[string]int{"4": 1, "5": 2, "8": 1}},
	} {
		params := tt.params
		resp := search(t, svc, params)
		if got := sorted(hitIDs(resp)); !slices.Equal(got, []string{"t1", "t2"}) {
			t.Errorf("%s: hits %v, want exactly the tagged t1 t2", params, got)
		}
		if c := facetCounts(resp, "sdg"); !maps.Equal(c, tt.counts) {
			t.Errorf("%s: sdg counts %v, want %v", params, c, tt.counts)
		}
		if !selected(resp, "sdg", "5") {
			t.Errorf("%s: SDG 5 is not shown as selected", params)
		}
		for _, c := range resp.Query.Chips {
			if !c.Applied {
				t.Errorf("%s: chip %+v is not applied", params, c)
			}
		}
	}

	// A region named in the words ranks its records first and hides none.
	resp = search(t, svc, "q=Africa")
	if got := hitIDs(resp); len(got) != 2 || !slices.Contains(got, "t1") || !slices.Contains(got, "o1") {
		t.Errorf("q=Africa: hits %v, want t1 (tagged) and o1 (says it)", got)
	}
	// A code no record carries never empties the page when words match.
	resp = search(t, svc, "q="+url.QueryEscape("SDG 9 sensors"))
	if got := hitIDs(resp); !slices.Equal(got, []string{"o1"}) {
		t.Errorf("q=SDG 9 sensors: hits %v, want o1", got)
	}
	// Any word may match; more of the query ranks first.
	resp = search(t, svc, "q="+url.QueryEscape("broadband for rural schools"))
	if got := hitIDs(resp); len(got) == 0 || got[0] != "o2" {
		t.Errorf("q=broadband for rural schools: hits %v, want o2 first", got)
	}
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func selected(resp Response, facet, value string) bool {
	for _, f := range resp.Facets {
		for _, v := range f.Values {
			if f.Name == facet && v.Value == value {
				return v.Selected
			}
		}
	}
	return false
}

// TestDisMax checks the combinator of a part's wordings: a record scores
// its best clause plus tieAlt times the others, where Bleve's disjunction
// scales the sum by the share of clauses matched (a record with one of
// three wordings gets a third).
func TestDisMax(t *testing.T) {
	svc := newService(t, []record.Record{
		{ID: "both", Kind: record.KindProject, Title: "Women and female founders"},
		{ID: "one", Kind: record.KindProject, Title: "Women founders of fintech"},
	})
	clauses := func() []query.Query {
		var qs []query.Query
		for _, term := range []string{"women", "femal", "nowher"} {
			q := bleve.NewTermQuery(term)
			q.SetField(indexer.FieldTitle)
			qs = append(qs, q)
		}
		return qs
	}
	scores := func(q query.Query) map[string]float64 {
		snap := svc.views.Snapshot()
		res, err := snap.Text(context.Background(), q, nil, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Top {
			out[h.ID] = h.Score
		}
		return out
	}
	dis, dm := scores(bleve.NewDisjunctionQuery(clauses()...)), scores(disMax(tieAlt, clauses()...))
	if len(dm) != 2 || math.Abs(dm["one"]-3*dis["one"]) > 1e-9*dm["one"] {
		t.Errorf("one wording of three: disMax %v, want the clause's own score %v", dm["one"], 3*dis["one"])
	}
	if dm["both"] >= 1.5*dis["both"] || dm["both"] <= dm["one"] {
		t.Errorf("two wordings: disMax %v, want more than one wording (%v) and less than their sum (%v)", dm["both"], dm["one"], 1.5*dis["both"])
	}
}

// devService indexes the real dev documents (their .txt files; the .json
// beside them are labels) and maps records to their path in the set.
func devService(t *testing.T) (*Service, map[string]string) {
	t.Helper()
	dir := devset.Dir(t)
	var recs []record.Record
	paths := map[string]string{} // file name -> path under the dev set
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		rs, _, err := importers.Parse(context.Background(), filepath.Base(p), f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		paths[filepath.Base(p)] = filepath.ToSlash(rel)
		recs = append(recs, rs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return newService(t, recs), paths
}

// TestDevRanking runs a handful of the real users' queries of the dev
// set (../shared/eval/dev/relevance.tsv) and checks that the documents
// judged most relevant come first. docs/RELEVANCE.md has the figures
// over all of them.
func TestDevRanking(t *testing.T) {
	svc, paths := devService(t)
	tests := []struct {
		q    string
		top  int      // within the first top results (documents, not rows)
		want []string // paths under the dev set
	}{
		{"SDG 5 gender equality", 2, []string{"session_report/wsis2020-s208-opening-icts-gender-track.txt", "seeds/001_a37fff439ae1655a.txt"}},
		{"AI in Latin America", 1, []string{"session_report/igf2021-ws242-ai-lac-region.txt"}},
		{"C7 e-health", 2, []string{"session_report/wsis2024-s389-c7-ehealth-summary-report.txt", "session_report/wsis2010-ifm-c7-ehealth.txt"}},
		{"woman journalist moderator", 1, []string{"person/wsis2024-s400-didi-akinyelure-moderator-bio.txt"}},
		{"women engineers telecom", 3, []string{"person/isoc-ithabeleng-moreke.txt", "person/gemtech2014-achiever-monique-morrow.txt"}},
		{"e-agriculture projects Africa", 4, []string{"project/fao-2018-wsis-prizes-e-agriculture-champions.txt", "project/cta-2015-ardyis-wsis-project-prizes-e-agriculture-winner.txt"}},
		{"online gender-based violence", 2, []string{"session_report/igf2020-of31-safe-digital-spaces-cyberviolence.txt", "session_report/igf2025-ws24-fight-online-gender-based-violence.txt"}},
		{"C7 e-government Gulf states", 3, []string{"project/qatar-nine-projects-wsis2020-nominated.txt"}},
	}
	for _, tt := range tests {
		resp, err := svc.Search(context.Background(), Request{Q: tt.q, Size: 30})
		if err != nil {
			t.Fatal(err)
		}
		var docs []string // distinct documents in rank order
		for _, h := range resp.Hits {
			if p := paths[filepath.Base(h.Record.Source.File)]; !slices.Contains(docs, p) {
				docs = append(docs, p)
			}
		}
		first := docs[:min(tt.top, len(docs))]
		for _, w := range tt.want {
			if !slices.Contains(first, w) {
				t.Errorf("%q: %s is not in the first %d documents %v", tt.q, w, tt.top, first)
			}
		}
	}
}
