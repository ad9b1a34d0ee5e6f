package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
