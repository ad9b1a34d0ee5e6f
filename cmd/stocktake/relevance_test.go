package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsis-tools/stocktake/record"
)

func TestNDCG(t *testing.T) {
	tests := []struct {
		name           string
		ranked, judged []int
		want           float64
	}{
		{"perfect", []int{3, 2, 1}, []int{3, 2, 1}, 1},
		{"nothing found", []int{0, 0}, []int{3}, 0},
		{"reversed", []int{1, 3}, []int{3, 1}, (1 + 7/math.Log2(3)) / (7 + 1/math.Log2(3))},
		{"no judged relevance", []int{0}, []int{0}, 0},
		{"cut at k", []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}, []int{3}, 0},
	}
	for _, tt := range tests {
		if got := ndcg(tt.ranked, tt.judged, 10); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: ndcg = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestJudgmentsNameDemoFiles keeps the judged set honest: every judged
// file exists in the demo corpus.
func TestJudgmentsNameDemoFiles(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "testdata", "relevance.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	j, err := readJudgments(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.queries) < 30 {
		t.Errorf("%d judged queries, want at least 30", len(j.queries))
	}
	for q, grades := range j.grades {
		for key := range grades {
			file := key
			if i := strings.IndexByte(key, '#'); i >= 0 {
				file = key[:i]
			}
			if _, err := os.Stat(filepath.Join("..", "..", "testdata", "demo", file)); err != nil {
				t.Errorf("query %q judges %q: %v", q, key, err)
			}
		}
	}
}

// TestRelevanceCorpus runs the command on a small corpus of our own in
// the dev set's layout (sub-folders, .json labels beside the documents,
// user types beside the judgments) and checks the figures it prints.
func TestRelevanceCorpus(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"project/lagoon-sensors.txt":         "Source: https://example.org/lagoon\n\n# Lagoon salinity sensors for oyster farmers\n\nFishers in two villages read salinity alerts on basic phones.\n",
		"project/lagoon-sensors.json":        `{"title": "a label, not a document"}`,
		"session_report/night-libraries.txt": "Source: https://example.org/libraries\n\n# Libraries that keep their Wi-Fi on at night\n\nLibrarians described routers left on after closing time.\n",
		"relevance.tsv": "# query\trecord\tgrade\n" +
			"salinity alerts\tproject/lagoon-sensors.txt\t3\n" +
			"librarians routers\tsession_report/night-libraries.txt\t3\n" +
			"volcano tourism\tproject/lagoon-sensors.txt\t1\n",
		"relevance-queries.tsv": "salinity alerts\tstakeholder\nlibrarians routers\tanalyst\nvolcano tourism\tanalyst\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := cli(t, "relevance", "-v", "--corpus", dir, filepath.Join(dir, "relevance.tsv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"over the corpus " + dir + " (2 files), 2 records",
		"stakeholder        1      1.000           1.000          1.000",
		"analyst        2      0.500           0.500          0.500",
		"zero results                   1               1              1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := cli(t, "relevance", "--corpus", dir); code != 2 {
		t.Errorf("--corpus without judgments: exit %d, want 2", code)
	}
}

func TestCorpusKeysGrade(t *testing.T) {
	keys := corpusKeys{"list.txt": "project/list.txt"}
	grades := map[string]int{"project/list.txt": 2, "people.csv#Ana Lima": 3}
	tests := []struct {
		file, title string
		grade       int
		key         string
	}{
		{"/tmp/x/project/list.txt", "First prize", 2, "project/list.txt"},
		{"people.csv", "Ana Lima", 3, "people.csv#Ana Lima"},
		{"people.csv", "Someone Else", 0, "people.csv"},
	}
	for _, tt := range tests {
		r := record.Record{Title: tt.title}
		r.Source.File = tt.file
		if g, k := keys.grade(grades, r); g != tt.grade || k != tt.key {
			t.Errorf("%s %s: grade %d key %q, want %d %q", tt.file, tt.title, g, k, tt.grade, tt.key)
		}
	}
}

// TestRelevanceOutsideTheRepository: the demo judgments are built into the
// binary, so the command runs from any working directory.
func TestRelevanceOutsideTheRepository(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := cli(t, "relevance")
	if code != 0 || !strings.Contains(out, "testdata/relevance.tsv (built in) over the demo corpus") {
		t.Errorf("relevance outside the repository: exit %d\n%s%s", code, out, errs)
	}
}
