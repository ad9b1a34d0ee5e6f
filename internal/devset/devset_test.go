package devset

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirHoldsRelevanceJudgments(t *testing.T) {
	d := Dir(t)
	if _, err := os.Stat(filepath.Join(d, "relevance.tsv")); err != nil {
		t.Fatalf("dev set at %s has no relevance.tsv: %v", d, err)
	}
}
